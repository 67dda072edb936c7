// Chapter 1: the memtable's contract, one behaviour per test case.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "chapters/01-memtable/memtable.h"
#include "common/errors.h"
#include "tests/support/iteration.h"
#include "tests/support/printing.h"

using lsm::LookupResult;
using lsm::MemTable;
using lsm::testing::AfterNext;
using lsm::testing::AfterPrev;
using lsm::testing::AfterSeek;
using lsm::testing::AfterSeekToFirst;
using lsm::testing::AfterSeekToLast;
using lsm::testing::AsBytes;
using lsm::testing::At;
using lsm::testing::KeysOf;
using lsm::testing::NotValid;
using lsm::testing::ScanBackward;
using lsm::testing::ScanForward;
using lsm::testing::Seen;
using lsm::testing::ShowBytes;
using namespace std::string_literals;

TEST_CASE("get has three outcomes: found, deleted, absent", "[memtable]") {
  MemTable table;
  REQUIRE_NOTHROW(table.Put("k", "v"));
  REQUIRE_NOTHROW(table.Remove("gone"));
  CHECK(table.Get("k") == LookupResult::Found("v"));
  CHECK(table.Get("gone") == LookupResult::Deleted());
  CHECK(table.Get("never") == LookupResult::Absent());
}

TEST_CASE("an overwrite replaces the value and keeps one entry", "[memtable]") {
  MemTable table;
  REQUIRE_NOTHROW(table.Put("key", "first"));
  REQUIRE_NOTHROW(table.Put("key", "second"));
  CHECK(table.Get("key") == LookupResult::Found("second"));
  CHECK(table.entry_count() == 1);
}

TEST_CASE("delete then re-put brings the key back", "[memtable]") {
  MemTable table;
  REQUIRE_NOTHROW(table.Put("key", "v1"));
  REQUIRE_NOTHROW(table.Remove("key"));
  CHECK(table.Get("key") == LookupResult::Deleted());
  REQUIRE_NOTHROW(table.Put("key", "v2"));
  CHECK(table.Get("key") == LookupResult::Found("v2"));
  CHECK(table.entry_count() == 1);
}

TEST_CASE("a remove of a key never written still leaves a tombstone", "[memtable]") {
  MemTable table;
  // It may live in an older SSTable: the tombstone must hide it.
  REQUIRE_NOTHROW(table.Remove("ghost"));
  CHECK(table.entry_count() == 1);
  CHECK(table.Get("ghost") == LookupResult::Deleted());
}

TEST_CASE("tombstones are visible through the iterator", "[memtable][iterator]") {
  MemTable table;
  REQUIRE_NOTHROW(table.Put("a", "1"));
  REQUIRE_NOTHROW(table.Put("b", "2"));
  REQUIRE_NOTHROW(table.Put("c", "3"));
  REQUIRE_NOTHROW(table.Remove("b"));
  auto it = table.NewIterator();
  CHECK(ScanForward(*it) ==
        std::vector<Seen>{{"a", "1", false}, {"b", "", true}, {"c", "3", false}});
}

TEST_CASE("keys are ordered bytewise, unsigned, embedded NULs included", "[memtable][iterator]") {
  MemTable table;
  const std::vector<std::string> sorted = {""s,     "\0"s, "\0\0"s, "a"s,    "a\0"s,
                                           "a\0b"s, "ab"s, "\x7f"s, "\x80"s, "\xff\xff"s};
  for (auto key = sorted.rbegin(); key != sorted.rend(); ++key) {
    REQUIRE_NOTHROW(table.Put(*key, "v:" + *key));
  }

  auto it = table.NewIterator();
  CHECK(KeysOf(ScanForward(*it)) == AsBytes(sorted));
  for (const std::string& key : sorted) {
    INFO("Get(" << ShowBytes(key) << ")");
    CHECK(table.Get(key) == LookupResult::Found("v:" + key));
  }
}

TEST_CASE("empty values and empty keys are ordinary data", "[memtable]") {
  MemTable table;
  REQUIRE_NOTHROW(table.Put("", "empty key"));
  REQUIRE_NOTHROW(table.Put("k", ""));
  CHECK(table.Get("") == LookupResult::Found("empty key"));
  CHECK(table.Get("k") == LookupResult::Found(""));  // found, not deleted: not a tombstone
  CHECK(table.Get("k").found());

  const std::string binary = "\x00\x80\xff\n"s;
  REQUIRE_NOTHROW(table.Put(binary, binary));
  CHECK(table.Get(binary) == LookupResult::Found(binary));
}

TEST_CASE("Seek lands on the first key >= target", "[memtable][iterator]") {
  MemTable table;
  for (const char* key : {"b", "d", "f"}) REQUIRE_NOTHROW(table.Put(key, key));
  auto it = table.NewIterator();

  CHECK(AfterSeek(*it, "") == At("b"));      // before every key
  CHECK(AfterSeek(*it, "a") == At("b"));     // before the first key
  CHECK(AfterSeek(*it, "d") == At("d"));     // on a key
  CHECK(AfterSeek(*it, "c") == At("d"));     // between keys
  CHECK(AfterSeek(*it, "d\0"s) == At("f"));  // just after a key
  CHECK(AfterSeek(*it, "g") == NotValid());  // after the last key
}

