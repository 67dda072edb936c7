// Chapter 2 exercise: point lookups and the table iterator.
//
// Replace each `throw NotImplementedError(...)` with your code. The book's chapter 2 page
// explains each task; the contracts are in chapters/02-sstable/sstable_reader.h and
// chapters/01-memtable/iterator.h. SSTableReader::Open and ReadGroup are given in
// chapters/02-sstable/table_files.cpp. Check your work:  scripts/check 02

#include "chapters/02-sstable/sstable_reader.h"

#include "common/errors.h"

namespace lsm {
namespace {

// Holds one group (group_) in memory; position_ is the current entry in it.
class TableIterator final : public Iterator {
 public:
  explicit TableIterator(const SSTableReader& table) : table_(table) {}

  // TODO(ch02 task 5): Seek uses table_.index().FindGroup and a search inside the group; moving
  // past either end of a group loads the neighbouring group (table_.ReadGroup). Members other
  // than Valid and the seeks throw InvalidArgumentError when not valid. A move whose ReadGroup
  // throws leaves the iterator not valid.
  bool Valid() const override {
    throw NotImplementedError("TableIterator::Valid", "book chapter 2, task 5: the iterator");
  }
  void SeekToFirst() override {
    throw NotImplementedError("TableIterator::SeekToFirst", "book chapter 2, task 5: the iterator");
  }
  void SeekToLast() override {
    throw NotImplementedError("TableIterator::SeekToLast", "book chapter 2, task 5: the iterator");
  }
  void Seek(std::string_view target) override {
    throw NotImplementedError("TableIterator::Seek", "book chapter 2, task 5: the iterator");
  }
  void Next() override {
    throw NotImplementedError("TableIterator::Next", "book chapter 2, task 5: the iterator");
  }
  void Prev() override {
    throw NotImplementedError("TableIterator::Prev", "book chapter 2, task 5: the iterator");
  }
  std::string_view key() const override {
    throw NotImplementedError("TableIterator::key", "book chapter 2, task 5: the iterator");
  }
  std::string_view value() const override {
    throw NotImplementedError("TableIterator::value", "book chapter 2, task 5: the iterator");
  }
  bool is_tombstone() const override {
    throw NotImplementedError("TableIterator::is_tombstone",
                              "book chapter 2, task 5: the iterator");
  }

 private:
  const SSTableReader& table_;
  sst::Group group_;
  std::size_t group_index_ = 0;
  std::size_t position_ = 0;
  bool valid_ = false;
};

}  // namespace

LookupResult SSTableReader::GetFromIndex(std::string_view key) const {
  // TODO(ch02 task 4): index_.FindGroup(key); ConfirmAbsent(0) if kNoGroup; otherwise ReadGroup
  // and scan its entries (at most index_interval of them) for the key: Absent as soon as an entry
  // is greater, ConfirmAbsent(group + 1) if every entry is smaller.
  throw NotImplementedError("SSTableReader::GetFromIndex", "book chapter 2, task 4: point lookups");
}

std::unique_ptr<Iterator> SSTableReader::NewIterator() const {
  return std::make_unique<TableIterator>(*this);
}

}  // namespace lsm
