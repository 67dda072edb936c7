// Reference solution, chapter 4: the heap-based k-way merge with direction changes.

#include "chapters/04-streaming-merge/merging_iterator.h"

#include <algorithm>

namespace lsm {

//! [heap-order]
bool MergingIterator::Below(std::size_t a, std::size_t b) const {
  const int order = children_[a]->key().compare(children_[b]->key());
  if (order != 0) return direction_ == Direction::kForward ? order > 0 : order < 0;
  return a > b;  // same key: the older source (larger index) goes below the newer one
}

void MergingIterator::Heapify(Direction direction) {
  direction_ = direction;
  heap_.clear();
  for (std::size_t i = 0; i < children_.size(); ++i) {
    if (children_[i]->Valid()) heap_.push_back(i);
  }
  std::make_heap(heap_.begin(), heap_.end(),
                 [this](std::size_t a, std::size_t b) { return Below(a, b); });
}
//! [heap-order]

//! [position]
void MergingIterator::SeekToFirst() {
  for (auto& child : children_) child->SeekToFirst();
  Heapify(Direction::kForward);
}

void MergingIterator::SeekToLast() {
  for (auto& child : children_) child->SeekToLast();
  Heapify(Direction::kReverse);
}

void MergingIterator::Seek(std::string_view target) {
  for (auto& child : children_) child->Seek(target);
  Heapify(Direction::kForward);
}
//! [position]

//! [step]
void MergingIterator::StepPastCurrentKey() {
  const auto below = [this](std::size_t a, std::size_t b) { return Below(a, b); };
  current_key_.assign(key());  // the children are about to move: keep a copy
  // Every child standing on the current key is at the top of the heap, newest first.
  while (!heap_.empty() && children_[heap_.front()]->key() == current_key_) {
    std::pop_heap(heap_.begin(), heap_.end(), below);
    Iterator& child = *children_[heap_.back()];
    if (direction_ == Direction::kForward) {
      child.Next();
    } else {
      child.Prev();
    }
    if (child.Valid()) {
      std::push_heap(heap_.begin(), heap_.end(), below);
    } else {
      heap_.pop_back();  // this source is exhausted in this direction
    }
  }
}

void MergingIterator::Next() {
  static_cast<void>(Current());
  if (direction_ == Direction::kReverse) {
    // Moving backwards, the children stand before the current key; put every one of them on
    // its first key after it. The current entry's own child is among them.
    current_key_.assign(key());
    for (auto& child : children_) {
      child->Seek(current_key_);
      if (child->Valid() && child->key() == current_key_) child->Next();
    }
    Heapify(Direction::kForward);
    return;
  }
  StepPastCurrentKey();
}

void MergingIterator::Prev() {
  static_cast<void>(Current());
  if (direction_ == Direction::kForward) {
    // Moving forwards, the children stand at or after the current key; put every one of them on
    // its last key before it.
    current_key_.assign(key());
    for (auto& child : children_) {
      child->Seek(current_key_);
      if (child->Valid()) {
        child->Prev();
      } else {
        child->SeekToLast();  // every key of this child is before the current one
      }
    }
    Heapify(Direction::kReverse);
    return;
  }
  StepPastCurrentKey();
}
//! [step]

}  // namespace lsm
