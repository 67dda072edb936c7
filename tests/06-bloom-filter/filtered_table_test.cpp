// Chapter 6: filters inside tables and trees -- format version 2, lookups that skip tables,
// version 1 tables next to version 2 ones, damaged filters, and the model check with filters.

#include <catch2/catch.hpp>

#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "chapters/05-streaming-compaction/compaction.h"
#include "chapters/06-bloom-filter/bloom_filter.h"
#include "common/coding.h"
#include "common/crc32c.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/error_of.h"
#include "tests/support/files.h"
#include "tests/support/iteration.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/streaming_stage.h"
#include "tests/support/tables.h"
#include "tests/support/tree_options.h"
#include "tests/support/trees.h"

namespace {

using lsm::LookupResult;
using lsm::SSTableOptions;
using lsm::SSTableReader;
using lsm::testing::Bytes;
using lsm::testing::OpenTable;
using lsm::testing::OpenTree;
using lsm::testing::ReadFile;
using lsm::testing::SameEntries;
using lsm::testing::WriteFile;

const auto kBloom = std::make_shared<const lsm::BloomFilterPolicy>(10);

// Keys "k000000", "k000002", ... (even numbers): odd numbers are absent but sort among them.
std::string Key(int i) {
  std::string key = std::to_string(i);
  return "k" + std::string(6 - key.size(), '0') + key;
}

std::string WriteTable(const std::string& path, int entries,
                       std::shared_ptr<const lsm::FilterPolicy> policy) {
  SSTableOptions options;
  options.index_interval = 4;
  options.filter_policy = std::move(policy);
  lsm::testing::Model model;
  for (int i = 0; i < entries; ++i) {
    const bool tombstone = i % 10 == 3;
    model[Key(2 * i)] = tombstone ? std::nullopt : std::optional("v" + std::to_string(i));
  }
  lsm::testing::WriteModel(path, model, options);
  return path;
}

// `bytes` (a version 2 table) with the footer checksum recomputed.
std::string ResealFooter(std::string bytes) {
  const std::size_t footer_at = bytes.size() - lsm::sst::kFilterFooterSize;
  std::string crc;
  lsm::PutFixed32(crc, lsm::Crc32c(std::string_view(bytes).substr(
                           footer_at, lsm::sst::kFilterFooterSize - 12)));
  bytes.replace(bytes.size() - 12, 4, crc);
  return bytes;
}

// `bytes` (a version 2 table) with the filter's and the footer's checksums recomputed, as a
// buggy writer would leave them: damage the checksums cannot see.
std::string Reseal(std::string bytes, std::uint64_t filter_at, std::uint64_t filter_size) {
  const std::size_t footer_at = bytes.size() - lsm::sst::kFilterFooterSize;
  std::string crc;
  lsm::PutFixed32(crc, lsm::Crc32c(std::string_view(bytes).substr(filter_at, filter_size)));
  bytes.replace(footer_at + 8, 4, crc);
  return ResealFooter(std::move(bytes));
}

// Writes `bytes` to `path` and opens it with the Bloom policy, which must fail: the error.
lsm::CorruptionError CorruptionOnOpen(const std::string& path, const std::string& bytes) {
  WriteFile(path, bytes);
  std::optional<lsm::CorruptionError> error;  // any other exception fails the REQUIRE_NOTHROW
  REQUIRE_NOTHROW(error = lsm::testing::ErrorOf<lsm::CorruptionError>([&] {
                    static_cast<void>(
                        SSTableReader::Open(path, lsm::FileSystem::Posix(), kBloom.get()));
                  }));
  REQUIRE(error.has_value());
  return *error;
}

lsm::LsmOptions TreeOptions(std::shared_ptr<const lsm::FilterPolicy> policy) {
  return lsm::testing::ManualFlush(16, std::move(policy));
}

std::uint64_t FilterSkips(const lsm::LsmTree& tree) {
  std::uint64_t skips = 0;
  for (const auto& table : tree.tables()) skips += table->filter_skips();
  return skips;
}

}  // namespace

