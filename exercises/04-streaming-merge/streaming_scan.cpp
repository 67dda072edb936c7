// Chapter 4 exercise: assembling the streaming scan. Check your work:  scripts/check 04

#include "chapters/04-streaming-merge/streaming_scan.h"

#include "chapters/04-streaming-merge/merging_iterator.h"
#include "chapters/04-streaming-merge/tree_iterator.h"
#include "common/errors.h"

namespace lsm {

std::unique_ptr<Iterator> Scan(const LsmTree& tree, const KeyRange& range) {
  // TODO(ch04 task 6): the sources newest first -- the memtable's iterator, then each table's
  // (tree.tables() is newest first) -- into a MergingIterator, wrapped in a TreeIterator.
  throw NotImplementedError("Scan", "book chapter 4, task 6: the streaming scan");
}

}  // namespace lsm
