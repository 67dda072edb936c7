// Chapter 7's engine: writes survive a reopen without a flush, a flush retires the log in the
// right order, replay checks sequence numbers across logs, and damage is reported by file and
// offset. Reaches the learner's ReplayLog and FlushMemTable through Db::Open and Db::Flush.
#include <catch2/catch.hpp>

#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/07-write-ahead-log/db.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/checksum_repair.h"
#include "tests/support/engine_workload.h"
#include "tests/support/error_of.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/files.h"
#include "tests/support/log_files.h"
#include "tests/support/printing.h"

namespace {

namespace fs = std::filesystem;
using lsm::Db;
using lsm::DbOptions;
using lsm::WriteBatch;
using lsm::testing::ErrorOf;
using lsm::testing::FaultFileSystem;
using State = std::map<std::string, std::string>;

DbOptions SmallOptions(std::size_t budget = 1 << 20, lsm::FileSystem* fs = nullptr) {
  DbOptions options;
  options.tree.memtable_budget_bytes = budget;
  options.tree.table_options.index_interval = 4;
  options.tree.file_system = fs;
  return options;
}

std::set<std::string> Logs(const fs::path& path) {
  std::set<std::string> logs;
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.path().extension() == ".log") logs.insert(entry.path().filename().string());
  }
  return logs;
}

// A batch of puts at `sequence`, as the engine would log it.
std::string BatchAt(std::uint64_t sequence, const std::vector<std::string>& keys) {
  WriteBatch batch;
  for (const std::string& key : keys) batch.Put(key, "v" + key);
  batch.SetSequence(sequence);
  return batch.contents();
}

}  // namespace

TEST_CASE("every acknowledged write survives a reopen without a flush", "[db]") {
  const lsm::TempDir dir("db");
  const std::string path = (dir / "db").string();
  {
    auto db = Db::Open(path, SmallOptions());
    REQUIRE_NOTHROW(db->Put("apple", "red"));
    REQUIRE_NOTHROW(db->Put("kiwi", "green"));
    REQUIRE_NOTHROW(db->Remove("apple"));
    WriteBatch batch;
    batch.Put("fig", "purple");
    batch.Put(std::string("\0\xff", 2), "bytes");
    batch.Remove("kiwi");
    REQUIRE_NOTHROW(db->Write(batch));
    CHECK(batch.sequence() == 4);  // Write gave the batch its numbers: entries 4, 5, 6
    CHECK(db->last_sequence() == 6);
    CHECK(db->stats().tree.tables.empty());  // nothing was flushed
  }                                          // closes the log, flushes nothing
  auto db = Db::Open(path, SmallOptions());
  CHECK(db->last_sequence() == 6);
  CHECK(db->recovery().batches == 4);
  CHECK(db->recovery().entries == 6);
  CHECK(db->Get("apple") == std::nullopt);
  CHECK(db->Get("kiwi") == std::nullopt);
  CHECK(db->Get("fig") == lsm::testing::Bytes("purple"));
  CHECK(db->Get(std::string("\0\xff", 2)) == lsm::testing::Bytes("bytes"));
  // Open flushed what it replayed and retired the log: one new, empty log is left.
  CHECK(db->stats().tree.tables.size() == 1);
  CHECK(Logs(path) == std::set<std::string>{db->stats().log_file});
  CHECK(db->stats().log_bytes == 0);
}

TEST_CASE("a flush records the table, the next log and the last sequence, then deletes the log",
          "[db]") {
  const lsm::TempDir dir("db");
  const std::string path = (dir / "db").string();
  auto db = Db::Open(path, SmallOptions());
  for (int i = 0; i < 10; ++i) REQUIRE_NOTHROW(db->Put("k" + std::to_string(i), "v"));
  const std::string old_log = db->stats().log_file;
  REQUIRE_NOTHROW(db->Flush());
  const lsm::DbStats stats = db->stats();
  INFO("old log " << old_log << ", new log " << stats.log_file);
  CHECK(stats.log_file != old_log);
  CHECK(stats.manifest.last_sequence == 10);
  CHECK(Db::LogFileName(stats.manifest.log_number) == stats.log_file);
  CHECK(Logs(path) == std::set<std::string>{stats.log_file});  // the old log is gone
  CHECK(stats.tree.tables.size() == 1);
  CHECK(stats.tree.memtable_entries == 0);
}