TEST_CASE("SeekToLast and Prev walk backwards", "[memtable][iterator]") {
  MemTable table;
  for (const char* key : {"c", "a", "b"}) REQUIRE_NOTHROW(table.Put(key, key));
  REQUIRE_NOTHROW(table.Remove("b"));
  auto it = table.NewIterator();
  CHECK(ScanBackward(*it) ==
        std::vector<Seen>{{"c", "c", false}, {"b", "", true}, {"a", "a", false}});

  MemTable empty;
  auto none = empty.NewIterator();
  CHECK(AfterSeekToLast(*none) == NotValid());
  CHECK(AfterSeekToFirst(*none) == NotValid());
}

TEST_CASE("direction can change midway", "[memtable][iterator]") {
  MemTable table;
  for (const char* key : {"a", "b", "c", "d"}) REQUIRE_NOTHROW(table.Put(key, key));
  auto it = table.NewIterator();
  REQUIRE_NOTHROW(it->Seek("b"));
  CHECK(AfterNext(*it) == At("c"));
  CHECK(AfterPrev(*it) == At("b"));
  CHECK(AfterPrev(*it) == At("a"));
  REQUIRE_NOTHROW(it->Next());
  REQUIRE_NOTHROW(it->Next());
  CHECK(AfterNext(*it) == At("d"));
  CHECK(AfterPrev(*it) == At("c"));

  REQUIRE_NOTHROW(it->SeekToFirst());
  CHECK(AfterPrev(*it) == NotValid());  // before the first entry
  REQUIRE_NOTHROW(it->SeekToLast());
  CHECK(AfterNext(*it) == NotValid());  // after the last entry
}

TEST_CASE("an iterator sees later writes", "[memtable][iterator]") {
  MemTable table;
  REQUIRE_NOTHROW(table.Put("a", "1"));
  REQUIRE_NOTHROW(table.Put("c", "3"));
  auto it = table.NewIterator();
  REQUIRE_NOTHROW(it->SeekToFirst());
  REQUIRE_NOTHROW(table.Put("b", "2"));  // inserted after the cursor: no node moves
  CHECK(AfterNext(*it) == At("b"));
}

TEST_CASE("an invalid iterator refuses to move or read", "[memtable][iterator]") {
  MemTable table;
  auto it = table.NewIterator();
  CHECK_FALSE(it->Valid());  // a new iterator is not positioned
  CHECK_THROWS_AS(it->Next(), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(it->Prev(), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(it->key(), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(it->value(), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(it->is_tombstone(), lsm::InvalidArgumentError);
}

TEST_CASE("memory accounting charges key + value + overhead per entry", "[memtable][memory]") {
  constexpr std::size_t kOverhead = MemTable::kEntryOverheadBytes;
  MemTable table;
  CHECK(table.memory_bytes() == 0);
  CHECK(table.empty());

  REQUIRE_NOTHROW(table.Put("key", "value"));  // 3 + 5
  CHECK(table.memory_bytes() == 8 + kOverhead);

  REQUIRE_NOTHROW(table.Put("key", "v"));  // an overwrite replaces: 3 + 1
  CHECK(table.memory_bytes() == 4 + kOverhead);

  REQUIRE_NOTHROW(table.Put("k2", "0123456789"));  // 2 + 10
  CHECK(table.memory_bytes() == 4 + 12 + 2 * kOverhead);

  REQUIRE_NOTHROW(table.Remove("key"));  // a tombstone keeps its key, drops its value: 3 + 0
  CHECK(table.memory_bytes() == 3 + 12 + 2 * kOverhead);

  REQUIRE_NOTHROW(table.Remove("fresh"));  // a new tombstone: 5 + 0
  CHECK(table.memory_bytes() == 3 + 12 + 5 + 3 * kOverhead);
  CHECK(table.entry_count() == 3);
}

TEST_CASE("full() turns true when the budget is reached, and puts still succeed",
          "[memtable][memory]") {
  constexpr std::size_t kEntry = 2 + 8 + MemTable::kEntryOverheadBytes;  // key "kN", 8-byte value
  MemTable table(3 * kEntry);
  CHECK(table.budget_bytes() == 3 * kEntry);
  REQUIRE_NOTHROW(table.Put("k1", "12345678"));
  REQUIRE_NOTHROW(table.Put("k2", "12345678"));
  CHECK_FALSE(table.full());
  REQUIRE_NOTHROW(table.Put("k3", "12345678"));  // exactly at the budget
  CHECK(table.full());
  REQUIRE_NOTHROW(table.Put("k4", "12345678"));  // beyond it: accepted all the same
  CHECK(table.full());
  CHECK(table.Get("k4") == LookupResult::Found("12345678"));
  CHECK(table.memory_bytes() == 4 * kEntry);
}
