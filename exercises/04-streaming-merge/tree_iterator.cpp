// Chapter 4 exercise: hiding tombstones and keeping to the range.
//
// Replace each `throw NotImplementedError(...)` with your code; the contract is in
// chapters/04-streaming-merge/tree_iterator.h. Check your work:  scripts/check 04

#include "chapters/04-streaming-merge/tree_iterator.h"

#include "common/errors.h"

namespace lsm {
namespace {

NotImplementedError Todo(const char* member) {
  return NotImplementedError(std::string("TreeIterator::") + member,
                             "book chapter 4, task 5: the tree's view");
}

}  // namespace

TreeIterator::TreeIterator(std::unique_ptr<Iterator> merged, KeyRange range)
    : merged_(std::move(merged)), range_(std::move(range)) {}

// TODO(ch04 task 5): skip tombstones in the direction of travel, then decide valid_ against the
// range; Seek clamps its target to the range's start; SeekToLast starts from the range's end.
void TreeIterator::SkipTombstonesForward() { throw Todo("SkipTombstonesForward"); }
void TreeIterator::SkipTombstonesBackward() { throw Todo("SkipTombstonesBackward"); }
void TreeIterator::Seek(std::string_view target) { throw Todo("Seek"); }
void TreeIterator::SeekToFirst() { throw Todo("SeekToFirst"); }
void TreeIterator::SeekToLast() { throw Todo("SeekToLast"); }
void TreeIterator::Next() { throw Todo("Next"); }
void TreeIterator::Prev() { throw Todo("Prev"); }
std::string_view TreeIterator::key() const { throw Todo("key"); }
std::string_view TreeIterator::value() const { throw Todo("value"); }
bool TreeIterator::is_tombstone() const { throw Todo("is_tombstone"); }

void TreeIterator::RequireValid() const {
  if (!valid_) throw InvalidArgumentError("tree iterator used while not Valid()");
}

}  // namespace lsm
