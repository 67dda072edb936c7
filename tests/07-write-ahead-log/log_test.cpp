// Chapter 7: the log writer and reader round-trip every record, whatever its size and wherever
// it falls in a block, in LevelDB's physical format.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "chapters/07-write-ahead-log/log_format.h"
#include "common/bytes.h"
#include "common/random.h"
#include "common/temp_dir.h"
#include "tests/support/files.h"
#include "tests/support/log_files.h"

using lsm::testing::ReadLog;
using lsm::testing::WriteLog;
using lsm::wal::kBlockSize;
using lsm::wal::kHeaderSize;
using lsm::wal::kMaxFragmentBytes;
using lsm::wal::RecoveryMode;

namespace {

// A record of `size` bytes whose content depends on `seed` and the position, so a record that
// is read back shifted or spliced differs.
std::string Payload(std::size_t size, std::uint64_t seed) {
  std::string payload(size, '\0');
  lsm::Random random(seed + size);
  for (char& c : payload) c = static_cast<char>(random.Uniform(256));
  return payload;
}

// Writes `records`, reads them back in every mode, and requires exactly them, nothing dropped.
void RequireRoundTrip(const lsm::TempDir& dir, const std::vector<std::string>& records) {
  const std::string path = (dir / "round.log").string();
  WriteLog(path, records);
  for (const RecoveryMode mode :
       {RecoveryMode::kAbsoluteConsistency, RecoveryMode::kTolerateCorruptedTail,
        RecoveryMode::kPointInTime}) {
    INFO("mode " << static_cast<int>(mode));
    const auto read = ReadLog(path, mode);
    REQUIRE_FALSE(read.error);
    CHECK(read.dropped.empty());
    REQUIRE(read.records.size() == records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      INFO("record " << i << " of " << records[i].size() << " bytes");
      CHECK(read.records[i] == records[i]);  // NOLINT: compared whole, not printed (binary)
    }
  }
}

}  // namespace

TEST_CASE("one record of every size around a fragment boundary round-trips", "[log]") {
  const lsm::TempDir dir;
  std::vector<std::size_t> sizes = {0, 1, 2, 100};
  for (std::size_t multiple = 1; multiple <= 3; ++multiple) {
    for (int delta = -2; delta <= 2; ++delta) {
      sizes.push_back(multiple * kMaxFragmentBytes + delta);  // (32 KiB - 7) * m +- 2
      sizes.push_back(multiple * kBlockSize + delta);
    }
  }
  for (const std::size_t size : sizes) {
    INFO("a record of " << size << " bytes");
    RequireRoundTrip(dir, {Payload(size, 1)});
  }
}

TEST_CASE("the physical layout is LevelDB's: headers, fragments and zero trailers", "[log]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "layout.log").string();

  SECTION("a record that fills a block exactly is one FULL record") {
    WriteLog(path, {Payload(kMaxFragmentBytes, 2)});
    const std::string bytes = lsm::testing::ReadFile(path);
    REQUIRE(bytes.size() == kBlockSize);
    CHECK(static_cast<int>(bytes[6]) == 1);  // FULL
    CHECK(bytes[4] == static_cast<char>(kMaxFragmentBytes & 0xff));
    CHECK(bytes[5] == static_cast<char>(kMaxFragmentBytes >> 8));
  }
  SECTION("one byte more: FIRST fills the block, LAST carries the byte in the next") {
    WriteLog(path, {Payload(kMaxFragmentBytes + 1, 3)});
    const std::string bytes = lsm::testing::ReadFile(path);
    REQUIRE(bytes.size() == kBlockSize + kHeaderSize + 1);
    CHECK(static_cast<int>(bytes[6]) == 2);               // FIRST
    CHECK(static_cast<int>(bytes[kBlockSize + 6]) == 4);  // LAST
    CHECK(static_cast<int>(bytes[kBlockSize + 4]) == 1);  // of one byte
  }
  SECTION("a payload of three blocks and a bit is FIRST, MIDDLE, MIDDLE, LAST") {
    WriteLog(path, {Payload(3 * kMaxFragmentBytes + 10, 4)});
    const std::string bytes = lsm::testing::ReadFile(path);
    REQUIRE(bytes.size() == 3 * kBlockSize + kHeaderSize + 10);
    CHECK(static_cast<int>(bytes[6]) == 2);
    CHECK(static_cast<int>(bytes[kBlockSize + 6]) == 3);
    CHECK(static_cast<int>(bytes[2 * kBlockSize + 6]) == 3);
    CHECK(static_cast<int>(bytes[3 * kBlockSize + 6]) == 4);
  }
  SECTION("fewer than 7 bytes left in a block: zeros, and the next record starts a new block") {
    for (std::size_t left = 0; left <= kHeaderSize; ++left) {
      INFO(left << " bytes left in the block after the first record");
      const std::size_t first = kBlockSize - kHeaderSize - left;  // leaves `left` bytes
      WriteLog(path, {Payload(first, 5), "next"});
      const std::string bytes = lsm::testing::ReadFile(path);
      if (left < kHeaderSize) {
        REQUIRE(bytes.size() == kBlockSize + kHeaderSize + 4);
        CHECK(bytes.substr(kBlockSize - left, left) == std::string(left, '\0'));
        CHECK(bytes.substr(kBlockSize + kHeaderSize) == "next");
      } else {  // exactly a header's room: the next record is an empty FIRST there
        REQUIRE(bytes.size() == kBlockSize + kHeaderSize + 4);
        CHECK(static_cast<int>(bytes[kBlockSize - left + 6]) == 2);  // FIRST, 0 bytes
        CHECK(static_cast<int>(bytes[kBlockSize - left + 4]) == 0);
      }
      RequireRoundTrip(dir, {Payload(first, 5), "next"});
    }
  }
  SECTION("the checksum is the masked CRC-32C of type and payload") {
    WriteLog(path, {"hello"});
    const std::string bytes = lsm::testing::ReadFile(path);
    REQUIRE(bytes.size() == kHeaderSize + 5);
    const std::uint32_t stored =
        static_cast<unsigned char>(bytes[0]) | static_cast<unsigned char>(bytes[1]) << 8 |
        static_cast<unsigned char>(bytes[2]) << 16 |
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[3])) << 24;
    CHECK(stored == lsm::wal::RecordCrc(lsm::wal::RecordType::kFull, "hello"));
    CHECK(lsm::wal::UnmaskCrc(lsm::wal::MaskCrc(0x12345678)) == 0x12345678);
  }
}

TEST_CASE("empty records, a 1 MiB record and thousands of small ones round-trip", "[log]") {
  const lsm::TempDir dir;
  RequireRoundTrip(dir, {});
  RequireRoundTrip(dir, {"", "", ""});
  RequireRoundTrip(dir, {Payload(1 << 20, 6)});
  std::vector<std::string> many;
  for (std::size_t i = 0; i < 5000; ++i) many.push_back(Payload(i % 97, i));
  RequireRoundTrip(dir, many);
  std::vector<std::string> mixed;  // small and large alternating: fragments start mid-block
  for (std::size_t i = 0; i < 40; ++i) mixed.push_back(Payload(i % 3 == 0 ? 70000 : i * 31, i));
  RequireRoundTrip(dir, mixed);
}
