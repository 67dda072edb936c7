// Reference solution, chapter 4: hiding tombstones and keeping to the range.

#include "chapters/04-streaming-merge/tree_iterator.h"

#include "common/errors.h"

namespace lsm {

TreeIterator::TreeIterator(std::unique_ptr<Iterator> merged, KeyRange range)
    : merged_(std::move(merged)), range_(std::move(range)) {}

//! [skip]
void TreeIterator::SkipTombstonesForward() {
  while (merged_->Valid() && merged_->is_tombstone()) merged_->Next();
  valid_ = merged_->Valid() && !range_.IsPastEnd(merged_->key());
}

void TreeIterator::SkipTombstonesBackward() {
  while (merged_->Valid() && merged_->is_tombstone()) merged_->Prev();
  valid_ = merged_->Valid() && !range_.IsBeforeStart(merged_->key());
}
//! [skip]

//! [seek]
void TreeIterator::Seek(std::string_view target) {
  if (range_.IsBeforeStart(target)) target = *range_.start;  // clamp into the range
  merged_->Seek(target);
  SkipTombstonesForward();
}

void TreeIterator::SeekToFirst() {
  if (range_.start) {
    merged_->Seek(*range_.start);
  } else {
    merged_->SeekToFirst();
  }
  SkipTombstonesForward();
}

void TreeIterator::SeekToLast() {
  if (range_.end) {
    merged_->Seek(*range_.end);  // the first key at or past the end; the answer is before it
    if (merged_->Valid()) {
      merged_->Prev();
    } else {
      merged_->SeekToLast();
    }
  } else {
    merged_->SeekToLast();
  }
  SkipTombstonesBackward();
}
//! [seek]

void TreeIterator::Next() {
  RequireValid();
  merged_->Next();
  SkipTombstonesForward();
}

void TreeIterator::Prev() {
  RequireValid();
  merged_->Prev();
  SkipTombstonesBackward();
}

std::string_view TreeIterator::key() const {
  RequireValid();
  return merged_->key();
}

std::string_view TreeIterator::value() const {
  RequireValid();
  return merged_->value();
}

bool TreeIterator::is_tombstone() const {
  RequireValid();
  return false;
}

void TreeIterator::RequireValid() const {
  if (!valid_) throw InvalidArgumentError("tree iterator used while not Valid()");
}

}  // namespace lsm
