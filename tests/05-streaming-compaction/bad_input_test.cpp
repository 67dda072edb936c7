// Bad input at the API: the empty key, keys and values of a mebibyte and more, keys of every byte
// value, reversed and empty ranges, a directory that is not a tree's, a read-only directory and
// a full disk. Each gets a correct answer or a clear, typed error, and nothing already stored is
// lost: every test ends by compacting (streaming), reopening on the real file system and
// comparing with what was stored. The read-only directory and the full disk are simulated by
// tests/support/fault_file_system.h, because CI runs as root, which ignores permissions.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/04-streaming-merge/streaming_scan.h"
#include "chapters/05-streaming-compaction/compaction.h"
#include "common/errors.h"
#include "common/random.h"
#include "common/temp_dir.h"
#include "tests/support/caller.h"
#include "tests/support/crash_points.h"
#include "tests/support/error_of.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/files.h"
#include "tests/support/iteration.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/scans.h"
#include "tests/support/trees.h"

using lsm::KeyRange;
using lsm::KeyValue;
using lsm::LsmTree;
using lsm::testing::AfterNext;
using lsm::testing::AfterPrev;
using lsm::testing::AfterSeek;
using lsm::testing::AfterSeekToFirst;
using lsm::testing::AfterSeekToLast;
using lsm::testing::At;
using lsm::testing::Bytes;
using lsm::testing::FaultFileSystem;
using lsm::testing::NotValid;
using lsm::testing::OpenScan;
using lsm::testing::OpenTree;
using lsm::testing::SameEntries;
using lsm::testing::StreamBackward;
using lsm::testing::StreamForward;
using lsm::testing::WriteFile;

namespace {

namespace fs = std::filesystem;

/// What a tree should hold: key -> newest value (removed keys are absent).
using Data = std::map<std::string, std::string>;

/// Explicit flushes only (unless `budget` says otherwise), small groups, `file_system` for files.
lsm::LsmOptions Options(lsm::FileSystem* file_system = nullptr,
                        std::size_t budget = std::size_t{1} << 30, std::uint32_t interval = 4) {
  lsm::LsmOptions options;
  options.memtable_budget_bytes = budget;
  options.table_options.index_interval = interval;
  options.file_system = file_system;
  return options;
}

/// A printable, bounded rendering of arbitrary bytes: a mebibyte key must not flood the log.
std::string Shown(std::string_view bytes) { return lsm::testing::ShowBytes(bytes, 24); }

std::vector<KeyValue> ToVector(const Data& data) {
  std::vector<KeyValue> out;
  for (const auto& [key, value] : data) out.push_back(KeyValue{key, value});
  return out;
}

/// REQUIREs `actual` == `expected`, naming `what`, the caller and the first difference in
/// bounded form.
void RequireSame(const std::vector<KeyValue>& actual, const std::vector<KeyValue>& expected,
                 const std::string& what, lsm::testing::Caller caller = {}) {
  INFO(what << " (" << caller.Where() << ")");
  REQUIRE(SameEntries(actual, expected));
}

/// What a scan of an empty range shows.
const std::vector<KeyValue> kNothing;

/// `data` restricted to `range`.
std::vector<KeyValue> InRange(const Data& data, const KeyRange& range) {
  std::vector<KeyValue> out;
  for (const auto& [key, value] : data) {
    if (range.Contains(key)) out.push_back(KeyValue{key, value});
  }
  return out;
}

/// The tree shows exactly `data`: Get of every key, both scans in both directions.
void RequireHolds(const LsmTree& tree, const Data& data, lsm::testing::Caller caller = {}) {
  INFO("RequireHolds, called at " << caller.Where());
  for (const auto& [key, value] : data) {
    INFO("Get(" << Shown(key) << ")");
    std::optional<std::string> got;
    REQUIRE_NOTHROW(got = tree.Get(key));
    REQUIRE(got == Bytes(value));  // (Bytes prints the first 100 bytes of a mebibyte value)
  }
  const std::vector<KeyValue> expected = ToVector(data);
  RequireSame(tree.NaiveScan(KeyRange::All()), expected, "NaiveScan");
  RequireSame(StreamForward(tree), expected, "Scan forward");
  RequireSame(StreamBackward(tree), expected, "Scan backward");
}

/// Compacts (streaming), reopens `path` on the real file system and requires `data` after
/// each step, and that no file but the manifest and the live table is left.
void RequireSurvivesCompactAndReopen(const std::string& path, const Data& data,
                                     const lsm::LsmOptions& options = Options(),
                                     lsm::testing::Caller caller = {}) {
  INFO("RequireSurvivesCompactAndReopen, called at " << caller.Where());
  {
    auto tree = OpenTree(path, options);
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    REQUIRE(tree->tables().size() <= 1);
    RequireHolds(*tree, data);
  }
  auto reopened = OpenTree(path, options);
  RequireHolds(*reopened, data);
  lsm::testing::RequireNoStrayFiles(path, *reopened);
}

/// The IoError `operation` throws, or nullopt if it throws none. Any other exception fails the
/// test, naming the line that called IoErrorOf.
template <typename Operation>
std::optional<lsm::IoError> IoErrorOf(Operation&& operation, lsm::testing::Caller caller = {}) {
  INFO("the operation given to IoErrorOf at " << caller.Where());
  std::optional<lsm::IoError> error;
  REQUIRE_NOTHROW(error = lsm::testing::ErrorOf<lsm::IoError>(std::forward<Operation>(operation)));
  return error;
}

/// Every regular file under `root` (recursively) with its contents.
std::map<std::string, std::string> Snapshot(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = fs::relative(entry.path(), root).string();
    if (entry.is_directory()) {
      files[name + "/"] = "<dir>";
      continue;
    }
    files[name] = lsm::testing::ReadFile(entry.path());
  }
  return files;
}

