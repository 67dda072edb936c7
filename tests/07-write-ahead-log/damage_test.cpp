// Chapter 7: a damaged log never yields a wrong, reordered or half record. Every truncation and
// every flipped byte ends in a CorruptionError naming the file and an offset, or in a correct
// prefix of the records, exactly as each recovery mode promises.

#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "chapters/07-write-ahead-log/batch_log.h"
#include "chapters/07-write-ahead-log/log_format.h"
#include "chapters/07-write-ahead-log/write_batch.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/files.h"
#include "tests/support/log_files.h"

using lsm::testing::LogRead;
using lsm::testing::ReadLog;
using lsm::testing::WriteLog;
using lsm::wal::kBlockSize;
using lsm::wal::RecoveryMode;

namespace {

constexpr RecoveryMode kAbsolute = RecoveryMode::kAbsoluteConsistency;
constexpr RecoveryMode kTolerate = RecoveryMode::kTolerateCorruptedTail;
constexpr RecoveryMode kPointInTime = RecoveryMode::kPointInTime;

// Small records, one fragmented across two blocks, and small ones after it.
std::vector<std::string> Records(bool fragmented) {
  std::vector<std::string> records = {"first", "", "third record", std::string(100, 'x')};
  if (fragmented) records.push_back(std::string(40000, 'f'));
  records.emplace_back("after");
  records.emplace_back("last one");
  return records;
}

// The number of records that end at or before `offset`.
std::size_t RecordsBefore(const std::vector<std::uint64_t>& ends, std::uint64_t offset) {
  std::size_t n = 0;
  while (n < ends.size() && ends[n] <= offset) ++n;
  return n;
}

std::vector<std::string> Prefix(const std::vector<std::string>& records, std::size_t n) {
  return {records.begin(), records.begin() + static_cast<std::ptrdiff_t>(n)};
}

// Offsets to damage: every byte of a small log; for a long one every byte near a block or
// record boundary and every 37th byte elsewhere.
std::vector<std::uint64_t> Offsets(std::uint64_t size, const std::vector<std::uint64_t>& ends) {
  std::vector<std::uint64_t> offsets;
  for (std::uint64_t at = 0; at < size; ++at) {
    bool near =
        size < 2000 || at % 37 == 0 || at % kBlockSize < 24 || at % kBlockSize > kBlockSize - 24;
    for (const std::uint64_t end : ends) near = near || (at + 24 > end && at < end + 24);
    if (near) offsets.push_back(at);
  }
  return offsets;
}

void RequireNamesFile(const LogRead& read, const std::string& path, std::uint64_t at_most) {
  REQUIRE(read.error);
  CHECK(read.error_file == path);
  CHECK(read.error_offset <= at_most);
  CHECK_THAT(*read.error, Catch::Contains("corruption in '" + path + "'"));
}

}  // namespace

TEST_CASE("a log cut at any length: a torn tail, dropped and reported, never a half record",
          "[log][corruption]") {
  const lsm::TempDir dir;
  for (const bool fragmented : {false, true}) {
    const std::vector<std::string> records = Records(fragmented);
    const std::string good_path = (dir / "good.log").string();
    const std::vector<std::uint64_t> ends = WriteLog(good_path, records);
    const std::string good = lsm::testing::ReadFile(good_path);
    const std::string path = (dir / "cut.log").string();
    for (const std::uint64_t size : Offsets(good.size() + 1, ends)) {
      INFO((fragmented ? "fragmented log" : "small log")
           << " cut to " << size << " of " << good.size() << " bytes");
      lsm::testing::WriteFile(path, good.substr(0, size));
      const std::size_t whole = RecordsBefore(ends, size);
      const bool clean = size == 0 || (whole > 0 && ends[whole - 1] == size);

      const LogRead tolerant = ReadLog(path, kTolerate);
      REQUIRE_FALSE(tolerant.error);  // a cut is always a torn tail
      CHECK(tolerant.records == Prefix(records, whole));
      CHECK(tolerant.dropped.empty() == clean);
      if (!clean) {
        REQUIRE(tolerant.dropped.size() == 1);
        CHECK(tolerant.dropped[0].offset + tolerant.dropped[0].bytes == size);
        CHECK(tolerant.dropped[0].offset >= (whole > 0 ? ends[whole - 1] : 0));
      }
      const LogRead point = ReadLog(path, kPointInTime);
      CHECK_FALSE(point.error);
      CHECK(point.records == tolerant.records);
      const LogRead strict = ReadLog(path, kAbsolute);
      CHECK(strict.error.has_value() == !clean);
      CHECK(strict.records == Prefix(records, strict.records.size()));
      if (strict.error) RequireNamesFile(strict, path, size);
    }
  }
}

