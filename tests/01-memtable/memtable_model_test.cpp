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

namespace {

// nullopt = tombstone.
using Model = std::map<std::string, std::optional<std::string>>;

// Short keys over a small alphabet that includes NUL and bytes >= 0x80, so keys collide
// often and every ordering corner (prefixes, high bytes, the empty key) comes up.
std::string RandomKey(lsm::Random& random) {
  static constexpr char kAlphabet[] = {'\0', 'a', '\x80', '\xff'};
  std::string key(random.Uniform(6), '\0');
  for (char& c : key) c = kAlphabet[random.Uniform(4)];
  return key;
}

std::string RandomValue(lsm::Random& random) {
  std::string value(random.Uniform(4) == 0 ? 0 : random.Uniform(40), '\0');
  for (char& c : value) c = static_cast<char>(random.Uniform(256));
  return value;
}

std::size_t ModelMemory(const Model& model) {
  std::size_t bytes = 0;
  for (const auto& [key, value] : model) {
    bytes += key.size() + (value ? value->size() : 0) + lsm::MemTable::kEntryOverheadBytes;
  }
  return bytes;
}

// Positions a memtable iterator and a model iterator alike, then takes random steps in both
// directions, comparing after each step.
void CheckRandomWalk(const lsm::MemTable& table, const Model& model, lsm::Random& random) {
  auto it = table.NewIterator();
  auto expected = model.begin();
  switch (random.Uniform(3)) {
    case 0:
      it->SeekToFirst();
      break;
    case 1:
      it->SeekToLast();
      expected = model.empty() ? model.end() : std::prev(model.end());
      break;
    default: {
      const std::string target = RandomKey(random);
      it->Seek(target);
      expected = model.lower_bound(target);
    }
  }
  for (int step = 0; step < 12; ++step) {
    REQUIRE(it->Valid() == (expected != model.end()));
    if (!it->Valid()) return;
    INFO("at key " << lsm::EscapeBytes(expected->first));
    REQUIRE(it->key() == expected->first);
    REQUIRE(it->is_tombstone() == !expected->second.has_value());
    REQUIRE(it->value() == expected->second.value_or(""));
    if (random.OneIn(2)) {
      it->Next();
      ++expected;
    } else {
      it->Prev();
      expected = expected == model.begin() ? model.end() : std::prev(expected);
    }
  }
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
      CheckRandomWalk(table, model, random);
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
