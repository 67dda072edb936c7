/// \file
/// Reading a region of a file front to back in large chunks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/file_system.h"

namespace lsm {

/// Reads [begin, end) of a file sequentially, through a read-ahead buffer of `chunk_bytes`, so
/// that many small reads cost few system calls. Memory: one chunk (more only for a single read
/// larger than a chunk).
class BufferedReader {
 public:
  /// Reads from `file`, which must outlive the reader.
  BufferedReader(const RandomAccessFile& file, std::uint64_t begin, std::uint64_t end,
                 std::size_t chunk_bytes);

  /// The next `n` bytes; valid until the next call.
  /// \throws CorruptionError (naming the file and offset) if the region ends first.
  std::string_view Read(std::size_t n);

  /// File offset of the next byte Read() returns.
  [[nodiscard]] std::uint64_t offset() const noexcept { return buffer_offset_ + position_; }

  /// True once every byte of the region has been read.
  [[nodiscard]] bool AtEnd() const noexcept { return offset() == end_; }

  /// Starts again at `begin`.
  void Rewind(std::uint64_t begin);

 private:
  const RandomAccessFile& file_;
  std::uint64_t end_;
  std::size_t chunk_bytes_;
  std::string buffer_;
  std::uint64_t buffer_offset_;  // file offset of buffer_[0]
  std::size_t position_ = 0;     // next unread byte in buffer_
};

}  // namespace lsm
