// The crash-point driver, for any engine: run an operation once per disk-changing call,
// crashing at that call, and check what a reopen shows. See fault_file_system.h; chapter 3's
// tree uses it through crash_points.h, chapter 7's engine and chapter 2's writer directly.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>

#include "tests/support/fault_file_system.h"

namespace lsm::testing {

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

}  // namespace lsm::testing
