// Chapter 3 exercise: the tree's reads and writes, flush, and the naive merge.
//
// Replace each `throw NotImplementedError(...)` with your code. The book's chapter 3 page
// explains each task; the contracts are in chapters/03-naive-merge/lsm_tree.h. Opening the
// directory, numbering tables and installing them through the manifest (NewTablePath,
// AddNewestTable, ReplaceAllTables) are given in chapters/03-naive-merge/tree_files.cpp.
// Check your work:  scripts/check 03

#include "chapters/03-naive-merge/lsm_tree.h"

#include "common/errors.h"

namespace lsm {

void LsmTree::Put(std::string_view key, std::string_view value) {
  // TODO(ch03 task 1): write to the memtable; Flush() once it is full().
  throw NotImplementedError("LsmTree::Put", "book chapter 3, task 1: writes");
}

void LsmTree::Remove(std::string_view key) {
  // TODO(ch03 task 1): a tombstone in the memtable; Flush() once it is full().
  throw NotImplementedError("LsmTree::Remove", "book chapter 3, task 1: writes");
}

std::optional<std::string> LsmTree::Get(std::string_view key) const {
  // TODO(ch03 task 2): ask the memtable, then tables_ (newest first) until a source does not
  // answer Absent; Found gives the value, Deleted (or nothing) gives nullopt.
  throw NotImplementedError("LsmTree::Get", "book chapter 3, task 2: newest first");
}

void LsmTree::Flush() {
  // TODO(ch03 task 3): nothing if the memtable is empty. Otherwise write every memtable entry,
  // tombstones included, to an SSTableWriter at NewTablePath(); Finish(); AddNewestTable(path);
  // then start a fresh memtable of options_.memtable_budget_bytes.
  throw NotImplementedError("LsmTree::Flush", "book chapter 3, task 3: flush");
}

std::vector<KeyValue> LsmTree::Materialize(const KeyRange& range, bool include_memtable) const {
  // TODO(ch03 task 4): collect each source's entries in `range` into one hash map, oldest source
  // first (tables_ from the back, then the memtable if include_memtable) so newer entries
  // overwrite older ones; keep tombstones in the map until the end, then return the live
  // entries sorted by key.
  throw NotImplementedError("LsmTree::Materialize", "book chapter 3, task 4: the naive merge");
}

std::vector<KeyValue> LsmTree::NaiveScan(const KeyRange& range) const {
  // TODO(ch03 task 4): an empty range has no keys; otherwise Materialize with the memtable.
  throw NotImplementedError("LsmTree::NaiveScan", "book chapter 3, task 4: the naive merge");
}

void LsmTree::NaiveCompact() {
  // TODO(ch03 task 5): Materialize every table (not the memtable); write the live entries to
  // one new table and ReplaceAllTables(path) -- or ReplaceAllTables(std::nullopt) if none live.
  throw NotImplementedError("LsmTree::NaiveCompact", "book chapter 3, task 5: compaction");
}

}  // namespace lsm
