// Chapter 5: the streaming stages -- chapter 4's scan and this chapter's compaction -- against
// the shared std::map model, with iterator walks that change direction.

#include <catch2/catch.hpp>

#include "chapters/04-streaming-merge/streaming_scan.h"
#include "chapters/05-streaming-compaction/compaction.h"
#include "tests/support/tree_model_checker.h"

TEST_CASE("the streaming tree matches a std::map model through flushes, compactions and reopens",
          "[compaction][model]") {
  const lsm::testing::TreeStage streaming{
      "streaming",
      [](const lsm::LsmTree& tree, const lsm::KeyRange& range) {
        std::vector<lsm::KeyValue> out;
        auto it = lsm::Scan(tree, range);
        for (it->SeekToFirst(); it->Valid(); it->Next()) {
          out.push_back({std::string(it->key()), std::string(it->value())});
        }
        return out;
      },
      [](const lsm::LsmTree& tree, const lsm::KeyRange& range) { return lsm::Scan(tree, range); },
      [](lsm::LsmTree& tree) { lsm::Compact(tree); }};
  lsm::testing::RunTreeModelChecks(streaming, 10'000, {11, 12, 13});
}
