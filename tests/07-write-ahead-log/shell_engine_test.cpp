// lsm-shell over the current engine (chapters/engine/lsm_shell.cpp, chapter 7's Db; its commands
// and options are chapter 3's shell.h): --sync, what `stats` shows of the log, and what
// survives a kill.
//
// One file, two test binaries, since only half of it runs the learner's code:
// - ch07_given_tests, built with LSM_SHELL_ENGINE_GIVEN=1 (label "given"): ParseShellArgs' --sync,
//   and lsm-shell --help and `stats` on a new directory. Db::Open on an empty directory replays
//   no log and flushes nothing, and lsm-shell does not flush on the way out, so none of it
//   reaches a stub.
// - ch07_tests, built with LSM_SHELL_ENGINE_GIVEN=0 (label "ch07"): whatever writes or reopens.
//   A put goes through WriteBatch and LogWriter, a reopen through ReplayLog and FlushMemTable.

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "chapters/03-naive-merge/shell.h"
#include "chapters/engine/current_engine.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/error_of.h"
#include "tests/support/printing.h"
#include "tests/support/subprocess.h"

#if !defined(LSM_SHELL_ENGINE_GIVEN)
#error "define LSM_SHELL_ENGINE_GIVEN: 1 in ch07_given_tests, 0 in ch07_tests"
#endif

namespace fs = std::filesystem;
using lsm::testing::ChildResult;
using namespace std::string_literals;

namespace {

// Runs the real lsm-shell with `args` and `input` to its end, capturing its output in `dir`.
ChildResult RunLsmShell(const lsm::TempDir& dir, const std::vector<std::string>& args,
                        std::string_view input, const std::string& name) {
  std::vector<std::string> argv = {LSM_SHELL};
  argv.insert(argv.end(), args.begin(), args.end());
  return lsm::testing::RunProgram(argv, input, (dir / name).string());
}

// lsm-shell's arguments: --sync if `sync`, then `path`.
std::vector<std::string> ShellArgs(bool sync, const std::string& path) {
  std::vector<std::string> args;
  if (sync) args.emplace_back("--sync");
  args.push_back(path);
  return args;
}

}  // namespace

#if LSM_SHELL_ENGINE_GIVEN

namespace {

// Parses `lsm-shell args...`.
lsm::ShellArgs Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "lsm-shell");
  return lsm::ParseShellArgs(static_cast<int>(args.size()), args.data());
}

// What an InvalidArgumentError thrown by parsing `args` says, or a note that none was thrown.
std::string ParseError(std::vector<const char*> args) {
  const auto error =
      lsm::testing::ErrorOf<lsm::InvalidArgumentError>([&] { (void)Parse(std::move(args)); });
  return error ? error->what() : "(no InvalidArgumentError)";
}

}  // namespace

TEST_CASE("ParseShellArgs: --sync before or after DIR, repeated, and a DIR named --sync",
          "[shell][args]") {
  CHECK_FALSE(Parse({"db"}).sync);
  const std::vector<std::vector<const char*>> synced = {
      {"--sync", "db"}, {"db", "--sync"}, {"--sync", "db", "--sync"}, {"--sync", "--", "db"}};
  for (const auto& args : synced) {
    const lsm::ShellArgs parsed = Parse(args);
    CHECK(parsed.sync);
    CHECK(parsed.directory == "db");
    CHECK_FALSE(parsed.help);
  }
  const lsm::ShellArgs dir_named_sync = Parse({"--", "--sync"});  // after --, a DIR
  CHECK(dir_named_sync.directory == "--sync");
  CHECK_FALSE(dir_named_sync.sync);
  CHECK(Parse({"--sync", "--", "--sync"}).sync);
  CHECK(Parse({"--sync", "--", "--sync"}).directory == "--sync");
  CHECK(Parse({"--sync", "-h"}).help);  // help needs no DIR, with --sync or without
}

