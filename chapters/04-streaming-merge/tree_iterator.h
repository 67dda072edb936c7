/// \file
/// Chapter 4: the user's view of a merged stream -- live keys within a range.
#pragma once

#include <memory>
#include <string_view>

#include "chapters/01-memtable/iterator.h"
#include "chapters/03-naive-merge/key_range.h"

namespace lsm {

/// Wraps a merged stream (a MergingIterator) and shows what a user of the tree should see:
/// only live keys (tombstones are skipped) and only keys in `range`. LevelDB's DBIter plays
/// this role above its MergingIterator.
///
/// Seek() clamps its target into the range; SeekToFirst() and SeekToLast() go to the range's
/// first and last live keys. is_tombstone() is always false. A range made only of tombstones
/// costs one step per tombstone to find out that it is empty.
class TreeIterator final : public Iterator {
 public:
  /// \param merged the newest-wins stream of every source, tombstones included
  /// \param range  the keys to show
  TreeIterator(std::unique_ptr<Iterator> merged, KeyRange range);

  [[nodiscard]] bool Valid() const override { return valid_; }
  void SeekToFirst() override;
  void SeekToLast() override;
  void Seek(std::string_view target) override;
  void Next() override;
  void Prev() override;
  [[nodiscard]] std::string_view key() const override;
  [[nodiscard]] std::string_view value() const override;
  [[nodiscard]] bool is_tombstone() const override;

 private:
  /// Steps forward over tombstones; valid if a live key before the range's end remains.
  void SkipTombstonesForward();
  /// Steps backward over tombstones; valid if a live key at or after the range's start remains.
  void SkipTombstonesBackward();
  void RequireValid() const;

  std::unique_ptr<Iterator> merged_;
  KeyRange range_;
  bool valid_ = false;
};

}  // namespace lsm
