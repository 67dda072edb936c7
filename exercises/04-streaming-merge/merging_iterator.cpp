// Chapter 4 exercise: the heap-based k-way merge with direction changes.
//
// Replace each `throw NotImplementedError(...)` with your code. The book's chapter 4 page
// explains each task; the contract is in chapters/04-streaming-merge/merging_iterator.h.
// Use std::make_heap / std::push_heap / std::pop_heap on heap_ with Below() as the order.
// Check your work:  scripts/check 04

#include "chapters/04-streaming-merge/merging_iterator.h"

#include <algorithm>

#include "common/errors.h"

namespace lsm {
namespace {}  // namespace

bool MergingIterator::Below(std::size_t a, std::size_t b) const {
  // TODO(ch04 task 1): true if child a belongs below child b: a larger key when moving forward
  // (a smaller one in reverse); for equal keys, the older source (larger index) is below.
  throw NotImplementedError("MergingIterator::Below", "book chapter 4, task 1: the heap");
}

void MergingIterator::Heapify(Direction direction) {
  // TODO(ch04 task 1): set direction_, collect the valid children's indexes into heap_, make_heap.
  throw NotImplementedError("MergingIterator::Heapify", "book chapter 4, task 1: the heap");
}

void MergingIterator::SeekToFirst() {
  // TODO(ch04 task 2): position every child, then Heapify for the direction you will move in.
  throw NotImplementedError("MergingIterator::SeekToFirst", "book chapter 4, task 2: positioning");
}

void MergingIterator::SeekToLast() {
  throw NotImplementedError("MergingIterator::SeekToLast", "book chapter 4, task 2: positioning");
}

void MergingIterator::Seek(std::string_view target) {
  throw NotImplementedError("MergingIterator::Seek", "book chapter 4, task 2: positioning");
}

void MergingIterator::StepPastCurrentKey() {
  // TODO(ch04 task 3): copy key() into current_key_; while the top child stands on it, pop it,
  // step it (Next forward, Prev in reverse) and push it back if still valid.
  throw NotImplementedError("MergingIterator::StepPastCurrentKey",
                            "book chapter 4, task 3: stepping");
}

void MergingIterator::Next() {
  // TODO(ch04 task 4): if moving in reverse, re-seek every child to its first key after the
  // current one and Heapify forward; otherwise StepPastCurrentKey.
  throw NotImplementedError("MergingIterator::Next", "book chapter 4, task 4: changing direction");
}

void MergingIterator::Prev() {
  // TODO(ch04 task 4): if moving forward, put every child on its last key before the current one
  // (Seek, then Prev -- or SeekToLast if the Seek found nothing) and Heapify in reverse;
  // otherwise StepPastCurrentKey.
  throw NotImplementedError("MergingIterator::Prev", "book chapter 4, task 4: changing direction");
}

}  // namespace lsm
