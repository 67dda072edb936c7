// The kill test: real processes, real SIGKILLs. A child writes workload batches and reports
// each acknowledgement on a pipe; the parent kills it at a random moment, reopens the database
// and requires every acknowledged batch, whole, and nothing half-written -- with sync = true and
// with sync = false (a killed process loses nothing the kernel has). The child opens the
// database itself, after fork(): a lock taken before would be shared with it (flock).
//
// Kills per mode: 100, or LSM_KILLS from the environment (the long mode). LSM_KILL_SEED
// replays one seed.
#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>

#include "chapters/07-write-ahead-log/db.h"
#include "common/random.h"
#include "common/temp_dir.h"
#include "tests/support/engine_workload.h"
#include "tests/support/stats.h"

namespace {

using lsm::Db;
using lsm::testing::EngineWorkload;
using State = std::map<std::string, std::string>;

std::uint64_t FromEnvironment(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtoull(value, nullptr, 10) : fallback;
}

lsm::DbOptions KillOptions() {
  lsm::DbOptions options;
  options.tree.memtable_budget_bytes = 16 << 10;  // flushes and new logs while it is killed
  return options;
}

// The child: opens the database, writes batches from `first` on, and writes each acknowledged
// batch's index to `ack_fd`. Never returns.
[[noreturn]] void WriteUntilKilled(const std::string& path, const EngineWorkload& workload,
                                   std::uint64_t first, bool sync, int ack_fd) {
  try {
    auto db = Db::Open(path, KillOptions());
    for (std::uint64_t i = first;; ++i) {
      lsm::WriteBatch batch = workload.Batch(i);
      db->Write(batch, lsm::WriteOptions{sync});
      if (::write(ack_fd, &i, sizeof i) != sizeof i) ::_exit(4);
    }
  } catch (...) {
    ::_exit(3);
  }
}

struct KillRound {
  std::uint64_t acked = 0;  // batches acknowledged, in all (the last index reported + 1)
  int status = 0;           // the child's wait status
};

// Starts a child writing from batch `first`, kills it after `delay_us`, and returns what it
// acknowledged.
KillRound RunAndKill(const std::string& path, const EngineWorkload& workload, std::uint64_t first,
                     bool sync, std::uint64_t delay_us) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    WriteUntilKilled(path, workload, first, sync, fds[1]);
  }
  ::close(fds[1]);
  KillRound round;
  round.acked = first;
  auto read_acks = [&](int timeout_ms) {
    pollfd poll_fd{fds[0], POLLIN, 0};
    while (::poll(&poll_fd, 1, timeout_ms) > 0) {
      std::uint64_t index = 0;
      const ssize_t got = ::read(fds[0], &index, sizeof index);
      if (got != sizeof index) return;  // the child is gone
      round.acked = index + 1;
      timeout_ms = 0;
    }
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(delay_us);
  while (std::chrono::steady_clock::now() < deadline) read_acks(1);
  ::kill(child, SIGKILL);
  REQUIRE(::waitpid(child, &round.status, 0) == child);
  read_acks(0);  // what it acknowledged before it died is still in the pipe
  ::close(fds[0]);
  return round;
}

// Kills `kills` children one after another on one database; returns the batches they wrote.
std::uint64_t KillRepeatedly(bool sync, std::uint64_t kills, std::uint64_t seed) {
  const lsm::TempDir dir("db-kill");
  const std::string path = (dir / "db").string();
  const EngineWorkload workload(seed);
  lsm::Random random(seed);
  State state;              // the workload's state after `holds` batches
  std::uint64_t holds = 0;  // batches the database holds
  for (std::uint64_t kill = 0; kill < kills; ++kill) {
    const std::uint64_t delay_us = 2000 + random.Uniform(sync ? 60000 : 20000);
    const KillRound round = RunAndKill(path, workload, holds, sync, delay_us);
    INFO("seed " << seed << " (replay: LSM_KILL_SEED=" << seed << "), sync = " << sync << ", kill "
                 << kill << " after " << delay_us << " us: the child wrote from batch " << holds
                 << " and acknowledged up to batch " << round.acked);
    REQUIRE(WIFSIGNALED(round.status));  // it was still writing: it died of the kill
    REQUIRE(WTERMSIG(round.status) == SIGKILL);

    std::unique_ptr<Db> db;
    REQUIRE_NOTHROW(db = Db::Open(path, KillOptions()));
    State found;
    REQUIRE_NOTHROW(found = lsm::testing::ReadAll(*db));
    const std::uint64_t progress = lsm::testing::ProgressOf(found);
    INFO("the reopened database holds " << progress << " batches");
    // Every acknowledged batch; perhaps the one in flight, which may have reached the kernel.
    REQUIRE(progress >= round.acked);
    REQUIRE(progress <= round.acked + 1);
    for (; holds < progress; ++holds) workload.ApplyTo(holds, state);
    INFO("first difference from the state after "
         << progress << " batches: " << lsm::testing::FirstDifference(found, state));
    REQUIRE(found == state);  // and nothing half-written, reordered or resurrected
  }
  return holds;
}

}  // namespace

TEST_CASE("a killed writer loses no acknowledged batch, synced or not", "[kill][db]") {
  const std::uint64_t kills = FromEnvironment("LSM_KILLS", 100);
  const std::uint64_t seed = FromEnvironment("LSM_KILL_SEED", 2026);
  std::ostringstream line;
  line << "kill test, chapter 7 engine: " << kills << " SIGKILLs with sync = true ("
       << KillRepeatedly(true, kills, seed) << " batches written), " << kills
       << " with sync = false (" << KillRepeatedly(false, kills, seed + 1)
       << " batches written), every acknowledged batch found whole";
  WARN(line.str());
  lsm::testing::RecordStat(line.str());
}
