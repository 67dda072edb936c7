/// \file
/// Chapter 1: the memtable, the LSM tree's sorted in-memory write buffer.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "chapters/01-memtable/iterator.h"
#include "chapters/01-memtable/lookup.h"
#include "chapters/01-memtable/skiplist.h"

namespace lsm {

/// Every write of an LSM tree lands here first. The memtable keeps its entries sorted so that
/// flushing it (chapter 3) writes an SSTable in one sequential pass and a range scan can
/// walk it in order.
///
/// - Put() inserts or overwrites; Remove() writes a *tombstone*: the key stays, marked deleted,
///   because older copies of it may live in SSTables and must stay hidden.
/// - Keys are arbitrary bytes (the empty key too), ordered bytewise unsigned.
/// - memory_bytes() accounts each entry as key bytes + value bytes + kEntryOverheadBytes; an
///   overwrite replaces the old value's bytes. Puts always succeed; full() tells the owner
///   that memory_bytes() has reached the budget and it is time to flush.
///
/// Not thread-safe.
class MemTable {
 public:
  /// Bytes charged per entry on top of its key and value: the skip-list node (the value's
  /// string header, flag, height, key length) plus two links (4/3 on average, and malloc's
  /// own header). The chapter 1 benchmark measures the real heap cost next to this estimate.
  static constexpr std::size_t kEntryOverheadBytes = sizeof(SkipList::Node) + 2 * sizeof(void*);

  /// LevelDB's default write buffer size.
  static constexpr std::size_t kDefaultBudgetBytes = std::size_t{4} << 20;

  /// \param budget_bytes full() becomes true once memory_bytes() reaches this.
  explicit MemTable(std::size_t budget_bytes = kDefaultBudgetBytes) : budget_bytes_(budget_bytes) {}

  /// Sets `key` to `value`, replacing any value or tombstone it had.
  void Put(std::string_view key, std::string_view value);

  /// Records that `key` is deleted (a tombstone), whether or not the memtable held it.
  void Remove(std::string_view key);

  /// Found with the value, Deleted if the newest entry is a tombstone, Absent otherwise.
  [[nodiscard]] LookupResult Get(std::string_view key) const;

  /// An iterator over every entry, tombstones included, in key order. It stays usable across
  /// later Put() and Remove() calls (nodes never move) and must not outlive the memtable.
  [[nodiscard]] std::unique_ptr<Iterator> NewIterator() const;

  /// Number of entries, tombstones included.
  [[nodiscard]] std::size_t entry_count() const noexcept { return list_.size(); }

  /// True when there are no entries.
  [[nodiscard]] bool empty() const noexcept { return list_.size() == 0; }

  /// Accounted bytes of the entries held: Σ (key + value + kEntryOverheadBytes).
  [[nodiscard]] std::size_t memory_bytes() const noexcept { return memory_bytes_; }

  /// The budget given at construction.
  [[nodiscard]] std::size_t budget_bytes() const noexcept { return budget_bytes_; }

  /// True once memory_bytes() >= budget_bytes().
  [[nodiscard]] bool full() const noexcept { return memory_bytes_ >= budget_bytes_; }

 private:
  /// Put and Remove in one: find or insert the node, then update entry and accounting.
  void Write(std::string_view key, std::string_view value, bool tombstone);

  SkipList list_;
  std::size_t memory_bytes_ = 0;
  std::size_t budget_bytes_;
};

}  // namespace lsm
