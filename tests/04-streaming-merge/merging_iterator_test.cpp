// Chapter 4: the merging iterator on its own, over memtables as sources.

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "chapters/01-memtable/memtable.h"
#include "chapters/04-streaming-merge/merging_iterator.h"
#include "common/errors.h"
#include "tests/support/iteration.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"

using lsm::MemTable;
using lsm::MergingIterator;
using lsm::testing::AfterNext;
using lsm::testing::AfterPrev;
using lsm::testing::AfterSeek;
using lsm::testing::AfterSeekToFirst;
using lsm::testing::AfterSeekToLast;
using lsm::testing::At;
using lsm::testing::Bytes;
using lsm::testing::Model;
using lsm::testing::NotValid;
using lsm::testing::SameEntries;
using lsm::testing::ScanBackward;
using lsm::testing::ScanForward;
using lsm::testing::Seen;

namespace {

// Sources as memtables, newest first; a value "" with tombstone marks a Remove.
struct Sources {
  std::vector<std::unique_ptr<MemTable>> tables;

  MemTable& Add() { return *tables.emplace_back(std::make_unique<MemTable>()); }

  MergingIterator Merge() const {
    std::vector<std::unique_ptr<lsm::Iterator>> children;
    for (const auto& table : tables) children.push_back(table->NewIterator());
    return MergingIterator(std::move(children));
  }

  // What the merge must show: for each key, the newest source's entry.
  Model Expected() const {
    Model model;
    for (auto table = tables.rbegin(); table != tables.rend(); ++table) {  // oldest first
      auto it = (*table)->NewIterator();
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        model[std::string(it->key())] =
            it->is_tombstone() ? std::nullopt : std::optional<std::string>(it->value());
      }
    }
    return model;
  }
};

std::vector<Seen> AsSeen(const Model& model) {
  std::vector<Seen> seen;
  for (const auto& [key, value] : model) seen.push_back({key, value.value_or(""), !value});
  return seen;
}

}  // namespace

TEST_CASE("the newest source wins and older duplicates are skipped", "[merge]") {
  Sources sources;
  MemTable& newest = sources.Add();
  MemTable& middle = sources.Add();
  MemTable& oldest = sources.Add();
  REQUIRE_NOTHROW(oldest.Put("a", "oldest"));
  REQUIRE_NOTHROW(oldest.Put("b", "oldest"));
  REQUIRE_NOTHROW(oldest.Put("d", "oldest"));
  REQUIRE_NOTHROW(middle.Put("a", "middle"));
  REQUIRE_NOTHROW(middle.Put("c", "middle"));
  REQUIRE_NOTHROW(newest.Put("a", "newest"));
  REQUIRE_NOTHROW(newest.Remove("d"));  // a tombstone travels through the merge
  MergingIterator merged = sources.Merge();
  CHECK(ScanForward(merged) == std::vector<Seen>{{"a", "newest", false},
                                                 {"b", "oldest", false},
                                                 {"c", "middle", false},
                                                 {"d", "", true}});
  REQUIRE_NOTHROW(merged.Seek("a"));
  CHECK(merged.current_source() == 0);
  REQUIRE_NOTHROW(merged.Seek("b"));
  CHECK(merged.current_source() == 2);
}

TEST_CASE("empty sources, single-key sources and no sources at all", "[merge]") {
  Sources sources;
  sources.Add();  // empty
  REQUIRE_NOTHROW(sources.Add().Put("m", "1"));
  sources.Add();  // empty
  REQUIRE_NOTHROW(sources.Add().Put("m", "2"));
  MergingIterator merged = sources.Merge();
  CHECK(ScanForward(merged) == std::vector<Seen>{{"m", "1", false}});
  CHECK(ScanBackward(merged) == std::vector<Seen>{{"m", "1", false}});

  MergingIterator nothing({});
  CHECK(AfterSeekToFirst(nothing) == NotValid());
  CHECK(AfterSeekToLast(nothing) == NotValid());
  CHECK_THROWS_AS(nothing.Next(), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(nothing.key(), lsm::InvalidArgumentError);
}

TEST_CASE("Seek lands before, between, on and after keys", "[merge]") {
  Sources sources;
  REQUIRE_NOTHROW(sources.Add().Put("b", "1"));
  REQUIRE_NOTHROW(sources.Add().Put("d", "2"));
  REQUIRE_NOTHROW(sources.Add().Put("f", "3"));
  MergingIterator merged = sources.Merge();
  CHECK(AfterSeek(merged, "") == At("b"));
  CHECK(AfterSeek(merged, "c") == At("d"));
  CHECK(AfterSeek(merged, "d") == At("d"));
  CHECK(AfterSeek(merged, "g") == NotValid());
}

TEST_CASE("direction changes midway land on the neighbouring key", "[merge]") {
  Sources sources;
  MemTable& newer = sources.Add();
  MemTable& older = sources.Add();
  for (const char* key : {"a", "c", "e", "g"}) REQUIRE_NOTHROW(older.Put(key, "old"));
  for (const char* key : {"b", "c", "f"}) REQUIRE_NOTHROW(newer.Put(key, "new"));  // "c" in both
  MergingIterator merged = sources.Merge();
  REQUIRE_NOTHROW(merged.Seek("c"));
  CHECK(Bytes(merged.value()) == Bytes("new"));
  CHECK(AfterNext(merged) == At("e"));
  CHECK(AfterPrev(merged) == At("c"));           // reverse: every source re-positioned before "e"
  CHECK(Bytes(merged.value()) == Bytes("new"));  // still the newest "c", not the older duplicate
  CHECK(AfterPrev(merged) == At("b"));
  CHECK(AfterNext(merged) == At("c"));  // forward again
  CHECK(AfterNext(merged) == At("e"));
  CHECK(AfterSeekToLast(merged) == At("g"));
  CHECK(AfterPrev(merged) == At("f"));
  REQUIRE_NOTHROW(merged.Next());
  CHECK(AfterNext(merged) == NotValid());
}

TEST_CASE("the merge matches a model on random sources and random walks", "[merge][model]") {
  lsm::Random random(404);
  for (int round = 0; round < 60; ++round) {
    Sources sources;
    const auto k = 1 + random.Uniform(8);
    for (std::uint64_t s = 0; s < k; ++s) {
      MemTable& table = sources.Add();
      const auto entries = random.Uniform(4) == 0 ? random.Uniform(2) : random.Uniform(40);
      for (std::uint64_t i = 0; i < entries; ++i) {
        const std::string key = lsm::testing::RandomSmallKey(random, 3);
        if (random.OneIn(4)) {
          REQUIRE_NOTHROW(table.Remove(key));
        } else {
          REQUIRE_NOTHROW(table.Put(key, lsm::testing::RandomValue(random)));
        }
      }
    }
    const Model expected = sources.Expected();
    MergingIterator merged = sources.Merge();
    INFO("round " << round << ", " << k << " sources, " << expected.size() << " keys");
    REQUIRE(SameEntries(ScanForward(merged), AsSeen(expected)));
    for (int walk = 0; walk < 40; ++walk) {
      INFO("walk " << walk);
      lsm::testing::CheckRandomWalk(merged, expected, random, 25);
    }
  }
}
