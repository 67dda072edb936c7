// Chapter 3: the LSM tree's contract, one behaviour per test case.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/03-naive-merge/shell.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/printing.h"
#include "tests/support/tree_options.h"
#include "tests/support/trees.h"

using lsm::KeyRange;
using lsm::KeyValue;
using lsm::LsmOptions;
using lsm::LsmTree;
using lsm::testing::AsBytes;
using lsm::testing::Bytes;
using lsm::testing::KeysOf;
using lsm::testing::OpenTree;
using namespace std::string_literals;

namespace {

using lsm::testing::ManualFlush;

std::string TreePath(const lsm::TempDir& dir) { return (dir / "tree").string(); }

// The lines of the shell's output that report an error (the first few), for the messages of
// failed checks.
std::string ErrorLines(const std::string& output) {
  constexpr int kShown = 4;
  std::istringstream lines(output);
  std::string shown;
  int count = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("error: ")) continue;
    if (++count <= kShown) shown += "\n  " + line.substr(0, 120);
  }
  return "the shell's error lines: " + std::to_string(count) +
         (count > kShown ? ", the first " + std::to_string(kShown) : std::string()) + shown;
}

}  // namespace

TEST_CASE("put, get and remove through the memtable", "[tree]") {
  const lsm::TempDir dir;
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  REQUIRE_NOTHROW(tree->Put("a", "1"));
  REQUIRE_NOTHROW(tree->Put("b", "2"));
  REQUIRE_NOTHROW(tree->Put("a", "3"));
  REQUIRE_NOTHROW(tree->Remove("b"));
  CHECK(tree->Get("a") == Bytes("3"));
  CHECK(tree->Get("b") == std::nullopt);
  CHECK(tree->Get("c") == std::nullopt);
}

TEST_CASE("a full memtable is flushed to an SSTable", "[tree][flush]") {
  const lsm::TempDir dir;
  LsmOptions options;
  options.memtable_budget_bytes = 4 * (2 + 2 + lsm::MemTable::kEntryOverheadBytes);
  auto tree = OpenTree(TreePath(dir), options);
  for (int i = 0; i < 10; ++i)
    REQUIRE_NOTHROW(tree->Put("k" + std::to_string(i), "v" + std::to_string(i)));
  // 4 entries fill the memtable: two flushes of 4, two entries left in memory.
  REQUIRE(tree->tables().size() == 2);
  CHECK(tree->tables()[0]->entry_count() == 4);
  CHECK(tree->memtable().entry_count() == 2);
  for (int i = 0; i < 10; ++i)
    CHECK(tree->Get("k" + std::to_string(i)) == Bytes("v" + std::to_string(i)));
  REQUIRE_NOTHROW(tree->Flush());
  CHECK(tree->tables().size() == 3);
  CHECK(tree->memtable().empty());
  REQUIRE_NOTHROW(tree->Flush());
  INFO("Flush() of an empty memtable must write no table");
  CHECK(tree->tables().size() == 3);
}

TEST_CASE("get searches newest first and a tombstone ends the search", "[tree][get]") {
  const lsm::TempDir dir;
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  REQUIRE_NOTHROW(tree->Put("k", "oldest"));
  REQUIRE_NOTHROW(tree->Put("gone", "was here"));
  REQUIRE_NOTHROW(tree->Put("kept", "old table only"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Put("k", "newer"));
  REQUIRE_NOTHROW(tree->Remove("gone"));  // the tombstone lands in a newer table than the value
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Put("k", "newest"));  // in the memtable
  CHECK(tree->Get("k") == Bytes("newest"));
  CHECK(tree->Get("gone") == std::nullopt);
  CHECK(tree->Get("kept") == Bytes("old table only"));
  REQUIRE_NOTHROW(tree->Remove("kept"));  // a memtable tombstone hides a table's value
  CHECK(tree->Get("kept") == std::nullopt);
  REQUIRE_NOTHROW(tree->Put("gone", "back"));  // and a newer put hides a tombstone
  CHECK(tree->Get("gone") == Bytes("back"));
}

