/// \file
/// Chapter 7: appending records to a log (format: log_format.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "chapters/07-write-ahead-log/log_format.h"
#include "common/file_system.h"

namespace lsm::wal {

/// Appends records to a log file, fragmenting each payload across 32 KiB blocks.
///
/// Invariant: block_offset_ is the number of bytes written into the current block, in
/// [0, kBlockSize]; no physical record crosses a block boundary.
class LogWriter {
 public:
  /// Writes a new log to `file` (empty). A log is never appended to after it is closed: the
  /// engine starts a new log instead.
  explicit LogWriter(std::unique_ptr<WritableFile> file);

  /// Appends one record carrying `payload` (any bytes, empty included, any length): one FULL
  /// physical record if it fits in the current block, else FIRST, MIDDLE..., LAST fragments.
  /// When fewer than kHeaderSize bytes are left in a block, they are filled with zeros first.
  /// Buffered: Flush() or Sync() make it reach the kernel or the disk.
  void AddRecord(std::string_view payload);

  /// Hands every appended byte to the kernel (write(2)): it survives a process crash.
  void Flush() { file_->Flush(); }

  /// Flush() and fdatasync: it survives a power loss.
  void Sync() { file_->Sync(); }

  /// Flushes and closes the file.
  void Close() { file_->Close(); }

  /// Bytes in the log so far.
  [[nodiscard]] std::uint64_t size() const { return file_->size(); }

 private:
  /// Appends one physical record: header (masked CRC of type and fragment, length, type), then
  /// the fragment. `fragment` fits in the current block.
  void EmitPhysicalRecord(RecordType type, std::string_view fragment);

  std::unique_ptr<WritableFile> file_;
  std::size_t block_offset_ = 0;
};

}  // namespace lsm::wal
