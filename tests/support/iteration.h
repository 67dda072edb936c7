// Test helpers: read everything an lsm::Iterator shows into plain values that Catch2 can
// compare and print.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "chapters/01-memtable/iterator.h"
#include "chapters/01-memtable/lookup.h"
#include "common/bytes.h"

namespace lsm::testing {

/// One entry as an iterator showed it.
struct Seen {
  std::string key;
  std::string value;
  bool tombstone = false;

  friend bool operator==(const Seen&, const Seen&) = default;
};

inline Seen Current(const Iterator& it) {
  return Seen{std::string(it.key()), std::string(it.value()), it.is_tombstone()};
}

/// Everything from SeekToFirst() to the end, following Next().
inline std::vector<Seen> ScanForward(Iterator& it) {
  std::vector<Seen> seen;
  for (it.SeekToFirst(); it.Valid(); it.Next()) seen.push_back(Current(it));
  return seen;
}

/// Everything from SeekToLast() to the beginning, following Prev().
inline std::vector<Seen> ScanBackward(Iterator& it) {
  std::vector<Seen> seen;
  for (it.SeekToLast(); it.Valid(); it.Prev()) seen.push_back(Current(it));
  return seen;
}

}  // namespace lsm::testing

// Lets Catch2 print a Seen in failure messages, binary bytes escaped.
template <>
struct Catch::StringMaker<lsm::testing::Seen> {
  static std::string convert(const lsm::testing::Seen& seen) {
    return "{\"" + lsm::EscapeBytes(seen.key) + "\", " +
           (seen.tombstone ? std::string("<tombstone>")
                           : "\"" + lsm::EscapeBytes(seen.value) + "\"") +
           "}";
  }
};

// Lets Catch2 print a LookupResult in failure messages.
template <>
struct Catch::StringMaker<lsm::LookupResult> {
  static std::string convert(const lsm::LookupResult& result) {
    if (result.found()) return "Found(\"" + lsm::EscapeBytes(result.value()) + "\")";
    return result.deleted() ? "Deleted" : "Absent";
  }
};
