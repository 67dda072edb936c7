// Chapter 7 across implementations: a log LevelDB 1.23 wrote (data/leveldb-1.23.log, made by
// make_leveldb_log.cpp from golden_batches.h) reads back with our reader as exactly the batches
// LevelDB was given, and our writer, given the same batches, writes the same bytes. Nothing here
// needs LevelDB installed: the log is checked in. (LevelDB opening our log:
// leveldb_open_test.cpp.)
//
// Why the bytes must agree, not just the records: the format leaves the writer no choice. Each
// batch is one record, encoded the one way WriteBatch does; a record is cut into fragments that
// fill what is left of each block; fewer than 7 bytes left are zeros. So two correct writers
// given the same batches write the same file, and any difference is a bug in one of them.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/07-write-ahead-log/batch_log.h"
#include "chapters/07-write-ahead-log/log_format.h"
#include "chapters/07-write-ahead-log/log_reader.h"
#include "chapters/07-write-ahead-log/log_writer.h"
#include "chapters/07-write-ahead-log/write_batch.h"
#include "common/bytes.h"
#include "common/coding.h"
#include "common/file_system.h"
#include "common/temp_dir.h"
#include "tests/07-write-ahead-log/golden_batches.h"
#include "tests/support/files.h"

namespace {

namespace golden = lsm::testing::golden;
using lsm::wal::kBlockSize;
using lsm::wal::kHeaderSize;
using lsm::wal::RecordType;
using lsm::wal::RecoveryMode;

const std::string kGoldenLog = std::string(LSM_LOG_GOLDEN_DIR) + "/leveldb-1.23.log";

// The golden log's bytes; fails the test if the file is missing.
std::string GoldenBytes() {
  const std::string bytes = lsm::testing::ReadFile(kGoldenLog);
  INFO(kGoldenLog);
  REQUIRE(bytes.size() > kBlockSize);  // a missing or truncated checkout is not a pass
  return bytes;
}

// At most 40 bytes of `bytes`, escaped: a 100,000-byte value must not flood the output.
std::string Shown(std::string_view bytes) {
  std::string shown = lsm::EscapeBytes(bytes.substr(0, 40));
  if (bytes.size() > 40) shown += "...(" + std::to_string(bytes.size()) + " bytes)";
  return shown;
}

// Our encoding of a golden batch, numbered as LevelDB numbered it.
lsm::WriteBatch OurBatch(const golden::Batch& batch) {
  lsm::WriteBatch ours;
  for (const golden::Entry& e : batch.entries) {
    if (e.is_put) {
      ours.Put(e.key, e.value);
    } else {
      ours.Remove(e.key);
    }
  }
  ours.SetSequence(batch.sequence);
  return ours;
}

// Where the first physical record of the next record goes in a log of `size` bytes: past the
// trailer, if fewer than a header's bytes are left in the block.
std::uint64_t NextRecordOffset(std::uint64_t size) {
  const std::uint64_t left = kBlockSize - size % kBlockSize;
  return left < kHeaderSize ? size + left : size;
}

// The first byte where `a` and `b` differ (the shorter one's size if one is a prefix of the
// other), or npos if they are equal.
std::size_t FirstDifference(std::string_view a, std::string_view b) {
  const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  if (ia == a.end() && ib == b.end()) return std::string_view::npos;
  return static_cast<std::size_t>(ia - a.begin());
}

// A physical record of the golden log as its header says, found without our reader.
struct Physical {
  std::uint64_t offset = 0;
  std::uint8_t type = 0;
  std::size_t length = 0;
  bool crc_ok = false;
};

// Walks the physical records and trailers of `log`, block by block, trusting nothing but the
// format. `trailers` gets the length of every trailer that is not empty; `walked` is where the
// walk stopped (the file's size if every header was sound).
std::vector<Physical> WalkPhysical(std::string_view log, std::vector<std::size_t>& trailers,
                                   std::uint64_t& walked) {
  std::vector<Physical> records;
  std::uint64_t at = 0;
  while (at < log.size()) {
    const std::uint64_t left_in_block = kBlockSize - at % kBlockSize;
    if (left_in_block < kHeaderSize) {
      if (log.substr(at, left_in_block).find_first_not_of('\0') != std::string_view::npos) break;
      trailers.push_back(left_in_block);
      at += left_in_block;
      continue;
    }
    if (log.size() - at < kHeaderSize) break;
    const char* header = log.data() + at;
    Physical p;
    p.offset = at;
    p.length = static_cast<unsigned char>(header[4]) |
               (static_cast<std::size_t>(static_cast<unsigned char>(header[5])) << 8);
    p.type = static_cast<std::uint8_t>(header[6]);
    if (kHeaderSize + p.length > left_in_block || at + kHeaderSize + p.length > log.size()) break;
    p.crc_ok =
        lsm::DecodeFixed32(header) == lsm::wal::RecordCrc(static_cast<RecordType>(p.type),
                                                          log.substr(at + kHeaderSize, p.length));
    records.push_back(p);
    at += kHeaderSize + p.length;
  }
  walked = at;
  return records;
}

}  // namespace