TEST_CASE("a full memtable is flushed before the next write, never inside a batch", "[db]") {
  const lsm::TempDir dir("db");
  const std::string path = (dir / "db").string();
  const lsm::testing::EngineWorkload workload(3);
  {
    auto db = Db::Open(path, SmallOptions(600));
    std::set<std::uint64_t> boundaries = {0};  // last sequence numbers of whole batches
    for (std::uint64_t i = 0; i < 100; ++i) {
      WriteBatch batch = workload.Batch(i);
      REQUIRE_NOTHROW(db->Write(batch));
      boundaries.insert(batch.end_sequence() - 1);
      // The tables end where a batch ends: the manifest's last-sequence is a batch's last.
      const std::uint64_t flushed = db->stats().manifest.last_sequence;
      INFO("after batch " << i << " (sequence " << batch.sequence() << " to "
                          << batch.end_sequence() - 1 << "): manifest last-sequence " << flushed);
      CHECK(boundaries.count(flushed) == 1);
    }
    CHECK(db->stats().tree.tables.size() > 5);
    CHECK(Logs(path).size() == 1);
  }
  auto db = Db::Open(path, SmallOptions(600));
  CHECK(lsm::testing::ReadAll(*db) == workload.StateAfter(100));
}

TEST_CASE("replay flushes when the memtable fills, and replays nothing twice after a crash in it",
          "[db]") {
  const lsm::TempDir dir("db");
  const std::string path = (dir / "db").string();
  const lsm::testing::EngineWorkload workload(4);
  {
    FaultFileSystem fault;
    auto db = Db::Open(path, SmallOptions(1 << 20, &fault));  // nothing flushes
    for (std::uint64_t i = 0; i < 60; ++i) {
      WriteBatch batch = workload.Batch(i);
      db->Write(batch);
    }
    fault.CrashNow();
  }
  // Reopen with a small budget: the replay must flush several times. Crash after its second
  // table is in the manifest: the log is still there, and part of it is in tables.
  std::string last_replay = "none";  // what the last reopen after a crash replayed
  for (std::uint64_t point = 1;; ++point) {
    const fs::path work = dir / ("work" + std::to_string(point));
    fs::copy(path, work, fs::copy_options::recursive);
    FaultFileSystem fault;
    fault.Arm(point);
    bool crashed = false;
    try {
      auto db = Db::Open(work.string(), SmallOptions(800, &fault));
    } catch (const lsm::testing::SimulatedCrash&) {
      crashed = true;
    }
    std::unique_ptr<Db> db;
    REQUIRE_NOTHROW(db = Db::Open(work.string(), SmallOptions(800)));
    INFO("crash at call " << point << " of the replaying open; the next open replayed "
                          << db->recovery().batches << " batches, skipped "
                          << db->recovery().skipped_batches);
    last_replay = "after a crash at call " + std::to_string(point) + ": " +
                  std::to_string(db->recovery().batches) + " batches replayed, " +
                  std::to_string(db->recovery().skipped_batches) + " skipped, " +
                  std::to_string(db->recovery().tables_flushed) + " tables flushed";
    REQUIRE(lsm::testing::ReadAll(*db) == workload.StateAfter(60));
    if (!crashed) {
      CHECK(db->recovery().tables_flushed == 0);  // the completed open flushed and retired all
      break;
    }
    if (db->recovery().skipped_batches > 0) {
      // A table held the first batches of the log; they were skipped, the rest replayed.
      CHECK(db->recovery().skipped_batches + db->recovery().batches == 60);
      CHECK(db->recovery().tables_flushed > 0);
      SUCCEED("a replay after a crash in a replay skipped what the tables held");
      return;
    }
  }
  FAIL(
      "no reopen after a crash skipped a batch that a table held: did the replay flush when the "
      "memtable filled (FlushMemTable(number)), and skip what the tables hold? Last reopen "
      << last_replay);
}

