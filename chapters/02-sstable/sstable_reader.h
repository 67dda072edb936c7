/// \file
/// Chapter 2: reading an SSTable by point lookup and by iterator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "chapters/01-memtable/iterator.h"
#include "chapters/01-memtable/lookup.h"
#include "chapters/02-sstable/format.h"
#include "chapters/02-sstable/sparse_index.h"
#include "common/file_system.h"

namespace lsm {

/// An open SSTable. Opening reads only the footer and the sparse index, so an open table costs
/// O(n / index_interval) memory; entries are read from the file when asked for, one group at
/// a time, and every group's checksum is verified before any of its entries is used.
///
/// Immutable and safe to share between threads for reading.
class SSTableReader {
 public:
  /// Opens `path`: reads and checks the footer and the sparse index.
  /// \throws IoError if the file cannot be read; CorruptionError (with file and offset) if the
  ///         footer or index is damaged.
  [[nodiscard]] static std::unique_ptr<SSTableReader> Open(const std::string& path,
                                                           FileSystem& fs = FileSystem::Posix());

  /// Found, Deleted (a tombstone) or Absent. Binary-searches the cached index, then reads and
  /// scans one group: at most index_interval entries.
  /// \throws CorruptionError if that group is damaged.
  [[nodiscard]] LookupResult Get(std::string_view key) const;

  /// An iterator over every entry, tombstones included, with the full chapter 1 contract.
  /// It holds one group in memory and must not outlive the reader.
  [[nodiscard]] std::unique_ptr<Iterator> NewIterator() const;

  /// Entries in the table, tombstones included.
  [[nodiscard]] std::uint64_t entry_count() const noexcept { return footer_.entry_count; }

  /// Entries per group.
  [[nodiscard]] std::uint32_t index_interval() const noexcept { return footer_.index_interval; }

  /// The table's size in bytes.
  [[nodiscard]] std::uint64_t file_size() const noexcept { return file_->size(); }

  /// The table's path.
  [[nodiscard]] const std::string& path() const noexcept { return file_->path(); }

  /// The cached sparse index.
  [[nodiscard]] const SparseIndex& index() const noexcept { return index_; }

  /// Reads and checks group `group` (< index().size()).
  [[nodiscard]] sst::Group ReadGroup(std::size_t group) const;

 private:
  SSTableReader(std::unique_ptr<RandomAccessFile> file, sst::Footer footer, SparseIndex index);

  std::unique_ptr<RandomAccessFile> file_;
  sst::Footer footer_;
  SparseIndex index_;
};

}  // namespace lsm
