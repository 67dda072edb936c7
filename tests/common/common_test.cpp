#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/coding.h"
#include "common/crc32c.h"
#include "common/errors.h"
#include "common/file_system.h"
#include "common/generators.h"
#include "common/random.h"
#include "common/temp_dir.h"

using namespace std::string_literals;

TEST_CASE("keys compare bytewise as unsigned bytes", "[bytes]") {
  CHECK(lsm::CompareKeys("", "\0"s) < 0);
  CHECK(lsm::CompareKeys("a\0b"s, "ab") < 0);
  CHECK(lsm::CompareKeys("\x7f", "\x80") < 0);  // signed char would put 0x80 first
  CHECK(lsm::CompareKeys("\xff", "a") > 0);
  CHECK(lsm::CompareKeys("abc", "abc") == 0);
}

TEST_CASE("EscapeBytes shows every byte unambiguously", "[bytes]") {
  CHECK(lsm::EscapeBytes("key01") == "key01");
  CHECK(lsm::EscapeBytes("a\0b"s) == "a\\x00b");
  CHECK(lsm::EscapeBytes("\xff\\\n") == "\\xff\\\\\\x0a");
}

TEST_CASE("errors name the file, offset, path and errno", "[errors]") {
  const lsm::CorruptionError corruption("/data/000001.sst", 4096, "bad checksum");
  CHECK(corruption.file() == "/data/000001.sst");
  CHECK(corruption.offset() == 4096);
  CHECK(std::string(corruption.what()) ==
        "corruption in '/data/000001.sst' at offset 4096: bad checksum");

  const lsm::IoError io("/nope/file", ENOENT, "open");
  CHECK(io.error_code() == ENOENT);
  CHECK_THAT(io.what(), Catch::Contains("open '/nope/file'") && Catch::Contains("errno 2"));

  const lsm::NotImplementedError todo("MemTable::Put", "book chapter 1, task 5");
  CHECK_THAT(todo.what(), Catch::Contains("MemTable::Put") && Catch::Contains("task 5"));
}

TEST_CASE("Random is deterministic for a seed", "[random]") {
  lsm::Random a(42);
  lsm::Random b(42);
  lsm::Random c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.Next();
    CHECK(x == b.Next());
    differs = differs || x != c.Next();
  }
  CHECK(differs);
  for (int i = 0; i < 1000; ++i) CHECK(a.Uniform(10) < 10);
}