TEST_CASE("reopening restores every SSTable in order", "[tree][reopen]") {
  const lsm::TempDir dir;
  {
    auto tree = OpenTree(TreePath(dir), ManualFlush());
    for (int version = 1; version <= 3; ++version) {
      REQUIRE_NOTHROW(tree->Put("k", "v" + std::to_string(version)));
      REQUIRE_NOTHROW(tree->Put("only" + std::to_string(version), "x"));
      REQUIRE_NOTHROW(tree->Flush());
    }
  }
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  CHECK(tree->tables().size() == 3);
  INFO(
      "\"k\" is in all three tables, \"v3\" in the newest: reopened tables are listed newest "
      "first (given code), so a Get that answers an older value searches them the wrong way");
  CHECK(tree->Get("k") == Bytes("v3"));
  for (int version = 1; version <= 3; ++version)
    CHECK(tree->Get("only" + std::to_string(version)) == Bytes("x"));
}

TEST_CASE("durability is 'flushed': the memtable dies with the tree", "[tree][reopen]") {
  const lsm::TempDir dir;
  {
    auto tree = OpenTree(TreePath(dir), ManualFlush());
    REQUIRE_NOTHROW(tree->Put("flushed", "yes"));
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(tree->Put("flushed", "overwritten in memory only"));
    REQUIRE_NOTHROW(tree->Put("memory", "only"));
  }  // no Flush: as if the process had died
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  CHECK(tree->Get("flushed") == Bytes("yes"));
  CHECK(tree->Get("memory") == std::nullopt);
}

