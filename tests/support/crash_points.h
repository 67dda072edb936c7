// Crash-point testing: run an operation once per disk-changing call, crashing at that call, and
// check what a reopen shows. CrashAtEveryPoint drives any engine; CrashEverywhere is its form for
// chapter 3's tree. See fault_file_system.h.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
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

/// What a crash takes away (fault_file_system.h).
enum class CrashLoss {
  kNothing,    ///< a process crash: every written byte survives
  kPowerLoss,  ///< files cut back to their last Sync(), and creations, renames and removals
               ///< that no SyncDir() made durable undone
};

/// How one run of a crash-point test ended.
struct CrashOutcome {
  std::uint64_t point = 0;  ///< the disk-changing call that was armed (1 = the first)
  bool crashed = false;     ///< false: the run completed without reaching `point`
  std::string where;        ///< the call it crashed in
};

/// The crash-point driver, for any engine. For point = 1, 2, 3 ...: copies `original` to a
/// fresh `work`, calls `run(fault, point)`, which opens the engine on `fault` (a
/// FaultFileSystem over `work`), arms it with `fault.Arm(point)` where counting is to start and
/// does the operation under test; then takes away what `loss` says a crash loses and calls
/// `check(outcome)`, which reopens `work` on the real file system and checks what it holds.
/// Stops after the first run that completes without crashing and returns the number of crash
/// points covered.
template <typename Run, typename Check>
int CrashAtEveryPoint(const std::filesystem::path& original, const std::filesystem::path& work,
                      CrashLoss loss, Run&& run, Check&& check) {
  for (std::uint64_t point = 1;; ++point) {
    std::filesystem::remove_all(work);
    std::filesystem::copy(original, work, std::filesystem::copy_options::recursive);
    CrashOutcome outcome;
    outcome.point = point;
    FaultFileSystem fault;
    try {
      run(fault, point);  // the engine dies with the "process" inside; its clean-up fails too
    } catch (const SimulatedCrash& crash) {
      outcome.crashed = true;
      outcome.where = crash.what();
    } catch (const std::exception& error) {
      FAIL("crash at disk-changing call " << point
                                          << ": the run threw something else than the simulated "
                                             "crash: "
                                          << error.what());
    }
    fault.Restart();
    if (loss == CrashLoss::kPowerLoss) static_cast<void>(fault.PowerLoss());
    check(static_cast<const CrashOutcome&>(outcome));
    if (!outcome.crashed) return static_cast<int>(point) - 1;
  }
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
