// Reference solution, chapter 5: streaming compaction.

#include "chapters/05-streaming-compaction/compaction.h"

#include <memory>
#include <vector>

#include "chapters/02-sstable/sstable_scanner.h"
#include "chapters/04-streaming-merge/merging_iterator.h"

namespace lsm {

//! [compact]
CompactionStats Compact(LsmTree& tree) {
  CompactionStats stats;
  if (tree.tables().empty()) return stats;

  // The inputs, newest first, each read sequentially: one read buffer and one group apiece.
  std::vector<std::unique_ptr<Iterator>> inputs;
  for (const auto& table : tree.tables()) {
    inputs.push_back(std::make_unique<SSTableScanner>(table->path(), tree.file_system()));
    stats.entries_in += table->entry_count();
    ++stats.tables_in;
  }
  MergingIterator merged(std::move(inputs));

  const std::string path = tree.NewTablePath();
  SSTableWriter writer(path, tree.options().table_options, tree.file_system());
  for (merged.SeekToFirst(); merged.Valid(); merged.Next()) {
    if (merged.is_tombstone()) {
      ++stats.tombstones_dropped;  // the bottom-most table: nothing older for it to hide
      continue;
    }
    writer.Add(merged.key(), merged.value());
  }
  stats.entries_out = writer.entry_count();
  if (stats.entries_out == 0) {
    tree.ReplaceAllTables(std::nullopt);  // the writer's temporary file goes with the writer
    return stats;
  }
  writer.Finish();              // durable under its final name...
  tree.ReplaceAllTables(path);  // ...then the manifest switches, then the inputs are deleted
  return stats;
}
//! [compact]

}  // namespace lsm