/// Checks that the files under `root` are still those of `before`, names and contents.
void CheckUnchanged(const fs::path& root, const std::map<std::string, std::string>& before) {
  const std::map<std::string, std::string> now = Snapshot(root);
  std::vector<std::string> names_now;
  std::vector<std::string> names_before;
  for (const auto& file : now) names_now.push_back(file.first);
  for (const auto& file : before) names_before.push_back(file.first);
  CHECK(names_now == names_before);
  CHECK((now == before));  // (not printed: the contents can be large)
}

/// A value of `size` bytes that differs from other seeds' values all along.
std::string PatternValue(std::size_t size, std::uint64_t seed) {
  lsm::Random random(seed);
  std::string value(size, '\0');
  for (char& c : value) c = static_cast<char>(random.Uniform(256));
  return value;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The empty key

TEST_CASE("the empty key is a key like any other", "[bad-input]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  Data data;
  {
    auto tree = OpenTree(path, Options());
    REQUIRE_NOTHROW(tree->Put("", "value of the empty key"));
    REQUIRE_NOTHROW(tree->Put("a", "1"));
    REQUIRE_NOTHROW(tree->Put(std::string(1, '\0'), "nul"));
    data = {{"", "value of the empty key"}, {"a", "1"}, {std::string(1, '\0'), "nul"}};
    RequireHolds(*tree, data);

    // In memory and in a table, the empty key sorts first and the bounds treat it as a key.
    const auto check_bounds = [&] {
      RequireSame(StreamForward(*tree), ToVector(data), "Scan");
      CHECK(Bytes(tree->NaiveScan(KeyRange::All()).front().key) == Bytes(""));
      const KeyRange from_empty{std::string(), std::nullopt};
      RequireSame(tree->NaiveScan(from_empty), ToVector(data), "NaiveScan [\"\", )");
      RequireSame(StreamForward(*tree, from_empty), ToVector(data), "Scan [\"\", )");
      const KeyRange below_nul{std::nullopt, std::string(1, '\0')};
      RequireSame(tree->NaiveScan(below_nul), InRange(data, below_nul), "NaiveScan [, \\x00)");
      RequireSame(StreamForward(*tree, below_nul), InRange(data, below_nul), "Scan [, \\x00)");
      REQUIRE(InRange(data, below_nul).size() == 1);
      auto it = OpenScan(*tree, KeyRange::All());
      REQUIRE(AfterSeek(*it, "") == At(""));
      REQUIRE(AfterNext(*it) == At(std::string(1, '\0')));
      REQUIRE(AfterPrev(*it) == At(""));
      CHECK(AfterPrev(*it) == NotValid());
    };
    check_bounds();
    REQUIRE_NOTHROW(tree->Flush());
    RequireHolds(*tree, data);
    check_bounds();

    // An empty value is a value, not a deletion -- for the empty key too.
    REQUIRE_NOTHROW(tree->Put("", ""));
    data[""] = "";
    RequireHolds(*tree, data);
    REQUIRE(tree->Get("").has_value());
    REQUIRE_NOTHROW(tree->Flush());
    RequireHolds(*tree, data);
    REQUIRE(tree->Get("").has_value());

    // Removing it writes a tombstone that hides the tables' versions, in memory and on disk.
    REQUIRE_NOTHROW(tree->Remove(""));
    data.erase("");
    RequireHolds(*tree, data);
    CHECK_FALSE(tree->Get("").has_value());
    REQUIRE_NOTHROW(tree->Flush());
    RequireHolds(*tree, data);
    CHECK_FALSE(tree->Get("").has_value());

    REQUIRE_NOTHROW(tree->NaiveCompact());
    RequireHolds(*tree, data);
    REQUIRE_NOTHROW(tree->Put("", "back"));
    data[""] = "back";
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    RequireHolds(*tree, data);
  }
  RequireSurvivesCompactAndReopen(path, data);

  {  // the empty key as the only key, removed again: compaction leaves an empty tree
    auto tree = OpenTree(path, Options());
    for (const auto& [key, value] : data) {
      if (!key.empty()) REQUIRE_NOTHROW(tree->Remove(key));
    }
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    RequireHolds(*tree, {{"", "back"}});
    REQUIRE_NOTHROW(tree->Remove(""));
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    CHECK(tree->tables().empty());
    data.clear();
    RequireHolds(*tree, data);
  }
  RequireSurvivesCompactAndReopen(path, data);
}

// ---------------------------------------------------------------------------------------------
// Keys and values of a mebibyte and more

TEST_CASE("keys and values of a mebibyte and more go through every path", "[bad-input]") {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  // One entry per group: a point lookup reads one group, and groups of several mebibyte
  // entries would make this test slow without testing more.
  constexpr std::uint32_t kInterval = 1;
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();

  // Huge keys that share everything but their last byte, one that has another as its prefix,
  // and a small key that is a prefix of them all; huge values.
  const std::string huge_a(kMiB, 'k');
  const std::string huge_b = std::string(kMiB - 1, 'k') + 'l';
  const std::string huge_longer = huge_a + '\0';
  Data data = {
      {huge_a, PatternValue(kMiB, 1)},
      {huge_b, PatternValue(100, 2)},
      {huge_longer, "small value of a huge key"},
      {"k", "a small key, a prefix of the huge ones"},
      {"z", "small"},
  };

  {
    // A budget far below one entry: every Put of a huge entry flushes at once.
    auto tree = OpenTree(path, Options(nullptr, 64 * 1024, kInterval));
    for (const auto& [key, value] : data) REQUIRE_NOTHROW(tree->Put(key, value));
    CHECK(tree->tables().size() >= 3);
    RequireHolds(*tree, data);
    REQUIRE_NOTHROW(tree->Flush());

    // Keys next to the huge ones are not found.
    CHECK_FALSE(tree->Get(huge_a.substr(0, kMiB - 1)).has_value());
    CHECK_FALSE(tree->Get(huge_a + 'k').has_value());
    CHECK_FALSE(tree->Get(std::string(kMiB - 1, 'k') + 'j').has_value());

    // Seeks to and between huge keys, both scans over ranges bounded by huge keys.
    auto it = OpenScan(*tree, KeyRange::All());
    REQUIRE(AfterSeek(*it, huge_a) == At(huge_a));
    REQUIRE(AfterNext(*it) == At(huge_longer));
    REQUIRE(AfterNext(*it) == At(huge_b));
    REQUIRE(AfterPrev(*it) == At(huge_longer));
    REQUIRE(AfterSeek(*it, huge_a.substr(0, kMiB - 1)) == At(huge_a));
    REQUIRE(AfterSeekToFirst(*it) == At("k"));
    it.reset();
    const KeyRange between{huge_a, huge_b};
    RequireSame(tree->NaiveScan(between), InRange(data, between), "NaiveScan [huge_a, huge_b)");
    RequireSame(StreamForward(*tree, between), InRange(data, between), "Scan [huge_a, huge_b)");
    RequireSame(StreamBackward(*tree, between), InRange(data, between), "Scan back [a, b)");
    REQUIRE(InRange(data, between).size() == 2);

    // Overwrite and remove huge entries, then both compactions.
    REQUIRE_NOTHROW(tree->Put(huge_a, PatternValue(kMiB + 5, 5)));
    data[huge_a] = PatternValue(kMiB + 5, 5);
    REQUIRE_NOTHROW(tree->Remove(huge_b));
    data.erase(huge_b);
    RequireHolds(*tree, data);
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(tree->NaiveCompact());
    REQUIRE(tree->tables().size() == 1);
    RequireHolds(*tree, data);

    REQUIRE_NOTHROW(tree->Put(huge_b, PatternValue(100, 6)));
    data[huge_b] = PatternValue(100, 6);
    REQUIRE_NOTHROW(tree->Remove("k"));
    data.erase("k");
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    REQUIRE(tree->tables().size() == 1);
  }
  // (Checked after the reopen only: each full check reads every mebibyte several times.)
  auto reopened = OpenTree(path, Options(nullptr, std::size_t{1} << 30, kInterval));
  RequireHolds(*reopened, data);
  lsm::testing::RequireNoStrayFiles(path, *reopened);
}

// ---------------------------------------------------------------------------------------------
// Keys of every byte value

TEST_CASE("keys of every byte value sort bytewise unsigned in both scans", "[bad-input]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();

  // All 256 single-byte keys, two-byte keys over high and low bytes, and "p" + every byte.
  std::set<std::string> distinct;
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    distinct.emplace(1, c);
    distinct.insert(std::string{c, static_cast<char>(b ^ 0x80)});
    distinct.insert(std::string("p") + c);
  }
  std::vector<std::string> keys(distinct.begin(), distinct.end());
  lsm::Random random(7);
  for (std::size_t i = keys.size(); i > 1; --i) std::swap(keys[i - 1], keys[random.Uniform(i)]);

  // The order every scan must show: bytes compared as unsigned numbers, not as (signed) chars.
  auto unsigned_less = [](const std::string& a, const std::string& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
    });
  };
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end(), unsigned_less);

  Data data;
  {
    auto tree = OpenTree(path, Options());
    // Spread over two tables and the memtable, some overwritten in a newer source.
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::string value = "v" + std::to_string(i);
      REQUIRE_NOTHROW(tree->Put(keys[i], value));
      data[keys[i]] = value;
      if (i == keys.size() / 3 || i == 2 * keys.size() / 3) REQUIRE_NOTHROW(tree->Flush());
    }
    for (std::size_t i = 0; i < keys.size(); i += 5) {
      REQUIRE_NOTHROW(tree->Put(keys[i], "newer" + std::to_string(i)));
      data[keys[i]] = "newer" + std::to_string(i);
    }
    RequireHolds(*tree, data);

    const auto check_order = [&] {
      const std::vector<KeyValue> scanned = StreamForward(*tree);
      REQUIRE(scanned.size() == sorted.size());
      for (std::size_t i = 0; i < sorted.size(); ++i) {
        INFO("Scan, position " << i << ": " << Shown(scanned[i].key) << ", expected "
                               << Shown(sorted[i]));
        REQUIRE(Bytes(scanned[i].key) == Bytes(sorted[i]));
      }
      std::vector<KeyValue> naive;
      REQUIRE_NOTHROW(naive = tree->NaiveScan(KeyRange::All()));
      REQUIRE(naive.size() == sorted.size());
      for (std::size_t i = 0; i < sorted.size(); ++i) {
        INFO("NaiveScan, position " << i << ": " << Shown(naive[i].key) << ", expected "
                                    << Shown(sorted[i]));
        REQUIRE(Bytes(naive[i].key) == Bytes(sorted[i]));
      }
      CHECK(Bytes(naive.front().key) == Bytes(std::string(1, '\0')));
      CHECK(Bytes(naive.back().key) == Bytes("\xff\x7f"));

      // A range across the signed/unsigned border: 0x7f up to 0x81.
      const KeyRange border{std::string("\x7f"), std::string("\x81")};
      const std::vector<KeyValue> expected = InRange(data, border);
      REQUIRE(expected.size() == 4);  // \x7f, \x7f\xff, \x80, \x80\x00
      RequireSame(tree->NaiveScan(border), expected, "NaiveScan [\\x7f, \\x81)");
      RequireSame(StreamForward(*tree, border), expected, "Scan [\\x7f, \\x81)");
      RequireSame(StreamBackward(*tree, border), expected, "Scan back [\\x7f, \\x81)");

      // An open end keeps keys above '~' (the Python original's default end).
      const KeyRange from_tilde{std::string("~"), std::nullopt};
      const std::vector<KeyValue> high = InRange(data, from_tilde);
      REQUIRE(high.size() == 2 * (256 - 0x7e));
      RequireSame(tree->NaiveScan(from_tilde), high, "NaiveScan [~, )");
      RequireSame(StreamForward(*tree, from_tilde), high, "Scan [~, )");

      auto it = OpenScan(*tree, KeyRange::All());
      REQUIRE(AfterSeek(*it, "\x80") == At("\x80"));
      REQUIRE(AfterPrev(*it) == At("\x7f\xff"));
      REQUIRE(AfterSeekToLast(*it) == At("\xff\x7f"));
      REQUIRE(AfterSeekToFirst(*it) == At(std::string(1, '\0')));
    };
    check_order();
    REQUIRE_NOTHROW(tree->Flush());
    check_order();
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    check_order();
    RequireHolds(*tree, data);
  }
  RequireSurvivesCompactAndReopen(path, data);
}

