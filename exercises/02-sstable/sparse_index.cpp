// Chapter 2 exercise: finding the group that may hold a key.
//
// Replace the `throw NotImplementedError(...)` with your code. The book's chapter 2 page
// (book/02-sstable.md, section "Your tasks") explains it; the contract is in
// chapters/02-sstable/sparse_index.h. Check your work:  scripts/check 02

#include "chapters/02-sstable/sparse_index.h"

#include "common/errors.h"

namespace lsm {

std::size_t SparseIndex::FindGroup(std::string_view key) const {
  // TODO(ch02 task 1): binary search over first_key(0 .. size()-1) for the last group whose
  // first key is <= key. Return kNoGroup if there is none.
  throw NotImplementedError("SparseIndex::FindGroup", "book chapter 2, task 1: the index");
}

}  // namespace lsm