TEST_CASE("a table with a filter is format version 2 and answers exactly like one without",
          "[filter]") {
  const lsm::TempDir dir("ch06");
  const auto plain = OpenTable(WriteTable((dir / "plain.sst").string(), 1000, nullptr));
  const auto filtered = OpenTable(WriteTable((dir / "bloom.sst").string(), 1000, kBloom),
                                  lsm::FileSystem::Posix(), kBloom.get());
  CHECK(plain->footer().version() == lsm::sst::kFormatVersion);
  CHECK(filtered->footer().version() == lsm::sst::kFilterFormatVersion);
  REQUIRE(plain->filter() == nullptr);
  REQUIRE(filtered->filter() != nullptr);
  CHECK(filtered->footer().filter_size == 1252);  // 10,000 bits, the probe count, the format
  CHECK(filtered->file_size() == plain->file_size() + 1252 + 12);

  for (int i = -1; i <= 2001; ++i) {  // every present key, every absent one between them
    const std::string key = i < 0 ? "" : Key(i);
    INFO("Get(" << lsm::testing::ShowBytes(key) << ")");
    REQUIRE(filtered->Get(key) == plain->Get(key));
  }
  // About 1% of the 1,003 absent keys pass the filter; the rest were answered without a read.
  CHECK(filtered->filter_skips() > 950);
  CHECK(plain->filter_skips() == 0);
  const auto plain_it = plain->NewIterator();
  const auto filtered_it = filtered->NewIterator();
  CHECK(SameEntries(lsm::testing::ScanForward(*filtered_it), lsm::testing::ScanForward(*plain_it)));
}

TEST_CASE("a tree's get skips the tables whose filter rules the key out", "[filter]") {
  const lsm::TempDir dir("ch06");
  auto tree = OpenTree((dir / "tree").string(), TreeOptions(kBloom));
  constexpr int kTables = 16;
  constexpr int kPerTable = 500;
  for (int t = 0; t < kTables; ++t) {  // table t holds keys t, t + 16, t + 32, ...
    for (int i = 0; i < kPerTable; ++i)
      REQUIRE_NOTHROW(tree->Put(Key(2 * (i * kTables + t)), "t" + std::to_string(t)));
    REQUIRE_NOTHROW(tree->Flush());
  }
  REQUIRE(tree->tables().size() == kTables);

  // Absent keys: every table is asked and nearly every one says no without a read.
  const std::uint64_t before_absent = FilterSkips(*tree);
  for (int i = 0; i < 1000; ++i) REQUIRE(tree->Get(Key(2 * i + 1)) == std::nullopt);
  const std::uint64_t absent_skips = FilterSkips(*tree) - before_absent;
  CHECK(absent_skips > 1000 * kTables * 97 / 100);  // 1% false positives expected
  CHECK(absent_skips <= 1000 * kTables);

  // Present keys: the tables newer than the one holding the key are skipped (a key of table t
  // is looked up in tables 15 .. t), so (15 - t) skips per key, less the false positives.
  const std::uint64_t before_present = FilterSkips(*tree);
  std::uint64_t newer_tables = 0;
  for (int k = 0; k < kPerTable * kTables; k += 7) {
    const int t = k % kTables;
    REQUIRE(tree->Get(Key(2 * k)) == Bytes("t" + std::to_string(t)));
    newer_tables += kTables - 1 - t;
  }
  const std::uint64_t present_skips = FilterSkips(*tree) - before_present;
  CHECK(present_skips > newer_tables * 97 / 100);
  CHECK(present_skips <= newer_tables);
}

