// Chapter 5 exercise: streaming compaction.
//
// Replace the `throw NotImplementedError(...)` with your code; the contract is in
// chapters/05-streaming-compaction/compaction.h. Check your work:  scripts/check 05

#include "chapters/05-streaming-compaction/compaction.h"

#include "chapters/02-sstable/sstable_scanner.h"
#include "chapters/04-streaming-merge/merging_iterator.h"
#include "common/errors.h"

namespace lsm {

CompactionStats Compact(LsmTree& tree) {
  // TODO(ch05 task 1): nothing to do without tables. Otherwise: an SSTableScanner per table
  // (tree.tables() is newest first; count tables_in and entries_in), a MergingIterator over
  // them, and an SSTableWriter at tree.NewTablePath(). Write every entry that is not a
  // tombstone (count the dropped ones), then Finish() and tree.ReplaceAllTables(path) -- or,
  // if nothing was written, tree.ReplaceAllTables(std::nullopt) without finishing the writer.
  throw NotImplementedError("Compact", "book chapter 5, task 1: streaming compaction");
}

}  // namespace lsm
