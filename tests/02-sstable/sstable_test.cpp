// Chapter 2: writing and reading SSTables.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_scanner.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/iteration.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/tables.h"

using lsm::LookupResult;
using lsm::SSTableOptions;
using lsm::SSTableReader;
using lsm::SSTableWriter;
using lsm::testing::AfterPrev;
using lsm::testing::AfterSeek;
using lsm::testing::AfterSeekToFirst;
using lsm::testing::AfterSeekToLast;
using lsm::testing::At;
using lsm::testing::Bytes;
using lsm::testing::Model;
using lsm::testing::NotValid;
using lsm::testing::OpenTable;
using lsm::testing::ScanBackward;
using lsm::testing::ScanForward;
using lsm::testing::Seen;
using lsm::testing::ShowBytes;
using namespace std::string_literals;

namespace {

std::string Write(const lsm::TempDir& dir, const Model& model, std::uint32_t interval = 4,
                  const std::string& name = "table.sst") {
  const std::string path = (dir / name).string();
  lsm::testing::WriteModel(path, model, SSTableOptions{interval});
  return path;
}

std::vector<Seen> Expected(const Model& model) {
  std::vector<Seen> seen;
  for (const auto& [key, value] : model) seen.push_back({key, value.value_or(""), !value});
  return seen;
}

Model Numbered(int n) {  // "k00", "k02", ... "k(2n-2)": the odd numbers are absent
  Model model;
  for (int i = 0; i < n; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "k%02d", 2 * i);
    model[key] = "v" + std::to_string(2 * i);
  }
  return model;
}

}  // namespace

TEST_CASE("a table round-trips every entry, tombstones included", "[sstable]") {
  const lsm::TempDir dir;
  Model model = Numbered(37);
  model["k07"] = std::nullopt;  // a tombstone among puts
  const auto table = OpenTable(Write(dir, model));
  CHECK(table->entry_count() == model.size());
  for (const auto& [key, value] : model) {
    INFO("Get(" << ShowBytes(key) << ")");
    CHECK(table->Get(key) == (value ? LookupResult::Found(*value) : LookupResult::Deleted()));
  }
  CHECK(table->Get("k01") == LookupResult::Absent());
  auto it = table->NewIterator();
  CHECK(ScanForward(*it) == Expected(model));
}

TEST_CASE("an empty table opens and holds nothing", "[sstable]") {
  const lsm::TempDir dir;
  const auto table = OpenTable(Write(dir, {}));
  CHECK(table->entry_count() == 0);
  CHECK(table->index().size() == 0);
  CHECK(table->Get("") == LookupResult::Absent());
  auto it = table->NewIterator();
  CHECK(AfterSeekToFirst(*it) == NotValid());
  CHECK(AfterSeekToLast(*it) == NotValid());
  CHECK(AfterSeek(*it, "a") == NotValid());
}

TEST_CASE("a table of one entry", "[sstable]") {
  const lsm::TempDir dir;
  const auto table = OpenTable(Write(dir, {{"only", "one"}}));
  CHECK(table->Get("only") == LookupResult::Found("one"));
  CHECK(table->Get("onl") == LookupResult::Absent());
  CHECK(table->Get("only\0"s) == LookupResult::Absent());
  auto it = table->NewIterator();
  CHECK(ScanBackward(*it) == std::vector<Seen>{{"only", "one", false}});
}

TEST_CASE("keys at group boundaries, and before the first and after the last key", "[sstable]") {
  const lsm::TempDir dir;
  const Model model = Numbered(9);  // interval 4: groups {k00..k06} {k08..k14} {k16}
  const auto table = OpenTable(Write(dir, model, 4));
  REQUIRE(table->index().size() == 3);
  CHECK(Bytes(table->index().first_key(1)) == Bytes("k08"));

  for (const char* key : {"k00", "k06", "k08", "k14", "k16"}) {  // first and last of groups
    INFO("Get(\"" << key << "\")");
    CHECK(table->Get(key) == LookupResult::Found("v" + std::to_string(std::stoi(key + 1))));
  }
  CHECK(table->Get("a") == LookupResult::Absent());    // before the first key
  CHECK(table->Get("k07") == LookupResult::Absent());  // between groups
  CHECK(table->Get("k17") == LookupResult::Absent());  // after the last key

  auto it = table->NewIterator();
  CHECK(AfterSeek(*it, "a") == At("k00"));
  // Past every key of group 0: the next group's first key.
  CHECK(AfterSeek(*it, "k07") == At("k08"));
  CHECK(AfterPrev(*it) == At("k06"));  // and back across the boundary
  CHECK(AfterSeek(*it, "k15") == At("k16"));
  CHECK(AfterSeek(*it, "k17") == NotValid());
  CHECK(ScanBackward(*it) == [&] {
    auto expected = Expected(model);
    std::reverse(expected.begin(), expected.end());
    return expected;
  }());
}

