/// \file
/// Chapter 2: collecting a table's sparse index while the table is written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/file_system.h"

namespace lsm {

/// Collects the sparse-index records of a table being written and appends them to it at the
/// end. Records are kept in memory up to a limit and spilled to a side file beyond it, so a
/// writer's memory stays bounded however large its table grows.
class IndexBuilder {
 public:
  /// \param fs           where the side file lives
  /// \param side_path    where to spill records beyond `memory_limit` bytes
  /// \param memory_limit bytes of records kept in memory before spilling
  IndexBuilder(FileSystem& fs, std::string side_path, std::size_t memory_limit);

  /// Removes the side file, if any.
  ~IndexBuilder();

  IndexBuilder(const IndexBuilder&) = delete;
  IndexBuilder& operator=(const IndexBuilder&) = delete;

  /// Adds the record of one group: its first key and its offset in the table.
  void Add(std::string_view first_key, std::uint64_t group_offset);

  /// Bytes of records added so far.
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }

  /// CRC-32C of the records added so far.
  [[nodiscard]] std::uint32_t crc() const noexcept { return crc_; }

  /// Appends every record, in order, to `out`, then removes the side file.
  void AppendTo(WritableFile& out);

  /// The side file's name for a table at `table_path`.
  [[nodiscard]] static std::string SidePath(const std::string& table_path) {
    return table_path + ".index.tmp";
  }

 private:
  void Spill();

  FileSystem& fs_;
  std::string side_path_;
  std::size_t memory_limit_;
  std::string buffer_;                  // records not spilled yet
  std::unique_ptr<WritableFile> side_;  // null until the first spill
  std::uint64_t size_ = 0;
  std::uint32_t crc_ = 0;
};

}  // namespace lsm
