// Chapter 7: a write batch encodes LevelDB's way, decodes only when every byte of it is right,
// and applies all or nothing.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "chapters/07-write-ahead-log/write_batch.h"
#include "common/bytes.h"
#include "common/errors.h"
#include "tests/support/error_of.h"

using lsm::BatchEntry;
using lsm::CorruptionError;
using lsm::WriteBatch;
using namespace std::string_literals;

namespace {

// What a handler was given, one line per entry ("put K V" / "remove K", escaped).
class Recorder final : public lsm::WriteBatchHandler {
 public:
  void Put(std::string_view key, std::string_view value) override {
    lines.push_back("put " + lsm::EscapeBytes(key) + " " + lsm::EscapeBytes(value));
  }
  void Remove(std::string_view key) override { lines.push_back("remove " + lsm::EscapeBytes(key)); }
  std::vector<std::string> lines;
};

std::vector<std::string> Applied(const WriteBatch& batch) {
  Recorder recorder;
  batch.Apply(recorder);
  return recorder.lines;
}

WriteBatch Decoded(std::string contents) {
  return WriteBatch::FromContents(std::move(contents), "batch.log", 4096);
}

}  // namespace

TEST_CASE("an empty batch is its 12-byte header", "[batch]") {
  WriteBatch batch;
  CHECK(batch.contents() == std::string(12, '\0'));
  CHECK(batch.count() == 0);
  CHECK(batch.Entries().empty());
  batch.SetSequence(7);
  CHECK(batch.end_sequence() == 7);
}

TEST_CASE("the encoding is LevelDB's, byte for byte", "[batch][golden]") {
  WriteBatch batch;
  batch.Put("key", "value");
  batch.Remove("gone");
  batch.Put("", "");
  batch.SetSequence(0x0102030405);
  const std::string expected =
      "\x05\x04\x03\x02\x01\x00\x00\x00"  // sequence, little-endian
      "\x03\x00\x00\x00"                  // count
      "\x01\x03key\x05value"              // put
      "\x00\x04gone"                      // remove
      "\x01\x00\x00"s;                    // put of the empty key
  CHECK(lsm::EscapeBytes(batch.contents()) == lsm::EscapeBytes(expected));
  CHECK(batch.count() == 3);
  CHECK(batch.sequence() == 0x0102030405);
  CHECK(batch.end_sequence() == 0x0102030408);
}

TEST_CASE("lengths are varints: 127 takes one byte, 128 two, 16384 three", "[batch]") {
  for (const std::size_t size : {127U, 128U, 16383U, 16384U}) {
    INFO("a key of " << size << " bytes");
    WriteBatch batch;
    batch.Remove(std::string(size, 'k'));
    const std::size_t varint = size < 128 ? 1 : size < 16384 ? 2 : 3;
    CHECK(batch.contents().size() == WriteBatch::kHeaderSize + 1 + varint + size);
    REQUIRE(batch.Entries().size() == 1);
    CHECK(batch.Entries()[0].key.size() == size);
  }
}

TEST_CASE("every byte value, empty keys and values and 1 MiB values decode as written", "[batch]") {
  WriteBatch batch;
  std::vector<std::string> expected;
  for (int byte = 0; byte < 256; ++byte) {
    const std::string key(1, static_cast<char>(byte));
    const std::string value = "v"s + static_cast<char>(byte) + "\0\xff"s;
    batch.Put(key, value);
    expected.push_back("put " + lsm::EscapeBytes(key) + " " + lsm::EscapeBytes(value));
  }
  batch.Put("", "");
  expected.emplace_back("put  ");
  batch.Remove("");
  expected.emplace_back("remove ");
  const std::string big(1 << 20, '\xab');
  batch.Put("big", big);
  expected.push_back("put big " + lsm::EscapeBytes(big));
  CHECK(batch.count() == expected.size());
  CHECK(Applied(batch) == expected);
  // Decoded from its bytes, as a log record would be: the same entries.
  CHECK(Applied(Decoded(batch.contents())) == expected);
}

TEST_CASE("a damaged batch is a CorruptionError naming where it was read, and applies nothing",
          "[batch][corruption]") {
  WriteBatch batch;
  batch.Put("alpha", "1");
  batch.Remove("beta");
  batch.Put("gamma", std::string(300, 'g'));  // a two-byte varint
  const std::string good = batch.contents();

  SECTION("cut short at every length") {
    for (std::size_t size = 0; size < good.size(); ++size) {
      INFO("the first " << size << " bytes");
      const auto error = lsm::testing::ErrorOf<CorruptionError>([&] {
        Recorder recorder;
        const WriteBatch cut = Decoded(good.substr(0, size));
        cut.Apply(recorder);
        CHECK(recorder.lines.empty());  // reached only if Apply did not throw: then it must fail
      });
      REQUIRE(error);
      CHECK(error->file() == "batch.log");
      CHECK(error->offset() == 4096);
    }
  }
  SECTION("an unknown entry type") {
    std::string bad = good;
    bad[12] = '\x07';
    const auto error =
        lsm::testing::ErrorOf<CorruptionError>([&] { static_cast<void>(Decoded(bad).Entries()); });
    REQUIRE(error);
    CHECK_THAT(error->what(), Catch::Contains("byte 12") && Catch::Contains("type 7"));
  }
  SECTION("a count that says more, or fewer, entries than there are") {
    for (const char count : {'\x02', '\x04', '\x00'}) {
      std::string bad = good;
      bad[8] = count;
      INFO("count " << static_cast<int>(count));
      CHECK_THROWS_AS(Decoded(bad).Entries(), CorruptionError);
    }
  }
  SECTION("bytes after the last entry") {
    CHECK_THROWS_AS(Decoded(good + "\x01"s).Entries(), CorruptionError);
    CHECK_THROWS_AS(Decoded(good + "\x00\x00"s).Entries(), CorruptionError);
  }
  SECTION("a length that runs past the end") {
    std::string bad = good;
    bad[13] = '\x7f';  // alpha's key length
    CHECK_THROWS_AS(Decoded(bad).Entries(), CorruptionError);
  }
  SECTION("a varint longer than 5 bytes") {
    const std::string bad = "\0\0\0\0\0\0\0\0\x01\0\0\0\x00\xff\xff\xff\xff\xff\x01"s;
    CHECK_THROWS_AS(Decoded(bad).Entries(), CorruptionError);
  }
}

TEST_CASE("sequence numbers stop at 2^56 - 1", "[batch]") {
  WriteBatch batch;
  batch.Put("a", "1");
  CHECK_NOTHROW(batch.SetSequence(lsm::kMaxSequenceNumber));  // its only entry gets the last one
  batch.Put("b", "2");
  CHECK_THROWS_AS(batch.SetSequence(lsm::kMaxSequenceNumber), lsm::InvalidArgumentError);
  CHECK_NOTHROW(batch.SetSequence(lsm::kMaxSequenceNumber - 1));
  CHECK_THROWS_AS(batch.SetSequence(lsm::kMaxSequenceNumber + 1), lsm::InvalidArgumentError);
  CHECK(batch.sequence() == lsm::kMaxSequenceNumber - 1);  // a refused sequence changes nothing
  batch.Clear();
  CHECK(batch.contents() == std::string(12, '\0'));
}
