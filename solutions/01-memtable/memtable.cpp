// Reference solution, chapter 1: the memtable and its iterator.

#include "chapters/01-memtable/memtable.h"

#include "common/errors.h"

namespace lsm {
namespace {

//! [iterator]
// Walks level 0 of the skip list. There are no back links, so Prev() searches for the last
// key below the current one: O(log n), the trade LevelDB makes too.
class MemTableIterator final : public Iterator {
 public:
  explicit MemTableIterator(const SkipList& list) : list_(list) {}

  [[nodiscard]] bool Valid() const override { return node_ != nullptr; }
  void SeekToFirst() override { node_ = list_.First(); }
  void SeekToLast() override { node_ = list_.Last(); }
  void Seek(std::string_view target) override { node_ = list_.FindGreaterOrEqual(target); }

  void Next() override { node_ = Current()->next(0); }
  void Prev() override { node_ = list_.FindLessThan(Current()->key()); }

  [[nodiscard]] std::string_view key() const override { return Current()->key(); }
  [[nodiscard]] std::string_view value() const override { return Current()->value; }
  [[nodiscard]] bool is_tombstone() const override { return Current()->tombstone; }

 private:
  [[nodiscard]] const SkipList::Node* Current() const {
    if (node_ == nullptr) throw InvalidArgumentError("MemTable iterator used while not Valid()");
    return node_;
  }

  const SkipList& list_;
  const SkipList::Node* node_ = nullptr;
};
//! [iterator]

}  // namespace

//! [write]
void MemTable::Write(std::string_view key, std::string_view value, bool tombstone) {
  auto [node, inserted] = list_.Insert(key);
  if (inserted) {
    memory_bytes_ += key.size() + kEntryOverheadBytes;
  } else {
    memory_bytes_ -= node->value.size();  // an overwrite replaces the old value's bytes
  }
  node->value.assign(value);
  node->tombstone = tombstone;
  memory_bytes_ += value.size();
}

void MemTable::Put(std::string_view key, std::string_view value) { Write(key, value, false); }

void MemTable::Remove(std::string_view key) { Write(key, {}, true); }
//! [write]

//! [get]
LookupResult MemTable::Get(std::string_view key) const {
  const SkipList::Node* node = list_.FindGreaterOrEqual(key);
  if (node == nullptr || node->key() != key) return LookupResult::Absent();
  if (node->tombstone) return LookupResult::Deleted();
  return LookupResult::Found(node->value);
}
//! [get]

std::unique_ptr<Iterator> MemTable::NewIterator() const {
  return std::make_unique<MemTableIterator>(list_);
}

}  // namespace lsm
