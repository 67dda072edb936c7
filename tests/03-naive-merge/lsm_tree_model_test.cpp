// Chapter 3: the tree, with its naive scan and compaction, against the shared std::map model
// (tests/support/tree_model_checker.h): flushes, compactions and reopens in the mix.

#include <catch2/catch.hpp>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "tests/support/tree_model_checker.h"

TEST_CASE("the tree matches a std::map model through flushes, compactions and reopens",
          "[tree][model]") {
  const lsm::testing::TreeStage naive{
      "naive",
      [](const lsm::LsmTree& tree, const lsm::KeyRange& range) { return tree.NaiveScan(range); },
      nullptr, [](lsm::LsmTree& tree) { tree.NaiveCompact(); }};
  lsm::testing::RunTreeModelChecks(naive, 10'000, {1, 2, 3});
}
