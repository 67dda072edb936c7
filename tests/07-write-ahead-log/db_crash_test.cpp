// Crash points of the engine: a crash at every disk-changing call of an open that replays a
// torn log, of Write (sync on and off) and of the flushes the writes cause, in two modes of the
// fault-injecting file system -- a process crash (written bytes survive) and a power loss
// (unsynced bytes, creations, renames and removals without a directory fsync are lost).
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "chapters/07-write-ahead-log/db.h"
#include "common/temp_dir.h"
#include "tests/support/engine_workload.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/stats.h"

namespace {

namespace fs = std::filesystem;
using lsm::Db;
using lsm::DbOptions;
using lsm::testing::EngineWorkload;
using lsm::testing::FaultFileSystem;
using lsm::testing::SimulatedCrash;
using State = std::map<std::string, std::string>;

constexpr std::uint64_t kBaseBatches = 30;  // in the prepared directory, the last one torn
constexpr std::uint64_t kWorkBatches = 40;  // written at each crash point
constexpr std::uint64_t kSeed = 7;

DbOptions CrashOptions(lsm::FileSystem* fs) {
  DbOptions options;
  options.tree.memtable_budget_bytes = 1500;  // a flush every dozen batches or so
  options.tree.table_options.index_interval = 4;
  options.tree.file_system = fs;
  return options;
}

// A database that holds kBaseBatches - 1 batches in tables and an unflushed log whose last
// record (batch kBaseBatches - 1) a crash tore: the next open must replay, drop the tail and
// retire that log.
void PrepareTornDatabase(const fs::path& path, const EngineWorkload& workload) {
  FaultFileSystem fault;
  {
    auto db = Db::Open(path.string(), CrashOptions(&fault));
    for (std::uint64_t i = 0; i < kBaseBatches; ++i) {
      lsm::WriteBatch batch = workload.Batch(i);
      db->Write(batch);
    }
    fault.CrashNow();  // no clean close
  }
  fs::path newest;
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.path().extension() == ".log" && entry.path() > newest) newest = entry.path();
  }
  REQUIRE(!newest.empty());
  REQUIRE(fs::file_size(newest) > 5);
  fs::resize_file(newest, fs::file_size(newest) - 5);  // the last record, torn
}

enum class Failure { kProcessCrash, kPowerLoss };

struct Outcome {
  bool crashed = false;
  std::string where;        // the call that crashed
  std::uint64_t acked = 0;  // workload batches whose Write returned
};

// Open, then kWorkBatches writes (and one explicit Flush half-way), crashing at disk-changing
// call `point`.
Outcome RunUntilCrash(const fs::path& work, const EngineWorkload& workload, bool sync,
                      std::uint64_t point, Failure failure) {
  Outcome outcome;
  FaultFileSystem fault;
  fault.Arm(point);
  try {
    auto db = Db::Open(work.string(), CrashOptions(&fault));
    for (std::uint64_t i = 0; i < kWorkBatches; ++i) {
      lsm::WriteBatch batch = workload.Batch(kBaseBatches - 1 + i);
      db->Write(batch, lsm::WriteOptions{sync});
      ++outcome.acked;
      if (i == kWorkBatches / 2) db->Flush();
    }
    fault.CrashNow();  // the end of the run is a crash too: no clean close
  } catch (const SimulatedCrash& crash) {
    outcome.crashed = true;
    outcome.where = crash.what();
  }
  fault.Restart();
  if (failure == Failure::kPowerLoss) fault.PowerLoss();
  return outcome;
}