// ---------------------------------------------------------------------------------------------
// Reversed and empty ranges

TEST_CASE("reversed and empty ranges give nothing, not an error", "[bad-input]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  {  // An empty tree: every range is empty, and compacting nothing changes nothing.
    auto tree = OpenTree(path, Options());
    for (const KeyRange& range : {KeyRange::All(), KeyRange{"b", "a"}, KeyRange{"", ""}}) {
      CHECK(SameEntries(tree->NaiveScan(range), kNothing));
      auto it = OpenScan(*tree, range);
      CHECK(AfterSeekToFirst(*it) == NotValid());
      CHECK(AfterSeekToLast(*it) == NotValid());
      CHECK(AfterSeek(*it, "") == NotValid());
    }
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    REQUIRE_NOTHROW(tree->NaiveCompact());
    CHECK(tree->tables().empty());
  }
  Data data;
  {
    auto tree = OpenTree(path, Options());
    for (char c = 'a'; c <= 'z'; ++c) {
      REQUIRE_NOTHROW(tree->Put(std::string(1, c), std::string(3, c)));
      data[std::string(1, c)] = std::string(3, c);
      if (c == 'h' || c == 'q') REQUIRE_NOTHROW(tree->Flush());
    }
    REQUIRE_NOTHROW(tree->Put("", "empty"));
    data[""] = "empty";
    REQUIRE_NOTHROW(tree->Remove("m"));
    data.erase("m");

    const std::vector<KeyRange> nothing = {
        {"b", "a"},        {"z", "a"}, {"m", "m"},  {"a", "a"},
        {"", ""},          {"b", ""},  {"zz", "z"}, {std::string("\xff"), std::string(1, '\0')},
        {"c", "b\xff\xff"}};
    const auto check_empty = [&] {
      for (const KeyRange& range : nothing) {
        INFO("range [" << Shown(*range.start) << ", " << Shown(*range.end) << ")");
        REQUIRE(range.IsEmpty());
        CHECK(SameEntries(tree->NaiveScan(range), kNothing));
        auto it = OpenScan(*tree, range);
        CHECK(AfterSeekToFirst(*it) == NotValid());
        CHECK(AfterSeekToLast(*it) == NotValid());
        for (const std::string& target :
             {std::string(), std::string("a"), std::string("b"), std::string("m"), std::string("n"),
              std::string("zz"), std::string("\xff"), *range.start, *range.end}) {
          INFO("Seek(" << Shown(target) << ")");
          CHECK(AfterSeek(*it, target) == NotValid());
        }
        CHECK(SameEntries(StreamForward(*tree, range), kNothing));
        CHECK(SameEntries(StreamBackward(*tree, range), kNothing));
      }
      // No start and the empty key as the end: nothing sorts before the empty key, so no key
      // is in it either (the empty key is the smallest start there is).
      const KeyRange before_everything{std::nullopt, std::string()};
      CHECK(SameEntries(tree->NaiveScan(before_everything), kNothing));
      CHECK(SameEntries(StreamForward(*tree, before_everything), kNothing));
      CHECK(SameEntries(StreamBackward(*tree, before_everything), kNothing));
      // A non-empty range over a deleted key only is empty as well, and the whole tree is intact.
      CHECK(SameEntries(tree->NaiveScan(KeyRange{"m", "m\x01"}), kNothing));
      CHECK(SameEntries(StreamForward(*tree, KeyRange{"m", "m\x01"}), kNothing));
      RequireHolds(*tree, data);
    };
    // KeyRange::IsEmpty() promises "no key can be in the range": true for [, "") too.
    CHECK(KeyRange{std::nullopt, std::string()}.IsEmpty());
    check_empty();
    REQUIRE_NOTHROW(tree->Flush());
    check_empty();
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    check_empty();
    REQUIRE_NOTHROW(tree->NaiveCompact());
    check_empty();
  }
  RequireSurvivesCompactAndReopen(path, data);
}

