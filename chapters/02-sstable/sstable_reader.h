/// \file
/// Chapter 2: reading an SSTable by point lookup and by iterator.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "chapters/01-memtable/iterator.h"
#include "chapters/01-memtable/lookup.h"
#include "chapters/02-sstable/filter_policy.h"
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
  /// Opens `path`: reads and checks the footer and the sparse index, and, if the table has a
  /// filter block and `filter_policy` is given, the filter (chapter 6). Without a policy a
  /// table's filter is checked but not loaded: lookups then read the table every time.
  /// \throws IoError if the file cannot be read; CorruptionError (with file and offset) if the
  ///         footer, index or filter is damaged.
  [[nodiscard]] static std::unique_ptr<SSTableReader> Open(
      const std::string& path, FileSystem& fs = FileSystem::Posix(),
      const FilterPolicy* filter_policy = nullptr);

  /// Found, Deleted (a tombstone) or Absent. Asks the filter first, if one is loaded: when it
  /// says the key is certainly absent, nothing is read. Otherwise GetFromIndex().
  /// \throws CorruptionError if the group read is damaged.
  [[nodiscard]] LookupResult Get(std::string_view key) const;

  /// Get() without the filter: binary-searches the cached index, then reads and scans one
  /// group: at most index_interval entries.
  /// \throws CorruptionError if that group is damaged.
  [[nodiscard]] LookupResult GetFromIndex(std::string_view key) const;

  /// An iterator over every entry, tombstones included, with the full chapter 1 contract.
  /// It holds one group in memory and must not outlive the reader. A move that reaches a
  /// damaged group throws CorruptionError and leaves the iterator not valid.
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

  /// Reads and checks group `group` (< index().size()): its checksum, that it starts with its
  /// index key and that it ends before the next group's.
  [[nodiscard]] sst::Group ReadGroup(std::size_t group) const;

  /// The answer for a key that sorts before group `next_group`'s index key (or past the last
  /// group: `next_group` == index().size()) and was not found in the group before it: Absent,
  /// once group `next_group`, if there is one, has been read and really starts with its index
  /// key. Without that read, an index key raised above its group's real first key (checksums
  /// recomputed) would make such a key look absent, and an older table would answer instead.
  /// \throws CorruptionError if group `next_group` does not start where the index says.
  [[nodiscard]] LookupResult ConfirmAbsent(std::size_t next_group) const;

  /// The footer as read at Open() (format version, filter size, ...).
  [[nodiscard]] const sst::Footer& footer() const noexcept { return footer_; }

  /// The loaded filter, or nullptr (no filter in the file, or no policy given to Open()).
  [[nodiscard]] const KeyFilter* filter() const noexcept { return filter_.get(); }

  /// Lookups the filter answered without reading the table, since Open().
  [[nodiscard]] std::uint64_t filter_skips() const noexcept {
    return filter_skips_.load(std::memory_order_relaxed);
  }

 private:
  SSTableReader(std::unique_ptr<RandomAccessFile> file, sst::Footer footer, SparseIndex index,
                std::unique_ptr<KeyFilter> filter);

  std::unique_ptr<RandomAccessFile> file_;
  sst::Footer footer_;
  SparseIndex index_;
  std::unique_ptr<KeyFilter> filter_;
  mutable std::atomic<std::uint64_t> filter_skips_{0};  // a statistic: relaxed is enough
};

}  // namespace lsm
