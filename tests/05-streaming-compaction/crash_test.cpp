// Chapter 5: a crash at any point of a streaming compaction reopens to exactly the acknowledged
// data -- nothing lost, nothing resurrected -- and leaves no stray file behind. The
// fault-injecting file system crashes at the 1st, 2nd, 3rd ... disk-changing call (every create,
// append, flush, fsync, close, rename and delete), then models a power loss (drops every byte
// that was not fsynced, and undoes creations, renames and removals no directory fsync made
// durable), and the tree is reopened on the real file system.

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "chapters/05-streaming-compaction/compaction.h"
#include "common/temp_dir.h"
#include "tests/support/crash_points.h"
#include "tests/support/stats.h"
#include "tests/support/trees.h"

using lsm::KeyRange;
using lsm::KeyValue;
using lsm::LsmTree;
using lsm::testing::BuildCrashTestTree;
using lsm::testing::CrashEverywhere;
using lsm::testing::CrashTestOptions;
using lsm::testing::OpenTree;

TEST_CASE("a crash at any point of a compaction reopens to the same data", "[compaction][crash]") {
  const lsm::TempDir dir;
  const auto original = dir / "original";
  BuildCrashTestTree(original.string());
  std::vector<KeyValue> data;
  REQUIRE_NOTHROW(data =
                      OpenTree(original.string(), CrashTestOptions())->NaiveScan(KeyRange::All()));
  const auto nothing = [](LsmTree&) {};

  const int points = CrashEverywhere(
      original, dir / "work", nothing, [](LsmTree& tree) { lsm::Compact(tree); }, data, data);
  WARN("crash points covered: streaming compaction " << points);
  lsm::testing::RecordStat("crash points covered, streaming compaction: " + std::to_string(points));
  CHECK(points > 20);  // every append, sync, close, rename, manifest step and delete
}