// ---------------------------------------------------------------------------------------------
// A directory that is not ours

TEST_CASE("a directory that is not a tree's is refused and left untouched", "[bad-input]") {
  const lsm::TempDir dir;

  SECTION("other files, no manifest: InvalidArgumentError, nothing created or deleted") {
    const fs::path foreign = dir / "foreign";
    fs::create_directory(foreign);
    WriteFile(foreign / "notes.txt", "someone else's notes");
    WriteFile(foreign / "000001.sst", "not a table, whatever the name says");
    WriteFile(foreign / "000002.sst.tmp", "looks like our leftover");
    WriteFile(foreign / "MANIFEST.tmp", "looks like our leftover too");
    fs::create_directory(foreign / "photos");
    WriteFile(foreign / "photos" / "cat.jpg", std::string("\xff\xd8\xff\xe0", 4));
    const auto before = Snapshot(foreign);

    try {
      static_cast<void>(LsmTree::Open(foreign.string(), Options()));
      FAIL("Open accepted a directory that is not a tree's");
    } catch (const lsm::InvalidArgumentError& error) {
      const std::string message = error.what();
      INFO(message);
      CHECK(message.find(foreign.string()) != std::string::npos);
      CHECK(message.find("no MANIFEST") != std::string::npos);
    }
    CheckUnchanged(foreign, before);

    // Only a file named like one of our tables, or only a subdirectory: still not ours.
    const fs::path table_only = dir / "table-only";
    fs::create_directory(table_only);
    WriteFile(table_only / "000001.sst", "not ours");
    CHECK_THROWS_AS(LsmTree::Open(table_only.string(), Options()), lsm::InvalidArgumentError);
    CheckUnchanged(table_only, {{"000001.sst", "not ours"}});
    const fs::path subdir_only = dir / "subdir-only";
    fs::create_directories(subdir_only / "data");
    CHECK_THROWS_AS(LsmTree::Open(subdir_only.string(), Options()), lsm::InvalidArgumentError);
    CheckUnchanged(subdir_only, {{"data/", "<dir>"}});
  }

  SECTION("a regular file where the directory should be: IoError, the file untouched") {
    const fs::path file = dir / "a-file";
    WriteFile(file, "plain file");
    const auto error =
        IoErrorOf([&] { static_cast<void>(LsmTree::Open(file.string(), Options())); });
    REQUIRE(error);
    INFO(error->what());
    CHECK(error->error_code() == ENOTDIR);
    CHECK(fs::is_regular_file(file));
    CHECK(lsm::testing::ReadFile(file) == "plain file");
  }

  SECTION("foreign files put into a tree's directory are never touched") {
    // Names close to ours but not ours: compactions and reopens must leave them alone.
    const std::string path = (dir / "tree").string();
    Data data;
    {
      auto tree = OpenTree(path, Options());
      for (int i = 0; i < 40; ++i) {
        REQUIRE_NOTHROW(tree->Put("key" + std::to_string(i), "value" + std::to_string(i)));
        data["key" + std::to_string(i)] = "value" + std::to_string(i);
        if (i % 10 == 9) REQUIRE_NOTHROW(tree->Flush());
      }
    }
    const fs::path tree_dir = path;
    const std::vector<std::string> foreign_names = {
        "notes.txt",  "1.sst",  "0000001.sst", "000003.sst.bak",    "MANIFEST.old",
        "000004.SST", "README", "x.tmp",       "000005.sst.old.tmp"};
    std::map<std::string, std::string> foreign_files;
    for (const std::string& name : foreign_names) {
      WriteFile(tree_dir / name, "foreign " + name);
      foreign_files[name] = "foreign " + name;
    }
    fs::create_directory(tree_dir / "000006.sst.d");
    {
      auto tree = OpenTree(path, Options());
      RequireHolds(*tree, data);
      REQUIRE_NOTHROW(tree->NaiveCompact());
      REQUIRE_NOTHROW(tree->Put("key7", "changed"));
      data["key7"] = "changed";
      REQUIRE_NOTHROW(tree->Flush());
      REQUIRE_NOTHROW(lsm::Compact(*tree));
      RequireHolds(*tree, data);
    }
    {
      auto tree = OpenTree(path, Options());
      RequireHolds(*tree, data);
      REQUIRE_NOTHROW(lsm::Compact(*tree));
    }
    const auto after = Snapshot(tree_dir);
    for (const auto& [name, contents] : foreign_files) {
      INFO(name);
      REQUIRE(after.count(name) == 1);
      CHECK(after.at(name) == contents);
    }
    CHECK(after.count("000006.sst.d/") == 1);
  }
}

