// Crash-point testing of chapter 3's tree and later stages on it: CrashEverywhere, the form of
// crash_driver.h's CrashAtEveryPoint for a tree, and the tree it starts from.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "tests/support/crash_driver.h"
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

/// CrashAtEveryPoint for a tree: opens it, runs `prepare` unarmed, then `operation` armed, and
/// by default models a power loss after each crash. The reopened tree must hold exactly `before` or
/// exactly `after`, and after the run that completes exactly `after`; no stray file may be left.
inline int CrashEverywhere(const std::filesystem::path& original, const std::filesystem::path& work,
                           const std::function<void(lsm::LsmTree&)>& prepare,
                           const std::function<void(lsm::LsmTree&)>& operation,
                           const std::vector<lsm::KeyValue>& before,
                           const std::vector<lsm::KeyValue>& after,
                           CrashLoss loss = CrashLoss::kPowerLoss) {
  const auto run = [&](FaultFileSystem& fault, std::uint64_t point) {
    auto tree = OpenTree(work.string(), CrashTestOptions(&fault));
    REQUIRE_NOTHROW(prepare(*tree));
    fault.Arm(point);
    operation(*tree);
  };
  const auto check = [&](const CrashOutcome& outcome) {
    INFO("crash at disk-changing call "
         << outcome.point << ": "
         << (outcome.crashed ? outcome.where
                             : std::string("the operation completed without reaching it")));
    auto reopened = OpenTree(work.string(), CrashTestOptions());
    std::vector<lsm::KeyValue> data;
    REQUIRE_NOTHROW(data = reopened->NaiveScan(lsm::KeyRange::All()));
    if (outcome.crashed) {
      INFO("against the data before the operation: "
           << Catch::Detail::stringify(SameEntries(data, before)) << "\nagainst the data after it: "
           << Catch::Detail::stringify(SameEntries(data, after)));
      REQUIRE((data == before || data == after));
    } else {
      REQUIRE(SameEntries(data, after));
    }
    RequireNoStrayFiles(work.string(), *reopened);
  };
  return CrashAtEveryPoint(original, work, loss, run, check);
}

}  // namespace lsm::testing
