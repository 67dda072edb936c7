// Chapter 2: a finished table is durable and visible at once, an unfinished one never visible.
// The writer runs on a fault-injecting file system that crashes at its 1st, 2nd, 3rd ...
// disk-changing call (create, append, flush, fsync, close, rename, directory fsync) and then
// models a power loss: bytes never fsynced are lost, and creations and renames that no fsync of
// the directory made durable are undone. The table's name must then hold nothing or the whole
// table, and after a Finish() that returned, the whole table.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "common/temp_dir.h"
#include "tests/support/crash_driver.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/iteration.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/tables.h"

using lsm::testing::CrashLoss;
using lsm::testing::CrashOutcome;
using lsm::testing::FaultFileSystem;
using lsm::testing::Seen;

TEST_CASE("a power loss at any point of writing a table leaves no table or the whole table",
          "[sstable][crash]") {
  const lsm::TempDir dir;
  const std::filesystem::path original = dir / "original";  // an empty directory
  std::filesystem::create_directory(original);
  const std::filesystem::path work = dir / "work";
  const std::string path = (work / "000001.sst").string();
  std::vector<Seen> expected;
  for (int i = 0; i < 40; ++i) {
    const std::string key = "key" + std::to_string(100 + i);
    expected.push_back(i % 7 == 3 ? Seen{key, "", true} : Seen{key, "value" + key, false});
  }

  const auto run = [&](FaultFileSystem& fault, std::uint64_t point) {
    fault.Arm(point);
    lsm::SSTableWriter writer(path, lsm::SSTableOptions{4}, fault);
    for (const Seen& entry : expected) writer.Add(entry.key, entry.value, entry.tombstone);
    writer.Finish();
  };
  const auto check = [&](const CrashOutcome& outcome) {
    INFO("a power loss at disk-changing call "
         << outcome.point << ": "
         << (outcome.crashed ? outcome.where : "none (Finish() returned before it)"));
    const bool exists = std::filesystem::exists(path);
    if (!outcome.crashed) {
      INFO(
          "Finish() returned, so the table must survive a power loss: its data fsynced before "
          "the rename, the rename made durable by an fsync of the directory");
      REQUIRE(exists);
    }
    if (!exists) return;  // never made visible: fine, as long as nothing half-written is
    INFO(
        "a table under its final name after the power loss must be whole (Sync, Close, Rename, "
        "SyncDir: in that order)");
    const auto table = lsm::testing::OpenTable(path);
    auto it = table->NewIterator();
    std::vector<Seen> seen;
    REQUIRE_NOTHROW(seen = lsm::testing::ScanForward(*it));
    REQUIRE(seen == expected);
  };
  const int points =
      lsm::testing::CrashAtEveryPoint(original, work, CrashLoss::kPowerLoss, run, check);
  CHECK(points >= 5);  // create, append(s), sync, close, rename, directory fsync
}
