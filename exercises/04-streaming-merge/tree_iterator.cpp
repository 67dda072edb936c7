// Chapter 4 exercise: hiding tombstones and keeping to the range.
//
// Replace each `throw NotImplementedError(...)` with your code; the contract is in
// chapters/04-streaming-merge/tree_iterator.h. Check your work:  scripts/check 04

#include "chapters/04-streaming-merge/tree_iterator.h"

#include "common/errors.h"

namespace lsm {
namespace {}  // namespace

TreeIterator::TreeIterator(std::unique_ptr<Iterator> merged, KeyRange range)
    : merged_(std::move(merged)), range_(std::move(range)) {}

// TODO(ch04 task 5): skip tombstones in the direction of travel, then decide valid_ against the
// range; Seek clamps its target to the range's start; SeekToLast starts from the range's end.
void TreeIterator::SkipTombstonesForward() {
  throw NotImplementedError("TreeIterator::SkipTombstonesForward",
                            "book chapter 4, task 5: the tree's view");
}
void TreeIterator::SkipTombstonesBackward() {
  throw NotImplementedError("TreeIterator::SkipTombstonesBackward",
                            "book chapter 4, task 5: the tree's view");
}
void TreeIterator::Seek(std::string_view target) {
  throw NotImplementedError("TreeIterator::Seek", "book chapter 4, task 5: the tree's view");
}
void TreeIterator::SeekToFirst() {
  throw NotImplementedError("TreeIterator::SeekToFirst", "book chapter 4, task 5: the tree's view");
}
void TreeIterator::SeekToLast() {
  throw NotImplementedError("TreeIterator::SeekToLast", "book chapter 4, task 5: the tree's view");
}
void TreeIterator::Next() {
  throw NotImplementedError("TreeIterator::Next", "book chapter 4, task 5: the tree's view");
}
void TreeIterator::Prev() {
  throw NotImplementedError("TreeIterator::Prev", "book chapter 4, task 5: the tree's view");
}
std::string_view TreeIterator::key() const {
  throw NotImplementedError("TreeIterator::key", "book chapter 4, task 5: the tree's view");
}
std::string_view TreeIterator::value() const {
  throw NotImplementedError("TreeIterator::value", "book chapter 4, task 5: the tree's view");
}
bool TreeIterator::is_tombstone() const {
  throw NotImplementedError("TreeIterator::is_tombstone",
                            "book chapter 4, task 5: the tree's view");
}

void TreeIterator::RequireValid() const {
  if (!valid_) throw InvalidArgumentError("tree iterator used while not Valid()");
}

}  // namespace lsm