TEST_CASE("a flipped byte anywhere: an error naming file and offset, or a correct prefix",
          "[log][corruption]") {
  const lsm::TempDir dir;
  for (const bool fragmented : {false, true}) {
    const std::vector<std::string> records = Records(fragmented);
    const std::string good_path = (dir / "good.log").string();
    const std::vector<std::uint64_t> ends = WriteLog(good_path, records);
    const std::string good = lsm::testing::ReadFile(good_path);
    const std::string path = (dir / "flipped.log").string();
    for (const std::uint64_t at : Offsets(good.size(), ends)) {
      INFO((fragmented ? "fragmented log" : "small log") << ", byte " << at << " flipped");
      std::string bad = good;
      bad[at] = static_cast<char>(bad[at] ^ 0x20);
      lsm::testing::WriteFile(path, bad);
      const std::size_t intact = RecordsBefore(ends, at);  // records wholly before the damage
      const bool in_last_record = intact + 1 == records.size();

      const LogRead strict = ReadLog(path, kAbsolute);
      RequireNamesFile(strict, path, at);  // every byte is checked by something
      CHECK(strict.records == Prefix(records, intact));

      const LogRead point = ReadLog(path, kPointInTime);
      CHECK_FALSE(point.error);
      CHECK(point.records == Prefix(records, intact));
      REQUIRE(point.dropped.size() == 1);
      CHECK(point.dropped[0].offset <= at);

      // Damage in the last record reaches the end of the file: a torn tail. Anywhere else a
      // valid record follows it, so it is damage before the tail.
      const LogRead tolerant = ReadLog(path, kTolerate);
      CHECK(tolerant.records == Prefix(records, intact));
      if (in_last_record) {
        CHECK_FALSE(tolerant.error);
        CHECK(tolerant.dropped.size() == 1);
      } else {
        RequireNamesFile(tolerant, path, at);
        CHECK_THAT(*tolerant.error, Catch::Contains("before the tail"));
      }
    }
  }
}

TEST_CASE("a zero-filled tail is torn, but zeros with a record after them are not",
          "[log][corruption]") {
  const lsm::TempDir dir;
  const std::vector<std::string> records = Records(false);
  const std::string path = (dir / "zeros.log").string();
  const std::vector<std::uint64_t> ends = WriteLog(path, records);
  const std::string good = lsm::testing::ReadFile(path);

  // The last two records zeroed, as a file system may leave a file extended before a crash.
  lsm::testing::WriteFile(path, good.substr(0, ends[ends.size() - 3]) +
                                    std::string(good.size() - ends[ends.size() - 3], '\0'));
  LogRead read = ReadLog(path, kTolerate);
  CHECK_FALSE(read.error);
  CHECK(read.records == Prefix(records, records.size() - 2));
  REQUIRE(read.dropped.size() == 1);
  CHECK(read.dropped[0].offset == ends[ends.size() - 3]);
  CHECK(ReadLog(path, kAbsolute).error);

  // Zeros over one record in the middle: records after it were acknowledged, so it is an error.
  std::string middle = good;
  middle.replace(ends[1], ends[2] - ends[1], ends[2] - ends[1], '\0');
  lsm::testing::WriteFile(path, middle);
  read = ReadLog(path, kTolerate);
  RequireNamesFile(read, path, ends[1]);
  CHECK(read.records == Prefix(records, 2));
  read = ReadLog(path, kPointInTime);
  CHECK(read.records == Prefix(records, 2));
  CHECK(read.dropped.at(0).offset == ends[1]);
}

TEST_CASE("a log ending between two fragments drops the partial record", "[log][corruption]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "partial.log").string();
  const std::vector<std::uint64_t> ends = WriteLog(path, {"small", std::string(70000, 'p')});
  const std::string good = lsm::testing::ReadFile(path);
  lsm::testing::WriteFile(path, good.substr(0, 2 * kBlockSize));  // FIRST and MIDDLE, no LAST
  const LogRead read = ReadLog(path, kTolerate);
  CHECK_FALSE(read.error);
  CHECK(read.records == std::vector<std::string>{"small"});
  REQUIRE(read.dropped.size() == 1);
  CHECK(read.dropped[0].offset == ends[0]);  // from the partial record's FIRST fragment
  CHECK(read.dropped[0].bytes == 2 * kBlockSize - ends[0]);
  CHECK(ReadLog(path, kAbsolute).error);
}

