/// \file
/// Chapter 5: compaction as a stream -- merging iterator into SSTable writer.
#pragma once

#include <cstdint>

#include "chapters/03-naive-merge/lsm_tree.h"

namespace lsm {

/// What a compaction read and wrote.
struct CompactionStats {
  std::uint64_t tables_in = 0;    ///< input tables
  std::uint64_t entries_in = 0;   ///< entries in the inputs, duplicates and tombstones included
  std::uint64_t entries_out = 0;  ///< entries written (live keys)
  std::uint64_t tombstones_dropped = 0;  ///< newest entries that were tombstones, not written
};

/// Merges every SSTable of `tree` into one, streaming: each input is read front to back by an
/// SSTableScanner (no index loaded), a MergingIterator picks each key's newest entry, and the
/// SSTableWriter writes it out straight away (its index spills to a side file). Memory is O(k)
/// for k inputs, whatever their size.
///
/// Tombstones are dropped: the output is the only table left, so no older data remains for
/// them to hide. The output replaces the inputs atomically through the manifest
/// (LsmTree::ReplaceAllTables): a crash at any point reopens to the same data. The memtable is
/// not touched. The result is the same as LsmTree::NaiveCompact()'s.
CompactionStats Compact(LsmTree& tree);

}  // namespace lsm