// Runs every crash point; returns how many there were.
int CrashEverywhere(bool sync, Failure failure) {
  const EngineWorkload workload(kSeed);
  const lsm::TempDir dir("db-crash");
  const fs::path original = dir / "original";
  const fs::path work = dir / "work";
  PrepareTornDatabase(original, workload);
  // The torn batch kBaseBatches - 1 is not in the base; the work writes it again first.
  std::vector<State> states;  // states[k]: the base and the first k work batches
  State state = workload.StateAfter(kBaseBatches - 1);
  states.push_back(state);
  for (std::uint64_t i = 0; i < kWorkBatches; ++i) {
    workload.ApplyTo(kBaseBatches - 1 + i, state);
    states.push_back(state);
  }

  for (std::uint64_t point = 1;; ++point) {
    fs::remove_all(work);
    fs::copy(original, work, fs::copy_options::recursive);
    const Outcome outcome = RunUntilCrash(work, workload, sync, point, failure);
    INFO((failure == Failure::kPowerLoss ? "power loss" : "process crash")
         << (sync ? ", sync = true" : ", sync = false") << ", crash at disk-changing call " << point
         << ": " << (outcome.crashed ? outcome.where : "(no crash: the run completed)")
         << ", after " << outcome.acked << " acknowledged batches");

    std::unique_ptr<Db> db;
    REQUIRE_NOTHROW(db = Db::Open(work.string(), CrashOptions(nullptr)));
    State found;
    REQUIRE_NOTHROW(found = lsm::testing::ReadAll(*db));
    // Which prefixes may survive: every acknowledged batch, and maybe the one in flight -- but
    // a power loss with sync = false may lose any suffix of the unflushed ones.
    const std::uint64_t most = std::min<std::uint64_t>(outcome.acked + 1, kWorkBatches);
    const bool may_lose_suffix = failure == Failure::kPowerLoss && !sync;
    const std::uint64_t least = may_lose_suffix ? 0 : outcome.acked;
    std::optional<std::uint64_t> matched;
    for (std::uint64_t k = least; k <= most && !matched; ++k) {
      if (found == states[k]) matched = k;
    }
    INFO("the reopened database holds the first "
         << lsm::testing::ProgressOf(found) << " workload batches (its \"progress\" key; the first "
         << kBaseBatches - 1 << " are the base); " << outcome.acked
         << " work batches were acknowledged; the first difference from the state they leave: "
         << lsm::testing::FirstDifference(found, states[std::min(outcome.acked, most)]));
    REQUIRE(matched.has_value());

    // And it goes on: crash, reopen, write, crash again, reopen -- the torn tail of the first
    // crash must not end up in front of the new write.
    db.reset();
    FaultFileSystem second;
    REQUIRE_NOTHROW(db = Db::Open(work.string(), CrashOptions(&second)));
    lsm::WriteBatch next = workload.Batch(kBaseBatches - 1 + *matched);
    REQUIRE_NOTHROW(db->Write(next, lsm::WriteOptions{true}));
    second.CrashNow();
    db.reset();
    REQUIRE_NOTHROW(db = Db::Open(work.string(), CrashOptions(nullptr)));
    State expected = states[*matched];
    workload.ApplyTo(kBaseBatches - 1 + *matched, expected);
    State again;
    REQUIRE_NOTHROW(again = lsm::testing::ReadAll(*db));
    INFO("after one more write, a second crash and a reopen: " << lsm::testing::FirstDifference(
             again, expected));
    REQUIRE(again == expected);
    if (!outcome.crashed) return static_cast<int>(point) - 1;
  }
}

}  // namespace

TEST_CASE("a crash at any disk-changing call keeps every acknowledged batch, whole",
          "[crash][db]") {
  std::ostringstream line;
  line << "crash points, chapter 7 engine (open with replay of a torn log, " << kWorkBatches
       << " writes, their flushes):";
  for (const Failure failure : {Failure::kProcessCrash, Failure::kPowerLoss}) {
    for (const bool sync : {false, true}) {
      const int points = CrashEverywhere(sync, failure);
      CHECK(points > 100);
      line << " " << (failure == Failure::kPowerLoss ? "power loss" : "process crash")
           << (sync ? " with sync " : " without sync ") << points << ";";
    }
  }
  WARN(line.str());
  lsm::testing::RecordStat(line.str());
}
