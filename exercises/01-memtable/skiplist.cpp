// Chapter 1 exercise: skip-list search and insertion.
//
// Replace each `throw NotImplementedError(...)` with your code. The book's chapter 1 page
// (book/01-memtable.md, section "Your tasks") explains each function; the declarations and
// their contracts are in chapters/01-memtable/skiplist.h. Node allocation (NewNode), the
// constructor and the destructor are given in chapters/01-memtable/skiplist_memory.cpp.
//
// Check your work:  scripts/check 01

#include "chapters/01-memtable/skiplist.h"

#include "common/errors.h"

namespace lsm {

int SkipList::RandomHeight() {
  // TODO(ch01 task 1): start at height 1; while below kMaxHeight, grow by one level with
  // probability 1/kBranching (random_.OneIn(kBranching)).
  throw NotImplementedError("SkipList::RandomHeight", "book chapter 1, task 1: random heights");
}

SkipList::Node* SkipList::FindGreaterOrEqual(std::string_view key, Node** prev) const {
  // TODO(ch01 task 2): start at head_ on level height_ - 1. Move right while the next node's
  // key is < key; otherwise record the node in prev[level] (if prev is not null) and drop a
  // level. On level 0, return the next node (the first with key >= key, or nullptr).
  throw NotImplementedError("SkipList::FindGreaterOrEqual", "book chapter 1, task 2: search");
}

std::pair<SkipList::Node*, bool> SkipList::Insert(std::string_view key) {
  // TODO(ch01 task 3): search with a prev[kMaxHeight] array; return {node, false} if the key
  // is there. Otherwise pick RandomHeight(); for levels above height_ the predecessor is
  // head_ (and raise height_); NewNode(key, height); splice it in after prev[level] on each of
  // its levels; count it in size_; return {node, true}.
  throw NotImplementedError("SkipList::Insert", "book chapter 1, task 3: insertion");
}

SkipList::Node* SkipList::FindLessThan(std::string_view key) const {
  // TODO(ch01 task 4): like the search, but return the last node whose key is < key
  // (nullptr instead of head_ when there is none).
  throw NotImplementedError("SkipList::FindLessThan", "book chapter 1, task 4: backwards");
}

SkipList::Node* SkipList::Last() const {
  // TODO(ch01 task 4): from the head, run right on each level until the end, then drop a
  // level; return the node you stop on (nullptr instead of head_ when the list is empty).
  throw NotImplementedError("SkipList::Last", "book chapter 1, task 4: backwards");
}

}  // namespace lsm