TEST_CASE("LevelDB 1.23's log reads back as exactly the batches it was given", "[golden]") {
  const std::vector<golden::Batch> expected = golden::GoldenBatches();
  REQUIRE(GoldenBytes().size() > 0);
  lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile(kGoldenLog),
                             RecoveryMode::kAbsoluteConsistency);
  lsm::wal::BatchLogReader batches(reader, 1);  // LevelDB numbers a new database from 1

  std::uint64_t log_size = 0;  // where golden_batches.h's layout puts the next record
  for (const golden::Batch& want : expected) {
    INFO("batch \"" << want.name << "\"");
    const auto got = batches.Next();
    REQUIRE(got.has_value());
    CHECK(reader.last_record_offset() == NextRecordOffset(log_size));
    CHECK(got->sequence() == want.sequence);
    REQUIRE(got->count() == want.entries.size());
    const std::vector<lsm::BatchEntry> entries = got->Entries();
    REQUIRE(entries.size() == want.entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      INFO("entry " << i << " (sequence " << want.sequence + i << "): expected "
                    << (want.entries[i].is_put ? "put \"" : "remove \"")
                    << Shown(want.entries[i].key) << "\" -> \"" << Shown(want.entries[i].value)
                    << "\", read " << (entries[i].is_put ? "put \"" : "remove \"")
                    << Shown(entries[i].key) << "\" -> \"" << Shown(entries[i].value) << "\"");
      CHECK(entries[i].is_put == want.entries[i].is_put);
      CHECK(entries[i].key == want.entries[i].key);
      CHECK(entries[i].value == want.entries[i].value);
    }
    log_size = golden::LogSizeAfter(log_size, got->contents().size());
  }
  CHECK_FALSE(batches.Next().has_value());
  CHECK(reader.dropped().empty());
  CHECK(batches.next_sequence() == expected.back().sequence + expected.back().entries.size());
  CHECK(reader.file_size() == log_size);
}

TEST_CASE("every recovery mode reads LevelDB's log whole", "[golden]") {
  const std::size_t batches = golden::GoldenBatches().size();
  for (const RecoveryMode mode :
       {RecoveryMode::kAbsoluteConsistency, RecoveryMode::kTolerateCorruptedTail,
        RecoveryMode::kPointInTime}) {
    INFO("mode " << static_cast<int>(mode));
    lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile(kGoldenLog), mode);
    std::size_t records = 0;
    while (reader.ReadRecord()) ++records;
    CHECK(records == batches);
    CHECK(reader.dropped().empty());
  }
}

