// Chapter 2: a table whose checksums are valid but whose index lies. An index key raised above
// its group's real first key must never turn a lookup into a wrong "absent" (in a tree an older
// table would then answer): Get reports the corruption, as a scan does.

#include <catch2/catch.hpp>

#include <cstdio>
#include <optional>
#include <string>

#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/checksum_repair.h"
#include "tests/support/error_of.h"
#include "tests/support/files.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/tables.h"

using lsm::CorruptionError;
using lsm::LookupResult;
using lsm::SSTableReader;
using lsm::testing::ErrorOf;
using lsm::testing::OpenTable;

namespace {

// key000 .. key011 in groups of 4: group 0 starts at key000, 1 at key004, 2 at key008.
std::string WriteTable(const lsm::TempDir& dir) {
  const std::string path = (dir / "forged.sst").string();
  lsm::testing::Model model;
  for (int i = 0; i < 12; ++i) {
    char key[8];
    std::snprintf(key, sizeof key, "key%03d", i);
    model[key] = std::string("value") + key;
  }
  lsm::testing::WriteModel(path, model, lsm::SSTableOptions{4});
  return path;
}

// Rewrites the index record `from` (the last occurrence of those bytes: the index follows the
// data) to `to`, of the same length, and recomputes every checksum.
void ForgeIndexKey(const std::string& path, const std::string& from, const std::string& to) {
  std::string bytes = lsm::testing::ReadFile(path);
  const std::size_t at = bytes.rfind(from);
  REQUIRE(at != std::string::npos);
  bytes.replace(at, from.size(), to);
  lsm::testing::WriteFile(path, lsm::testing::RepairTableChecksums(bytes));
}

// Get(key) must be a CorruptionError naming the file; GetFromIndex too (no filter here).
void RequireCorrupt(const SSTableReader& table, const std::string& key) {
  INFO("Get(" << lsm::testing::ShowBytes(key) << ") on " << table.path());
  std::optional<CorruptionError> error;  // any other exception fails the REQUIRE_NOTHROW
  REQUIRE_NOTHROW(error = ErrorOf<CorruptionError>([&] { static_cast<void>(table.Get(key)); }));
  REQUIRE(error);
  CHECK(error->file() == table.path());
  CHECK_THROWS_AS(table.GetFromIndex(key), CorruptionError);
}

}  // namespace

TEST_CASE("a forged first index key is caught by Get, not answered as absent",
          "[sstable][corruption][forged]") {
  const lsm::TempDir dir;
  const std::string path = WriteTable(dir);

  SECTION("group 0's index key raised: a key before it is not simply 'before the table'") {
    ForgeIndexKey(path, "key000", "key001");
    const auto table = OpenTable(path);  // the index itself is self-consistent
    RequireCorrupt(*table, "key000");
    // Keys past the forged boundary still answer correctly, and keys before every real key too:
    // the first group is read and checked, so its real first key is known.
    CHECK(table->Get("key005") == LookupResult::Found("valuekey005"));
    RequireCorrupt(*table, "a");
  }
  SECTION("a later group's index key raised: a key below it is not looked up in the group before") {
    ForgeIndexKey(path, "key008", "key009");
    const auto table = OpenTable(path);
    RequireCorrupt(*table, "key008");   // routed to group 1, which ends before key009
    RequireCorrupt(*table, "key0075");  // between group 1's last entry and the forged key
    CHECK(table->Get("key006") == LookupResult::Found("valuekey006"));
    CHECK(table->Get("key0055") == LookupResult::Absent());  // inside group 1: truly absent
  }
  SECTION("the last group's index key raised") {
    ForgeIndexKey(path, "key008", "key010");
    const auto table = OpenTable(path);
    RequireCorrupt(*table, "key009");
    CHECK(table->Get("key003") == LookupResult::Found("valuekey003"));
  }
}

TEST_CASE("an honest table answers absent keys at every group boundary without an error",
          "[sstable][forged]") {
  const lsm::TempDir dir;
  const auto table = OpenTable(WriteTable(dir));
  for (const char* key : {"", "a", "key0035", "key0075", "key0115", "key012", "z"}) {
    INFO("Get(\"" << key << "\")");
    CHECK(table->Get(key) == LookupResult::Absent());
  }
  CHECK(table->Get("key011") == LookupResult::Found("valuekey011"));
}