TEST_CASE("binary keys and values: NULs, high bytes, the empty key and empty values", "[sstable]") {
  const lsm::TempDir dir;
  const Model model = {{""s, "empty key"s},   {"\0"s, ""s},       {"a\0b"s, "\xff\x00"s},
                       {"ab"s, std::nullopt}, {"\x80"s, "high"s}, {"\xff\xff"s, "\n"s}};
  for (std::uint32_t interval : {1u, 2u, 16u}) {
    INFO("index interval " << interval);
    const auto table = OpenTable(Write(dir, model, interval, "t" + std::to_string(interval)));
    for (const auto& [key, value] : model) {
      INFO("Get(" << ShowBytes(key) << ")");
      CHECK(table->Get(key) == (value ? LookupResult::Found(*value) : LookupResult::Deleted()));
    }
    auto it = table->NewIterator();
    CHECK(ScanForward(*it) == Expected(model));
  }
}

TEST_CASE("the writer rejects bad input with InvalidArgumentError", "[sstable][writer]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "t.sst").string();
  CHECK_THROWS_AS(SSTableWriter(path, SSTableOptions{0}), lsm::InvalidArgumentError);

  SSTableWriter writer(path);
  REQUIRE_NOTHROW(writer.Add("b", "1"));
  CHECK_THROWS_AS(writer.Add("a", "out of order"), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(writer.Add("b", "duplicate"), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(writer.Add("c", "value", /*tombstone=*/true), lsm::InvalidArgumentError);
  REQUIRE_NOTHROW(writer.Add("c", "2"));  // the rejected calls changed nothing
  REQUIRE_NOTHROW(writer.Finish());
  CHECK_THROWS_AS(writer.Add("d", "after finish"), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(writer.Finish(), lsm::InvalidArgumentError);
  const auto table = OpenTable(path);
  CHECK(table->entry_count() == 2);
}

TEST_CASE("a table appears under its name only when finished", "[sstable][writer]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "t.sst").string();
  {
    SSTableWriter writer(path);
    REQUIRE_NOTHROW(writer.Add("k", "v"));
    CHECK(std::filesystem::exists(SSTableWriter::TempPath(path)));
    CHECK_FALSE(std::filesystem::exists(path));
    REQUIRE_NOTHROW(writer.Finish());
    CHECK(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(SSTableWriter::TempPath(path)));
  }
  {
    SSTableWriter abandoned((dir / "u.sst").string());
    REQUIRE_NOTHROW(abandoned.Add("k", "v"));
  }  // destroyed without Finish: nothing is left behind
  CHECK_FALSE(std::filesystem::exists(dir / "u.sst"));
  CHECK_FALSE(std::filesystem::exists(dir / "u.sst.tmp"));
}

TEST_CASE("a writer spills a large index to a side file and cleans it up", "[sstable][writer]") {
  const lsm::TempDir dir;
  const Model model = Numbered(40);
  const std::string path = (dir / "spilled.sst").string();
  {
    SSTableWriter writer(path, SSTableOptions{.index_interval = 2, .index_memory_bytes = 30});
    for (const auto& [key, value] : model) {
      INFO("Add(" << ShowBytes(key) << ", " << ShowBytes(*value) << ")");
      REQUIRE_NOTHROW(writer.Add(key, *value));
    }
    CHECK(std::filesystem::exists(lsm::IndexBuilder::SidePath(path)));  // spilled already
    REQUIRE_NOTHROW(writer.Finish());
  }
  CHECK_FALSE(std::filesystem::exists(lsm::IndexBuilder::SidePath(path)));
  const auto table = OpenTable(path);
  CHECK(table->index().size() == 20);
  for (const auto& [key, value] : model) {
    INFO("Get(" << ShowBytes(key) << ")");
    CHECK(table->Get(key) == LookupResult::Found(*value));
  }
  {
    SSTableWriter abandoned((dir / "gone.sst").string(),
                            SSTableOptions{.index_interval = 1, .index_memory_bytes = 0});
    REQUIRE_NOTHROW(abandoned.Add("a", "1"));
    REQUIRE_NOTHROW(abandoned.Add("b", "2"));
  }
  CHECK(std::vector<std::filesystem::path>(std::filesystem::directory_iterator(dir.path()), {}) ==
        std::vector<std::filesystem::path>{path});
}

TEST_CASE("the sparse index holds one key per group", "[sstable][index]") {
  const lsm::TempDir dir;
  const auto table = OpenTable(Write(dir, Numbered(50), 16));
  const lsm::SparseIndex& index = table->index();
  REQUIRE(index.size() == 4);  // 16 + 16 + 16 + 2
  CHECK(index.group_begin(0) == 0);
  CHECK(index.FindGroup("a") == lsm::SparseIndex::kNoGroup);
  CHECK(index.FindGroup("k00") == 0);
  CHECK(index.FindGroup("k31") == 0);
  CHECK(index.FindGroup("k32") == 1);  // the first key of group 1
  CHECK(index.FindGroup("k33") == 1);
  CHECK(index.FindGroup("k98") == 3);
  CHECK(index.FindGroup("\xff") == 3);
  CHECK(lsm::SparseIndex().FindGroup("k00") == lsm::SparseIndex::kNoGroup);
}

TEST_CASE("an invalid table iterator refuses to move or read", "[sstable][iterator]") {
  const lsm::TempDir dir;
  const auto table = OpenTable(Write(dir, Numbered(3)));
  auto it = table->NewIterator();
  CHECK_FALSE(it->Valid());
  CHECK_THROWS_AS(it->Next(), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(it->Prev(), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(it->key(), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(it->value(), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(it->is_tombstone(), lsm::InvalidArgumentError);
}

TEST_CASE("the table iterator matches a model on random tables and walks", "[sstable][model]") {
  const lsm::TempDir dir;
  lsm::Random random(21);
  for (int round = 0; round < 40; ++round) {
    Model model;
    const auto entries = random.Uniform(60);
    for (std::uint64_t i = 0; i < entries; ++i) {
      model[lsm::testing::RandomSmallKey(random)] =
          random.OneIn(4) ? std::nullopt : std::optional(lsm::testing::RandomValue(random));
    }
    const auto interval = static_cast<std::uint32_t>(1 + random.Uniform(5));
    INFO("round " << round << ", " << model.size() << " entries, interval " << interval);
    const auto table = OpenTable(Write(dir, model, interval, "r" + std::to_string(round)));
    auto it = table->NewIterator();
    for (int walk = 0; walk < 30; ++walk) {
      INFO("walk " << walk);
      lsm::testing::CheckRandomWalk(*it, model, random);
    }
    for (int probe = 0; probe < 30; ++probe) {
      const std::string key = lsm::testing::RandomSmallKey(random);
      const auto found = model.find(key);
      const LookupResult expected = found == model.end() ? LookupResult::Absent()
                                    : found->second      ? LookupResult::Found(*found->second)
                                                         : LookupResult::Deleted();
      INFO("Get(" << ShowBytes(key) << ")");
      REQUIRE(table->Get(key) == expected);
    }
  }
}

TEST_CASE("the sequential scanner reads every entry in order without the index",
          "[sstable][scanner]") {
  const lsm::TempDir dir;
  Model model = Numbered(21);
  model["k05"] = std::nullopt;
  const std::string path = Write(dir, model, 4);
  lsm::SSTableScanner scanner(path);
  CHECK(scanner.entry_count() == model.size());
  CHECK(ScanForward(scanner) == Expected(model));
  CHECK(AfterSeek(scanner, "k09") == At("k10"));
  CHECK_THROWS_AS(scanner.Prev(), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(scanner.SeekToLast(), lsm::InvalidArgumentError);

  lsm::SSTableScanner empty(Write(dir, {}, 4, "empty.sst"));
  CHECK(AfterSeekToFirst(empty) == NotValid());
}
