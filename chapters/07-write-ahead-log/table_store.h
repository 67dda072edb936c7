/// \file
/// Chapter 7: the seam between the engine (Db) and the structure that keeps its tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "chapters/01-memtable/iterator.h"
#include "chapters/03-naive-merge/key_range.h"
#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/03-naive-merge/manifest.h"
#include "chapters/07-write-ahead-log/write_batch.h"

namespace lsm {

/// What Db needs from the structure below it: a memtable it applies batches to, reads, and a
/// flush whose manifest switch also records the log state. Db owns the logs and the sequence
/// numbers; the store owns the memtable, the tables and the manifest (with the directory lock).
/// Chapter 7's store is chapter 3's tree (TreeStore); chapter 8 (planned) brings a leveled one,
/// and the same Db runs on top.
class TableStore {
 public:
  virtual ~TableStore() = default;

  /// What the manifest records of the logs.
  [[nodiscard]] virtual const LogState& log_state() const = 0;

  /// Applies every entry of `batch` to the memtable, in order. Never flushes: Db makes room
  /// before it writes, so that no batch is split across a flush.
  virtual void Apply(const WriteBatch& batch) = 0;

  /// The memtable's accounted bytes (MemTable::memory_bytes).
  [[nodiscard]] virtual std::size_t memtable_bytes() const = 0;

  /// The newest value of `key`, or nullopt if it is absent or removed.
  [[nodiscard]] virtual std::optional<std::string> Get(std::string_view key) const = 0;

  /// The live entries of `range` in key order, newest values, memtable included.
  [[nodiscard]] virtual std::unique_ptr<Iterator> NewIterator(const KeyRange& range) const = 0;

  /// Writes the memtable to a new table (nothing if it is empty) and switches the manifest to
  /// it and to `state` at once (a manifest switch with `state` alone if it is empty).
  virtual void Flush(const LogState& state) = 0;

  /// Merges the tables (not the memtable) into as few as the store keeps.
  virtual void Compact() = 0;

  /// A file number no file of the store's directory has used (Db names its logs with them).
  [[nodiscard]] virtual std::uint64_t NewFileNumber() = 0;

  /// Makes sure no new file gets `number` (a log found in the directory).
  virtual void MarkFileNumberUsed(std::uint64_t number) = 0;

  /// The memtable and the tables, for `stats`.
  [[nodiscard]] virtual TreeStats stats() const = 0;

 protected:
  TableStore() = default;                              ///< for subclasses
  TableStore(const TableStore&) = default;             ///< for subclasses
  TableStore& operator=(const TableStore&) = default;  ///< for subclasses
};

/// Chapter 7's store: chapter 3's LsmTree (opened with LsmOptions::opened_with_logs and a
/// memtable budget it never reaches, so that its Put never flushes), chapter 4's streaming Scan,
/// chapter 5's streaming Compact, and whatever filter policy the table options carry (chapter 6).
class TreeStore final : public TableStore {
 public:
  /// Opens (or creates) the tree in `directory` with `options`; the memtable budget in them is
  /// Db's to enforce, not the tree's.
  [[nodiscard]] static std::unique_ptr<TreeStore> Open(const std::string& directory,
                                                       LsmOptions options);

  [[nodiscard]] const LogState& log_state() const override { return tree_->log_state(); }
  void Apply(const WriteBatch& batch) override;
  [[nodiscard]] std::size_t memtable_bytes() const override {
    return tree_->memtable().memory_bytes();
  }
  [[nodiscard]] std::optional<std::string> Get(std::string_view key) const override {
    return tree_->Get(key);
  }
  [[nodiscard]] std::unique_ptr<Iterator> NewIterator(const KeyRange& range) const override;
  void Flush(const LogState& state) override { tree_->FlushRecording(state); }
  void Compact() override;
  [[nodiscard]] std::uint64_t NewFileNumber() override { return tree_->NewFileNumber(); }
  void MarkFileNumberUsed(std::uint64_t number) override { tree_->MarkFileNumberUsed(number); }
  [[nodiscard]] TreeStats stats() const override { return tree_->stats(); }

  /// The tree below.
  [[nodiscard]] const LsmTree& tree() const noexcept { return *tree_; }

 private:
  explicit TreeStore(std::unique_ptr<LsmTree> tree) : tree_(std::move(tree)) {}

  std::unique_ptr<LsmTree> tree_;
};

}  // namespace lsm