// ---------------------------------------------------------------------------------------------
// A read-only directory

TEST_CASE("a read-only directory: reads work, writes fail clearly, nothing is lost",
          "[bad-input]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  Data stored;
  {
    auto tree = OpenTree(path, Options());
    for (int i = 0; i < 30; ++i) {
      const std::string key = "key" + std::to_string(i % 20);
      REQUIRE_NOTHROW(tree->Put(key, "v" + std::to_string(i)));
      stored[key] = "v" + std::to_string(i);
      if (i % 10 == 9) REQUIRE_NOTHROW(tree->Flush());
    }
    REQUIRE_NOTHROW(tree->Remove("key3"));
    stored.erase("key3");
    REQUIRE_NOTHROW(tree->Flush());
  }
  const auto files_before = Snapshot(path);

  FaultFileSystem fault;
  Data data = stored;

  SECTION("an existing tree reads; flush and compactions fail clearly; nothing is lost") {
    fault.SetReadOnly(true);
    // Opening an existing tree writes nothing: it works, and everything reads.
    auto tree = OpenTree(path, Options(&fault));
    RequireHolds(*tree, data);

    REQUIRE_NOTHROW(tree->Put("new", "in memory only"));
    REQUIRE_NOTHROW(tree->Remove("key4"));
    REQUIRE_NOTHROW(tree->Put("key5", "overwritten in memory"));
    data["new"] = "in memory only";
    data.erase("key4");
    data["key5"] = "overwritten in memory";

    const auto flush_error = IoErrorOf([&] { tree->Flush(); });
    REQUIRE(flush_error);
    INFO(flush_error->what());
    CHECK(flush_error->error_code() == EROFS);
    CHECK(flush_error->path().find(path) == 0);
    CHECK(std::string(flush_error->what()).find("Read-only file system") != std::string::npos);
    // The memtable keeps everything, and the tree still answers.
    CHECK(tree->stats().memtable_entries == 3);
    RequireHolds(*tree, data);

    // Compactions fail the same way and change nothing.
    const auto compact_error = IoErrorOf([&] { lsm::Compact(*tree); });
    REQUIRE(compact_error);
    CHECK(compact_error->error_code() == EROFS);
    const auto naive_error = IoErrorOf([&] { tree->NaiveCompact(); });
    REQUIRE(naive_error);
    CHECK(naive_error->error_code() == EROFS);
    RequireHolds(*tree, data);
    CheckUnchanged(path, files_before);

    // EACCES (a directory without write permission) is reported as such.
    fault.SetReadOnly(true, EACCES);
    const auto access_error = IoErrorOf([&] { tree->Flush(); });
    REQUIRE(access_error);
    CHECK(access_error->error_code() == EACCES);
    RequireHolds(*tree, data);
    CHECK(fault.faults() >= 4);

    // Writable again: the same tree flushes and compacts, and a reopen shows everything.
    fault.SetReadOnly(false);
    REQUIRE_NOTHROW(tree->Flush());
    CHECK(tree->stats().memtable_entries == 0);
    RequireHolds(*tree, data);
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    RequireHolds(*tree, data);
    tree.reset();
    RequireSurvivesCompactAndReopen(path, data);
  }

  SECTION("a Put whose automatic flush fails throws, and the memtable keeps the entry") {
    fault.SetReadOnly(true);
    auto tree = OpenTree(path, Options(&fault, 256));
    const std::string big(300, 'x');
    const auto error = IoErrorOf([&] { tree->Put("auto", big); });
    REQUIRE(error);
    CHECK(error->error_code() == EROFS);
    REQUIRE(tree->Get("auto") == big);
    data["auto"] = big;
    RequireHolds(*tree, data);
    fault.SetReadOnly(false);
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    RequireHolds(*tree, data);
    tree.reset();
    RequireSurvivesCompactAndReopen(path, data);
  }

  SECTION("a new tree cannot be created: IoError, nothing created") {
    fault.SetReadOnly(true);
    const std::string missing = (dir / "missing").string();
    const auto mkdir_error =
        IoErrorOf([&] { static_cast<void>(LsmTree::Open(missing, Options(&fault))); });
    REQUIRE(mkdir_error);
    CHECK(mkdir_error->error_code() == EROFS);
    CHECK_FALSE(fs::exists(missing));

    const fs::path empty = dir / "empty";
    fs::create_directory(empty);
    const auto commit_error =
        IoErrorOf([&] { static_cast<void>(LsmTree::Open(empty.string(), Options(&fault))); });
    REQUIRE(commit_error);
    CHECK(commit_error->error_code() == EROFS);
    CHECK(fs::is_empty(empty));

    // The existing tree is untouched, and opens read-only as before.
    auto tree = OpenTree(path, Options(&fault));
    RequireHolds(*tree, data);
    fault.SetReadOnly(false);
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    RequireHolds(*tree, data);
  }

  SECTION("leftovers of an interrupted flush cannot be deleted: IoError, nothing lost") {
    WriteFile(fs::path(path) / "000999.sst.tmp", "half a table");
    fault.SetReadOnly(true);
    const auto error = IoErrorOf([&] { static_cast<void>(LsmTree::Open(path, Options(&fault))); });
    REQUIRE(error);
    CHECK(error->error_code() == EROFS);
    CHECK(error->path().find("000999.sst.tmp") != std::string::npos);
    CHECK(fs::exists(fs::path(path) / "000999.sst.tmp"));
    fault.SetReadOnly(false);
    auto tree = OpenTree(path, Options(&fault));
    CHECK_FALSE(fs::exists(fs::path(path) / "000999.sst.tmp"));
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    RequireHolds(*tree, data);
  }
}

