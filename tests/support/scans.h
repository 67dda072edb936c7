// Streaming scans (chapter 4) in tests: lsm::Scan called inside an assertion that names the
// range, and what a scan's iterator shows, read into lsm::KeyValue entries that Catch2 prints
// escaped (tests/support/printing.h).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "chapters/04-streaming-merge/streaming_scan.h"
#include "tests/support/iteration.h"
#include "tests/support/printing.h"

namespace lsm::testing {

/// lsm::Scan(tree, range).
inline std::unique_ptr<Iterator> OpenScan(const LsmTree& tree,
                                          const KeyRange& range = KeyRange::All()) {
  INFO("Scan(tree, " << ShowRange(range) << ")");
  std::unique_ptr<Iterator> it;
  REQUIRE_NOTHROW(it = Scan(tree, range));
  return it;
}

namespace internal {

// What a scan (Collect*) saw, entry by entry: `move` (SeekToFirst() or SeekToLast()) and then
// `step` (Next() or Prev()) until the iterator is not valid. None may be a tombstone. Moves are
// not made inside assertions (a scan makes hundreds); one that throws fails the test, named.
template <typename Move, typename Step>
std::vector<KeyValue> Collect(Iterator& it, const char* move_name, Move move, const char* step_name,
                              Step step) {
  std::vector<KeyValue> out;
  try {
    for (move(); it.Valid(); step()) {
      ThrowIfStuck(out.size(), "a scan");
      if (it.is_tombstone())
        FAIL("a tombstone at " << ShowBytes(it.key()) << ": a scan hides them");
      out.push_back({std::string(it.key()), std::string(it.value())});
    }
  } catch (const std::exception& error) {
    FAIL((out.empty() ? std::string(move_name)
                      : std::string(step_name) + " from " + ShowBytes(out.back().key) + ", after " +
                            std::to_string(out.size()) + " entries,")
         << " threw: " << error.what());
  }
  return out;
}

}  // namespace internal

/// Every entry `it` shows from SeekToFirst(), following Next(). A tree's scan hides
/// tombstones: none may show.
inline std::vector<KeyValue> CollectForward(Iterator& it) {
  return internal::Collect(
      it, "SeekToFirst()", [&] { it.SeekToFirst(); }, "Next()", [&] { it.Next(); });
}

/// Every entry `it` shows from SeekToLast(), following Prev(), returned in key order. None may
/// be a tombstone.
inline std::vector<KeyValue> CollectBackward(Iterator& it) {
  std::vector<KeyValue> out = internal::Collect(
      it, "SeekToLast()", [&] { it.SeekToLast(); }, "Prev()", [&] { it.Prev(); });
  std::reverse(out.begin(), out.end());
  return out;
}

/// Everything a streaming scan of `range` shows, forward.
inline std::vector<KeyValue> StreamForward(const LsmTree& tree,
                                           const KeyRange& range = KeyRange::All()) {
  return CollectForward(*OpenScan(tree, range));
}

/// Everything a streaming scan of `range` shows, backward, returned in key order.
inline std::vector<KeyValue> StreamBackward(const LsmTree& tree,
                                            const KeyRange& range = KeyRange::All()) {
  return CollectBackward(*OpenScan(tree, range));
}

}  // namespace lsm::testing
