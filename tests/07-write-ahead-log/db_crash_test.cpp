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
#include "tests/support/crash_driver.h"
#include "tests/support/engine_workload.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/stats.h"

namespace {

namespace fs = std::filesystem;
using lsm::Db;
using lsm::DbOptions;
using lsm::testing::CrashLoss;
using lsm::testing::CrashOutcome;
using lsm::testing::EngineWorkload;
using lsm::testing::FaultFileSystem;
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

// Runs every crash point of an open and kWorkBatches writes (and one explicit Flush half-way),
// losing what `loss` says; returns how many there were.
int CrashEverywhere(bool sync, CrashLoss loss) {
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

  std::uint64_t acked = 0;  // work batches whose Write returned, in the current run
  const auto run = [&](FaultFileSystem& fault, std::uint64_t point) {
    acked = 0;
    fault.Arm(point);
    auto db = Db::Open(work.string(), CrashOptions(&fault));
    for (std::uint64_t i = 0; i < kWorkBatches; ++i) {
      lsm::WriteBatch batch = workload.Batch(kBaseBatches - 1 + i);
      db->Write(batch, lsm::WriteOptions{sync});
      ++acked;
      if (i == kWorkBatches / 2) db->Flush();
    }
    fault.CrashNow();  // the end of the run is a crash too: no clean close
  };
  const auto check = [&](const CrashOutcome& outcome) {
    INFO((loss == CrashLoss::kPowerLoss ? "power loss" : "process crash")
         << (sync ? ", sync = true" : ", sync = false") << ", crash at disk-changing call "
         << outcome.point << ": "
         << (outcome.crashed ? outcome.where : "(no crash: the run completed)") << ", after "
         << acked << " acknowledged batches");

    std::unique_ptr<Db> db;
    REQUIRE_NOTHROW(db = Db::Open(work.string(), CrashOptions(nullptr)));
    State found;
    REQUIRE_NOTHROW(found = lsm::testing::ReadAll(*db));
    // Which prefixes may survive: every acknowledged batch, and maybe the one in flight -- but
    // a power loss with sync = false may lose any suffix of the unflushed ones.
    const std::uint64_t most = std::min<std::uint64_t>(acked + 1, kWorkBatches);
    const bool may_lose_suffix = loss == CrashLoss::kPowerLoss && !sync;
    const std::uint64_t least = may_lose_suffix ? 0 : acked;
    std::optional<std::uint64_t> matched;
    for (std::uint64_t k = least; k <= most && !matched; ++k) {
      if (found == states[k]) matched = k;
    }
    INFO("the reopened database holds the first "
         << lsm::testing::ProgressOf(found) << " workload batches (its \"progress\" key; the first "
         << kBaseBatches - 1 << " are the base); " << acked
         << " work batches were acknowledged; the first difference from the state they leave: "
         << lsm::testing::FirstDifference(found, states[std::min(acked, most)]));
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
  };
  return lsm::testing::CrashAtEveryPoint(original, work, loss, run, check);
}

}  // namespace

TEST_CASE("a crash at any disk-changing call keeps every acknowledged batch, whole",
          "[crash][db]") {
  std::ostringstream line;
  line << "crash points, chapter 7 engine (open with replay of a torn log, " << kWorkBatches
       << " writes, their flushes):";
  for (const CrashLoss loss : {CrashLoss::kNothing, CrashLoss::kPowerLoss}) {
    for (const bool sync : {false, true}) {
      const int points = CrashEverywhere(sync, loss);
      CHECK(points > 100);
      line << " " << (loss == CrashLoss::kPowerLoss ? "power loss" : "process crash")
           << (sync ? " with sync " : " without sync ") << points << ";";
    }
  }
  WARN(line.str());
  lsm::testing::RecordStat(line.str());
}