TEST_CASE("version 1 tables still open, also in a tree beside version 2 tables", "[filter]") {
  const lsm::TempDir dir("ch06");
  const std::string path = (dir / "tree").string();
  {
    auto tree = OpenTree(path, TreeOptions(nullptr));  // chapter 5's tree: version 1
    for (int i = 0; i < 300; ++i) REQUIRE_NOTHROW(tree->Put(Key(i), "old"));
    REQUIRE_NOTHROW(tree->Flush());
  }
  auto tree = OpenTree(path, TreeOptions(kBloom));
  REQUIRE(tree->tables().size() == 1);
  CHECK(tree->tables()[0]->footer().version() == lsm::sst::kFormatVersion);
  CHECK(tree->tables()[0]->filter() == nullptr);
  for (int i = 200; i < 400; ++i) REQUIRE_NOTHROW(tree->Put(Key(i), "new"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE(tree->tables().size() == 2);
  CHECK(tree->tables()[0]->footer().version() == lsm::sst::kFilterFormatVersion);
  REQUIRE(tree->tables()[0]->filter() != nullptr);

  auto check_all = [&] {
    for (int i = 0; i < 400; ++i) REQUIRE(tree->Get(Key(i)) == Bytes(i < 200 ? "old" : "new"));
    REQUIRE(tree->Get("absent") == std::nullopt);
  };
  check_all();
  REQUIRE_NOTHROW(lsm::Compact(*tree));  // the output is written with the tree's policy: version 2
  REQUIRE(tree->tables().size() == 1);
  CHECK(tree->tables()[0]->footer().version() == lsm::sst::kFilterFormatVersion);
  check_all();

  // A version 2 table opened without a policy: filter checked but not loaded, answers right.
  const auto table = OpenTable(tree->tables()[0]->path());
  CHECK(table->filter() == nullptr);
  CHECK(table->Get(Key(250)) == LookupResult::Found("new"));
  CHECK(table->Get("absent") == LookupResult::Absent());
}

TEST_CASE("a corrupted filter is a CorruptionError naming the file and the filter's offset",
          "[filter]") {
  const lsm::TempDir dir("ch06");
  const std::string path = WriteTable((dir / "t.sst").string(), 200, kBloom);
  const std::string good = ReadFile(path);
  const auto table = OpenTable(path, lsm::FileSystem::Posix(), kBloom.get());
  const std::uint64_t filter_at = table->footer().filter_offset();
  const std::uint64_t filter_size = table->footer().filter_size;
  REQUIRE(filter_size == 252);

  auto expect_corruption = [&](const std::string& bytes, std::uint64_t offset) {
    const lsm::CorruptionError error = CorruptionOnOpen(path, bytes);
    CAPTURE(error.what());
    CHECK(error.file() == path);
    CHECK(error.offset() == offset);
  };
  for (const std::uint64_t at : {filter_at, filter_at + 100, filter_at + filter_size - 1}) {
    std::string flipped = good;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
    expect_corruption(flipped, filter_at);  // the checksum catches it
  }

  // A bad probe count under a checksum that matches (as a buggy writer would make): the
  // filter's own checks catch it.
  std::string forged = good;
  forged[filter_at + filter_size - 2] = 0;
  expect_corruption(Reseal(forged, filter_at, filter_size), filter_at + filter_size - 2);

  // A damaged filter is refused even by a reader without a policy: it checks the checksum.
  std::string flipped = good;
  flipped[filter_at + 7] = static_cast<char>(flipped[filter_at + 7] ^ 1);
  WriteFile(path, flipped);
  CHECK_THROWS_AS(SSTableReader::Open(path), lsm::CorruptionError);

  // A filter of another format (another hash, say) is not used: the table reads without it.
  std::string foreign = good;
  foreign[filter_at + filter_size - 1] = static_cast<char>(lsm::kBloomFormat + 1);
  WriteFile(path, Reseal(foreign, filter_at, filter_size));
  const auto without = OpenTable(path, lsm::FileSystem::Posix(), kBloom.get());
  CHECK(without->filter() == nullptr);
  CHECK(without->Get(Key(2)) == LookupResult::Found("v1"));
  CHECK(without->Get(Key(3)) == LookupResult::Absent());

  WriteFile(path, good);  // and the good file still opens
  CHECK(OpenTable(path, lsm::FileSystem::Posix(), kBloom.get())->Get(Key(0)) ==
        LookupResult::Found("v0"));
}

TEST_CASE("a version 2 footer that contradicts the file is a CorruptionError", "[filter]") {
  const lsm::TempDir dir("ch06");
  const std::string path = WriteTable((dir / "t.sst").string(), 50, kBloom);
  const std::string good = ReadFile(path);
  const auto table = OpenTable(path, lsm::FileSystem::Posix(), kBloom.get());
  const std::size_t footer_at = good.size() - lsm::sst::kFilterFooterSize;
  REQUIRE(table->footer().filter_offset() + table->footer().filter_size == footer_at);

  auto expect_footer_corruption = [&](const std::string& bytes, const std::string& why) {
    const lsm::CorruptionError error = CorruptionOnOpen(path, bytes);
    CAPTURE(error.what());
    CHECK(std::string(error.what()).find(why) != std::string::npos);
  };
  auto with_filter_size = [&](std::uint64_t size) {
    std::string bytes = good;
    std::string field;
    lsm::PutFixed64(field, size);
    bytes.replace(footer_at, 8, field);
    return ResealFooter(bytes);
  };
  expect_footer_corruption(with_filter_size(0), "version 2 without a filter block");
  expect_footer_corruption(with_filter_size(table->footer().filter_size + 1), "do not end where");
  expect_footer_corruption(with_filter_size(~std::uint64_t{0}), "do not end where");
  // A 50-byte file whose last 16 bytes claim version 2 is too short for its 60-byte footer.
  expect_footer_corruption(good.substr(good.size() - 50), "too short for a version 2 footer");
}

TEST_CASE("a tree with filters matches a std::map model through flushes, compactions, reopens",
          "[filter][model]") {
  // 4 bits per key: about 15% false positives, so both answers of the filter come up often.
  lsm::testing::RunTreeModelChecks(
      lsm::testing::StreamingStage("streaming + bloom",
                                   std::make_shared<lsm::BloomFilterPolicy>(4)),
      5'000, {21, 22});
}
