// The shell's commands. Shared by both tracks; they run on a ShellTarget, and chapter 3's
// adapter calls only the tree's public API.

#include "chapters/03-naive-merge/shell.h"

#include <unistd.h>

#include <iostream>
#include <istream>
#include <ostream>

#include "common/bytes.h"
#include "common/errors.h"

namespace lsm {
namespace {

constexpr std::string_view kCommands =
    "commands (words with spaces or odd bytes go in double quotes: \"a b\", \"\\x00\\xff\";\n"
    "keys and values are printed that way too, so any output line can be pasted back):\n"
    "  put KEY VALUE        set KEY to VALUE\n"
    "  get KEY              show KEY's value\n"
    "  del KEY              delete KEY (writes a tombstone)\n"
    "  scan [START [END]]   keys in [START, END) in order; a bare - leaves a bound open,\n"
    "                       \"-\" is the key -\n"
    "  flush                write the memtable to a new SSTable\n"
    "  compact              merge every SSTable into one\n"
    "  stats                memtable, SSTables and the write-ahead log\n"
    "  help                 this list\n"
    "  quit                 leave (so do exit and end of input, Ctrl-D)\n"
    "a line may be up to 5 MiB (a 1 MiB value fits even written all in \\xNN); a longer one\n"
    "is skipped with an error. Lines starting with # are comments.\n"
    "leaving with quit, exit or end of input keeps what being killed (Ctrl-C, kill, a crash)\n"
    "keeps: every write answered ok is already in the write-ahead log, and the next open\n"
    "replays it and flushes the memtable to an SSTable. Without --sync a write is handed to\n"
    "the kernel before ok: it survives the shell's death, not a power loss or an OS crash.\n"
    "With --sync it is on the disk before ok, and survives those too.\n";

static_assert(kMaxLineBytes == std::size_t{5} << 20, "kCommands states the cap as 5 MiB");

constexpr std::string_view kUsage =
    "usage: lsm-shell [-h|--help] [--sync] [--] DIR\n"
    "opens (creating it if needed) the database in DIR with the current engine, a write-ahead\n"
    "log in front of an LSM tree, and reads commands from the terminal or a piped script; with\n"
    "a script, the exit status is 1 if any command failed.\n"
    "  -h, --help   print this help and exit\n"
    "  --sync       sync the log to the disk (fdatasync) before each write's ok, so that it\n"
    "               survives a power loss too (slower: a disk write per put or del)\n"
    "  --           end of options: DIR may start with -\n";

constexpr std::string_view kSeparators = " \t\r";

// Error messages show at most this many bytes of a word or line, so they stay one short line.
constexpr std::size_t kExcerptBytes = 40;

bool IsSeparator(char c) { return kSeparators.find(c) != std::string_view::npos; }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `bytes` quoted, cut to its first kExcerptBytes (then followed by "...").
std::string Excerpt(std::string_view bytes) {
  if (bytes.size() <= kExcerptBytes) return QuoteWord(bytes);
  return QuoteWord(bytes.substr(0, kExcerptBytes)) + "...";
}

// Reads one line, without its '\n', keeping at most `max_bytes` of it in `line`. Returns the
// whole line's length (more than line.size() if it was cut), or nullopt at end of input.
std::optional<std::size_t> ReadBoundedLine(std::istream& in, std::string& line,
                                           std::size_t max_bytes) {
  using Traits = std::istream::traits_type;
  line.clear();
  const std::istream::sentry sentry(in, /*noskipws=*/true);
  if (!sentry) return std::nullopt;
  std::streambuf& buffer = *in.rdbuf();
  std::size_t length = 0;
  for (Traits::int_type c = buffer.sbumpc();; c = buffer.sbumpc()) {
    if (Traits::eq_int_type(c, Traits::eof())) {
      in.setstate(std::ios::eofbit);
      if (length > 0) return length;  // a last line without '\n'
      in.setstate(std::ios::failbit);
      return std::nullopt;
    }
    if (Traits::to_char_type(c) == '\n') return length;
    if (length < max_bytes) line += Traits::to_char_type(c);
    ++length;
  }
}

void Expect(const std::vector<Word>& words, std::size_t min, std::size_t max,
            std::string_view usage) {
  if (words.size() < min + 1 || words.size() > max + 1) {
    throw InvalidArgumentError("usage: " + std::string(usage));
  }
}

// Scan bound i: absent or an unquoted `-` is open; anything else, "-" included, is a key.
std::optional<std::string> Bound(const std::vector<Word>& words, std::size_t i) {
  if (words.size() <= i || (!words[i].quoted && words[i].text == "-")) return std::nullopt;
  return words[i].text;
}

void Run(ShellTarget& target, const std::vector<Word>& words, std::ostream& out) {
  const std::string& command = words[0].text;
  if (command == "put") {
    Expect(words, 2, 2, "put KEY VALUE");
    target.Put(words[1].text, words[2].text);
    out << "ok\n";
  } else if (command == "get") {
    Expect(words, 1, 1, "get KEY");
    const auto value = target.Get(words[1].text);
    out << (value ? QuoteWord(*value) : "(not found)") << "\n";
  } else if (command == "del") {
    Expect(words, 1, 1, "del KEY");
    target.Remove(words[1].text);
    out << "ok\n";
  } else if (command == "scan") {
    Expect(words, 0, 2, "scan [START|- [END|-]]");
    const KeyRange range{Bound(words, 1), Bound(words, 2)};
    const std::size_t count =
        target.Scan(range, [&out](std::string_view key, std::string_view value) {
          out << QuoteWord(key) << " -> " << QuoteWord(value) << "\n";
        });
    out << "(" << count << " keys)\n";
  } else if (command == "flush") {
    Expect(words, 0, 0, "flush");
    target.Flush();
    out << "ok: " << target.tree_stats().tables.size() << " SSTables\n";
  } else if (command == "compact") {
    Expect(words, 0, 0, "compact");
    target.Compact();
    out << "ok: " << target.tree_stats().tables.size() << " SSTables\n";
  } else if (command == "stats") {
    Expect(words, 0, 0, "stats");
    target.PrintStats(out);
  } else if (command == "help") {
    out << kCommands;
  } else {
    throw InvalidArgumentError("unknown command " + Excerpt(command) + " (try: help)");
  }
}

// Chapter 3's tree as a ShellTarget.
class TreeTarget final : public ShellTarget {
 public:
  explicit TreeTarget(LsmTree& tree) : tree_(tree) {}

