// Chapter 3: the tree against a std::map model, with flushes, compactions and reopens in the
// mix. Fixed seeds; a failure names its seed and operation number.

#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "common/bytes.h"
#include "common/temp_dir.h"
#include "tests/support/model.h"

namespace {

using Live = std::map<std::string, std::string>;

lsm::KeyRange RandomRange(lsm::Random& random) {
  lsm::KeyRange range;
  if (!random.OneIn(4)) range.start = lsm::testing::RandomSmallKey(random);
  if (!random.OneIn(4)) range.end = lsm::testing::RandomSmallKey(random);
  return range;
}

std::vector<lsm::KeyValue> ModelScan(const Live& live, const lsm::KeyRange& range) {
  std::vector<lsm::KeyValue> out;
  if (range.IsEmpty()) return out;
  auto it = range.start ? live.lower_bound(*range.start) : live.begin();
  for (; it != live.end() && !range.IsPastEnd(it->first); ++it)
    out.push_back({it->first, it->second});
  return out;
}

void RunModel(std::uint64_t seed, int operations) {
  const lsm::TempDir dir("ch03-model");
  const std::string path = (dir / "tree").string();
  lsm::LsmOptions options;
  options.memtable_budget_bytes = 4096;  // flushes every few dozen writes
  options.table_options.index_interval = 4;
  auto tree = lsm::LsmTree::Open(path, options);
  lsm::Random random(seed);
  Live live;     // what the tree holds
  Live durable;  // what it holds on disk: what a reopen must show
  int flushes = 0;
  int compactions = 0;
  int reopens = 0;

  for (int op = 0; op < operations; ++op) {
    INFO("seed " << seed << ", operation " << op);
    const std::string key = lsm::testing::RandomSmallKey(random);
    const std::uint64_t dice = random.Uniform(1000);
    if (dice < 450) {
      const std::string value = lsm::testing::RandomValue(random);
      tree->Put(key, value);
      live[key] = value;
    } else if (dice < 600) {
      tree->Remove(key);
      live.erase(key);
    } else if (dice < 900) {
      const auto got = tree->Get(key);
      const auto expected = live.find(key);
      REQUIRE(got == (expected == live.end() ? std::nullopt : std::optional(expected->second)));
    } else if (dice < 980) {
      const lsm::KeyRange range = RandomRange(random);
      REQUIRE(tree->NaiveScan(range) == ModelScan(live, range));
    } else if (dice < 990) {
      tree->Flush();
    } else if (dice < 996) {
      tree->NaiveCompact();
      REQUIRE(tree->tables().size() <= 1);
      ++compactions;
    } else {
      tree.reset();  // no flush: the memtable is lost, as in a crash
      tree = lsm::LsmTree::Open(path, options);
      live = durable;
      ++reopens;
      REQUIRE(tree->NaiveScan(lsm::KeyRange::All()) == ModelScan(live, lsm::KeyRange::All()));
    }
    if (tree->memtable().empty() && durable != live) {  // a flush happened: all of it is on disk
      durable = live;
      ++flushes;
    }
  }
  REQUIRE(tree->NaiveScan(lsm::KeyRange::All()) == ModelScan(live, lsm::KeyRange::All()));
  // The mix must really exercise the tree, or the test proves little.
  CHECK(flushes > 50);
  CHECK(compactions > 20);
  CHECK(reopens > 20);
  WARN("seed " << seed << ": " << flushes << " flushes, " << compactions << " compactions, "
               << reopens << " reopens");
}

}  // namespace

TEST_CASE("the tree matches a std::map model through flushes, compactions and reopens",
          "[tree][model]") {
  for (std::uint64_t seed : {1, 2}) RunModel(seed, 12'000);
}