// ---------------------------------------------------------------------------------------------
// A full disk

namespace {

/// What a full-disk run covered.
struct FullDiskRun {
  int failures = 0;  ///< runs that ended in ENOSPC, one per append that could fail
};

/// Runs `operation` on a fresh copy of `original` again and again, with no free space at all
/// first, then with room for one byte more than the previous run appended and asked for, so
/// that each run fails in the next append (after writing one byte of it), until a run
/// succeeds. After each failure:
/// - the error is an IoError with ENOSPC naming a file of the tree;
/// - the tree still shows `live` (the tables and the memtable as `prepare` left them) and
///   still has the same tables;
/// - a copy of the directory reopened on the real file system shows `stored` (what was on disk
///   before), with no stray temporary file;
/// - with space back, the same tree completes `operation` and shows `live`, and a reopen on the
///   real file system shows `after` (what `operation` leaves on disk), with no stray file.
FullDiskRun FullDiskEverywhere(const fs::path& original, const fs::path& work,
                               const std::function<void(LsmTree&)>& prepare,
                               const std::function<void(LsmTree&)>& operation, const Data& stored,
                               const Data& live, const Data& after) {
  FullDiskRun run;
  const fs::path snapshot = work.string() + "-snapshot";
  std::uint64_t free_space = 0;
  for (int attempt = 0; attempt < 10'000; ++attempt) {
    INFO("free space " << free_space << " bytes");
    fs::remove_all(work);
    fs::copy(original, work, fs::copy_options::recursive);
    FaultFileSystem fault;
    auto tree = OpenTree(work.string(), Options(&fault));
    REQUIRE_NOTHROW(prepare(*tree));
    std::vector<std::string> tables_before;
    for (const auto& table : tree->stats().tables) tables_before.push_back(table.file_name);

    const std::uint64_t appended_before = fault.bytes_appended();
    if (free_space == 0) {
      fault.SetDiskFull(true);
    } else {
      fault.SetFreeSpace(free_space);
    }
    const auto error = IoErrorOf([&] { operation(*tree); });
    if (!error) {  // enough space: the operation went through
      fault.SetDiskFull(false);
      CHECK(fault.faults() == 0);
      RequireHolds(*tree, live);
      tree.reset();
      RequireSurvivesCompactAndReopen(work.string(), after);
      return run;
    }
    ++run.failures;
    INFO(error->what());
    REQUIRE(error->error_code() == ENOSPC);
    REQUIRE(error->path().find(work.string()) == 0);
    REQUIRE(fault.faults() == 1);
    const std::uint64_t next_free_space =
        fault.bytes_appended() - appended_before + fault.bytes_refused() + 1;

    // The failed operation changed nothing the tree shows.
    RequireHolds(*tree, live);
    std::vector<std::string> tables_after;
    for (const auto& table : tree->stats().tables) tables_after.push_back(table.file_name);
    REQUIRE(tables_after == tables_before);

    // What is on disk is what was stored before, and a reopen clears away the leftovers.
    fs::remove_all(snapshot);
    fs::copy(work, snapshot, fs::copy_options::recursive);
    {
      auto reopened = OpenTree(snapshot.string(), Options());
      RequireHolds(*reopened, stored);
      lsm::testing::RequireNoStrayFiles(snapshot.string(), *reopened);
    }
    fs::remove_all(snapshot);

    // Space is back: the same tree carries on.
    fault.SetDiskFull(false);
    REQUIRE_NOTHROW(operation(*tree));
    RequireHolds(*tree, live);
    tree.reset();
    {
      auto reopened = OpenTree(work.string(), Options());
      RequireHolds(*reopened, after);
      lsm::testing::RequireNoStrayFiles(work.string(), *reopened);
    }
    free_space = next_free_space;
  }
  FAIL("the operation never completed");
  return run;
}

/// Three flushed tables with overwrites and tombstones; returns what they hold.
Data BuildTables(const std::string& path) {
  Data data;
  auto tree = OpenTree(path, Options());
  lsm::Random random(11);
  for (int table = 0; table < 3; ++table) {
    for (int i = 0; i < 8; ++i) {
      const std::string key = lsm::testing::RandomSmallKey(random, 3);
      if (random.OneIn(4)) {
        REQUIRE_NOTHROW(tree->Remove(key));
        data.erase(key);
      } else {
        const std::string value = lsm::testing::RandomValue(random);
        REQUIRE_NOTHROW(tree->Put(key, value));
        data[key] = value;
      }
    }
    REQUIRE_NOTHROW(tree->Flush());
  }
  return data;
}

/// Writes into the memtable: overwrites, removes and new keys. Applies them to `data` too.
void WriteMemtable(LsmTree& tree, Data* data) {
  lsm::Random random(23);
  for (int i = 0; i < 12; ++i) {
    const std::string key = lsm::testing::RandomSmallKey(random, 3);
    if (random.OneIn(4)) {
      REQUIRE_NOTHROW(tree.Remove(key));
      if (data != nullptr) data->erase(key);
    } else {
      const std::string value = lsm::testing::RandomValue(random);
      REQUIRE_NOTHROW(tree.Put(key, value));
      if (data != nullptr) (*data)[key] = value;
    }
  }
  // An append larger than the others.
  REQUIRE_NOTHROW(tree.Put("a long value", std::string(300, 'v')));
  if (data != nullptr) (*data)["a long value"] = std::string(300, 'v');
}

/// A tree of three tables at `path` (`stored`), and what it shows once WriteMemtable() has
/// written into its memtable (`live`, with `memtable_entries` entries in the memtable).
struct FullDiskTree {
  Data stored;
  Data live;
  std::size_t memtable_entries = 0;
};

FullDiskTree BuildFullDiskTree(const std::string& path) {
  FullDiskTree built;
  built.stored = BuildTables(path);
  built.live = built.stored;
  auto tree = OpenTree(path, Options());
  WriteMemtable(*tree, &built.live);
  built.memtable_entries = tree->stats().memtable_entries;
  return built;  // (the memtable is dropped: `path` holds `stored` only)
}

/// The appends that writing a table of `entries` entries takes, manifest commit included: one
/// per entry, one checksum per group of 4, the index, the footer, the manifest.
int AppendsToWriteTable(std::size_t entries) {
  return static_cast<int>(entries + (entries + 3) / 4 + 3);
}

}  // namespace

