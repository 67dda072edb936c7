// Chapter 1 exercise: the memtable and its iterator.
//
// Replace each `throw NotImplementedError(...)` with your code. The book's chapter 1 page
// (book/01-memtable.md, section "Your tasks") explains each function; the contracts are in
// chapters/01-memtable/memtable.h and chapters/01-memtable/iterator.h.
//
// Check your work:  scripts/check 01

#include "chapters/01-memtable/memtable.h"

#include "common/errors.h"

namespace lsm {
namespace {

// Walks level 0 of the skip list: node_ is the current node, nullptr when not Valid().
class MemTableIterator final : public Iterator {
 public:
  explicit MemTableIterator(const SkipList& list) : list_(list) {}

  // TODO(ch01 task 6): each member is one or two lines on top of the skip list's
  // First / Last / FindGreaterOrEqual / FindLessThan and node->next(0). Members other than
  // Valid() and the Seek*s must throw InvalidArgumentError when the iterator is not valid.
  bool Valid() const override {
    throw NotImplementedError("MemTableIterator::Valid", "book chapter 1, task 6: the iterator");
  }
  void SeekToFirst() override {
    throw NotImplementedError("MemTableIterator::SeekToFirst",
                              "book chapter 1, task 6: the iterator");
  }
  void SeekToLast() override {
    throw NotImplementedError("MemTableIterator::SeekToLast",
                              "book chapter 1, task 6: the iterator");
  }
  void Seek(std::string_view target) override {
    throw NotImplementedError("MemTableIterator::Seek", "book chapter 1, task 6: the iterator");
  }
  void Next() override {
    throw NotImplementedError("MemTableIterator::Next", "book chapter 1, task 6: the iterator");
  }
  void Prev() override {
    throw NotImplementedError("MemTableIterator::Prev", "book chapter 1, task 6: the iterator");
  }
  std::string_view key() const override {
    throw NotImplementedError("MemTableIterator::key", "book chapter 1, task 6: the iterator");
  }
  std::string_view value() const override {
    throw NotImplementedError("MemTableIterator::value", "book chapter 1, task 6: the iterator");
  }
  bool is_tombstone() const override {
    throw NotImplementedError("MemTableIterator::is_tombstone",
                              "book chapter 1, task 6: the iterator");
  }

 private:
  const SkipList& list_;
  const SkipList::Node* node_ = nullptr;
};

}  // namespace

void MemTable::Write(std::string_view key, std::string_view value, bool tombstone) {
  // TODO(ch01 task 5): list_.Insert(key); a new node costs key + kEntryOverheadBytes, an
  // existing one gives back its old value's bytes; then store value and tombstone flag and
  // charge the new value's bytes to memory_bytes_.
  throw NotImplementedError("MemTable::Write", "book chapter 1, task 5: memtable");
}

void MemTable::Put(std::string_view key, std::string_view value) {
  // TODO(ch01 task 5): one call to Write.
  throw NotImplementedError("MemTable::Put", "book chapter 1, task 5: memtable");
}

void MemTable::Remove(std::string_view key) {
  // TODO(ch01 task 5): one call to Write -- a tombstone has an empty value.
  throw NotImplementedError("MemTable::Remove", "book chapter 1, task 5: memtable");
}

LookupResult MemTable::Get(std::string_view key) const {
  // TODO(ch01 task 5): FindGreaterOrEqual; Absent unless the node's key is exactly `key`;
  // Deleted for a tombstone; Found(value) otherwise.
  throw NotImplementedError("MemTable::Get", "book chapter 1, task 5: memtable");
}

std::unique_ptr<Iterator> MemTable::NewIterator() const {
  return std::make_unique<MemTableIterator>(list_);
}

}  // namespace lsm
