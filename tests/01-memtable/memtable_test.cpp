// Chapter 1: the memtable's contract, one behaviour per test case.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "chapters/01-memtable/memtable.h"
#include "common/errors.h"
#include "tests/support/iteration.h"

using lsm::LookupResult;
using lsm::MemTable;
using lsm::testing::ScanBackward;
using lsm::testing::ScanForward;
using lsm::testing::Seen;
using namespace std::string_literals;

TEST_CASE("get has three outcomes: found, deleted, absent", "[memtable]") {
  MemTable table;
  table.Put("k", "v");
  table.Remove("gone");
  CHECK(table.Get("k") == LookupResult::Found("v"));
  CHECK(table.Get("gone") == LookupResult::Deleted());
  CHECK(table.Get("never") == LookupResult::Absent());
}

TEST_CASE("an overwrite replaces the value and keeps one entry", "[memtable]") {
  MemTable table;
  table.Put("key", "first");
  table.Put("key", "second");
  CHECK(table.Get("key") == LookupResult::Found("second"));
  CHECK(table.entry_count() == 1);
}

TEST_CASE("delete then re-put brings the key back", "[memtable]") {
  MemTable table;
  table.Put("key", "v1");
  table.Remove("key");
  CHECK(table.Get("key").deleted());
  table.Put("key", "v2");
  CHECK(table.Get("key") == LookupResult::Found("v2"));
  CHECK(table.entry_count() == 1);
}

TEST_CASE("a remove of a key never written still leaves a tombstone", "[memtable]") {
  MemTable table;
  table.Remove("ghost");  // it may live in an older SSTable: the tombstone must hide it
  CHECK(table.entry_count() == 1);
  CHECK(table.Get("ghost").deleted());
}

TEST_CASE("tombstones are visible through the iterator", "[memtable][iterator]") {
  MemTable table;
  table.Put("a", "1");
  table.Put("b", "2");
  table.Put("c", "3");
  table.Remove("b");
  auto it = table.NewIterator();
  CHECK(ScanForward(*it) ==
        std::vector<Seen>{{"a", "1", false}, {"b", "", true}, {"c", "3", false}});
}

TEST_CASE("keys are ordered bytewise, unsigned, embedded NULs included", "[memtable][iterator]") {
  MemTable table;
  const std::vector<std::string> sorted = {""s,     "\0"s, "\0\0"s, "a"s,    "a\0"s,
                                           "a\0b"s, "ab"s, "\x7f"s, "\x80"s, "\xff\xff"s};
  for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) table.Put(*it, "v:" + *it);

  std::vector<std::string> keys;
  auto it = table.NewIterator();
  for (it->SeekToFirst(); it->Valid(); it->Next()) keys.emplace_back(it->key());
  CHECK(keys == sorted);
  for (const std::string& key : sorted) CHECK(table.Get(key) == LookupResult::Found("v:" + key));
}

TEST_CASE("empty values and empty keys are ordinary data", "[memtable]") {
  MemTable table;
  table.Put("", "empty key");
  table.Put("k", "");
  CHECK(table.Get("") == LookupResult::Found("empty key"));
  CHECK(table.Get("k") == LookupResult::Found(""));  // found, not deleted: not a tombstone
  CHECK(table.Get("k").found());

  const std::string binary = "\x00\x80\xff\n"s;
  table.Put(binary, binary);
  CHECK(table.Get(binary) == LookupResult::Found(binary));
}

TEST_CASE("Seek lands on the first key >= target", "[memtable][iterator]") {
  MemTable table;
  for (const char* key : {"b", "d", "f"}) table.Put(key, key);
  auto it = table.NewIterator();

  it->Seek("");  // before every key
  REQUIRE(it->Valid());
  CHECK(it->key() == "b");
  it->Seek("a");  // before the first key
  CHECK(it->key() == "b");
  it->Seek("d");  // on a key
  CHECK(it->key() == "d");
  it->Seek("c");  // between keys
  CHECK(it->key() == "d");
  it->Seek("d\0"s);  // just after a key
  CHECK(it->key() == "f");
  it->Seek("g");  // after the last key
  CHECK_FALSE(it->Valid());
}

TEST_CASE("SeekToLast and Prev walk backwards", "[memtable][iterator]") {
  MemTable table;
  for (const char* key : {"c", "a", "b"}) table.Put(key, key);
  table.Remove("b");
  auto it = table.NewIterator();
  CHECK(ScanBackward(*it) ==
        std::vector<Seen>{{"c", "c", false}, {"b", "", true}, {"a", "a", false}});

  MemTable empty;
  auto none = empty.NewIterator();
  none->SeekToLast();
  CHECK_FALSE(none->Valid());
  none->SeekToFirst();
  CHECK_FALSE(none->Valid());
}

TEST_CASE("direction can change midway", "[memtable][iterator]") {
  MemTable table;
  for (const char* key : {"a", "b", "c", "d"}) table.Put(key, key);
  auto it = table.NewIterator();
  it->Seek("b");
  it->Next();
  CHECK(it->key() == "c");
  it->Prev();
  CHECK(it->key() == "b");
  it->Prev();
  CHECK(it->key() == "a");
  it->Next();
  it->Next();
  it->Next();
  CHECK(it->key() == "d");
  it->Prev();
  CHECK(it->key() == "c");

  it->SeekToFirst();
  it->Prev();  // before the first entry
  CHECK_FALSE(it->Valid());
  it->SeekToLast();
  it->Next();  // after the last entry
  CHECK_FALSE(it->Valid());
}

TEST_CASE("an iterator sees later writes", "[memtable][iterator]") {
  MemTable table;
  table.Put("a", "1");
  table.Put("c", "3");
  auto it = table.NewIterator();
  it->SeekToFirst();
  table.Put("b", "2");  // inserted after the cursor: no node moves
  it->Next();
  REQUIRE(it->Valid());
  CHECK(it->key() == "b");
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

  table.Put("key", "value");  // 3 + 5
  CHECK(table.memory_bytes() == 8 + kOverhead);

  table.Put("key", "v");  // an overwrite replaces: 3 + 1
  CHECK(table.memory_bytes() == 4 + kOverhead);

  table.Put("k2", "0123456789");  // 2 + 10
  CHECK(table.memory_bytes() == 4 + 12 + 2 * kOverhead);

  table.Remove("key");  // a tombstone keeps its key, drops its value: 3 + 0
  CHECK(table.memory_bytes() == 3 + 12 + 2 * kOverhead);

  table.Remove("fresh");  // a new tombstone: 5 + 0
  CHECK(table.memory_bytes() == 3 + 12 + 5 + 3 * kOverhead);
  CHECK(table.entry_count() == 3);
}

TEST_CASE("full() turns true when the budget is reached, and puts still succeed",
          "[memtable][memory]") {
  constexpr std::size_t kEntry = 2 + 8 + MemTable::kEntryOverheadBytes;  // key "kN", 8-byte value
  MemTable table(3 * kEntry);
  CHECK(table.budget_bytes() == 3 * kEntry);
  table.Put("k1", "12345678");
  table.Put("k2", "12345678");
  CHECK_FALSE(table.full());
  table.Put("k3", "12345678");  // exactly at the budget
  CHECK(table.full());
  table.Put("k4", "12345678");  // beyond it: accepted all the same
  CHECK(table.full());
  CHECK(table.Get("k4") == LookupResult::Found("12345678"));
  CHECK(table.memory_bytes() == 4 * kEntry);
}