TEST_CASE("replay refuses sequence numbers that leave a gap or split a batch", "[db]") {
  const lsm::TempDir dir("db");
  const std::string path = (dir / "db").string();
  { auto db = Db::Open(path, SmallOptions()); }  // a database with its manifest, no writes
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.path().extension() == ".log") fs::remove(entry.path());
  }

  SECTION("a missing log: the next one starts after a gap") {
    lsm::testing::WriteLog(path + "/000050.log", {BatchAt(1, {"a", "b"}), BatchAt(3, {"c"})});
    lsm::testing::WriteLog(path + "/000052.log", {BatchAt(7, {"d"})});  // 4..6 are lost
    const auto error = ErrorOf<lsm::CorruptionError>([&] { static_cast<void>(Db::Open(path)); });
    REQUIRE(error.has_value());
    INFO(error->what());
    CHECK(error->file() == path + "/000052.log");
    CHECK(error->offset() == 0);
  }
  SECTION("a batch that starts below the next number but ends above it") {
    lsm::testing::WriteLog(path + "/000050.log", {BatchAt(1, {"a", "b", "c"})});
    lsm::testing::WriteLog(path + "/000051.log", {BatchAt(3, {"d", "e"})});  // 3 twice
    const auto error = ErrorOf<lsm::CorruptionError>([&] { static_cast<void>(Db::Open(path)); });
    REQUIRE(error.has_value());
    INFO(error->what());
    CHECK(error->file() == path + "/000051.log");
  }
  SECTION("logs that follow on from each other replay in order") {
    lsm::testing::WriteLog(path + "/000050.log", {BatchAt(1, {"a", "b"}), BatchAt(3, {"a"})});
    lsm::testing::WriteLog(path + "/000052.log", {BatchAt(4, {"b"})});
    std::unique_ptr<Db> db;
    REQUIRE_NOTHROW(db = Db::Open(path));
    CHECK(db->last_sequence() == 4);
    CHECK(db->recovery().logs == std::vector<std::string>{"000050.log", "000052.log"});
    CHECK(Logs(path) == std::set<std::string>{db->stats().log_file});
    CHECK(db->stats().log_file > "000052.log");  // numbers past every log found
  }
}

TEST_CASE("only the newest log may have a torn tail", "[db]") {
  const lsm::TempDir dir("db");
  const std::string path = (dir / "db").string();
  { auto db = Db::Open(path, SmallOptions()); }
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.path().extension() == ".log") fs::remove(entry.path());
  }
  lsm::testing::WriteLog(path + "/000050.log", {BatchAt(1, {"a"}), BatchAt(2, {"b"})});
  lsm::testing::WriteLog(path + "/000051.log", {BatchAt(3, {"c"}), BatchAt(4, {"d"})});

  SECTION("in the newest log it is dropped and reported") {
    fs::resize_file(path + "/000051.log", fs::file_size(path + "/000051.log") - 3);
    std::unique_ptr<Db> db;
    REQUIRE_NOTHROW(db = Db::Open(path));
    CHECK(db->Get("c") == lsm::testing::Bytes("vc"));
    CHECK(db->Get("d") == std::nullopt);
    REQUIRE(db->recovery().dropped.size() == 1);
    CHECK(db->recovery().dropped[0].first == "000051.log");
  }
  SECTION("in an older log it is damage: the newer log's writes came after it") {
    fs::resize_file(path + "/000050.log", fs::file_size(path + "/000050.log") - 3);
    const auto error = ErrorOf<lsm::CorruptionError>([&] { static_cast<void>(Db::Open(path)); });
    REQUIRE(error.has_value());
    CHECK(error->file() == path + "/000050.log");
  }
  SECTION("point-in-time recovery keeps what came before the damage, and says what it dropped") {
    fs::resize_file(path + "/000050.log", fs::file_size(path + "/000050.log") - 3);
    DbOptions options;
    options.recovery_mode = lsm::wal::RecoveryMode::kPointInTime;
    std::unique_ptr<Db> db;
    REQUIRE_NOTHROW(db = Db::Open(path, options));
    CHECK(db->Get("a") == lsm::testing::Bytes("va"));
    CHECK(db->Get("b") == std::nullopt);
    CHECK(db->Get("c") == std::nullopt);  // after the damage: not kept
    REQUIRE(db->recovery().dropped.size() == 2);
    CHECK(db->recovery().dropped[1].first == "000051.log");
    CHECK(db->last_sequence() == 1);
  }
}

