// The streaming stage for the model checker: chapter 4's scan and chapter 5's compaction.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chapters/04-streaming-merge/streaming_scan.h"
#include "chapters/05-streaming-compaction/compaction.h"
#include "tests/support/scans.h"
#include "tests/support/tree_model_checker.h"

namespace lsm::testing {

/// Scans with lsm::Scan, walks its iterator, compacts with lsm::Compact; tables get
/// `filter_policy`'s filters (nullptr: none).
inline TreeStage StreamingStage(std::string name,
                                std::shared_ptr<const FilterPolicy> filter_policy = nullptr) {
  return TreeStage{
      std::move(name),
      [](const LsmTree& tree, const KeyRange& range) { return StreamForward(tree, range); },
      [](const LsmTree& tree, const KeyRange& range) { return Scan(tree, range); },
      [](LsmTree& tree) { Compact(tree); }, std::move(filter_policy)};
}

}  // namespace lsm::testing