TEST_CASE("a full disk during a flush: ENOSPC, nothing lost, the tree carries on", "[bad-input]") {
  const lsm::TempDir dir;
  const fs::path original = dir / "original";
  const auto [stored, live, memtable_entries] = BuildFullDiskTree(original.string());
  SECTION("ENOSPC in every append of a flush") {
    const auto prepare = [](LsmTree& tree) { WriteMemtable(tree, nullptr); };
    const FullDiskRun run = FullDiskEverywhere(
        original, dir / "work", prepare, [](LsmTree& tree) { tree.Flush(); }, stored, live, live);
    // One failure in every append: each entry, group checksum, the index, footer and manifest.
    CHECK(run.failures == AppendsToWriteTable(memtable_entries));
  }

  SECTION("a full disk does not stop reads, or a Put whose automatic flush fails") {
    FaultFileSystem fault;
    fault.SetDiskFull(true);
    auto tree = OpenTree(original.string(), Options(&fault, 64));
    RequireHolds(*tree, stored);
    const auto error = IoErrorOf([&] { tree->Put("a long value", std::string(300, 'v')); });
    REQUIRE(error);
    CHECK(error->error_code() == ENOSPC);
    Data data = stored;
    data["a long value"] = std::string(300, 'v');
    RequireHolds(*tree, data);
    fault.SetDiskFull(false);
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    RequireHolds(*tree, data);
    tree.reset();
    RequireSurvivesCompactAndReopen(original.string(), data);
  }

  SECTION("a new tree cannot be created on a full disk: IoError, and it can once there is room") {
    FaultFileSystem fault;
    fault.SetDiskFull(true);
    const std::string path = (dir / "new").string();
    const auto error = IoErrorOf([&] { static_cast<void>(LsmTree::Open(path, Options(&fault))); });
    REQUIRE(error);
    CHECK(error->error_code() == ENOSPC);
    fault.SetDiskFull(false);
    auto tree = OpenTree(path, Options(&fault));
    REQUIRE_NOTHROW(tree->Put("k", "v"));
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    tree.reset();
    RequireSurvivesCompactAndReopen(path, {{"k", "v"}});
  }
}

