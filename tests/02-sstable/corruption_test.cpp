// Chapter 2: a damaged table is always reported, never read as wrong data. Every truncation
// of a small table and a flipped byte at every offset must end in a CorruptionError that names
// the file; entries read before the error must be correct.

#include <catch2/catch.hpp>

#include <exception>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "chapters/02-sstable/format.h"
#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_scanner.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/files.h"
#include "tests/support/iteration.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/tables.h"

using lsm::testing::Bytes;
using lsm::testing::Model;
using lsm::testing::ReadFile;
using lsm::testing::Seen;
using lsm::testing::ShowBytes;
using lsm::testing::WriteFile;

namespace {

// Entries seen are checked against the model as they come, so a wrong entry fails the test
// even if an error is thrown later. The reads stay outside assertions (an assertion would
// report the CorruptionError the test expects as a failure); `call` names the one being made.
void ReadEverything(const std::string& path, const Model& model, std::string& call) {
  call = "SSTableReader::Open(path)";
  const auto table = lsm::SSTableReader::Open(path);
  auto it = table->NewIterator();
  auto expected = model.begin();
  call = "SeekToFirst()";
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    REQUIRE(expected != model.end());
    REQUIRE(lsm::testing::Current(*it) ==
            Seen{expected->first, expected->second.value_or(""), !expected->second});
    call = "Next() from " + ShowBytes(expected->first);
  }
  REQUIRE(expected == model.end());
  for (const auto& [key, value] : model) {
    call = "Get(" + ShowBytes(key) + ")";
    const lsm::LookupResult got = table->Get(key);
    REQUIRE(got == (value ? lsm::LookupResult::Found(*value) : lsm::LookupResult::Deleted()));
  }
}

Model SmallModel() {
  Model model;
  for (int i = 0; i < 11; ++i) model["key" + std::to_string(i)] = "value" + std::to_string(i);
  model["key4"] = std::nullopt;
  return model;
}

std::string WriteSmallTable(const lsm::TempDir& dir) {
  const std::string path = (dir / "good.sst").string();
  lsm::testing::WriteModel(path, SmallModel(), lsm::SSTableOptions{3});
  return path;
}

}  // namespace

TEST_CASE("a table truncated at any length is reported as corrupt", "[sstable][corruption]") {
  const lsm::TempDir dir;
  const std::string good = ReadFile(WriteSmallTable(dir));
  const std::string path = (dir / "cut.sst").string();
  for (std::size_t length = 0; length < good.size(); ++length) {
    INFO("truncated to " << length << " of " << good.size() << " bytes");
    WriteFile(path, good.substr(0, length));
    std::string call;
    try {
      ReadEverything(path, SmallModel(), call);
      FAIL("a truncated table was read without an error");
    } catch (const lsm::CorruptionError& error) {
      CHECK(error.file() == path);
      CHECK(error.offset() <= good.size());
    } catch (const std::exception& error) {
      FAIL(call << " threw something else than a CorruptionError: " << error.what());
    }
  }
}

TEST_CASE("a flipped byte anywhere is reported as corrupt, naming file and offset",
          "[sstable][corruption]") {
  const lsm::TempDir dir;
  const std::string good = ReadFile(WriteSmallTable(dir));
  const std::string path = (dir / "flipped.sst").string();
  for (std::size_t offset = 0; offset < good.size(); ++offset) {
    INFO("byte " << offset << " of " << good.size() << " flipped");
    std::string bad = good;
    bad[offset] = static_cast<char>(bad[offset] ^ 0x20);
    WriteFile(path, bad);
    std::string call;
    try {
      ReadEverything(path, SmallModel(), call);
      FAIL("a damaged table was read without an error");
    } catch (const lsm::CorruptionError& error) {
      CHECK(error.file() == path);
      CHECK(error.offset() <= offset);  // the start of the damaged structure, not past it
    } catch (const std::exception& error) {
      FAIL(call << " threw something else than a CorruptionError: " << error.what());
    }
  }
}

