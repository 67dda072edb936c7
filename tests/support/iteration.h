// Test helpers: read what an lsm::Iterator shows into plain values that Catch2 can compare and
// print (tests/support/printing.h), and move an iterator inside the assertion that checks the
// move, so that a move that throws is reported with its name and line:
//
//     CHECK(AfterSeek(*it, "c") == At("d"));  // fails with: not valid == at "d"
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/01-memtable/iterator.h"
#include "tests/support/printing.h"

namespace lsm::testing {

/// The entry `it` stands on (it must be valid).
inline Seen Current(const Iterator& it) {
  return Seen{std::string(it.key()), std::string(it.value()), it.is_tombstone()};
}

/// More entries than any test's source holds: a scan that goes on past this is stuck.
inline constexpr std::size_t kMaxScanEntries = 1'000'000;

namespace internal {

// Throws once a scan has seen more entries than any test's source holds: the iterator is stuck.
inline void ThrowIfStuck(std::size_t entries, const char* scan) {
  if (entries < kMaxScanEntries) return;
  throw std::runtime_error(std::string(scan) + ": still valid after " + std::to_string(entries) +
                           " entries; does the iterator ever move past the last one?");
}

}  // namespace internal

/// Everything from SeekToFirst() to the end, following Next().
inline std::vector<Seen> ScanForward(Iterator& it) {
  std::vector<Seen> seen;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    internal::ThrowIfStuck(seen.size(), "ScanForward");
    seen.push_back(Current(it));
  }
  return seen;
}

/// Everything from SeekToLast() to the beginning, following Prev().
inline std::vector<Seen> ScanBackward(Iterator& it) {
  std::vector<Seen> seen;
  for (it.SeekToLast(); it.Valid(); it.Prev()) {
    internal::ThrowIfStuck(seen.size(), "ScanBackward");
    seen.push_back(Current(it));
  }
  return seen;
}

/// Where `it` stands: At(its key), or NotValid().
inline Position PositionOf(const Iterator& it) { return it.Valid() ? At(it.key()) : NotValid(); }

/// Calls it.SeekToFirst() and returns where `it` then stands.
inline Position AfterSeekToFirst(Iterator& it) {
  it.SeekToFirst();
  return PositionOf(it);
}

/// Calls it.SeekToLast() and returns where `it` then stands.
inline Position AfterSeekToLast(Iterator& it) {
  it.SeekToLast();
  return PositionOf(it);
}

/// Calls it.Seek(target) and returns where `it` then stands.
inline Position AfterSeek(Iterator& it, std::string_view target) {
  it.Seek(target);
  return PositionOf(it);
}

/// Calls it.Next() and returns where `it` then stands.
inline Position AfterNext(Iterator& it) {
  it.Next();
  return PositionOf(it);
}

/// Calls it.Prev() and returns where `it` then stands.
inline Position AfterPrev(Iterator& it) {
  it.Prev();
  return PositionOf(it);
}

}  // namespace lsm::testing
