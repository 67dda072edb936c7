// Tree options for tests that decide themselves when the memtable is flushed.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>

#include "chapters/03-naive-merge/lsm_tree.h"

namespace lsm::testing {

/// A memtable budget (1 GiB) no test reaches: the tree flushes only when the test calls Flush().
/// Groups of `index_interval` entries, filters from `filter_policy` (nullptr: none), files
/// through `fs` (nullptr: the real file system).
inline LsmOptions ManualFlush(std::uint32_t index_interval = 16,
                              std::shared_ptr<const FilterPolicy> filter_policy = nullptr,
                              FileSystem* fs = nullptr) {
  LsmOptions options;
  options.memtable_budget_bytes = std::size_t{1} << 30;
  options.table_options.index_interval = index_interval;
  options.table_options.filter_policy = std::move(filter_policy);
  options.file_system = fs;
  return options;
}

}  // namespace lsm::testing