  void Put(std::string_view key, std::string_view value) override { tree_.Put(key, value); }
  void Remove(std::string_view key) override { tree_.Remove(key); }
  std::optional<std::string> Get(std::string_view key) override { return tree_.Get(key); }
  std::size_t Scan(const KeyRange& range,
                   const std::function<void(std::string_view, std::string_view)>& visit) override {
    const std::vector<KeyValue> entries = tree_.NaiveScan(range);
    for (const KeyValue& entry : entries) visit(entry.key, entry.value);
    return entries.size();
  }
  void Flush() override { tree_.Flush(); }
  void Compact() override { tree_.NaiveCompact(); }
  TreeStats tree_stats() override { return tree_.stats(); }
  void PrintStats(std::ostream& out) override { PrintTreeStats(tree_.stats(), out); }

 private:
  LsmTree& tree_;
};

}  // namespace

void PrintTreeStats(const TreeStats& stats, std::ostream& out) {
  out << "memtable: " << stats.memtable_entries << " entries, " << stats.memtable_bytes
      << " bytes\nsstables: " << stats.tables.size() << " (newest first)\n";
  for (const TableStats& table : stats.tables) {
    out << "  " << table.file_name << ": " << table.entries << " entries, " << table.bytes
        << " bytes\n";
  }
}

std::ostream& operator<<(std::ostream& out, const Word& word) {
  return out << (word.quoted ? QuoteWord(word.text) : word.text);
}

std::vector<Word> SplitCommandLine(std::string_view line) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && IsSeparator(line[i])) ++i;
    if (i == line.size()) return words;
    Word word;
    if (line[i] != '"') {
      while (i < line.size() && !IsSeparator(line[i])) word.text += line[i++];
      words.push_back(std::move(word));
      continue;
    }
    word.quoted = true;
    const std::size_t open = i++;
    const auto unterminated = [&] {
      return InvalidArgumentError("unterminated quote (opened at byte " + std::to_string(open) +
                                  ")");
    };
    while (true) {
      if (i == line.size()) throw unterminated();
      const char c = line[i++];
      if (c == '"') break;
      if (c != '\\') {
        word.text += c;
        continue;
      }
      if (i == line.size()) throw unterminated();
      const char escape = line[i++];
      if (escape == '\\' || escape == '"') {
        word.text += escape;
      } else if (escape == 'n') {
        word.text += '\n';
      } else if (escape == 't') {
        word.text += '\t';
      } else if (escape == 'x' && i + 1 < line.size() && HexDigit(line[i]) >= 0 &&
                 HexDigit(line[i + 1]) >= 0) {
        word.text += static_cast<char>(HexDigit(line[i]) * 16 + HexDigit(line[i + 1]));
        i += 2;
      } else {
        throw InvalidArgumentError("bad escape '\\" + EscapeBytes(std::string_view(&escape, 1)) +
                                   R"(' (use \\, \", \n, \t or \xNN))");
      }
    }
    if (i < line.size() && !IsSeparator(line[i])) {
      throw InvalidArgumentError("text right after a closing quote at byte " +
                                 std::to_string(i - 1) + " (put a space between words)");
    }
    words.push_back(std::move(word));
  }
}