TEST_CASE("the sequential scanner reports damaged data and never shows a wrong entry",
          "[sstable][corruption][scanner]") {
  const lsm::TempDir dir;
  const std::string good = ReadFile(WriteSmallTable(dir));
  const auto footer_at = good.size() - lsm::sst::kFooterSize;
  const auto good_table = lsm::SSTableReader::Open((dir / "good.sst").string());
  const auto index_at = good_table->index().group_end(good_table->index().size() - 1);
  const std::string path = (dir / "flipped.sst").string();
  const Model model = SmallModel();
  {
    INFO("the table as written, before any byte is flipped, must scan back whole");
    lsm::SSTableScanner scanner((dir / "good.sst").string());
    std::vector<Seen> seen;
    REQUIRE_NOTHROW(seen = lsm::testing::ScanForward(scanner));
    REQUIRE(seen.size() == model.size());
  }
  for (std::size_t offset = 0; offset < good.size(); ++offset) {
    INFO("byte " << offset << " flipped");
    std::string bad = good;
    bad[offset] = static_cast<char>(bad[offset] ^ 0x01);
    WriteFile(path, bad);
    bool reported = false;
    try {
      lsm::SSTableScanner scanner(path);
      auto expected = model.begin();
      for (scanner.SeekToFirst(); scanner.Valid(); scanner.Next(), ++expected) {
        REQUIRE(expected != model.end());
        REQUIRE(Bytes(scanner.key()) == Bytes(expected->first));
        REQUIRE(Bytes(scanner.value()) == Bytes(expected->second.value_or("")));
      }
      REQUIRE(expected == model.end());
    } catch (const lsm::CorruptionError& error) {
      reported = true;
      CHECK(error.file() == path);
    }
    // The scanner never reads the index, so damage there goes unnoticed -- harmlessly.
    const bool in_index = offset >= index_at && offset < footer_at;
    CHECK(reported == !in_index);
  }
}

// A move into a damaged group throws; the iterator must then say it is not valid, not stand on
// the group it had before (or on nothing) as if the move had worked.
TEST_CASE("an iterator whose move reaches a damaged group throws and is then not valid",
          "[sstable][corruption]") {
  const lsm::TempDir dir;
  const std::string good_path = WriteSmallTable(dir);
  const std::string good = ReadFile(good_path);
  const auto good_table = lsm::SSTableReader::Open(good_path);
  const lsm::SparseIndex& index = good_table->index();
  REQUIRE(index.size() == 4);  // 11 entries, 3 per group
  const std::string path = (dir / "damaged.sst").string();

  // Each move, from where it starts, into the damaged group `group`.
  struct Move {
    const char* name;
    std::size_t group;
    std::function<void(lsm::Iterator&)> before;  // positions the iterator, unharmed
    std::function<void(lsm::Iterator&)> move;    // reaches the damaged group
  };
  const std::string first_of_1(index.first_key(1));
  const std::string first_of_2(index.first_key(2));
  const std::vector<Move> moves = {
      {"SeekToFirst() into a damaged group 0", 0, [](lsm::Iterator&) {},
       [](lsm::Iterator& it) { it.SeekToFirst(); }},
      {"SeekToLast() into a damaged group 3", 3, [](lsm::Iterator& it) { it.SeekToFirst(); },
       [](lsm::Iterator& it) { it.SeekToLast(); }},
      {"Seek() into a damaged group 1, from group 0", 1,
       [](lsm::Iterator& it) { it.SeekToFirst(); },
       [&](lsm::Iterator& it) { it.Seek(first_of_1); }},
      {"Next() from group 0's last entry into a damaged group 1", 1,
       [](lsm::Iterator& it) {
         it.SeekToFirst();
         it.Next();
         it.Next();
       },
       [](lsm::Iterator& it) { it.Next(); }},
      {"Prev() from group 2's first entry into a damaged group 1", 1,
       [&](lsm::Iterator& it) { it.Seek(first_of_2); }, [](lsm::Iterator& it) { it.Prev(); }},
  };
  for (const Move& move : moves) {
    INFO(move.name);
    std::string bad = good;
    const auto at = static_cast<std::size_t>(index.group_begin(move.group)) + 1;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);  // inside the group's first entry
    WriteFile(path, bad);
    const auto table = lsm::SSTableReader::Open(path);
    auto it = table->NewIterator();
    REQUIRE_NOTHROW(move.before(*it));
    CHECK_THROWS_AS(move.move(*it), lsm::CorruptionError);
    CHECK_FALSE(it->Valid());
    // Only a not-valid iterator is asked for key(): a wrongly valid one may stand on nothing.
    if (!it->Valid()) CHECK_THROWS_AS(it->key(), lsm::InvalidArgumentError);
  }
}

TEST_CASE("a file that is not an SSTable is rejected at open but a real one is not",
          "[sstable][corruption]") {
  const lsm::TempDir dir;
  CHECK(lsm::testing::OpenTable(WriteSmallTable(dir))->Get("key1") ==
        lsm::LookupResult::Found("value1"));
  const std::string path = (dir / "notes.txt").string();
  WriteFile(path, std::string(200, 'x'));
  CHECK_THROWS_AS(lsm::SSTableReader::Open(path), lsm::CorruptionError);
  CHECK_THROWS_AS(lsm::SSTableReader::Open((dir / "missing.sst").string()), lsm::IoError);
}
