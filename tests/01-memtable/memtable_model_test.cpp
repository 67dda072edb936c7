// Chapter 1: the memtable checked against an independent model (std::map) on random
// operations, with fixed seeds so a failure can be replayed. A failure shows the seed and the
// last operations that led to it.

#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chapters/01-memtable/memtable.h"
#include "common/bytes.h"
#include "common/random.h"
#include "tests/support/iteration.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"

namespace {

using lsm::LookupResult;
using lsm::testing::Bytes;
using lsm::testing::KeysOf;
using lsm::testing::Model;
using lsm::testing::RandomValue;
using lsm::testing::SameEntries;
using lsm::testing::ShowBytes;

std::string RandomKey(lsm::Random& random) { return lsm::testing::RandomSmallKey(random); }

std::size_t ModelMemory(const Model& model) {
  std::size_t bytes = 0;
  for (const auto& [key, value] : model) {
    bytes += key.size() + (value ? value->size() : 0) + lsm::MemTable::kEntryOverheadBytes;
  }
  return bytes;
}

void RunModel(std::uint64_t seed, int operations) {
  INFO("seed " << seed);
  lsm::Random random(seed);
  lsm::MemTable table;
  Model model;
  lsm::testing::Trace trace;
  for (int op = 0; op < operations; ++op) {
    const std::string key = RandomKey(random);
    const std::uint64_t dice = random.Uniform(100);
    const std::string value = dice < 45 ? RandomValue(random) : std::string();
    trace.Add(dice < 45   ? "Put(" + ShowBytes(key) + ", " + ShowBytes(value, 8) + ")"
              : dice < 60 ? "Remove(" + ShowBytes(key) + ")"
              : dice < 95 ? "Get(" + ShowBytes(key) + ")"
                          : std::string("NewIterator() and a random walk"));
    INFO(trace);
    if (dice < 45) {
      REQUIRE_NOTHROW(table.Put(key, value));
      model[key] = value;
    } else if (dice < 60) {
      REQUIRE_NOTHROW(table.Remove(key));
      model[key] = std::nullopt;
    } else if (dice < 95) {
      const auto found = model.find(key);
      const LookupResult expected = found == model.end() ? LookupResult::Absent()
                                    : found->second      ? LookupResult::Found(*found->second)
                                                         : LookupResult::Deleted();
      REQUIRE(table.Get(key) == expected);
    } else {
      auto it = table.NewIterator();
      lsm::testing::CheckRandomWalk(*it, model, random);
    }
    REQUIRE(table.entry_count() == model.size());
  }
  INFO("after all " << operations << " operations");
  CHECK(table.memory_bytes() == ModelMemory(model));

  // Finally the whole table, both ways.
  auto it = table.NewIterator();
  CHECK(SameEntries(KeysOf(lsm::testing::ScanForward(*it)), KeysOf(model)));
  std::vector<Bytes> backwards = KeysOf(model);
  std::reverse(backwards.begin(), backwards.end());
  CHECK(SameEntries(KeysOf(lsm::testing::ScanBackward(*it)), backwards));
}

}  // namespace

TEST_CASE("memtable matches a std::map model on random operations", "[memtable][model]") {
  for (std::uint64_t seed : {1, 2, 3, 2024}) RunModel(seed, 12'000);
}
