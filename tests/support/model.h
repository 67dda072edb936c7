// Test helpers shared by the storage chapters: a model of entries (std::map, tombstones as
// nullopt), random binary keys and values, and a random walk of an iterator checked against a
// model.
#pragma once

#include <catch2/catch.hpp>

#include <iterator>
#include <map>
#include <optional>
#include <string>

#include "chapters/01-memtable/iterator.h"
#include "common/random.h"
#include "tests/support/iteration.h"
#include "tests/support/printing.h"

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
/// step that both stand on the same entry (or are both past an end). Every move happens inside
/// an assertion, and every failure shows the walk's last moves: Seek("a\x80"), Next() from
/// "a\x80", Prev() from "a\xff", ...
inline void CheckRandomWalk(Iterator& it, const Model& model, Random& random, int steps = 12) {
  Trace walk("walk steps");
  auto expected = model.begin();
  switch (random.Uniform(3)) {
    case 0: {
      walk.Add("SeekToFirst()");
      INFO(walk);
      REQUIRE_NOTHROW(it.SeekToFirst());
      break;
    }
    case 1: {
      walk.Add("SeekToLast()");
      INFO(walk);
      REQUIRE_NOTHROW(it.SeekToLast());
      expected = model.empty() ? model.end() : std::prev(model.end());
      break;
    }
    default: {
      const std::string target = RandomSmallKey(random);
      walk.Add("Seek(" + ShowBytes(target) + ")");
      INFO(walk);
      REQUIRE_NOTHROW(it.Seek(target));
      expected = model.lower_bound(target);
    }
  }
  for (int step = 0; step < steps; ++step) {
    {
      INFO(walk);
      const Position want = expected == model.end() ? NotValid() : At(expected->first);
      REQUIRE(PositionOf(it) == want);
      if (!want.valid) return;
      REQUIRE(it.is_tombstone() == !expected->second.has_value());
      REQUIRE(Bytes(it.value()) == Bytes(expected->second.value_or("")));
    }
    const bool forward = random.OneIn(2);
    walk.Add((forward ? "Next() from " : "Prev() from ") + ShowBytes(expected->first));
    INFO(walk);
    if (forward) {
      REQUIRE_NOTHROW(it.Next());
      ++expected;
    } else {
      REQUIRE_NOTHROW(it.Prev());
      expected = expected == model.begin() ? model.end() : std::prev(expected);
    }
  }
}

}  // namespace lsm::testing
