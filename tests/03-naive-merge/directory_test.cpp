// Chapter 3: the tree's directory keeps its data whatever else happens to it -- a second process
// on the same tree, a manifest whose checksum is valid but whose file counter is exhausted.

#include <catch2/catch.hpp>

#include <filesystem>
#include <limits>
#include <string>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/checksum_repair.h"
#include "tests/support/error_of.h"
#include "tests/support/subprocess.h"
#include "tests/support/tree_options.h"

namespace fs = std::filesystem;
using lsm::LsmTree;
using lsm::testing::Child;
using lsm::testing::ManualFlush;

TEST_CASE("two lsm-shell processes on one tree: the second is refused, no flushed key is lost",
          "[tree][lock]") {
  // Without a lock both shells number their tables from the same manifest, the second flush
  // overwrites the first one's table, and the first shell's key is gone.
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  Child first({LSM_SHELL, path}, (dir / "first").string());
  first.Write("put a 1\nstats\n");
  REQUIRE(first.WaitForOutput("memtable: 1 entries"));

  Child second({LSM_SHELL, path}, (dir / "second").string());
  second.Write("stats\n");
  static_cast<void>(second.WaitForOutput("memtable:", 2000));  // opened, or refused and gone
  first.Write("flush\n");
  REQUIRE(first.WaitForOutput("ok: 1 SSTables"));
  second.Write("put b 2\nflush\n");
  first.Write("put c 3\n");  // not flushed: the first shell's clean exit flushes it
  const auto refused = second.Wait();
  const auto done = first.Wait();
  INFO("first shell: " << done.Describe() << "\nsecond shell: " << refused.Describe());
  CHECK(done.exit_code == 0);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("in use by another process"));

  auto tree = LsmTree::Open(path, ManualFlush());
  CHECK(tree->Get("a") == "1");
  CHECK(tree->Get("b") == std::nullopt);  // never acknowledged
  CHECK(tree->Get("c") == "3");
}

TEST_CASE("an exhausted file counter stops flushes clearly and loses nothing", "[tree][manifest]") {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  {
    auto tree = LsmTree::Open(path, ManualFlush());
    tree->Put("old", "kept");
    tree->Flush();  // 000001.sst
  }
  lsm::testing::ForgeManifest(path, kMax - 2, {1});  // valid checksum, two numbers left

  auto tree = LsmTree::Open(path, ManualFlush());
  for (const char* key : {"x", "y"}) {
    tree->Put(key, "flushed");
    tree->Flush();
  }
  tree->Put("z", "in memory");
  const auto error = lsm::testing::ErrorOf<lsm::CorruptionError>([&] { tree->Flush(); });
  REQUIRE(error);
  INFO(error->what());
  CHECK(error->file() == path + "/MANIFEST");
  CHECK(tree->Get("z") == "in memory");  // the memtable keeps what the flush could not write
  CHECK_THROWS_AS(tree->Flush(), lsm::CorruptionError);  // and asking again changes nothing
  CHECK(tree->tables().size() == 3);
  tree.reset();

  // Every table is intact: nothing was overwritten, and the tree reopens.
  auto reopened = LsmTree::Open(path, ManualFlush());
  CHECK(reopened->Get("old") == "kept");
  CHECK(reopened->Get("x") == "flushed");
  CHECK(reopened->Get("y") == "flushed");
  CHECK(reopened->Get("z") == std::nullopt);  // never flushed: the chapter 3 tree has no log
}
