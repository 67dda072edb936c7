// Chapter 3: a crash at any point of a flush or of the naive compaction reopens to exactly the
// acknowledged data, with no stray file left. See tests/support/crash_points.h.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"
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

TEST_CASE("a crash at any point of a flush loses only the unflushed writes", "[tree][crash]") {
  const lsm::TempDir dir;
  const auto original = dir / "original";
  BuildCrashTestTree(original.string());
  std::vector<KeyValue> before;
  std::vector<KeyValue> after;
  const auto write_more = [](LsmTree& tree) {
    for (int i = 0; i < 10; ++i) tree.Put("new" + std::to_string(i), "v");
    tree.Remove("new3");
  };
  {
    std::filesystem::copy(original, dir / "probe", std::filesystem::copy_options::recursive);
    auto tree = OpenTree((dir / "probe").string(), CrashTestOptions());
    REQUIRE_NOTHROW(before = tree->NaiveScan(KeyRange::All()));
    REQUIRE_NOTHROW(write_more(*tree));
    REQUIRE_NOTHROW(after = tree->NaiveScan(KeyRange::All()));
  }
  const int points = CrashEverywhere(
      original, dir / "work", write_more, [](LsmTree& tree) { tree.Flush(); }, before, after);
  WARN("crash points covered: flush " << points);
  lsm::testing::RecordStat("crash points covered, flush: " + std::to_string(points));
  CHECK(points > 10);
}

TEST_CASE("a crash at any point of the naive compaction reopens to the same data",
          "[tree][crash]") {
  const lsm::TempDir dir;
  const auto original = dir / "original";
  BuildCrashTestTree(original.string());
  std::vector<KeyValue> data;
  REQUIRE_NOTHROW(data =
                      OpenTree(original.string(), CrashTestOptions())->NaiveScan(KeyRange::All()));
  const int points = CrashEverywhere(
      original, dir / "work", [](LsmTree&) {}, [](LsmTree& tree) { tree.NaiveCompact(); }, data,
      data);
  WARN("crash points covered: naive compaction " << points);
  lsm::testing::RecordStat("crash points covered, naive compaction: " + std::to_string(points));
  CHECK(points > 20);
}
