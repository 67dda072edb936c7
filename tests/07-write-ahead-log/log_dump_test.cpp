// Chapter 7: log-dump shows a log's records, fragments and batches, and exits non-zero on damage.
// It reads through the learner's reader, so these tests are chapter 7's.

#include <catch2/catch.hpp>

#include <string>

#include "chapters/07-write-ahead-log/write_batch.h"
#include "common/temp_dir.h"
#include "tests/support/files.h"
#include "tests/support/log_files.h"
#include "tests/support/subprocess.h"

using lsm::testing::ChildResult;

namespace {

std::string Batch(std::uint64_t sequence, const std::string& key, std::size_t value_size) {
  lsm::WriteBatch batch;
  batch.Put(key, std::string(value_size, 'v'));
  batch.Remove("old\xff");
  batch.SetSequence(sequence);
  return batch.contents();
}

ChildResult Dump(const lsm::TempDir& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {LSM_LOG_DUMP};
  argv.insert(argv.end(), args.begin(), args.end());
  return lsm::testing::RunProgram(argv, "", (dir / "dump").string());
}

}  // namespace

TEST_CASE("log-dump shows records, fragments and batch entries of a good log", "[log-dump]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "000001.log").string();
  lsm::testing::WriteLog(path, {Batch(1, "a", 10), Batch(3, "big", 50000), Batch(5, "z", 1)});
  const ChildResult result = Dump(dir, {path});
  INFO(result.Describe());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out,
             Catch::Contains("record @0: ") && Catch::Contains("batch sequence 1, 2 entries"));
  CHECK_THAT(result.out,
             Catch::Contains("FULL") && Catch::Contains("FIRST") && Catch::Contains("LAST"));
  CHECK_THAT(result.out, Catch::Contains("#1        put    \"a\" -> \"vvvvvvvvvv\""));
  CHECK_THAT(result.out, Catch::Contains("#2        remove \"old\\xff\""));
  CHECK_THAT(result.out, Catch::Contains("3 records, 6 entries, next sequence 7"));
}

TEST_CASE("log-dump exits 1 on a torn tail and on damage before it", "[log-dump][corruption]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "000002.log").string();
  const auto ends = lsm::testing::WriteLog(path, {Batch(1, "a", 10), Batch(3, "b", 10)});
  const std::string good = lsm::testing::ReadFile(path);

  lsm::testing::WriteFile(path, good.substr(0, good.size() - 3));  // torn tail
  ChildResult result = Dump(dir, {"--summary", path});
  INFO(result.Describe());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("1 records") &&
                             Catch::Contains("dropped @" + std::to_string(ends[0])));

  std::string bad = good;
  bad[10] = static_cast<char>(bad[10] ^ 1);  // inside the first record: damage before the tail
  lsm::testing::WriteFile(path, bad);
  result = Dump(dir, {path});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("corruption in '" + path + "' at offset 0"));
  result = Dump(dir, {"--mode=point-in-time", path});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("0 records") && Catch::Contains("dropped @0"));

  result = Dump(dir, {"--mode=sideways", path});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("usage: log-dump"));
}
