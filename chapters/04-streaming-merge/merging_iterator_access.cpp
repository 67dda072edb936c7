// The merging iterator's construction and accessors. Shared by the exercise and the solution:
// the learner writes the heap and the moves (merging_iterator.cpp).

#include "chapters/04-streaming-merge/merging_iterator.h"
#include "common/errors.h"

namespace lsm {

MergingIterator::MergingIterator(std::vector<std::unique_ptr<Iterator>> children)
    : children_(std::move(children)) {
  heap_.reserve(children_.size());
}

const Iterator& MergingIterator::Current() const {
  if (heap_.empty()) throw InvalidArgumentError("MergingIterator used while not Valid()");
  return *children_[heap_.front()];
}

std::size_t MergingIterator::current_source() const {
  static_cast<void>(Current());
  return heap_.front();
}

}  // namespace lsm
