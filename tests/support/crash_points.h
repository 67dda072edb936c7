// Crash-point testing for whole tree operations: run an operation once per disk-changing call,
// crashing at that call, and check what a reopen shows. See fault_file_system.h.
#pragma once

#include <catch2/catch.hpp>

#include <exception>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/tree_options.h"
#include "tests/support/trees.h"

namespace lsm::testing {

/// Options for crash tests: explicit flushes only, small groups, and `fs` for the files.
inline lsm::LsmOptions CrashTestOptions(lsm::FileSystem* fs = nullptr) {
  return ManualFlush(4, nullptr, fs);
}

/// Four flushed tables of random keys, tombstones among them.
inline void BuildCrashTestTree(const std::string& path) {
  auto tree = OpenTree(path, CrashTestOptions());
  lsm::Random random(5);
  for (int table = 0; table < 4; ++table) {
    for (int i = 0; i < 12; ++i) {
      const std::string key = lsm::testing::RandomSmallKey(random, 3);
      if (random.OneIn(4)) {
        INFO("Remove(" << ShowBytes(key) << ")");
        REQUIRE_NOTHROW(tree->Remove(key));
      } else {
        const std::string value = lsm::testing::RandomValue(random);
        INFO("Put(" << ShowBytes(key) << ", " << ShowBytes(value) << ")");
        REQUIRE_NOTHROW(tree->Put(key, value));
      }
    }
    REQUIRE_NOTHROW(tree->Flush());
  }
}

// Every file in the directory is the manifest, the lock or a table the manifest lists.
inline void RequireNoStrayFiles(const std::string& path, const lsm::LsmTree& tree) {
  std::set<std::string> expected = {"LOCK", "MANIFEST"};
  for (const lsm::TableStats& table : tree.stats().tables) expected.insert(table.file_name);
  std::set<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    found.insert(entry.path().filename().string());
  }
  REQUIRE(found == expected);
}

// Runs `operation` on a fresh copy of `original` once per crash point, until it completes
// without reaching the armed point. After each crash, the reopened tree must hold exactly
// `before` or exactly `after`. Returns the number of crash points covered.
inline int CrashEverywhere(const std::filesystem::path& original, const std::filesystem::path& work,
                           const std::function<void(lsm::LsmTree&)>& prepare,
                           const std::function<void(lsm::LsmTree&)>& operation,
                           const std::vector<lsm::KeyValue>& before,
                           const std::vector<lsm::KeyValue>& after) {
  for (std::uint64_t point = 1;; ++point) {
    INFO("crash at disk-changing call " << point);
    std::filesystem::remove_all(work);
    std::filesystem::copy(original, work, std::filesystem::copy_options::recursive);
    FaultFileSystem fs;
    bool crashed = false;
    std::string crash;  // where it crashed
    {
      auto tree = OpenTree(work.string(), CrashTestOptions(&fs));
      REQUIRE_NOTHROW(prepare(*tree));
      fs.Arm(point);
      try {
        operation(*tree);
      } catch (const SimulatedCrash& simulated) {
        crashed = true;
        crash = simulated.what();
      } catch (const std::exception& error) {
        FAIL("the operation threw something else than the simulated crash: " << error.what());
      }
    }  // the tree dies with the "process"; its clean-up calls fail like everything else
    if (crashed) fs.LoseUnsyncedData();

    INFO((crashed ? crash : std::string("the operation completed without reaching it")));
    auto reopened = OpenTree(work.string(), CrashTestOptions());
    std::vector<lsm::KeyValue> data;
    REQUIRE_NOTHROW(data = reopened->NaiveScan(lsm::KeyRange::All()));
    if (crashed) {
      INFO("against the data before the operation: "
           << Catch::Detail::stringify(SameEntries(data, before)) << "\nagainst the data after it: "
           << Catch::Detail::stringify(SameEntries(data, after)));
      REQUIRE((data == before || data == after));
    } else {
      REQUIRE(SameEntries(data, after));
    }
    RequireNoStrayFiles(work.string(), *reopened);
    if (!crashed) return static_cast<int>(point) - 1;
  }
}

}  // namespace lsm::testing