std::string QuoteWord(std::string_view bytes) {
  // EscapeBytes leaves `"` as it is and writes no `"` of its own: escaping each one suffices.
  std::string quoted = "\"";
  for (const char c : EscapeBytes(bytes)) {
    if (c == '"') quoted += '\\';
    quoted += c;
  }
  return quoted += '"';
}

std::optional<std::vector<Word>> ReadCommand(std::istream& in, std::size_t max_line_bytes) {
  std::string line;
  const std::optional<std::size_t> length = ReadBoundedLine(in, line, max_line_bytes);
  if (!length) return std::nullopt;
  if (*length > max_line_bytes) {
    throw InvalidArgumentError("line too long (" + std::to_string(*length) +
                               " bytes; the limit is " + std::to_string(max_line_bytes) +
                               "), skipped: " + Excerpt(line));
  }
  const std::size_t first = line.find_first_not_of(kSeparators);
  if (first != std::string::npos && line[first] == '#') return std::vector<Word>{};
  return SplitCommandLine(line);
}

int RunShell(ShellTarget& target, std::istream& in, std::ostream& out, std::string_view prompt) {
  int failures = 0;
  while (true) {
    out << prompt << std::flush;
    try {
      const std::optional<std::vector<Word>> words = ReadCommand(in);
      if (!words) break;             // end of input
      if (words->empty()) continue;  // blank or comment
      if (words->front().text == "quit" || words->front().text == "exit") break;
      Run(target, *words, out);
    } catch (const Error& error) {
      out << "error: " << error.what() << "\n";
      ++failures;
    }
  }
  if (!prompt.empty()) out << "\n";
  return failures;
}

int RunShell(LsmTree& tree, std::istream& in, std::ostream& out, std::string_view prompt) {
  TreeTarget target(tree);
  return RunShell(target, in, out, prompt);
}

ShellArgs ParseShellArgs(int argc, const char* const* argv) {
  ShellArgs args;
  std::vector<std::string_view> directories;
  bool options_ended = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (options_ended || !arg.starts_with("-")) {
      directories.push_back(arg);
    } else if (arg == "--") {
      options_ended = true;
    } else if (arg == "-h" || arg == "--help") {
      args.help = true;
    } else if (arg == "--sync") {
      args.sync = true;
    } else {
      throw InvalidArgumentError("unknown option " + Excerpt(arg));
    }
  }
  if (args.help) return args;
  if (directories.empty()) throw InvalidArgumentError("no DIR given");
  if (directories.size() > 1) {
    throw InvalidArgumentError("more than one DIR: " + Excerpt(directories[0]) + " and " +
                               Excerpt(directories[1]));
  }
  if (directories[0].empty()) throw InvalidArgumentError("DIR is empty");
  args.directory = directories[0];
  return args;
}

std::string_view ShellUsage() { return kUsage; }

std::string ShellHelp() { return std::string(kUsage) + "\n" + std::string(kCommands); }

bool ShellIsInteractive() { return ::isatty(STDIN_FILENO) != 0; }

int ShellMain(int argc, const char* const* argv, const std::function<int(const ShellArgs&)>& run) {
  ShellArgs args;
  try {
    args = ParseShellArgs(argc, argv);
  } catch (const InvalidArgumentError& error) {
    std::cerr << "lsm-shell: " << error.what() << "\n" << ShellUsage();
    return 2;
  }
  if (args.help) {
    std::cout << ShellHelp();
    return 0;
  }
  try {
    return run(args);
  } catch (const Error& error) {
    std::cerr << "lsm-shell: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace lsm