TEST_CASE("ParseShellArgs: --sync needs a DIR, takes no value and has one spelling",
          "[shell][args]") {
  CHECK(ParseError({"--sync"}) == "no DIR given");
  CHECK(ParseError({"--sync", ""}) == "DIR is empty");
  CHECK(ParseError({"--sync", "a", "b"}) == R"(more than one DIR: "a" and "b")");
  CHECK(ParseError({"--sync=1", "db"}) == R"(unknown option "--sync=1")");
  CHECK(ParseError({"--SYNC", "db"}) == R"(unknown option "--SYNC")");
  CHECK(ParseError({"-sync", "db"}) == R"(unknown option "-sync")");
  CHECK(ParseError({"--syn", "db"}) == R"(unknown option "--syn")");
}

TEST_CASE("lsm-shell --help lists --sync and says what a kill keeps", "[shell][process]") {
  const lsm::TempDir dir("lsm-shell-help");
  const ChildResult result = RunLsmShell(dir, {"--help"}, "", "help");
  INFO(result.Describe());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::StartsWith("usage: lsm-shell [-h|--help] [--sync] [--] DIR\n"));
  CHECK_THAT(result.out, Catch::Contains("\n  --sync       sync the log to the disk"));
  CHECK_THAT(result.out, Catch::Contains("what being killed (Ctrl-C, kill, a crash)\nkeeps"));
  CHECK_THAT(result.out, Catch::Contains("survives a power loss too"));
  CHECK(result.err.empty());
}

TEST_CASE("lsm-shell on a new directory: stats shows the live log and sequence number 0",
          "[shell][process]") {
  const bool sync = GENERATE(false, true);
  INFO("--sync: " << sync);
  const lsm::TempDir dir("lsm-shell-stats");
  const std::string path = (dir / "db").string();
  const ChildResult result = RunLsmShell(dir, ShellArgs(sync, path), "stats\n", "shell");
  INFO(result.Describe());
  CHECK(result.exit_code == 0);
  CHECK(result.out == std::string("memtable: 0 entries, 0 bytes\n"
                                  "sstables: 0 (newest first)\n"
                                  "log: 000001.log, 0 bytes, sync ") +
                          (sync ? "on" : "off") +
                          "\n"
                          "last sequence: 0\n"
                          "manifest: log-number 1, last-sequence 0\n"
                          "recovered at open: 0 logs, 0 batches, 0 entries, 0 bytes dropped\n");
  CHECK(result.err.empty());
  CHECK(fs::exists(dir / "db" / "000001.log"));
}

#else  // LSM_SHELL_ENGINE_GIVEN

namespace {

// The names of the SSTables in `directory`.
std::vector<std::string> Tables(const fs::path& directory) {
  std::vector<std::string> tables;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() == ".sst") tables.push_back(entry.path().filename().string());
  }
  return tables;
}

// Opens the current engine on `path`, inside an assertion.
std::unique_ptr<lsm::CurrentEngine> OpenEngine(const std::string& path) {
  INFO("opening the engine on " << path);
  std::unique_ptr<lsm::CurrentEngine> engine;
  REQUIRE_NOTHROW(engine = lsm::OpenCurrentEngine(path));
  return engine;
}

}  // namespace

