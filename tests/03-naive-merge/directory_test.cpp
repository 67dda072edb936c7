// Chapter 3: the tree's directory keeps its data whatever else happens to it -- a second process
// on the same tree, a manifest whose checksum is valid but whose file counter is exhausted.

#include <catch2/catch.hpp>

#include <filesystem>
#include <limits>
#include <optional>
#include <string>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/checksum_repair.h"
#include "tests/support/error_of.h"
#include "tests/support/printing.h"
#include "tests/support/subprocess.h"
#include "tests/support/tree_options.h"
#include "tests/support/trees.h"

namespace fs = std::filesystem;
using lsm::LsmTree;
using lsm::testing::Bytes;
using lsm::testing::Child;
using lsm::testing::ManualFlush;
using lsm::testing::OpenTree;

TEST_CASE("two lsm-shell processes on one tree: the second is refused, no flushed key is lost",
          "[tree][lock]") {
  // Without a lock both shells number their tables from the same manifest, the second flush
  // overwrites the first one's table, and the first shell's key is gone.
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  Child first({LSM_SHELL, path}, (dir / "first").string());
  first.Write("put a 1\nstats\n");
  {
    const bool put = first.WaitForOutput("memtable: 1 entries");
    INFO("the first shell printed:\n" << first.OutputSoFar());
    REQUIRE(put);
  }

  Child second({LSM_SHELL, path}, (dir / "second").string());
  second.Write("stats\n");
  static_cast<void>(second.WaitForOutput("memtable:", 2000));  // opened, or refused and gone
  first.Write("flush\n");
  {
    const bool flushed = first.WaitForOutput("ok: 1 SSTables");
    INFO("the first shell printed:\n" << first.OutputSoFar());
    REQUIRE(flushed);
  }
  second.Write("put b 2\nflush\n");
  first.Write("put c 3\n");  // not flushed: the first shell's clean exit flushes it
  const auto refused = second.Wait();
  const auto done = first.Wait();
  INFO("first shell: " << done.Describe() << "\nsecond shell: " << refused.Describe());
  CHECK(done.exit_code == 0);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("in use by another process"));

  auto tree = OpenTree(path, ManualFlush());
  CHECK(tree->Get("a") == Bytes("1"));
  CHECK(tree->Get("b") == std::nullopt);  // never acknowledged
  CHECK(tree->Get("c") == Bytes("3"));
}

TEST_CASE("an exhausted file counter stops flushes clearly and loses nothing", "[tree][manifest]") {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  {
    auto tree = OpenTree(path, ManualFlush());
    REQUIRE_NOTHROW(tree->Put("old", "kept"));
    REQUIRE_NOTHROW(tree->Flush());  // 000001.sst
  }
  lsm::testing::ForgeManifest(path, kMax - 2, {1});  // valid checksum, two numbers left

  auto tree = OpenTree(path, ManualFlush());
  for (const char* key : {"x", "y"}) {
    REQUIRE_NOTHROW(tree->Put(key, "flushed"));
    REQUIRE_NOTHROW(tree->Flush());
  }
  REQUIRE_NOTHROW(tree->Put("z", "in memory"));
  std::optional<lsm::CorruptionError> error;  // any other exception fails the REQUIRE_NOTHROW
  REQUIRE_NOTHROW(error = lsm::testing::ErrorOf<lsm::CorruptionError>([&] { tree->Flush(); }));
  REQUIRE(error);
  INFO("the test exhausted the manifest's file counter on purpose, so this Flush() must fail: "
       << error->what());
  CHECK(error->file() == path + "/MANIFEST");
  INFO(
      "the memtable must keep what the failed flush could not write: replace it only after "
      "AddNewestTable returns");
  CHECK(tree->Get("z") == Bytes("in memory"));
  CHECK_THROWS_AS(tree->Flush(), lsm::CorruptionError);  // and asking again changes nothing
  CHECK(tree->tables().size() == 3);
  tree.reset();

  // Every table is intact: nothing was overwritten, and the tree reopens.
  auto reopened = OpenTree(path, ManualFlush());
  CHECK(reopened->Get("old") == Bytes("kept"));
  CHECK(reopened->Get("x") == Bytes("flushed"));
  CHECK(reopened->Get("y") == Bytes("flushed"));
  CHECK(reopened->Get("z") == std::nullopt);  // never flushed: the chapter 3 tree has no log
}
