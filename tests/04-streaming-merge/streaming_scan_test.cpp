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
#include "tests/support/tree_options.h"

using lsm::KeyRange;
using lsm::KeyValue;
using lsm::LsmTree;

namespace {

lsm::LsmOptions ManualFlush() { return lsm::testing::ManualFlush(3); }

std::vector<KeyValue> Collect(lsm::Iterator& it) {
  std::vector<KeyValue> out;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    REQUIRE_FALSE(it.is_tombstone());
    out.push_back({std::string(it.key()), std::string(it.value())});
  }
  return out;
}

std::vector<KeyValue> CollectBackward(lsm::Iterator& it) {
  std::vector<KeyValue> out;
  for (it.SeekToLast(); it.Valid(); it.Prev())
    out.push_back({std::string(it.key()), std::string(it.value())});
  std::reverse(out.begin(), out.end());
  return out;
}

lsm::testing::Model LiveModel(const std::vector<KeyValue>& entries) {
  lsm::testing::Model model;
  for (const KeyValue& entry : entries) model[entry.key] = entry.value;
  return model;
}

// A random tree: several tables of overlapping random keys, tombstones, single-key tables,
// tables of nothing but tombstones, and a memtable.
std::unique_ptr<LsmTree> RandomTree(const std::string& path, lsm::Random& random) {
  auto tree = LsmTree::Open(path, ManualFlush());
  const auto tables = random.Uniform(7);
  for (std::uint64_t t = 0; t <= tables; ++t) {
    const auto shape = random.Uniform(5);
    const auto entries = shape == 0 ? 1 : random.Uniform(50);
    for (std::uint64_t i = 0; i < entries; ++i) {
      const std::string key = lsm::testing::RandomSmallKey(random, 3);
      if (shape == 1 || random.OneIn(4)) {
        tree->Remove(key);
      } else {
        tree->Put(key, lsm::testing::RandomValue(random));
      }
    }
    if (t < tables) tree->Flush();  // the last round stays in the memtable
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
      const std::vector<KeyValue> naive = tree->NaiveScan(range);
      auto it = lsm::Scan(*tree, range);
      REQUIRE(Collect(*it) == naive);
      REQUIRE(CollectBackward(*it) == naive);
      const lsm::testing::Model model = LiveModel(naive);
      for (int walk = 0; walk < 10; ++walk) lsm::testing::CheckRandomWalk(*it, model, random, 20);
    }
  }
}

TEST_CASE("a range made entirely of tombstones is empty", "[scan]") {
  const lsm::TempDir dir;
  auto tree = LsmTree::Open((dir / "t").string(), ManualFlush());
  for (const char* key : {"a", "b", "c", "d", "e"}) tree->Put(key, "v");
  tree->Flush();
  for (const char* key : {"b", "c", "d"}) tree->Remove(key);
  auto it = lsm::Scan(*tree, KeyRange{"b", "e"});
  it->SeekToFirst();
  CHECK_FALSE(it->Valid());
  it->SeekToLast();
  CHECK_FALSE(it->Valid());
  it->Seek("c");
  CHECK_FALSE(it->Valid());
  auto all = lsm::Scan(*tree, KeyRange::All());
  all->Seek("b");  // skips the three tombstones
  REQUIRE(all->Valid());
  CHECK(all->key() == "e");
  all->Prev();  // and back over them
  CHECK(all->key() == "a");
}

TEST_CASE("Seek clamps into the range and lands before, between, on and after keys", "[scan]") {
  const lsm::TempDir dir;
  auto tree = LsmTree::Open((dir / "t").string(), ManualFlush());
  for (const char* key : {"b", "d", "f", "h"}) tree->Put(key, key);
  tree->Flush();
  tree->Put("e", "e");
  auto it = lsm::Scan(*tree, KeyRange{"c", "g"});
  it->Seek("a");  // before the range: its first key
  CHECK(it->key() == "d");
  it->Seek("d");
  CHECK(it->key() == "d");
  it->Seek("d\x01");
  CHECK(it->key() == "e");
  it->Seek("f");
  CHECK(it->key() == "f");
  it->Seek("g");  // at the range's end
  CHECK_FALSE(it->Valid());
  it->SeekToLast();
  CHECK(it->key() == "f");
  it->Prev();
  it->Prev();
  CHECK(it->key() == "d");
  it->Prev();  // "b" exists, but is outside the range
  CHECK_FALSE(it->Valid());
  CHECK_THROWS_AS(it->Next(), lsm::InvalidArgumentError);
}

TEST_CASE("an empty tree and an empty range scan to nothing", "[scan]") {
  const lsm::TempDir dir;
  auto tree = LsmTree::Open((dir / "t").string(), ManualFlush());
  auto it = lsm::Scan(*tree, KeyRange::All());
  it->SeekToFirst();
  CHECK_FALSE(it->Valid());
  tree->Put("k", "v");
  auto empty = lsm::Scan(*tree, KeyRange{"k", "k"});
  empty->SeekToFirst();
  CHECK_FALSE(empty->Valid());
  auto reversed = lsm::Scan(*tree, KeyRange{"z", "a"});
  reversed->SeekToLast();
  CHECK_FALSE(reversed->Valid());
}
