// Chapter 5: the streaming stages -- chapter 4's scan and this chapter's compaction -- against
// the shared std::map model, with iterator walks that change direction.

#include <catch2/catch.hpp>

#include "tests/support/streaming_stage.h"

TEST_CASE("the streaming tree matches a std::map model through flushes, compactions and reopens",
          "[compaction][model]") {
  lsm::testing::RunTreeModelChecks(lsm::testing::StreamingStage("streaming"), 10'000, {11, 12, 13});
}
