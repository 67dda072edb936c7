// Reference solution, chapter 4: assembling the streaming scan.

#include "chapters/04-streaming-merge/streaming_scan.h"

#include "chapters/04-streaming-merge/merging_iterator.h"
#include "chapters/04-streaming-merge/tree_iterator.h"

namespace lsm {

//! [scan]
std::unique_ptr<Iterator> Scan(const LsmTree& tree, const KeyRange& range) {
  std::vector<std::unique_ptr<Iterator>> sources;  // newest first
  sources.push_back(tree.memtable().NewIterator());
  for (const auto& table : tree.tables()) sources.push_back(table->NewIterator());
  return std::make_unique<TreeIterator>(std::make_unique<MergingIterator>(std::move(sources)),
                                        range);
}
//! [scan]

}  // namespace lsm
