#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "common/bytes.h"
#include "common/errors.h"
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