TEST_CASE("a full disk during a naive compaction: ENOSPC, nothing lost, the tree carries on",
          "[bad-input]") {
  const lsm::TempDir dir;
  const fs::path original = dir / "original";
  const auto [stored, live, memtable_entries] = BuildFullDiskTree(original.string());
  const auto prepare = [](LsmTree& tree) { WriteMemtable(tree, nullptr); };
  const FullDiskRun run = FullDiskEverywhere(
      original, dir / "work", prepare, [](LsmTree& tree) { tree.NaiveCompact(); }, stored, live,
      stored);
  // One failure in every append of the output table (live entries only) and the manifest.
  CHECK(run.failures == AppendsToWriteTable(stored.size()));
}

TEST_CASE("a full disk during a streaming compaction: ENOSPC, nothing lost, the tree carries on",
          "[bad-input]") {
  const lsm::TempDir dir;
  const fs::path original = dir / "original";
  const auto [stored, live, memtable_entries] = BuildFullDiskTree(original.string());
  SECTION("ENOSPC in every append of a streaming compaction") {
    const auto prepare = [](LsmTree& tree) { WriteMemtable(tree, nullptr); };
    const FullDiskRun run = FullDiskEverywhere(
        original, dir / "work", prepare, [](LsmTree& tree) { lsm::Compact(tree); }, stored, live,
        stored);
    // One failure in every append of the output table (live entries only) and the manifest.
    CHECK(run.failures == AppendsToWriteTable(stored.size()));
  }

  SECTION("with an index spilled to a side file: the side file goes too") {
    // Two tables of one entry each, with keys far larger than the writer may keep of the index
    // in memory: compacting them spills the index (the first key) to a side file, writes both
    // entries, then copies the index into the table.
    constexpr std::size_t kKeySize = 4096;
    constexpr std::size_t kValueSize = 1000;
    const auto options = [](lsm::FileSystem* file_system) {
      lsm::LsmOptions spilling = Options(file_system);
      spilling.table_options.index_memory_bytes = 1024;
      return spilling;
    };
    const fs::path spill = dir / "spill";
    Data spill_data;
    {
      auto tree = OpenTree(spill.string(), options(nullptr));
      for (int i = 0; i < 2; ++i) {
        const std::string key(kKeySize, static_cast<char>('a' + i));
        REQUIRE_NOTHROW(tree->Put(key, PatternValue(kValueSize, i)));
        spill_data[key] = PatternValue(kValueSize, i);
        REQUIRE_NOTHROW(tree->Flush());
      }
    }
    const auto files_before = Snapshot(spill);
    constexpr std::uint64_t kIndexRecord = 4 + kKeySize + 8;        // key size, key, offset
    constexpr std::uint64_t kEntry = 9 + kKeySize + kValueSize;     // header, key, value
    constexpr std::uint64_t kData = kIndexRecord + 2 * kEntry + 4;  // spilled, entries, checksum
    struct Case {
      std::uint64_t free_space;
      std::string_view failing_file;
    };
    for (const Case& c : {Case{100, ".sst.index.tmp"},                    // spilling the index
                          Case{kIndexRecord + kEntry / 2, ".sst.tmp"},    // the first entry
                          Case{kData + kIndexRecord / 2, ".sst.tmp"}}) {  // copying the index
      INFO("free space " << c.free_space);
      FaultFileSystem fault;
      auto tree = OpenTree(spill.string(), options(&fault));
      fault.SetFreeSpace(c.free_space);
      const auto error = IoErrorOf([&] { lsm::Compact(*tree); });
      REQUIRE(error);
      INFO(error->what());
      CHECK(error->error_code() == ENOSPC);
      CHECK(error->path().ends_with(c.failing_file));
      RequireHolds(*tree, spill_data);
      tree.reset();
      CheckUnchanged(spill, files_before);  // no .tmp, no .index.tmp left behind
    }
    RequireSurvivesCompactAndReopen(spill.string(), spill_data);
  }
}