TEST_CASE("the golden log holds every layout corner the writers must agree on", "[golden]") {
  // Checked on LevelDB's bytes without our reader, so that a change to golden_batches.h that
  // loses a corner fails here rather than quietly testing less.
  const std::string log = GoldenBytes();
  std::vector<std::size_t> trailers;
  std::uint64_t walked = 0;
  const std::vector<Physical> records = WalkPhysical(log, trailers, walked);
  REQUIRE(walked == log.size());

  std::size_t starts = 0;
  std::size_t middles = 0;
  bool empty_first = false;         // a FIRST of 0 bytes in the last 7 bytes of a block
  bool record_fills_block = false;  // a FULL or LAST that ends exactly at a block's end
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Physical& p = records[i];
    INFO("physical record at " << p.offset << ", type " << int{p.type} << ", " << p.length
                               << " bytes");
    CHECK(p.crc_ok);  // LevelDB's masked CRC-32C is ours (log_format.h)
    REQUIRE(p.type >= 1);
    REQUIRE(p.type <= lsm::wal::kMaxRecordType);
    const auto type = static_cast<RecordType>(p.type);
    if (type == RecordType::kFull || type == RecordType::kFirst) ++starts;
    if (type == RecordType::kMiddle) ++middles;
    if (type == RecordType::kFirst && p.length == 0) {
      empty_first = true;
      CHECK(p.offset % kBlockSize == kBlockSize - kHeaderSize);
    }
    const bool ends = type == RecordType::kFull || type == RecordType::kLast;
    if (ends && (p.offset + kHeaderSize + p.length) % kBlockSize == 0 && i + 1 < records.size()) {
      record_fills_block = true;  // and the next record starts the next block, no trailer
    }
  }
  // One record per batch; the 100,000-byte value spans four blocks.
  CHECK(starts == golden::GoldenBatches().size());
  CHECK(middles >= 2);
  CHECK(empty_first);
  CHECK(record_fills_block);
  CHECK(std::find(trailers.begin(), trailers.end(), 3) != trailers.end());
  CHECK(log.size() > 8 * kBlockSize);

  // Our reader finds the records where the walk does: each at its FULL or FIRST fragment.
  std::vector<std::uint64_t> walked_starts;
  for (const Physical& p : records) {
    const auto type = static_cast<RecordType>(p.type);
    if (type == RecordType::kFull || type == RecordType::kFirst) walked_starts.push_back(p.offset);
  }
  lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile(kGoldenLog),
                             RecoveryMode::kAbsoluteConsistency);
  std::vector<std::uint64_t> read_starts;
  while (reader.ReadRecord()) read_starts.push_back(reader.last_record_offset());
  CHECK(read_starts == walked_starts);
}

TEST_CASE("our writer writes LevelDB's log byte for byte", "[golden]") {
  const std::string theirs = GoldenBytes();
  const std::vector<golden::Batch> batches = golden::GoldenBatches();

  // First the payloads: each of our batch encodings is the record LevelDB logged.
  lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile(kGoldenLog),
                             RecoveryMode::kAbsoluteConsistency);
  for (const golden::Batch& batch : batches) {
    INFO("batch \"" << batch.name << "\"");
    const auto record = reader.ReadRecord();
    REQUIRE(record.has_value());
    const std::string ours = OurBatch(batch).contents();
    INFO("first difference at batch byte " << FirstDifference(ours, *record));
    CHECK(ours.size() == record->size());
    CHECK(FirstDifference(ours, *record) == std::string_view::npos);
  }

  // Then the framing: the whole file.
  const lsm::TempDir dir("lsm-golden");
  const std::string path = (dir / "ours.log").string();
  lsm::wal::LogWriter writer(lsm::FileSystem::Posix().NewWritableFile(path));
  for (const golden::Batch& batch : batches) writer.AddRecord(OurBatch(batch).contents());
  writer.Close();
  const std::string ours = lsm::testing::ReadFile(path);
  const std::size_t at = FirstDifference(ours, theirs);
  INFO("ours: " << ours.size() << " bytes, LevelDB's: " << theirs.size()
                << " bytes; first difference at byte " << at << " (block " << at / kBlockSize
                << ", block offset " << at % kBlockSize << ")");
  CHECK(ours.size() == theirs.size());
  CHECK(at == std::string_view::npos);
}
