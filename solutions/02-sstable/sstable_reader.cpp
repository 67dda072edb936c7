// Reference solution, chapter 2: point lookups and the table iterator.

#include "chapters/02-sstable/sstable_reader.h"

#include <algorithm>

#include "common/errors.h"

namespace lsm {
namespace {

//! [iterator]
// Holds one group in memory. Moving past either end of the group loads the neighbouring group;
// Prev() therefore steps back one index group and stands on that group's last entry.
class TableIterator final : public Iterator {
 public:
  explicit TableIterator(const SSTableReader& table) : table_(table) {}

  [[nodiscard]] bool Valid() const override { return valid_; }

  void SeekToFirst() override { StandOn(0, /*last=*/false); }

  void SeekToLast() override { StandOn(table_.index().size() - 1, /*last=*/true); }

  void Seek(std::string_view target) override {
    const std::size_t group = table_.index().FindGroup(target);
    if (group == SparseIndex::kNoGroup) return SeekToFirst();  // target sorts before every key
    valid_ = false;  // until the group has loaded: a damaged one throws
    Load(group);
    const auto& entries = group_.entries;
    const auto found = std::lower_bound(
        entries.begin(), entries.end(), target,
        [](const sst::EntryView& entry, std::string_view t) { return entry.key < t; });
    if (found != entries.end()) {
      position_ = static_cast<std::size_t>(found - entries.begin());
      valid_ = true;
    } else {
      StandOn(group + 1, /*last=*/false);  // every key here is < target: next group's first
    }
  }

  void Next() override {
    static_cast<void>(Current());
    if (++position_ < group_.entries.size()) return;
    StandOn(group_index_ + 1, /*last=*/false);
  }

  void Prev() override {
    static_cast<void>(Current());
    if (position_ > 0) {
      --position_;
      return;
    }
    StandOn(group_index_ - 1, /*last=*/true);  // wraps to a huge index at group 0: not valid
  }

  [[nodiscard]] std::string_view key() const override { return Current().key; }
  [[nodiscard]] std::string_view value() const override { return Current().value; }
  [[nodiscard]] bool is_tombstone() const override { return Current().tombstone; }

 private:
  // Stands on the first (or last) entry of `group`, or becomes not valid if there is no such
  // group (including the wrapped-around group index that Prev() passes from group 0). Valid
  // only once the group has loaded: if ReadGroup throws, the iterator is left not valid.
  void StandOn(std::size_t group, bool last) {
    valid_ = false;
    if (group >= table_.index().size()) return;
    Load(group);
    position_ = last ? group_.entries.size() - 1 : 0;
    valid_ = true;
  }

  void Load(std::size_t group) {
    if (loaded_ && group == group_index_) return;
    group_ = table_.ReadGroup(group);
    group_index_ = group;
    loaded_ = true;
  }

  [[nodiscard]] const sst::EntryView& Current() const {
    if (!valid_) throw InvalidArgumentError("SSTable iterator used while not Valid()");
    return group_.entries[position_];
  }

  const SSTableReader& table_;
  sst::Group group_;
  std::size_t group_index_ = 0;
  std::size_t position_ = 0;
  bool loaded_ = false;
  bool valid_ = false;
};
//! [iterator]

}  // namespace

//! [get]
LookupResult SSTableReader::GetFromIndex(std::string_view key) const {
  const std::size_t group = index_.FindGroup(key);
  if (group == SparseIndex::kNoGroup) return ConfirmAbsent(0);    // before the first index key
  for (const sst::EntryView& entry : ReadGroup(group).entries) {  // at most index_interval
    if (entry.key == key) {
      return entry.tombstone ? LookupResult::Deleted()
                             : LookupResult::Found(std::string(entry.value));
    }
    if (key < entry.key) return LookupResult::Absent();  // sorted: it is not further on either
  }
  // Past the group's last entry: only the next group's first key, read, proves it absent.
  return ConfirmAbsent(group + 1);
}
//! [get]

std::unique_ptr<Iterator> SSTableReader::NewIterator() const {
  return std::make_unique<TableIterator>(*this);
}

}  // namespace lsm
