// Chapter 3's given shell code: splitting and quoting words, reading bounded lines, parsing
// lsm-shell's options, and the real lsm-shell's command line. None of it opens a tree, so these
// tests pass on an untouched exercise stub. Commands run through a tree are tested in
// lsm_tree_test.cpp; lsm-shell over the current engine (chapter 7's Db), and its --sync, in
// tests/07-write-ahead-log/shell_engine_test.cpp.

#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "chapters/03-naive-merge/shell.h"
#include "common/bytes.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/error_of.h"
#include "tests/support/printing.h"
#include "tests/support/subprocess.h"

using lsm::QuoteWord;
using lsm::SplitCommandLine;
using lsm::Word;
using Words = std::vector<Word>;
using namespace std::string_literals;

namespace {

// What an InvalidArgumentError thrown by `operation` says, or a note that none was thrown.
template <typename Operation>
std::string InvalidArgumentMessage(Operation&& operation) {
  const auto error = lsm::testing::ErrorOf<lsm::InvalidArgumentError>(operation);
  return error ? error->what() : "(no InvalidArgumentError)";
}

Word Plain(std::string text) { return {std::move(text), false}; }
Word Quoted(std::string text) { return {std::move(text), true}; }

// Parses `lsm-shell args...`.
lsm::ShellArgs Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "lsm-shell");
  return lsm::ParseShellArgs(static_cast<int>(args.size()), args.data());
}

// Runs the real lsm-shell with `args` and no input, with `cwd` as its working directory (set
// through /bin/sh, as Child has no such option), capturing its output in `captures`.
lsm::testing::ChildResult RunLsmShellIn(const std::filesystem::path& cwd,
                                        const std::vector<std::string>& args,
                                        const lsm::TempDir& captures) {
  std::vector<std::string> argv = {"/bin/sh", "-c", R"(cd "$0" && exec "$@")", cwd.string(),
                                   LSM_SHELL};
  argv.insert(argv.end(), args.begin(), args.end());
  return lsm::testing::RunProgram(argv, "", (captures / "lsm-shell").string());
}

}  // namespace

TEST_CASE("SplitCommandLine splits words and remembers which were quoted", "[shell]") {
  CHECK(SplitCommandLine(R"(put "a b" "\x00\xfF\n" plain)") ==
        Words{Plain("put"), Quoted("a b"), Quoted("\x00\xff\n"s), Plain("plain")});
  CHECK(SplitCommandLine(" \t\r ").empty());
  CHECK(SplitCommandLine("get\tk\r") == Words{Plain("get"), Plain("k")});
  CHECK(SplitCommandLine(R"(scan - "-")") == Words{Plain("scan"), Plain("-"), Quoted("-")});
  CHECK(SplitCommandLine(R"("" "\\\"\t")") == Words{Quoted(""), Quoted("\\\"\t")});
  CHECK(SplitCommandLine(R"(a"b\x41)") == Words{Plain(R"(a"b\x41)")});  // unquoted: bytes as-is
}

