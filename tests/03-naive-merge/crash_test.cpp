// Chapter 3: a crash at any point of a flush or of the naive compaction reopens to exactly the
// acknowledged data, with no stray file left. See tests/support/crash_points.h.

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "common/temp_dir.h"
#include "tests/support/crash_driver.h"
#include "tests/support/crash_points.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/printing.h"
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

// Not every failure is a crash: a flush can fail (a full disk, an I/O error) in a process that
// carries on. Flush must then keep the memtable, so that the tree still answers every write, and
// a later flush saves it. Here the flush fails at its 1st, 2nd, 3rd ... disk-changing call
// (crash_driver.h, with nothing lost: the disk works again after each failure).
TEST_CASE("a flush that fails at any disk-changing call loses nothing, and the next one works",
          "[tree][crash]") {
  const lsm::TempDir dir;
  const auto original = dir / "original";
  BuildCrashTestTree(original.string());
  std::map<std::string, std::optional<std::string>> expected;  // nullopt: removed
  {
    auto tree = OpenTree(original.string(), CrashTestOptions());
    std::vector<KeyValue> data;
    REQUIRE_NOTHROW(data = tree->NaiveScan(KeyRange::All()));
    for (const KeyValue& entry : data) expected[entry.key] = entry.value;
  }
  for (int i = 0; i < 10; ++i) expected["new" + std::to_string(i)] = "v" + std::to_string(i);
  expected["new3"] = std::nullopt;
  const auto work = dir / "work";

  std::unique_ptr<LsmTree> tree;  // lives on after the failed flush, as in a process that does
  const auto run = [&](lsm::testing::FaultFileSystem& fault, std::uint64_t point) {
    tree = OpenTree(work.string(), CrashTestOptions(&fault));
    for (const auto& [key, value] : expected) {
      if (!key.starts_with("new")) continue;
      if (value) {
        REQUIRE_NOTHROW(tree->Put(key, *value));
      } else {
        REQUIRE_NOTHROW(tree->Remove(key));
      }
    }
    fault.Arm(point);
    tree->Flush();
  };
  // Called once the disk works again (CrashLoss::kNothing: the process never died).
  const auto check = [&](const lsm::testing::CrashOutcome& outcome) {
    INFO("the flush fails at its disk-changing call "
         << outcome.point << ": "
         << (outcome.crashed ? outcome.where : "none (the flush completed before it)"));
    INFO(
        "after a failed Flush(), the tree must still answer every write: Flush may replace "
        "the memtable only once AddNewestTable has returned");
    for (const auto& [key, value] : expected) {
      INFO("Get(" << lsm::testing::ShowBytes(key) << ")");
      std::optional<std::string> got;
      REQUIRE_NOTHROW(got = tree->Get(key));
      REQUIRE(got == value);
    }
    INFO("the next Flush() must save what the failed one could not, and a reopen show it");
    REQUIRE_NOTHROW(tree->Flush());
    tree.reset();
    auto reopened = OpenTree(work.string(), CrashTestOptions());
    std::vector<KeyValue> data;
    REQUIRE_NOTHROW(data = reopened->NaiveScan(KeyRange::All()));
    std::vector<KeyValue> want;
    for (const auto& [key, value] : expected) {
      if (value) want.push_back(KeyValue{key, *value});
    }
    REQUIRE(lsm::testing::SameEntries(data, want));
  };
  const int points = lsm::testing::CrashAtEveryPoint(original, work,
                                                     lsm::testing::CrashLoss::kNothing, run, check);
  WARN("flush failure points covered: " << points);
  CHECK(points > 10);
}