TEST_CASE("batches in a log: sequence numbers may jump but never go back or overlap",
          "[log][batch]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "batches.log").string();
  auto batch = [](std::uint64_t sequence, int entries) {
    lsm::WriteBatch b;
    for (int i = 0; i < entries; ++i) b.Put("k" + std::to_string(i), "v");
    b.SetSequence(sequence);
    return b.contents();
  };
  auto read_all = [&](std::uint64_t first) {
    lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile(path));
    lsm::wal::BatchLogReader batches(reader, first);
    std::vector<std::uint64_t> sequences;
    while (const auto b = batches.Next()) sequences.push_back(b->sequence());
    return sequences;
  };

  WriteLog(path, {batch(1, 3), batch(4, 1), batch(10, 2)});  // a gap from 5 to 10 is allowed
  CHECK(read_all(1) == std::vector<std::uint64_t>{1, 4, 10});
  CHECK_THROWS_AS(read_all(2), lsm::CorruptionError);  // before what recovery already has

  WriteLog(path, {batch(1, 3), batch(3, 1)});  // overlaps: 3 was the first batch's last
  CHECK_THROWS_WITH(read_all(1), Catch::Contains("overlap") && Catch::Contains("offset 37"));
  WriteLog(path, {batch(5, 1), batch(2, 1)});  // backwards
  CHECK_THROWS_AS(read_all(1), lsm::CorruptionError);
  WriteLog(path, {batch(lsm::kMaxSequenceNumber, 1)});  // the last number there is
  CHECK(read_all(1).size() == 1);

  WriteLog(path, {batch(1, 1), "not a batch"});  // a record that is no batch
  CHECK_THROWS_WITH(read_all(1), Catch::Contains("write batch"));
}

TEST_CASE("batches from a damaged log: whole batches in order, never half of one",
          "[log][batch][corruption]") {
  // Every cut and every flipped byte of a log of batches, read as recovery reads it: what is
  // applied must be exactly the first j batches, for some j.
  const lsm::TempDir dir;
  std::vector<std::string> batches;
  std::uint64_t sequence = 1;
  for (int b = 0; b < 6; ++b) {
    lsm::WriteBatch batch;
    for (int e = 0; e <= b; ++e) batch.Put("key" + std::to_string(e), "batch" + std::to_string(b));
    if (b % 2 == 1) batch.Remove("key0");
    batch.SetSequence(sequence);
    sequence = batch.end_sequence();
    batches.push_back(batch.contents());
  }
  const std::string good_path = (dir / "good.log").string();
  const std::vector<std::uint64_t> ends = WriteLog(good_path, batches);
  const std::string good = lsm::testing::ReadFile(good_path);
  const std::string path = (dir / "damaged.log").string();

  // The sequence numbers where each prefix of j batches ends: a recovery that applied a part of
  // a batch would end anywhere else.
  auto applied_through = [&](RecoveryMode mode) -> std::optional<std::uint64_t> {
    lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile(path), mode);
    lsm::wal::BatchLogReader log(reader, 1);
    try {
      while (log.Next()) {
      }
    } catch (const lsm::CorruptionError&) {
      return std::nullopt;  // refused, as the mode allows: nothing is applied at all
    }
    return log.next_sequence();
  };
  std::vector<std::uint64_t> prefix_ends = {1};
  for (const std::string& contents : batches) {
    prefix_ends.push_back(lsm::WriteBatch::FromContents(contents, "", 0).end_sequence());
  }
  for (std::uint64_t at = 0; at < good.size(); ++at) {
    for (const bool flip : {false, true}) {
      INFO((flip ? "byte flipped at " : "cut at ") << at);
      std::string bad = good.substr(0, flip ? good.size() : at);
      if (flip) bad[at] = static_cast<char>(bad[at] ^ 0x01);
      lsm::testing::WriteFile(path, bad);
      const std::size_t intact = RecordsBefore(ends, at);
      for (const RecoveryMode mode : {kTolerate, kPointInTime}) {
        const auto through = applied_through(mode);
        if (!through) {
          CHECK(mode == kTolerate);
          continue;
        }
        CHECK(*through == prefix_ends[intact]);  // exactly the batches before the damage
      }
    }
  }
}
