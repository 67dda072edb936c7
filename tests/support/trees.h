// Opening a tree inside an assertion, so that an Open that throws (on a table a buggy flush
// wrote, say) is reported with the call and the tree's directory.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "chapters/03-naive-merge/lsm_tree.h"

namespace lsm::testing {

/// LsmTree::Open(directory, options).
inline std::unique_ptr<LsmTree> OpenTree(const std::string& directory,
                                         const LsmOptions& options = {}) {
  INFO("opening the tree " << directory);
  std::unique_ptr<LsmTree> tree;
  REQUIRE_NOTHROW(tree = LsmTree::Open(directory, options));
  return tree;
}

}  // namespace lsm::testing
