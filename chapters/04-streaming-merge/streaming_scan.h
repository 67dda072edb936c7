/// \file
/// Chapter 4: a streaming range scan over an LSM tree.
#pragma once

#include <memory>

#include "chapters/01-memtable/iterator.h"
#include "chapters/03-naive-merge/key_range.h"
#include "chapters/03-naive-merge/lsm_tree.h"

namespace lsm {

/// The live keys of `tree` in `range`, in order, as a streaming iterator: a TreeIterator over a
/// MergingIterator of the memtable and every SSTable (newest first). Nothing is read until the
/// iterator is positioned; then the first result costs one seek per source, and memory stays
/// O(k) however large the range. The iterator is not positioned: call SeekToFirst() (or
/// Seek / SeekToLast) first.
///
/// The tree must not be written to, flushed or compacted while the iterator is in use: they
/// would free the memtable or tables it reads. (Snapshots, a later chapter, lift that.)
/// lsm::LsmTree::NaiveScan() stays available beside it, for comparison.
[[nodiscard]] std::unique_ptr<Iterator> Scan(const LsmTree& tree, const KeyRange& range);

}  // namespace lsm
