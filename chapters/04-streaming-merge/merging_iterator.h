/// \file
/// Chapter 4: the k-way merging iterator, built on a binary heap.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/01-memtable/iterator.h"

namespace lsm {

/// Merges k sorted sources into one sorted, deduplicated stream: the C++ counterpart of
/// Python's heapq.merge, plus what an LSM tree needs on top.
///
/// - Sources are given newest first: children[0] is the newest. When several sources hold a
///   key, the entry of the newest one is shown and every older one is skipped.
/// - Tombstones are entries like any other: they travel through the merge (is_tombstone()),
///   because a tombstone must still hide older sources. TreeIterator hides them from users.
/// - A binary heap of the children that are valid, ordered by (key, source age), yields the
///   next entry in O(log k); positioning (Seek, SeekToFirst, SeekToLast) costs one seek per
///   child plus an O(k) heapify. Memory: the k children and a k-element heap, whatever n is.
/// - Direction may change at any time. Moving backwards needs every child positioned just
///   before the current key, and forwards just after it, so a change of direction re-seeks
///   every child once: O(k) seeks.
///
/// Each child must show each key at most once (as memtables and tables do).
class MergingIterator final : public Iterator {
 public:
  /// \param children the sources, newest first; the iterator owns them.
  explicit MergingIterator(std::vector<std::unique_ptr<Iterator>> children);

  [[nodiscard]] bool Valid() const override { return !heap_.empty(); }
  void SeekToFirst() override;
  void SeekToLast() override;
  void Seek(std::string_view target) override;
  void Next() override;
  void Prev() override;
  [[nodiscard]] std::string_view key() const override { return Current().key(); }
  [[nodiscard]] std::string_view value() const override { return Current().value(); }
  [[nodiscard]] bool is_tombstone() const override { return Current().is_tombstone(); }

  /// The source that supplies the current entry: 0 is the newest. Requires Valid().
  [[nodiscard]] std::size_t current_source() const;

  /// Number of sources.
  [[nodiscard]] std::size_t source_count() const noexcept { return children_.size(); }

 private:
  enum class Direction { kForward, kReverse };

  /// The child on top of the heap. Throws InvalidArgumentError when not Valid().
  [[nodiscard]] const Iterator& Current() const;

  /// Heap order: true if child `a` belongs below child `b` -- so that the top is the smallest
  /// key (largest when moving in reverse) and, among equal keys, the newest source.
  [[nodiscard]] bool Below(std::size_t a, std::size_t b) const;

  /// Rebuilds the heap from every valid child, for `direction`.
  void Heapify(Direction direction);

  /// Moves every child that stands on the current key one step (Next or Prev, following the
  /// direction) and restores the heap: the current key's newest entry and all its older
  /// duplicates are consumed together.
  void StepPastCurrentKey();

  std::vector<std::unique_ptr<Iterator>> children_;
  std::vector<std::size_t> heap_;  // indexes into children_ of the valid children
  Direction direction_ = Direction::kForward;
  std::string current_key_;  // scratch copy of key() while children move
};

}  // namespace lsm