TEST_CASE("a failed write stops writes but not reads", "[db]") {
  const lsm::TempDir dir("db");
  const std::string path = (dir / "db").string();
  FaultFileSystem fault;
  auto db = Db::Open(path, SmallOptions(1 << 20, &fault));
  REQUIRE_NOTHROW(db->Put("kept", "yes"));
  fault.SetDiskFull(true);
  CHECK(ErrorOf<lsm::IoError>([&] { db->Put("big", std::string(100000, 'x')); }).has_value());
  fault.SetDiskFull(false);
  const auto refused = ErrorOf<lsm::IoError>([&] { db->Put("after", "no"); });
  REQUIRE(refused.has_value());
  CHECK_THAT(refused->what(), Catch::Contains("earlier failure"));
  CHECK(db->Get("kept") == lsm::testing::Bytes("yes"));
  CHECK(db->Get("big") == std::nullopt);
  db.reset();
  auto reopened = Db::Open(path, SmallOptions());
  CHECK(reopened->Get("kept") == lsm::testing::Bytes("yes"));
  CHECK(reopened->Get("big") == std::nullopt);  // its record was cut short: a torn tail
}

TEST_CASE("a chapter 3 tree's directory opens as a database, which a plain tree then refuses",
          "[db]") {
  const lsm::TempDir dir("db");
  const std::string path = (dir / "tree").string();
  {
    auto tree = lsm::LsmTree::Open(path);
    tree->Put("old", "table");
    tree->Flush();
  }
  {
    std::unique_ptr<Db> db;
    REQUIRE_NOTHROW(db = Db::Open(path));
    CHECK(db->Get("old") == lsm::testing::Bytes("table"));
    REQUIRE_NOTHROW(db->Put("new", "log"));
    REQUIRE_NOTHROW(db->Flush());
  }
  const auto error =
      ErrorOf<lsm::InvalidArgumentError>([&] { static_cast<void>(lsm::LsmTree::Open(path)); });
  REQUIRE(error.has_value());
  CHECK_THAT(error->what(), Catch::Contains("write-ahead log"));
}

TEST_CASE("a batch that would pass the largest sequence number is refused", "[db]") {
  const lsm::TempDir dir("db");
  const std::string path = (dir / "db").string();
  { auto db = Db::Open(path); }
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.path().extension() == ".log") fs::remove(entry.path());
  }
  lsm::testing::WriteLog(path + "/000009.log", {BatchAt(lsm::kMaxSequenceNumber - 1, {"x"})});
  // The manifest says everything before it is in tables.
  std::string text = "lsm-tutorial manifest 2\nnext-file 10\nlog-number 9\nlast-sequence " +
                     std::to_string(lsm::kMaxSequenceNumber - 2) + "\ncrc32c 0\n";
  lsm::testing::WriteFile(path + "/MANIFEST", lsm::testing::RepairManifestChecksum(text));
  auto db = Db::Open(path);
  CHECK(db->last_sequence() == lsm::kMaxSequenceNumber - 1);
  REQUIRE_NOTHROW(db->Put("last", "one"));  // takes kMaxSequenceNumber
  CHECK(ErrorOf<lsm::InvalidArgumentError>([&] { db->Put("one", "more"); }).has_value());
  CHECK(db->Get("one") == std::nullopt);
}

TEST_CASE("a database that never flushed is refused by a plain tree too", "[db]") {
  // Regression: the manifest named no log until the first flush, so chapter 3's tree opened
  // the directory, did not see the log, and gave its first table the log's file number.
  const lsm::TempDir dir("db");
  const std::string path = (dir / "db").string();
  {
    auto db = Db::Open(path);
    REQUIRE_NOTHROW(db->Put("only", "in the log"));
  }
  CHECK(ErrorOf<lsm::InvalidArgumentError>([&] {
          static_cast<void>(lsm::LsmTree::Open(path));
        }).has_value());
  auto db = Db::Open(path);
  CHECK(db->Get("only") == lsm::testing::Bytes("in the log"));
}
