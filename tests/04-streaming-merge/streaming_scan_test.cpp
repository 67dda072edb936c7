// Chapter 4: the streaming scan over whole trees, against the naive scan and a model.

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "chapters/04-streaming-merge/streaming_scan.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/iteration.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/scans.h"
#include "tests/support/tree_options.h"
#include "tests/support/trees.h"

using lsm::KeyRange;
using lsm::KeyValue;
using lsm::LsmTree;
using lsm::testing::AfterPrev;
using lsm::testing::AfterSeek;
using lsm::testing::AfterSeekToFirst;
using lsm::testing::AfterSeekToLast;
using lsm::testing::At;
using lsm::testing::CollectBackward;
using lsm::testing::CollectForward;
using lsm::testing::NotValid;
using lsm::testing::OpenScan;
using lsm::testing::SameEntries;

namespace {

lsm::LsmOptions ManualFlush() { return lsm::testing::ManualFlush(3); }

lsm::testing::Model LiveModel(const std::vector<KeyValue>& entries) {
  lsm::testing::Model model;
  for (const KeyValue& entry : entries) model[entry.key] = entry.value;
  return model;
}

// A random tree: several tables of overlapping random keys, tombstones, single-key tables,
// tables of nothing but tombstones, and a memtable.
std::unique_ptr<LsmTree> RandomTree(const std::string& path, lsm::Random& random) {
  auto tree = lsm::testing::OpenTree(path, ManualFlush());
  const auto tables = random.Uniform(7);
  for (std::uint64_t t = 0; t <= tables; ++t) {
    const auto shape = random.Uniform(5);
    const auto entries = shape == 0 ? 1 : random.Uniform(50);
    for (std::uint64_t i = 0; i < entries; ++i) {
      const std::string key = lsm::testing::RandomSmallKey(random, 3);
      if (shape == 1 || random.OneIn(4)) {
        REQUIRE_NOTHROW(tree->Remove(key));
      } else {
        REQUIRE_NOTHROW(tree->Put(key, lsm::testing::RandomValue(random)));
      }
    }
    if (t < tables) REQUIRE_NOTHROW(tree->Flush());  // the last round stays in the memtable
  }
  return tree;
}

KeyRange RandomRange(lsm::Random& random) {
  KeyRange range;
  if (!random.OneIn(3)) range.start = lsm::testing::RandomSmallKey(random, 3);
  if (!random.OneIn(3)) range.end = lsm::testing::RandomSmallKey(random, 3);
  return range;
}

}  // namespace

TEST_CASE("streaming scan equals the naive scan on random trees and ranges", "[scan][model]") {
  const lsm::TempDir dir;
  lsm::Random random(4);
  for (int round = 0; round < 50; ++round) {
    auto tree = RandomTree((dir / ("t" + std::to_string(round))).string(), random);
    INFO("round " << round << ", " << tree->tables().size() << " tables");
    for (int r = 0; r < 20; ++r) {
      const KeyRange range = RandomRange(random);
      INFO("range " << lsm::testing::ShowRange(range));
      std::vector<KeyValue> naive;
      REQUIRE_NOTHROW(naive = tree->NaiveScan(range));
      auto it = OpenScan(*tree, range);
      REQUIRE(SameEntries(CollectForward(*it), naive));
      REQUIRE(SameEntries(CollectBackward(*it), naive));
      const lsm::testing::Model model = LiveModel(naive);
      for (int walk = 0; walk < 10; ++walk) {
        INFO("walk " << walk);
        lsm::testing::CheckRandomWalk(*it, model, random, 20);
      }
    }
  }
}

TEST_CASE("a range made entirely of tombstones is empty", "[scan]") {
  const lsm::TempDir dir;
  auto tree = lsm::testing::OpenTree((dir / "t").string(), ManualFlush());
  for (const char* key : {"a", "b", "c", "d", "e"}) REQUIRE_NOTHROW(tree->Put(key, "v"));
  REQUIRE_NOTHROW(tree->Flush());
  for (const char* key : {"b", "c", "d"}) REQUIRE_NOTHROW(tree->Remove(key));
  auto it = OpenScan(*tree, KeyRange{"b", "e"});
  CHECK(AfterSeekToFirst(*it) == NotValid());
  CHECK(AfterSeekToLast(*it) == NotValid());
  CHECK(AfterSeek(*it, "c") == NotValid());
  auto all = OpenScan(*tree, KeyRange::All());
  CHECK(AfterSeek(*all, "b") == At("e"));  // skips the three tombstones
  CHECK(AfterPrev(*all) == At("a"));       // and back over them
}

TEST_CASE("Seek clamps into the range and lands before, between, on and after keys", "[scan]") {
  const lsm::TempDir dir;
  auto tree = lsm::testing::OpenTree((dir / "t").string(), ManualFlush());
  for (const char* key : {"b", "d", "f", "h"}) REQUIRE_NOTHROW(tree->Put(key, key));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Put("e", "e"));
  auto it = OpenScan(*tree, KeyRange{"c", "g"});
  CHECK(AfterSeek(*it, "a") == At("d"));  // before the range: its first key
  CHECK(AfterSeek(*it, "d") == At("d"));
  CHECK(AfterSeek(*it, "d\x01") == At("e"));
  CHECK(AfterSeek(*it, "f") == At("f"));
  CHECK(AfterSeek(*it, "g") == NotValid());  // at the range's end
  CHECK(AfterSeekToLast(*it) == At("f"));
  REQUIRE_NOTHROW(it->Prev());
  CHECK(AfterPrev(*it) == At("d"));
  CHECK(AfterPrev(*it) == NotValid());  // "b" exists, but is outside the range
  CHECK_THROWS_AS(it->Next(), lsm::InvalidArgumentError);
}

TEST_CASE("an empty tree and an empty range scan to nothing", "[scan]") {
  const lsm::TempDir dir;
  auto tree = lsm::testing::OpenTree((dir / "t").string(), ManualFlush());
  auto it = OpenScan(*tree, KeyRange::All());
  CHECK(AfterSeekToFirst(*it) == NotValid());
  REQUIRE_NOTHROW(tree->Put("k", "v"));
  auto empty = OpenScan(*tree, KeyRange{"k", "k"});
  CHECK(AfterSeekToFirst(*empty) == NotValid());
  auto reversed = OpenScan(*tree, KeyRange{"z", "a"});
  CHECK(AfterSeekToLast(*reversed) == NotValid());
}
