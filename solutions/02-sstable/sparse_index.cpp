// Reference solution, chapter 2: finding the group that may hold a key.

#include "chapters/02-sstable/sparse_index.h"

namespace lsm {

//! [find-group]
std::size_t SparseIndex::FindGroup(std::string_view key) const {
  // Binary search for the first group whose first key is > key; the group before it is the
  // only one that can hold key. Invariant: groups [0, low) start <= key, [high, size) start > key.
  std::size_t low = 0;
  std::size_t high = size();
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (first_key(middle) <= key) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low == 0 ? kNoGroup : low - 1;
}
//! [find-group]

}  // namespace lsm
