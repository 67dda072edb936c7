// Chapter 1: the memtable checked against an independent model (std::map) on random
// operations, with fixed seeds so a failure can be replayed.

#include <catch2/catch.hpp>

#include <iterator>
#include <map>
#include <optional>
#include <string>

#include "chapters/01-memtable/memtable.h"
#include "common/bytes.h"
#include "common/random.h"
#include "tests/support/model.h"

namespace {

using lsm::testing::Model;
using lsm::testing::RandomValue;

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
  for (int op = 0; op < operations; ++op) {
    const std::string key = RandomKey(random);
    const std::uint64_t dice = random.Uniform(100);
    if (dice < 45) {
      const std::string value = RandomValue(random);
      table.Put(key, value);
      model[key] = value;
    } else if (dice < 60) {
      table.Remove(key);
      model[key] = std::nullopt;
    } else if (dice < 95) {
      const lsm::LookupResult got = table.Get(key);
      auto found = model.find(key);
      if (found == model.end()) {
        REQUIRE(got.absent());
      } else if (!found->second) {
        REQUIRE(got.deleted());
      } else {
        REQUIRE(got == lsm::LookupResult::Found(*found->second));
      }
    } else {
      auto it = table.NewIterator();
      lsm::testing::CheckRandomWalk(*it, model, random);
    }
    REQUIRE(table.entry_count() == model.size());
  }
  CHECK(table.memory_bytes() == ModelMemory(model));

  // Finally the whole table, both ways.
  auto it = table.NewIterator();
  auto expected = model.begin();
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    REQUIRE(expected != model.end());
    REQUIRE(it->key() == expected->first);
  }
  CHECK(expected == model.end());
  auto backwards = model.rbegin();
  for (it->SeekToLast(); it->Valid(); it->Prev(), ++backwards) {
    REQUIRE(backwards != model.rend());
    REQUIRE(it->key() == backwards->first);
  }
  CHECK(backwards == model.rend());
}

}  // namespace

TEST_CASE("memtable matches a std::map model on random operations", "[memtable][model]") {
  for (std::uint64_t seed : {1, 2, 3, 2024}) RunModel(seed, 12'000);
}
