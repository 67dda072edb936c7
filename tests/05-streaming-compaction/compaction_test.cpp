// Chapter 5: streaming compaction gives the naive compaction's result, in one table.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "chapters/04-streaming-merge/streaming_scan.h"
#include "chapters/05-streaming-compaction/compaction.h"
#include "common/temp_dir.h"
#include "tests/support/iteration.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/scans.h"
#include "tests/support/tree_options.h"
#include "tests/support/trees.h"

using lsm::KeyRange;
using lsm::LsmTree;
using lsm::testing::Bytes;
using lsm::testing::OpenTree;
using lsm::testing::SameEntries;

namespace {

lsm::LsmOptions ManualFlush() { return lsm::testing::ManualFlush(4); }

void BuildRandomTree(const std::string& path, std::uint64_t seed) {
  auto tree = OpenTree(path, ManualFlush());
  lsm::Random random(seed);
  const auto tables = 1 + random.Uniform(6);
  for (std::uint64_t t = 0; t < tables; ++t) {
    const auto entries = random.Uniform(80);
    for (std::uint64_t i = 0; i < entries; ++i) {
      const std::string key = lsm::testing::RandomSmallKey(random, 4);
      if (random.OneIn(4)) {
        REQUIRE_NOTHROW(tree->Remove(key));
      } else {
        REQUIRE_NOTHROW(tree->Put(key, lsm::testing::RandomValue(random)));
      }
    }
    REQUIRE_NOTHROW(tree->Flush());
  }
}

std::vector<lsm::testing::Seen> TableContents(const LsmTree& tree) {
  if (tree.tables().empty()) return {};
  REQUIRE(tree.tables().size() == 1);
  auto it = tree.tables()[0]->NewIterator();
  return lsm::testing::ScanForward(*it);
}

}  // namespace

TEST_CASE("streaming compaction writes exactly the naive compaction's entries", "[compaction]") {
  const lsm::TempDir dir;
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    INFO("seed " << seed);
    const auto original = dir / ("original" + std::to_string(seed));
    BuildRandomTree(original.string(), seed);
    std::filesystem::copy(original, dir / "naive", std::filesystem::copy_options::recursive);
    std::filesystem::copy(original, dir / "streaming", std::filesystem::copy_options::recursive);

    auto naive = OpenTree((dir / "naive").string(), ManualFlush());
    auto streaming = OpenTree((dir / "streaming").string(), ManualFlush());
    std::vector<lsm::KeyValue> before;
    REQUIRE_NOTHROW(before = naive->NaiveScan(KeyRange::All()));
    const std::uint64_t tables = streaming->tables().size();
    REQUIRE_NOTHROW(naive->NaiveCompact());
    lsm::CompactionStats stats;
    REQUIRE_NOTHROW(stats = lsm::Compact(*streaming));
    REQUIRE(SameEntries(TableContents(*streaming), TableContents(*naive)));
    CHECK(SameEntries(streaming->NaiveScan(KeyRange::All()), before));
    CHECK(stats.tables_in == tables);
    CHECK(stats.entries_out == before.size());
    CHECK(stats.entries_out + stats.tombstones_dropped <= stats.entries_in);
    std::filesystem::remove_all(dir / "naive");
    std::filesystem::remove_all(dir / "streaming");
  }
}

TEST_CASE("compaction drops tombstones and shadowed versions, keeps the memtable", "[compaction]") {
  const lsm::TempDir dir;
  auto tree = OpenTree((dir / "t").string(), ManualFlush());
  REQUIRE_NOTHROW(tree->Put("a", "1"));
  REQUIRE_NOTHROW(tree->Put("b", "1"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Put("a", "2"));
  REQUIRE_NOTHROW(tree->Remove("b"));
  REQUIRE_NOTHROW(tree->Remove("never"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Put("c", "in memory"));
  lsm::CompactionStats stats;
  REQUIRE_NOTHROW(stats = lsm::Compact(*tree));
  CHECK(stats.tables_in == 2);
  CHECK(stats.entries_in == 5);
  CHECK(stats.entries_out == 1);
  CHECK(stats.tombstones_dropped == 2);
  CHECK(TableContents(*tree) == std::vector<lsm::testing::Seen>{{"a", "2", false}});
  CHECK(tree->Get("c") == Bytes("in memory"));
}

TEST_CASE("compaction of nothing but tombstones leaves no table, and reopens", "[compaction]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "t").string();
  {
    auto tree = OpenTree(path, ManualFlush());
    REQUIRE_NOTHROW(tree->Put("k", "v"));
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(tree->Remove("k"));
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    CHECK(tree->tables().empty());
    REQUIRE_NOTHROW(lsm::Compact(*tree));  // nothing to do
  }
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    CHECK((name == "MANIFEST" || name == "LOCK"));  // no table, no temporary file left
  }
  auto tree = OpenTree(path, ManualFlush());
  CHECK(tree->Get("k") == std::nullopt);
}

TEST_CASE("a tree reopens after a streaming compaction with the same data", "[compaction]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "t").string();
  BuildRandomTree(path, 99);
  std::vector<lsm::KeyValue> before;
  {
    auto tree = OpenTree(path, ManualFlush());
    REQUIRE_NOTHROW(before = tree->NaiveScan(KeyRange::All()));
    REQUIRE_NOTHROW(lsm::Compact(*tree));
  }
  auto tree = OpenTree(path, ManualFlush());
  CHECK(tree->tables().size() <= 1);
  CHECK(SameEntries(tree->NaiveScan(KeyRange::All()), before));
  CHECK(lsm::testing::StreamForward(*tree).size() == before.size());
}