TEST_CASE("KeyGenerator gives distinct fixed-size keys", "[generators]") {
  const lsm::KeyGenerator keys;
  std::set<std::string> seen;
  for (std::uint64_t i = 0; i < 100'000; ++i) {
    const std::string key = keys.RandomKey(i);
    REQUIRE(key.size() == lsm::kDefaultKeySize);
    seen.insert(key);
  }
  CHECK(seen.size() == 100'000);
  CHECK(keys.RandomKey(5) == lsm::KeyGenerator().RandomKey(5));       // same seed, same key
  CHECK(keys.RandomKey(5) != lsm::KeyGenerator(16, 9).RandomKey(5));  // seed matters

  CHECK(lsm::KeyGenerator(24).RandomKey(3).size() == 24);
  CHECK(keys.SequentialKey(42) == "0000000000000042");
  CHECK(keys.SequentialKey(9) < keys.SequentialKey(10));
  CHECK_THROWS_AS(lsm::KeyGenerator(8), lsm::InvalidArgumentError);
}

TEST_CASE("ValueGenerator gives values of the requested size", "[generators]") {
  const lsm::ValueGenerator values(100);
  CHECK(values.Value(0).size() == 100);
  CHECK(values.Value(123456789).size() == 100);
  CHECK(values.Value(1) == lsm::ValueGenerator(100).Value(1));
  CHECK(lsm::ValueGenerator(0).Value(7).empty());
}

TEST_CASE("TempDir creates a fresh directory and removes it", "[temp_dir]") {
  std::filesystem::path where;
  {
    const lsm::TempDir dir("common-test");
    where = dir.path();
    REQUIRE(std::filesystem::is_directory(where));
    CHECK(std::filesystem::is_empty(where));
    std::ofstream(dir / "file") << "data";
    std::filesystem::create_directory(dir / "sub");
    std::ofstream(dir.path() / "sub" / "nested") << "more";
  }
  CHECK_FALSE(std::filesystem::exists(where));
}

TEST_CASE("CRC-32C matches the standard check values", "[crc32c]") {
  CHECK(lsm::Crc32c("") == 0);
  CHECK(lsm::Crc32c("123456789") == 0xe3069283);            // the catalogued check value of CRC-32C
  CHECK(lsm::Crc32c(std::string(32, '\0')) == 0x8a9136aa);  // RFC 3720, B.4: 32 zero bytes
  CHECK(lsm::Crc32c("56789", lsm::Crc32c("1234")) == 0xe3069283);  // continuing a CRC
  std::string data(1000, 'x');
  const std::uint32_t crc = lsm::Crc32c(data);
  data[500] = 'y';
  CHECK(lsm::Crc32c(data) != crc);
  CHECK(lsm::Crc32cSoftware("123456789") == 0xe3069283);
}

TEST_CASE("CRC-32C: the CPU instruction and the tables agree at every length and alignment",
          "[crc32c]") {
  WARN("Crc32c uses " << (lsm::Crc32cUsesHardware() ? "the CPU's CRC32 instruction" : "tables"));
  lsm::Random random(32);
  std::string bytes(600, '\0');
  for (char& byte : bytes) byte = static_cast<char>(random.Next());
  for (std::size_t start = 0; start < 8; ++start) {
    for (std::size_t size = 0; size + start <= 520; ++size) {
      const std::string_view data(bytes.data() + start, size);
      const auto seed = static_cast<std::uint32_t>(random.Next());
      REQUIRE(lsm::Crc32c(data) == lsm::Crc32cSoftware(data));
      REQUIRE(lsm::Crc32c(data, seed) == lsm::Crc32cSoftware(data, seed));
    }
  }
}

TEST_CASE("fixed-width integers are little-endian and round-trip", "[coding]") {
  std::string out;
  lsm::PutFixed32(out, 0x01020304);
  lsm::PutFixed64(out, 0xfffefdfcfbfaf9f8ULL);
  REQUIRE(out.size() == 12);
  CHECK(out[0] == '\x04');
  CHECK(lsm::DecodeFixed32(out.data()) == 0x01020304);
  CHECK(lsm::DecodeFixed64(out.data() + 4) == 0xfffefdfcfbfaf9f8ULL);
}

TEST_CASE("the POSIX file system writes, reads, renames, lists and removes", "[file_system]") {
  const lsm::TempDir dir("fs-test");
  lsm::FileSystem& fs = lsm::FileSystem::Posix();
  const std::string a = (dir / "a").string();
  const std::string b = (dir / "b").string();
  {
    auto file = fs.NewWritableFile(a);
    file->Append("hello ");
    file->Append(std::string(100'000, 'z'));  // larger than the write buffer
    CHECK(file->size() == 100'006);
    file->Sync();
    file->Close();
  }
  fs.Rename(a, b);
  CHECK_FALSE(fs.Exists(a));
  CHECK(fs.ListDir(dir.path().string()) == std::vector<std::string>{"b"});
  auto file = fs.NewRandomAccessFile(b);
  CHECK(file->size() == 100'006);
  char scratch[8];
  CHECK(file->Read(0, 5, scratch) == "hello");
  CHECK(file->Read(100'004, 2, scratch) == "zz");
  CHECK_THROWS_AS(file->Read(100'004, 3, scratch), lsm::CorruptionError);  // past the end
  fs.SyncDir(dir.path().string());
  fs.RemoveFile(b);
  CHECK_FALSE(fs.Exists(b));
}

TEST_CASE("file system failures name the path and errno", "[file_system]") {
  const lsm::TempDir dir("fs-test");
  lsm::FileSystem& fs = lsm::FileSystem::Posix();
  const std::string missing = (dir / "missing").string();
  try {
    static_cast<void>(fs.NewRandomAccessFile(missing));
    FAIL("opened a missing file");
  } catch (const lsm::IoError& error) {
    CHECK(error.path() == missing);
    CHECK(error.error_code() == ENOENT);
  }
  CHECK_THROWS_AS(fs.RemoveFile(missing), lsm::IoError);
  CHECK_THROWS_AS(fs.ListDir(missing), lsm::IoError);
  CHECK_THROWS_AS(fs.NewWritableFile((dir / "no" / "such" / "dir").string()), lsm::IoError);
  fs.CreateDir((dir / "sub").string());
  fs.CreateDir((dir / "sub").string());  // exists already: fine
  CHECK(fs.Exists((dir / "sub").string()));
}
