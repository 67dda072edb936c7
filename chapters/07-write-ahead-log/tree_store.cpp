// Chapter 7's TableStore: chapter 3's tree with chapter 4's scan and chapter 5's compaction.

#include <limits>

#include "chapters/04-streaming-merge/streaming_scan.h"
#include "chapters/05-streaming-compaction/compaction.h"
#include "chapters/07-write-ahead-log/table_store.h"

namespace lsm {
namespace {

// Puts and removes go straight to the tree, whose budget is never reached: no flush between
// two entries of a batch.
class TreeWriter final : public WriteBatchHandler {
 public:
  explicit TreeWriter(LsmTree& tree) : tree_(tree) {}
  void Put(std::string_view key, std::string_view value) override { tree_.Put(key, value); }
  void Remove(std::string_view key) override { tree_.Remove(key); }

 private:
  LsmTree& tree_;
};

}  // namespace

std::unique_ptr<TreeStore> TreeStore::Open(const std::string& directory, LsmOptions options) {
  options.opened_with_logs = true;
  options.memtable_budget_bytes = std::numeric_limits<std::size_t>::max();
  return std::unique_ptr<TreeStore>(new TreeStore(LsmTree::Open(directory, std::move(options))));
}

void TreeStore::Apply(const WriteBatch& batch) {
  TreeWriter writer(*tree_);
  batch.Apply(writer);
}

std::unique_ptr<Iterator> TreeStore::NewIterator(const KeyRange& range) const {
  return Scan(*tree_, range);
}

void TreeStore::Compact() { static_cast<void>(lsm::Compact(*tree_)); }

}  // namespace lsm
