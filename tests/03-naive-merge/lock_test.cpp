// Given code, chapter 3: one writer per tree directory. The lock is taken by LsmTree::Open
// (given code), so these tests pass on an untouched stub; label "given".

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <map>
#include <string>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/error_of.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/files.h"
#include "tests/support/printing.h"
#include "tests/support/subprocess.h"
#include "tests/support/tree_options.h"

namespace fs = std::filesystem;
using lsm::IoError;
using lsm::LsmTree;
using lsm::testing::Child;
using lsm::testing::ErrorOf;
using lsm::testing::ManualFlush;

namespace {

// Every file in `directory` with its contents.
std::map<std::string, std::string> Files(const fs::path& directory) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    files[entry.path().filename().string()] = lsm::testing::ReadFile(entry.path());
  }
  return files;
}

// The error a second open of `path` must give while the tree is open elsewhere.
void RequireLockedOut(const std::string& path) {
  const auto error = ErrorOf<IoError>([&] { static_cast<void>(LsmTree::Open(path)); });
  REQUIRE(error);
  INFO(error->what());
  CHECK(error->error_code() == EWOULDBLOCK);
  CHECK(error->path() == path + "/LOCK");
  CHECK_THAT(error->what(), Catch::Contains("in use by another process"));
}

// A running lsm-shell on `path` that has opened the tree (it answered `stats`).
std::unique_ptr<Child> StartShell(const lsm::TempDir& dir, const std::string& path,
                                  const std::string& name) {
  auto shell =
      std::make_unique<Child>(std::vector<std::string>{LSM_SHELL, path}, (dir / name).string());
  shell->Write("stats\n");
  REQUIRE(shell->WaitForOutput("memtable:"));
  return shell;
}

}  // namespace

TEST_CASE("a second lsm-shell on an open tree is refused and changes nothing", "[lock]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  auto tree = LsmTree::Open(path, ManualFlush());
  const auto before = Files(path);

  const auto second =
      lsm::testing::RunProgram({LSM_SHELL, path}, "put b 2\nflush\n", (dir / "second").string());
  INFO(second.Describe());
  CHECK(second.exit_code == 1);
  CHECK_THAT(second.err, Catch::Contains(path + "/LOCK"));
  CHECK_THAT(second.err, Catch::Contains("in use by another process"));
  CHECK(Files(path) == before);
}

TEST_CASE("while an lsm-shell process holds a tree, this process cannot open it", "[lock]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  {
    auto shell = StartShell(dir, path, "holder");
    RequireLockedOut(path);
    RequireLockedOut(path);  // a failed open leaves nothing behind that changes the answer
    static_cast<void>(shell->Wait());  // end of input: the shell exits and its lock goes
  }
  CHECK_NOTHROW(LsmTree::Open(path));
}

TEST_CASE("a tree cannot be opened twice in one process", "[lock]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  {
    auto tree = LsmTree::Open(path, ManualFlush());
    RequireLockedOut(path);
    CHECK(fs::exists(dir / "tree" / "LOCK"));
  }
  // Destroying the tree releases the lock; the LOCK file itself stays.
  auto again = LsmTree::Open(path, ManualFlush());
  CHECK(fs::exists(dir / "tree" / "LOCK"));
}

TEST_CASE("a program started by the tree's process does not inherit the lock", "[lock]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  auto tree = LsmTree::Open(path, ManualFlush());
  // A long-running child on another tree, started while this process holds `path`.
  auto other = StartShell(dir, (dir / "other").string(), "other");
  tree.reset();
  CHECK_NOTHROW(LsmTree::Open(path));  // the exec'd child holds no copy of the lock
  static_cast<void>(other->Wait());
}

TEST_CASE("a fork()ed child shares the parent's lock until it exits", "[lock]") {
  // What chapter 7's kill test must know: flock belongs to the open file description, which
  // fork() shares. The child must open the tree itself, after it starts.
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  auto tree = LsmTree::Open(path, ManualFlush());
  int release[2];
  REQUIRE(::pipe(release) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(release[1]);  // else the child's own copy of the write end keeps the pipe open
    char byte = 0;
    static_cast<void>(::read(release[0], &byte, 1));  // hold the inherited lock until told
    ::_exit(0);
  }
  ::close(release[0]);
  tree.reset();            // the parent lets go...
  RequireLockedOut(path);  // ...but the child's copy of the descriptor still holds the lock
  ::close(release[1]);     // the child exits
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK_NOTHROW(LsmTree::Open(path));
}

TEST_CASE("a directory that is not a tree's is refused before anything is written to it",
          "[lock]") {
  const lsm::TempDir dir;
  fs::create_directory(dir / "photos");
  lsm::testing::WriteFile(dir / "photos" / "cat.jpg", "not a table");
  const auto error = ErrorOf<lsm::InvalidArgumentError>(
      [&] { static_cast<void>(LsmTree::Open((dir / "photos").string())); });
  REQUIRE(error);
  CHECK(Files(dir / "photos") == std::map<std::string, std::string>{{"cat.jpg", "not a table"}});

  // A LOCK left by a tree whose first manifest was never written is ours, not foreign.
  fs::create_directory(dir / "new");
  lsm::testing::WriteFile(dir / "new" / "LOCK", "");
  auto tree = LsmTree::Open((dir / "new").string());
  CHECK(fs::exists(dir / "new" / "MANIFEST"));
}

TEST_CASE("a read-only directory: an existing tree opens and still locks", "[lock]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  { auto created = LsmTree::Open(path); }
  lsm::testing::FaultFileSystem fault;
  fault.SetReadOnly(true);

  SECTION("with a LOCK file: locked read-only, a second open is refused") {
    auto tree = LsmTree::Open(path, ManualFlush(16, nullptr, &fault));
    RequireLockedOut(path);
  }
  SECTION("without one (a tree of an older version): opens unlocked, since it cannot write") {
    fs::remove(dir / "tree" / "LOCK");
    auto tree = LsmTree::Open(path, ManualFlush(16, nullptr, &fault));
    CHECK_FALSE(fs::exists(dir / "tree" / "LOCK"));
    CHECK(fault.faults() == 1);  // the refused creation of LOCK
  }
  SECTION("EACCES (no write permission) behaves the same") {
    fault.SetReadOnly(true, EACCES);
    fs::remove(dir / "tree" / "LOCK");
    CHECK_NOTHROW(LsmTree::Open(path, ManualFlush(16, nullptr, &fault)));
  }
}
