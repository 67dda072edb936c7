// Given code, chapter 2: sst-dump runs the reader's checks and exits non-zero on a damaged table,
// including one whose checksums are valid but whose index lies. Label "given": the tables are
// the fuzz corpus's seeds (written by the reference writer), so no learner code is needed.

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "common/temp_dir.h"
#include "tests/support/checksum_repair.h"
#include "tests/support/files.h"
#include "tests/support/printing.h"
#include "tests/support/subprocess.h"

using lsm::testing::ChildResult;
using lsm::testing::ReadFile;
using lsm::testing::WriteFile;

namespace {

// key000 .. key029 in groups of 4 (group 2 starts at key008), tombstones among them.
const std::string kPlain = std::string(LSM_TABLE_SEEDS) + "/seed-interval4-tombstones.sst";
// Format version 2: a Bloom filter block at [2356, 2458).
const std::string kFiltered = std::string(LSM_TABLE_SEEDS) + "/seed-interval4-bloom.sst";

ChildResult Dump(const lsm::TempDir& dir, std::string bytes, const std::string& option = "") {
  const std::string path = (dir / "t.sst").string();
  WriteFile(path, bytes);
  std::vector<std::string> argv = {LSM_SST_DUMP};
  if (!option.empty()) argv.push_back(option);
  argv.push_back(path);
  return lsm::testing::RunProgram(argv, "", (dir / "dump").string());
}

}  // namespace

TEST_CASE("sst-dump shows an honest table and exits 0", "[sst-dump]") {
  const lsm::TempDir dir;
  for (const auto& [seed, key] : {std::pair{kPlain, "\"key008\""}, {kFiltered, "\"user:00104\""}}) {
    const ChildResult result = Dump(dir, ReadFile(seed));
    INFO(seed << "\n" << result.Describe());
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Catch::Contains(std::string(key) + " -> "));  // an entry line
    CHECK(result.err.empty());
  }
}

TEST_CASE("sst-dump exits 1 on a forged index whose checksums are valid", "[sst-dump]") {
  const lsm::TempDir dir;
  std::string bytes = ReadFile(kPlain);
  const std::size_t at = bytes.rfind("key008");  // the index record: the index follows the data
  REQUIRE(at != std::string::npos);
  bytes.replace(at, 6, "key009");
  const ChildResult result = Dump(dir, lsm::testing::RepairTableChecksums(bytes));
  INFO(result.Describe());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("group's first key differs from the index"));
  CHECK_THAT(result.err, Catch::Contains("at offset 168"));      // group 2
  CHECK_THAT(result.out, Catch::Contains("crc32c of group 1"));  // what came before is shown
  CHECK_THAT(result.out, !Catch::Contains("crc32c of group 2"));
}

TEST_CASE("sst-dump exits 1 on a flipped data byte and on a damaged filter block", "[sst-dump]") {
  const lsm::TempDir dir;
  std::string plain = ReadFile(kPlain);
  plain[100] = static_cast<char>(plain[100] ^ 0x01);  // inside group 1
  ChildResult result = Dump(dir, plain);
  INFO(result.Describe());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("at offset 83"));

  std::string filtered = ReadFile(kFiltered);
  filtered[2400] = static_cast<char>(filtered[2400] ^ 0x10);  // inside the filter block
  for (const std::string& option : {std::string(), std::string("--summary")}) {
    result = Dump(dir, filtered, option);
    INFO(option << "\n" << result.Describe());
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, Catch::Contains("filter checksum mismatch"));
  }
}

TEST_CASE("sst-dump without a file prints its usage and exits 2", "[sst-dump]") {
  const lsm::TempDir dir;
  const ChildResult result = lsm::testing::RunProgram({LSM_SST_DUMP}, "", (dir / "d").string());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("usage: sst-dump"));
}