TEST_CASE("SplitCommandLine rejects a bad quote or escape and says where", "[shell]") {
  const auto message = [](std::string_view line) {
    return InvalidArgumentMessage([&] { (void)SplitCommandLine(line); });
  };
  CHECK(message(R"(get "open)") == "unterminated quote (opened at byte 4)");
  CHECK(message(R"(get "open\)") == "unterminated quote (opened at byte 4)");
  CHECK_THAT(message(R"(get "\q")"), Catch::StartsWith(R"(bad escape '\q')"));
  CHECK_THAT(message(R"(get "\x4")"), Catch::StartsWith(R"(bad escape '\x')"));
  CHECK_THAT(message(R"(get "\xg0")"), Catch::StartsWith(R"(bad escape '\x')"));
  CHECK_THAT(message("get \"\\\x01\""), Catch::StartsWith(R"(bad escape '\\x01')"));
  // `"a"b` and `"a""b"` are not two words run together: a closing quote needs a separator.
  CHECK_THAT(message(R"(get "a"b)"), Catch::StartsWith("text right after a closing quote"));
  CHECK_THAT(message(R"(get "a""b")"), Catch::StartsWith("text right after a closing quote"));
}

TEST_CASE("QuoteWord is SplitCommandLine's inverse for every byte and pair of bytes", "[shell]") {
  std::vector<std::string> samples = {"",        " ",           "\"",   "\\",
                                      "-",       "#",           "\\\"", "\"\"",
                                      R"(\x41)", R"(a" -> "b)", "\\n",  " leading and trailing "};
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  samples.push_back(every_byte);
  for (int a = 0; a < 256; ++a) {
    samples.emplace_back(1, static_cast<char>(a));
    for (int b = 0; b < 256; ++b) samples.push_back({static_cast<char>(a), static_cast<char>(b)});
  }
  std::vector<std::string> failed;  // escaped, so that a failure prints readably
  for (const std::string& bytes : samples) {
    const std::string quoted = QuoteWord(bytes);
    if (SplitCommandLine(quoted) != Words{Quoted(bytes)}) {
      failed.push_back(lsm::EscapeBytes(bytes) + " quoted as " + lsm::EscapeBytes(quoted));
    }
  }
  CHECK(failed == std::vector<std::string>{});
  CHECK(QuoteWord("plain key") == R"("plain key")");  // printable bytes stay readable
}

TEST_CASE("a printed KEY -> VALUE line parses back to its own key and value", "[shell]") {
  struct Entry {
    std::string key, value;
  };
  // The first two printed the same line, "a" -> "b" -> "c", before `"` was escaped.
  const std::vector<Entry> entries = {{"a", R"(b" -> "c)"}, {R"(a" -> "b)", "c"}, {"", ""},
                                      {"-", "->"},          {"\\", "\""},         {"\n\t", " "}};
  std::vector<std::string> lines;
  for (const Entry& entry : entries) {
    const std::string line = QuoteWord(entry.key) + " -> " + QuoteWord(entry.value);
    CHECK(SplitCommandLine(line) == Words{Quoted(entry.key), Plain("->"), Quoted(entry.value)});
    lines.push_back(line);
  }
  CHECK(lines[0] != lines[1]);
}

TEST_CASE("ReadCommand skips blank lines and comments, even ones with odd quotes", "[shell]") {
  std::istringstream in("\n   \n# it's a \"comment\n  # indented\nput a 1\r\nlast");
  for (int blank = 0; blank < 4; ++blank) CHECK(lsm::ReadCommand(in) == Words{});
  CHECK(lsm::ReadCommand(in) == Words{Plain("put"), Plain("a"), Plain("1")});
  CHECK(lsm::ReadCommand(in) == Words{Plain("last")});  // no '\n' at the end of input
  CHECK(lsm::ReadCommand(in) == std::nullopt);
  CHECK(lsm::ReadCommand(in) == std::nullopt);
}

TEST_CASE("ReadCommand accepts a line up to the cap and skips a longer one", "[shell]") {
  SECTION("a small cap, at and just past it") {
    std::istringstream in("12345678\n123456789\n\"unterminated\nnext\n");
    CHECK(lsm::ReadCommand(in, 8) == Words{Plain("12345678")});
    CHECK(InvalidArgumentMessage([&] { (void)lsm::ReadCommand(in, 8); }) ==
          R"(line too long (9 bytes; the limit is 8), skipped: "12345678")");
    CHECK_THAT(InvalidArgumentMessage([&] { (void)lsm::ReadCommand(in, 8); }),
               Catch::StartsWith("line too long (13 bytes"));  // skipped before it is split
    CHECK(lsm::ReadCommand(in, 8) == Words{Plain("next")});
  }

  SECTION("kMaxLineBytes: just under, just over, and a 20 MiB line") {
    const std::string under = "put k " + std::string(lsm::kMaxLineBytes - 6, 'v');
    const std::string over = under + "v";
    const std::string huge = "put k " + std::string(std::size_t{20} << 20, 'v');
    std::istringstream in(under + "\n" + over + "\n" + huge + "\nget k\n");

    const auto words = lsm::ReadCommand(in);
    REQUIRE(words.has_value());
    REQUIRE(words->size() == 3);
    CHECK((words->at(2).text == under.substr(6)));  // not CHECK(a == b): 5 MiB per side

    for (const std::string* line : {&over, &huge}) {
      const std::string message = InvalidArgumentMessage([&] { (void)lsm::ReadCommand(in); });
      CHECK_THAT(message, Catch::StartsWith("line too long (" + std::to_string(line->size()) +
                                            " bytes; the limit is 5242880), skipped: "));
      CHECK_THAT(message, Catch::EndsWith(QuoteWord(line->substr(0, 40)) + "..."));
      CHECK(message.size() < 200);
    }
    CHECK(lsm::ReadCommand(in) == Words{Plain("get"), Plain("k")});  // the shell goes on
    CHECK(lsm::ReadCommand(in) == std::nullopt);
  }
}

TEST_CASE("ParseShellArgs: DIR, help, and -- before a DIR that starts with -", "[shell][args]") {
  CHECK(Parse({"tree"}).directory == "tree");
  CHECK_FALSE(Parse({"tree"}).help);
  CHECK(Parse({"-h"}).help);
  CHECK(Parse({"--help"}).help);
  CHECK(Parse({"tree", "--help"}).help);  // options may follow DIR
  CHECK(Parse({"tree", "--"}).directory == "tree");
  for (const char* dashed : {"--help", "-h", "-", "--", "--bogus"}) {
    const lsm::ShellArgs args = Parse({"--", dashed});
    CHECK(args.directory == dashed);
    CHECK_FALSE(args.help);
  }
}

TEST_CASE("ParseShellArgs rejects unknown options and a missing or extra DIR", "[shell][args]") {
  const auto message = [](std::vector<const char*> args) {
    return InvalidArgumentMessage([&] { (void)Parse(std::move(args)); });
  };
  CHECK(message({}) == "no DIR given");
  CHECK(message({"--"}) == "no DIR given");
  CHECK(message({"a", "b"}) == R"(more than one DIR: "a" and "b")");
  CHECK(message({"--", "a", "b"}) == R"(more than one DIR: "a" and "b")");
  CHECK(message({""}) == "DIR is empty");
  CHECK(message({"--bogus"}) == R"(unknown option "--bogus")");
  CHECK(message({"--bogus", "tree"}) == R"(unknown option "--bogus")");
  CHECK(message({"--help", "--bogus"}) == R"(unknown option "--bogus")");
  CHECK(message({"-"}) == R"(unknown option "-")");
  const std::string long_option = "--" + std::string(1 << 20, 'x');
  CHECK(message({long_option.c_str()}).size() < 100);  // quotes only the option's start
}

TEST_CASE("lsm-shell --help and -h print the help on stdout and create nothing",
          "[shell][process]") {
  const std::string option = GENERATE("--help", "-h");
  const lsm::TempDir cwd("lsm-shell-cwd");
  const lsm::TempDir captures("lsm-shell-out");
  const lsm::testing::ChildResult result = RunLsmShellIn(cwd.path(), {option}, captures);
  INFO(result.Describe());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::StartsWith("usage: lsm-shell [-h|--help] [--sync] [--] DIR\n"));
  CHECK_THAT(result.out, Catch::Contains("  scan [START [END]]"));
  CHECK_THAT(result.out, Catch::Contains("flushes the memtable to an SSTable"));
  CHECK_THAT(result.out, Catch::Contains("every write answered ok is already in the write-ahead"));
  CHECK(result.err.empty());
  CHECK(std::filesystem::is_empty(cwd.path()));  // no tree named --help or -h
}

TEST_CASE("lsm-shell rejects a bad command line with usage on stderr and creates nothing",
          "[shell][process]") {
  const std::vector<std::string> args = GENERATE(values<std::vector<std::string>>(
      {{}, {"--bogus"}, {"-"}, {"a", "b"}, {"--bogus", "tree"}, {"--", "a", "b"}}));
  const lsm::TempDir cwd("lsm-shell-cwd");
  const lsm::TempDir captures("lsm-shell-out");
  const lsm::testing::ChildResult result = RunLsmShellIn(cwd.path(), args, captures);
  INFO(result.Describe());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::StartsWith("lsm-shell: "));
  CHECK_THAT(result.err, Catch::Contains("\nusage: lsm-shell [-h|--help] [--sync] [--] DIR\n"));
  CHECK(result.out.empty());
  CHECK(std::filesystem::is_empty(cwd.path()));
}