TEST_CASE("every put lsm-shell acknowledged survives a SIGKILL, with no flush",
          "[shell][process][kill]") {
  const bool sync = GENERATE(false, true);
  INFO("--sync: " << sync);
  const lsm::TempDir dir("lsm-shell-kill");
  const std::string path = (dir / "db").string();

  // Keys and values with bytes that need quoting; a few removed again.
  constexpr int kPuts = 200;
  std::map<std::string, std::string> expected;
  std::string script;
  int commands = 0;
  for (int i = 0; i < kPuts; ++i) {
    const std::string key = "key" + std::to_string(1000 + i);
    const std::string value = "value " + std::to_string(i) + " \x00\xff\"\\"s + std::string(i, 'v');
    script += "put " + lsm::QuoteWord(key) + " " + lsm::QuoteWord(value) + "\n";
    expected[key] = value;
    ++commands;
  }
  for (const char* removed : {"key1000", "key1099", "key1199"}) {
    script += std::string("del ") + removed + "\n";
    expected.erase(removed);
    ++commands;
  }
  std::string acknowledged;  // what the shell prints once it has done every command
  for (int i = 0; i < commands; ++i) acknowledged += "ok\n";

  {
    std::vector<std::string> argv = {LSM_SHELL};
    for (const std::string& arg : ShellArgs(sync, path)) argv.push_back(arg);
    lsm::testing::Child shell(argv, (dir / "shell").string());
    shell.Write(script);  // its input stays open: the shell waits for more, and never quits
    {
      const bool all_acknowledged = shell.WaitForOutput(acknowledged, 30000);
      INFO("the shell printed:\n" << shell.OutputSoFar());
      REQUIRE(all_acknowledged);
      REQUIRE(shell.OutputSoFar() == acknowledged);  // no error
    }
    REQUIRE(::kill(shell.pid(), SIGKILL) == 0);
    const ChildResult killed = shell.Wait();
    INFO(killed.Describe());
    REQUIRE(killed.signal == SIGKILL);
  }
  // Nothing was flushed: every write is only in the log.
  CHECK(Tables(dir / "db").empty());
  CHECK(fs::exists(dir / "db" / "000001.log"));

  auto engine = OpenEngine(path);
  const lsm::RecoveryReport& recovery = engine->recovery();
  CHECK(recovery.logs == std::vector<std::string>{"000001.log"});
  CHECK(recovery.batches == static_cast<std::uint64_t>(commands));
  CHECK(recovery.dropped.empty());
  CHECK(engine->last_sequence() == static_cast<std::uint64_t>(commands));
  for (const auto& [key, value] : expected) {
    INFO("key " << lsm::testing::ShowBytes(key));
    CHECK(engine->Get(key) == lsm::testing::Bytes(value));
  }
  for (const char* removed : {"key1000", "key1099", "key1199"}) {
    CHECK(engine->Get(removed) == std::nullopt);
  }
  std::size_t scanned = 0;
  auto it = engine->NewIterator();
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++scanned;
  CHECK(scanned == expected.size());
}

TEST_CASE("lsm-shell --sync and without: stats shows the log's bytes and the last sequence",
          "[shell][process]") {
  const bool sync = GENERATE(false, true);
  INFO("--sync: " << sync);
  const lsm::TempDir dir("lsm-shell-sync");
  const std::string path = (dir / "db").string();
  const std::string sync_word = sync ? "on" : "off";

  const ChildResult first =
      RunLsmShell(dir, ShellArgs(sync, path), "put a 1\nput b 2\ndel a\nstats\n", "first");
  INFO(first.Describe());
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.empty());
  CHECK_THAT(first.out, Catch::StartsWith("ok\nok\nok\nmemtable: 2 entries, "));
  const std::uintmax_t log_bytes = fs::file_size(dir / "db" / "000001.log");
  CHECK(log_bytes > 0);
  CHECK_THAT(first.out, Catch::Contains("\nlog: 000001.log, " + std::to_string(log_bytes) +
                                        " bytes, sync " + sync_word + "\n"));
  CHECK_THAT(first.out, Catch::Contains("\nlast sequence: 3\n"));
  CHECK_THAT(first.out, Catch::Contains("\nmanifest: log-number 1, last-sequence 0\n"));
  CHECK(Tables(dir / "db").empty());  // leaving did not flush

  // The next session's open replays that log into a table, and says so.
  const ChildResult second =
      RunLsmShell(dir, ShellArgs(sync, path), "get a\nget b\nstats\n", "second");
  INFO(second.Describe());
  REQUIRE(second.exit_code == 0);
  CHECK(second.out ==
        "(not found)\n\"2\"\n"
        "memtable: 0 entries, 0 bytes\n"
        "sstables: 1 (newest first)\n"
        "  000003.sst: 2 entries, " +
            std::to_string(fs::file_size(dir / "db" / "000003.sst")) +
            " bytes\n"
            "log: 000002.log, 0 bytes, sync " +
            sync_word +
            "\n"
            "last sequence: 3\n"
            "manifest: log-number 2, last-sequence 3\n"
            "recovered at open: 1 logs, 3 batches, 3 entries, 0 bytes dropped\n");

  auto engine = OpenEngine(path);
  CHECK(engine->Get("a") == std::nullopt);
  CHECK(engine->Get("b") == lsm::testing::Bytes("2"));
  CHECK(engine->last_sequence() == 3);
}

#endif  // LSM_SHELL_ENGINE_GIVEN
