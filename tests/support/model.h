// Test helpers shared by the storage chapters: a model of entries (std::map, tombstones as
// nullopt), random binary keys, and writing a model out as an SSTable.
#pragma once

#include <catch2/catch.hpp>

#include <iterator>
#include <map>
#include <optional>
#include <string>

#include "chapters/01-memtable/iterator.h"
#include "common/bytes.h"
#include "common/random.h"

namespace lsm::testing {

/// What a source should contain: key -> value, or nullopt for a tombstone.
using Model = std::map<std::string, std::optional<std::string>>;

/// Short keys over a small alphabet with NUL and bytes >= 0x80, so that random keys collide
/// often and every ordering corner (prefixes, high bytes, the empty key) comes up.
inline std::string RandomSmallKey(Random& random, std::size_t max_size = 5) {
  static constexpr char kAlphabet[] = {'\0', 'a', '\x80', '\xff'};
  std::string key(random.Uniform(max_size + 1), '\0');
  for (char& c : key) c = kAlphabet[random.Uniform(4)];
  return key;
}

/// A value of 0 to 39 random bytes (empty a quarter of the time).
inline std::string RandomValue(Random& random) {
  std::string value(random.Uniform(4) == 0 ? 0 : random.Uniform(40), '\0');
  for (char& c : value) c = static_cast<char>(random.Uniform(256));
  return value;
}

/// Positions `it` and an iterator over `model` alike (SeekToFirst, SeekToLast or Seek to a
/// random key), then takes up to `steps` random steps in both directions, requiring after each
/// step that both stand on the same entry (or are both past an end).
inline void CheckRandomWalk(Iterator& it, const Model& model, Random& random, int steps = 12) {
  auto expected = model.begin();
  switch (random.Uniform(3)) {
    case 0:
      it.SeekToFirst();
      break;
    case 1:
      it.SeekToLast();
      expected = model.empty() ? model.end() : std::prev(model.end());
      break;
    default: {
      const std::string target = RandomSmallKey(random);
      it.Seek(target);
      expected = model.lower_bound(target);
    }
  }
  for (int step = 0; step < steps; ++step) {
    REQUIRE(it.Valid() == (expected != model.end()));
    if (!it.Valid()) return;
    INFO("at key " << EscapeBytes(expected->first));
    REQUIRE(it.key() == expected->first);
    REQUIRE(it.is_tombstone() == !expected->second.has_value());
    REQUIRE(it.value() == expected->second.value_or(""));
    if (random.OneIn(2)) {
      it.Next();
      ++expected;
    } else {
      it.Prev();
      expected = expected == model.begin() ? model.end() : std::prev(expected);
    }
  }
}

}  // namespace lsm::testing
