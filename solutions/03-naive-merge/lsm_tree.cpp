// Reference solution, chapter 3: the tree's reads and writes, flush, and the naive merge.

#include "chapters/03-naive-merge/lsm_tree.h"

#include <algorithm>
#include <unordered_map>

namespace lsm {

//! [write]
void LsmTree::Put(std::string_view key, std::string_view value) {
  memtable_->Put(key, value);
  if (memtable_->full()) Flush();
}

void LsmTree::Remove(std::string_view key) {
  memtable_->Remove(key);
  if (memtable_->full()) Flush();
}
//! [write]

//! [get]
std::optional<std::string> LsmTree::Get(std::string_view key) const {
  // Newest first: the memtable, then the tables from newest to oldest. The first source that
  // knows the key decides; a tombstone decides "deleted" and hides every older source.
  LookupResult result = memtable_->Get(key);
  for (auto table = tables_.begin(); result.absent() && table != tables_.end(); ++table) {
    result = (*table)->Get(key);
  }
  if (result.found()) return result.value();
  return std::nullopt;
}
//! [get]

//! [flush]
void LsmTree::Flush() {
  if (memtable_->empty()) return;
  const std::string path = NewTablePath();
  SSTableWriter writer(path, options_.table_options, *fs_);
  auto it = memtable_->NewIterator();
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    writer.Add(it->key(), it->value(), it->is_tombstone());  // tombstones go to disk too
  }
  writer.Finish();
  AddNewestTable(path);  // only now is the memtable's content safe on disk
  memtable_ = std::make_unique<MemTable>(options_.memtable_budget_bytes);
}
//! [flush]

//! [materialize]
std::vector<KeyValue> LsmTree::Materialize(const KeyRange& range, bool include_memtable) const {
  // Every entry in the range from every source goes into one hash map. Sources are visited
  // oldest first, so a newer entry overwrites an older one: the Python original's priority.
  std::unordered_map<std::string, std::optional<std::string>> newest;  // nullopt = tombstone
  auto collect = [&](Iterator& it) {
    if (range.start) {
      it.Seek(*range.start);
    } else {
      it.SeekToFirst();
    }
    for (; it.Valid() && !range.IsPastEnd(it.key()); it.Next()) {
      newest[std::string(it.key())] =
          it.is_tombstone() ? std::nullopt : std::optional<std::string>(it.value());
    }
  };
  // NOLINTNEXTLINE(modernize-loop-convert): std::views::reverse fails with clang 14
  for (auto table = tables_.rbegin(); table != tables_.rend(); ++table) {
    collect(*(*table)->NewIterator());
  }
  if (include_memtable) collect(*memtable_->NewIterator());

  // Only now, with everything in memory, can the first result be known.
  std::vector<KeyValue> live;
  live.reserve(newest.size());
  for (auto& [key, value] : newest) {
    if (value) live.push_back(KeyValue{key, std::move(*value)});
  }
  std::sort(live.begin(), live.end(),
            [](const KeyValue& a, const KeyValue& b) { return a.key < b.key; });
  return live;
}
//! [materialize]

std::vector<KeyValue> LsmTree::NaiveScan(const KeyRange& range) const {
  if (range.IsEmpty()) return {};
  return Materialize(range, /*include_memtable=*/true);
}

//! [compact]
void LsmTree::NaiveCompact() {
  if (tables_.empty()) return;
  // The tables only: the memtable is newer than all of them and stays as it is. Tombstones are
  // dropped because nothing older than these tables exists that they would need to hide.
  const std::vector<KeyValue> live = Materialize(KeyRange::All(), /*include_memtable=*/false);
  if (live.empty()) return ReplaceAllTables(std::nullopt);

  const std::string path = NewTablePath();
  SSTableWriter writer(path, options_.table_options, *fs_);
  for (const KeyValue& entry : live) writer.Add(entry.key, entry.value);
  writer.Finish();
  ReplaceAllTables(path);
}
//! [compact]

}  // namespace lsm