TEST_CASE("scan ranges are half-open and either bound may be open", "[tree][scan]") {
  const lsm::TempDir dir;
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  for (const std::string& key : {""s, "a"s, "b"s, "c"s, "~"s, "\x7f"s, "\xff\xff"s})
    REQUIRE_NOTHROW(tree->Put(key, "v"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Put("bb", "memtable"));

  CHECK(KeysOf(tree->NaiveScan(KeyRange{"a", "c"})) == AsBytes({"a", "b", "bb"}));
  CHECK(KeysOf(tree->NaiveScan(KeyRange{"b", std::nullopt})) ==
        AsBytes({"b", "bb", "c", "~", "\x7f", "\xff\xff"}));  // nothing lost above '~'
  CHECK(KeysOf(tree->NaiveScan(KeyRange{std::nullopt, "a"})) == AsBytes({""}));
  CHECK(tree->NaiveScan(KeyRange::All()).size() == 8);
  CHECK(tree->NaiveScan(KeyRange{"b", "b"}).empty());  // empty range
  CHECK(tree->NaiveScan(KeyRange{"c", "a"}).empty());  // reversed range
}

TEST_CASE("a scan merges sources: newest value wins, tombstones hidden", "[tree][scan]") {
  const lsm::TempDir dir;
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  REQUIRE_NOTHROW(tree->Put("a", "old"));
  REQUIRE_NOTHROW(tree->Put("b", "old"));
  REQUIRE_NOTHROW(tree->Put("c", "old"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Put("a", "new"));
  REQUIRE_NOTHROW(tree->Remove("b"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Remove("c"));
  REQUIRE_NOTHROW(tree->Put("d", "memtable"));
  CHECK(tree->NaiveScan(KeyRange::All()) == std::vector<KeyValue>{{"a", "new"}, {"d", "memtable"}});
}

TEST_CASE("compaction merges every table into one and drops tombstones", "[tree][compaction]") {
  const lsm::TempDir dir;
  {
    auto tree = OpenTree(TreePath(dir), ManualFlush());
    for (int i = 0; i < 30; ++i) REQUIRE_NOTHROW(tree->Put("k" + std::to_string(i), "v1"));
    REQUIRE_NOTHROW(tree->Flush());
    for (int i = 0; i < 30; i += 3) REQUIRE_NOTHROW(tree->Remove("k" + std::to_string(i)));
    REQUIRE_NOTHROW(tree->Put("k1", "v2"));
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(tree->Put("in memory", "stays"));
    std::vector<KeyValue> before;
    REQUIRE_NOTHROW(before = tree->NaiveScan(KeyRange::All()));
    REQUIRE_NOTHROW(tree->NaiveCompact());
    REQUIRE(tree->tables().size() == 1);
    INFO(
        "30 keys in the tables, 10 of them deleted: the output holds 20 entries, no tombstones, "
        "and not the memtable's key, which stays in the memtable");
    CHECK(tree->tables()[0]->entry_count() == 20);
    CHECK(tree->memtable().entry_count() == 1);
    CHECK(tree->NaiveScan(KeyRange::All()) == before);
    CHECK(tree->Get("k1") == Bytes("v2"));
    CHECK(tree->Get("k3") == std::nullopt);
    REQUIRE_NOTHROW(tree->Flush());
  }
  // The inputs are gone from the directory; reopening finds exactly the compacted state.
  std::size_t tables_on_disk = 0;
  for (const auto& entry : std::filesystem::directory_iterator(TreePath(dir))) {
    tables_on_disk += entry.path().extension() == ".sst" ? 1 : 0;
  }
  CHECK(tables_on_disk == 2);
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  CHECK(tree->NaiveScan(KeyRange::All()).size() == 21);
  CHECK(tree->Get("in memory") == Bytes("stays"));
}

TEST_CASE("compacting a tree whose every key is deleted leaves no table", "[tree][compaction]") {
  const lsm::TempDir dir;
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  REQUIRE_NOTHROW(tree->Put("a", "1"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Remove("a"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->NaiveCompact());
  CHECK(tree->tables().empty());
  CHECK(tree->Get("a") == std::nullopt);
}

TEST_CASE("stats report memtable and tables", "[tree][stats]") {
  const lsm::TempDir dir;
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  REQUIRE_NOTHROW(tree->Put("a", "1"));
  REQUIRE_NOTHROW(tree->Put("b", "2"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Put("c", "3"));
  const lsm::TreeStats stats = tree->stats();
  CHECK(stats.memtable_entries == 1);
  CHECK(stats.memtable_bytes == 2 + lsm::MemTable::kEntryOverheadBytes);
  REQUIRE(stats.tables.size() == 1);
  CHECK(stats.tables[0].file_name == "000001.sst");
  CHECK(stats.tables[0].entries == 2);
  CHECK(stats.tables[0].bytes == std::filesystem::file_size(dir / "tree" / "000001.sst"));
}

TEST_CASE("opening cleans up after an interrupted flush or compaction", "[tree][reopen]") {
  const lsm::TempDir dir;
  {
    auto tree = OpenTree(TreePath(dir), ManualFlush());
    REQUIRE_NOTHROW(tree->Put("k", "v"));
    REQUIRE_NOTHROW(tree->Flush());
  }
  const auto tree_dir = dir.path() / "tree";
  std::ofstream(tree_dir / "000007.sst") << "an unlisted table: an interrupted compaction's";
  std::ofstream(tree_dir / "000008.sst.tmp") << "an unfinished table";
  std::ofstream(tree_dir / "MANIFEST.tmp") << "an unfinished manifest";
  std::ofstream(tree_dir / "000008.sst.index.tmp") << "an unfinished table's spilled index";
  std::ofstream(tree_dir / "notes.txt") << "not ours: never touched";
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  CHECK(tree->Get("k") == Bytes("v"));
  CHECK_FALSE(std::filesystem::exists(tree_dir / "000007.sst"));
  CHECK_FALSE(std::filesystem::exists(tree_dir / "000008.sst.tmp"));
  CHECK_FALSE(std::filesystem::exists(tree_dir / "MANIFEST.tmp"));
  CHECK_FALSE(std::filesystem::exists(tree_dir / "000008.sst.index.tmp"));
  CHECK(std::filesystem::exists(tree_dir / "notes.txt"));
}

TEST_CASE("a directory that is not a tree's, or a damaged manifest, is refused", "[tree][reopen]") {
  const lsm::TempDir dir;
  std::ofstream(dir / "precious.txt") << "someone's data";
  CHECK_THROWS_AS(LsmTree::Open(dir.path().string()), lsm::InvalidArgumentError);
  CHECK(std::filesystem::exists(dir / "precious.txt"));

  {
    auto tree = OpenTree(TreePath(dir), ManualFlush());
    REQUIRE_NOTHROW(tree->Put("k", "v"));
    REQUIRE_NOTHROW(tree->Flush());
  }
  const auto manifest = dir.path() / "tree" / "MANIFEST";
  std::string text;
  {
    std::ifstream in(manifest);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  text[text.find("000001")] = '9';  // the listed table's name changes: checksum mismatch
  std::ofstream(manifest, std::ios::trunc) << text;
  try {
    static_cast<void>(LsmTree::Open(TreePath(dir), ManualFlush()));
    FAIL("opened a tree with a damaged manifest");
  } catch (const lsm::CorruptionError& error) {
    CHECK(error.file() == manifest.string());
  }
}

TEST_CASE("the Python guide's demo scenario", "[tree][demo]") {
  const lsm::TempDir dir;
  LsmOptions options;
  options.memtable_budget_bytes = 5 * (5 + 7 + lsm::MemTable::kEntryOverheadBytes);
  auto tree = OpenTree(TreePath(dir), options);
  for (int i = 0; i < 12; ++i) {
    char key[8];
    std::snprintf(key, sizeof key, "key%02d", i);
    REQUIRE_NOTHROW(tree->Put(key, "value_" + std::to_string(i)));
  }
  CHECK(tree->tables().size() == 2);  // two memtables of five were flushed
  CHECK(tree->memtable().entry_count() == 2);
  REQUIRE_NOTHROW(tree->Flush());
  CHECK(tree->tables().size() == 3);
  CHECK(tree->Get("key00") == Bytes("value_0"));
  CHECK(tree->Get("key05") == Bytes("value_5"));
  CHECK(tree->Get("key11") == Bytes("value_11"));
  CHECK(tree->Get("key99") == std::nullopt);
  CHECK(KeysOf(tree->NaiveScan(KeyRange{"key03", "key08"})) ==
        AsBytes({"key03", "key04", "key05", "key06", "key07"}));
  REQUIRE_NOTHROW(tree->NaiveCompact());
  REQUIRE(tree->tables().size() == 1);
  CHECK(tree->tables()[0]->entry_count() == 12);
  REQUIRE_NOTHROW(tree->Put("key05", "updated_value_5"));
  REQUIRE_NOTHROW(tree->Put("key20", "new_value_20"));
  CHECK(tree->Get("key05") == Bytes("updated_value_5"));
  CHECK(tree->Get("key20") == Bytes("new_value_20"));
}

TEST_CASE("the shell runs commands and explains bad ones", "[tree][shell]") {
  const lsm::TempDir dir;
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  std::istringstream script(
      "put a 1\nput b 2\n# a comment\n\ndel a\nget a\nget b\nflush\nscan - -\n"
      "frobnicate\nput onlykey\nscan c a\nstats\nhelp\nquit\nput after quit\n");
  std::ostringstream out;
  int failed = -1;  // commands that failed
  REQUIRE_NOTHROW(failed = lsm::RunShell(*tree, script, out, ""));
  const std::string text = out.str();
  INFO(ErrorLines(text));
  CHECK(failed == 2);
  CHECK_THAT(text, Catch::Contains("(not found)\n\"2\"\n"));
  CHECK_THAT(text, Catch::Contains("\"b\" -> \"2\"\n(1 keys)"));
  CHECK_THAT(text, Catch::Contains("error: unknown command \"frobnicate\" (try: help)"));
  CHECK_THAT(text, Catch::Contains("error: usage: put KEY VALUE"));
  CHECK_THAT(text, Catch::Contains("(0 keys)"));  // a reversed range is empty, not an error
  CHECK_THAT(text, Catch::Contains("000001.sst: 2 entries"));
  CHECK_THAT(text, Catch::Contains("flushes the memtable to an SSTable"));  // help: leaving
  CHECK(tree->Get("after") == std::nullopt);  // nothing runs after quit
}

TEST_CASE("the shell prints keys and values so that every line pastes back", "[tree][shell]") {
  // The first two printed the same line, "a" -> "b" -> "c", before `"` was escaped.
  std::map<std::string, std::string> entries = {{"a", R"(b" -> "c)"}, {R"(a" -> "b)", "c"}};
  for (int b = 0; b < 256; ++b) entries["k"s + static_cast<char>(b)] = std::string(1, b) + "\"\\";
  const lsm::TempDir dir;
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  std::string script = "scan\n";
  for (const auto& [key, value] : entries) {
    REQUIRE_NOTHROW(tree->Put(key, value));
    script += "get " + lsm::QuoteWord(key) + "\n";  // printed keys are valid input
  }
  std::istringstream in(script);
  std::ostringstream out;
  int failed = -1;  // commands that failed
  REQUIRE_NOTHROW(failed = lsm::RunShell(*tree, in, out, ""));
  INFO(ErrorLines(out.str()));
  CHECK(failed == 0);

  std::istringstream printed(out.str());
  std::string line;
  for (const auto& [key, value] : entries) {  // scan: KEY -> VALUE, in key order
    REQUIRE(std::getline(printed, line));
    CHECK(lsm::SplitCommandLine(line) ==
          std::vector<lsm::Word>{{key, true}, {"->", false}, {value, true}});
  }
  REQUIRE(std::getline(printed, line));
  CHECK(line == "(" + std::to_string(entries.size()) + " keys)");
  for (const auto& entry : entries) {  // get: VALUE
    REQUIRE(std::getline(printed, line));
    CHECK(lsm::SplitCommandLine(line) == std::vector<lsm::Word>{{entry.second, true}});
  }
  CHECK_FALSE(std::getline(printed, line));
}

TEST_CASE("the shell's scan: a bare - leaves a bound open, \"-\" is the key -", "[tree][shell]") {
  const lsm::TempDir dir;
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  REQUIRE_NOTHROW(tree->Put(",", "before"));  // ',' < '-' < '.'
  REQUIRE_NOTHROW(tree->Put("-", "dash"));
  REQUIRE_NOTHROW(tree->Put(".", "after"));
  std::istringstream script("scan\nscan \"-\"\nscan - \"-\"\nscan \"-\" -\nscan \"-\" \".\"\n");
  std::ostringstream out;
  int failed = -1;  // commands that failed
  REQUIRE_NOTHROW(failed = lsm::RunShell(*tree, script, out, ""));
  INFO(ErrorLines(out.str()));
  CHECK(failed == 0);
  CHECK(out.str() ==
        "\",\" -> \"before\"\n\"-\" -> \"dash\"\n\".\" -> \"after\"\n(3 keys)\n"  // scan
        "\"-\" -> \"dash\"\n\".\" -> \"after\"\n(2 keys)\n"                       // scan "-"
        "\",\" -> \"before\"\n(1 keys)\n"                                         // scan - "-"
        "\"-\" -> \"dash\"\n\".\" -> \"after\"\n(2 keys)\n"                       // scan "-" -
        "\"-\" -> \"dash\"\n(1 keys)\n");                                         // scan "-" "."
}

TEST_CASE("the shell skips an overlong line, quotes only a word's start, and goes on",
          "[tree][shell]") {
  const lsm::TempDir dir;
  auto tree = OpenTree(TreePath(dir), ManualFlush());
  const std::string huge = "put big " + std::string(std::size_t{20} << 20, 'v');
  const std::string long_command(std::size_t{1} << 20, 'x');
  std::istringstream script(huge + "\n" + long_command + "\nput small 1\nget small\n");
  std::ostringstream out;
  int failed = -1;  // commands that failed
  REQUIRE_NOTHROW(failed = lsm::RunShell(*tree, script, out, ""));
  const std::string text = out.str();
  INFO(ErrorLines(text));
  CHECK(failed == 2);
  REQUIRE(text.size() < 500);  // neither error echoes its megabytes
  CHECK_THAT(text, Catch::StartsWith("error: line too long (20971528 bytes; the limit is "
                                     "5242880), skipped: \"put big vvvvvvvv"));
  CHECK_THAT(text, Catch::Contains("\nerror: unknown command \"xxxxxxxx"));
  CHECK_THAT(text, Catch::EndsWith("\"... (try: help)\nok\n\"1\"\n"));
  CHECK(tree->Get("big") == std::nullopt);
}
