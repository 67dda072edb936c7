// For crash and kill tests of an engine with a write-ahead log: a deterministic stream of
// batches in which every prefix leaves a different state, and the state each prefix leaves.
//
// Batch i puts "progress" = i + 1 (so a reopened database tells how many batches it holds),
// puts one to three keys of a small key space with values unique to the batch and entry, and
// every fourth batch removes a key: half a batch, a reordered batch or a resurrected remove
// shows up as a state no prefix has.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "chapters/07-write-ahead-log/db.h"
#include "common/random.h"
#include "tests/support/printing.h"

namespace lsm::testing {

/// The key every workload batch sets to its count of batches so far.
inline constexpr const char* kProgressKey = "progress";

/// Batch `index` of the workload with `seed`, and what it does to a map.
class EngineWorkload {
 public:
  explicit EngineWorkload(std::uint64_t seed) : seed_(seed) {}

  /// Batch `index` (independent of every other index).
  [[nodiscard]] WriteBatch Batch(std::uint64_t index) const {
    WriteBatch batch;
    Apply(index, [&](const std::string& key, const std::string* value) {
      if (value != nullptr) {
        batch.Put(key, *value);
      } else {
        batch.Remove(key);
      }
    });
    return batch;
  }

  /// Applies batch `index` to `state`.
  void ApplyTo(std::uint64_t index, std::map<std::string, std::string>& state) const {
    Apply(index, [&](const std::string& key, const std::string* value) {
      if (value != nullptr) {
        state[key] = *value;
      } else {
        state.erase(key);
      }
    });
  }

  /// The state after batches 0 .. count - 1.
  [[nodiscard]] std::map<std::string, std::string> StateAfter(std::uint64_t count) const {
    std::map<std::string, std::string> state;
    for (std::uint64_t i = 0; i < count; ++i) ApplyTo(i, state);
    return state;
  }

 private:
  template <typename Visit>
  void Apply(std::uint64_t index, Visit visit) const {
    Random random(seed_ * 1000003 + index);
    const std::string progress = std::to_string(index + 1);
    visit(kProgressKey, &progress);
    const int puts = 1 + static_cast<int>(random.Uniform(3));
    for (int j = 0; j < puts; ++j) {
      const std::string key = "key" + std::to_string(random.Uniform(40));
      const std::string value = "b" + std::to_string(index) + "." + std::to_string(j) +
                                std::string(random.Uniform(60), 'v');
      visit(key, &value);
    }
    if (index % 4 == 3) visit("key" + std::to_string(random.Uniform(40)), nullptr);
  }

  std::uint64_t seed_;
};

/// Every live entry of `db`, in key order.
inline std::map<std::string, std::string> ReadAll(const Db& db) {
  std::map<std::string, std::string> out;
  auto it = db.NewIterator();
  for (it->SeekToFirst(); it->Valid(); it->Next()) out[std::string(it->key())] = it->value();
  return out;
}

/// How many workload batches `state` holds: its progress key (0 if absent).
inline std::uint64_t ProgressOf(const std::map<std::string, std::string>& state) {
  const auto found = state.find(kProgressKey);
  return found == state.end() ? 0 : std::stoull(found->second);
}

/// The first difference between two states, for failure messages.
inline std::string FirstDifference(const std::map<std::string, std::string>& actual,
                                   const std::map<std::string, std::string>& expected) {
  auto a = actual.begin();
  auto e = expected.begin();
  for (; a != actual.end() && e != expected.end(); ++a, ++e) {
    if (a->first != e->first) {
      return "key " + ShowBytes(std::min(a->first, e->first)) + " is only in " +
             (a->first < e->first ? "the database" : "the expected state");
    }
    if (a->second != e->second) {
      return "key " + ShowBytes(a->first) + ": " + ShowBytes(a->second, 24) + ", expected " +
             ShowBytes(e->second, 24);
    }
  }
  if (a != actual.end()) return "key " + ShowBytes(a->first) + " is only in the database";
  if (e != expected.end()) return "key " + ShowBytes(e->first) + " is missing";
  return "none";
}

}  // namespace lsm::testing
