/// \file
/// Chapter 3: the interactive shell (`lsm-shell DIR`): reading and quoting words, the commands,
/// and lsm-shell's options. The commands run on a ShellTarget: chapter 3's tree here
/// (RunShell(LsmTree&, ...)), the current engine in lsm-shell (chapters/engine/lsm_shell.cpp).
///
/// Keys and values are printed in the quoted form the prompt reads (QuoteWord), so any line the
/// shell prints can be pasted back as input.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/03-naive-merge/key_range.h"
#include "chapters/03-naive-merge/lsm_tree.h"

namespace lsm {

/// One word of a command line.
struct Word {
  std::string text;     ///< the word's bytes, quotes and escapes removed
  bool quoted = false;  ///< it was written in double quotes: it is data, never syntax like `-`

  /// Same bytes, same quoting.
  friend bool operator==(const Word&, const Word&) = default;
};

/// Writes `word` as it could be typed: QuoteWord(text) if it was quoted, else text.
std::ostream& operator<<(std::ostream& out, const Word& word);

/// Splits a command line into words. Words are separated by spaces, tabs or carriage returns. A
/// word that starts with a double quote is quoted: it ends at the next unescaped double quote,
/// which must be followed by a separator or the end of the line. Inside it, a backslash starts
/// an escape: \\\\ (a backslash), \\\" (a double quote), \\n, \\t or \\xNN (any byte, hex
/// digits in either case). An unquoted word is its bytes as they are.
/// \throws InvalidArgumentError on an unterminated quote, a bad escape or text right after a
///         closing quote.
[[nodiscard]] std::vector<Word> SplitCommandLine(std::string_view line);

/// `bytes` as a quoted word, SplitCommandLine's inverse: SplitCommandLine(QuoteWord(b)) is
/// {Word{b, true}} for every byte string b. Printable ASCII stays as it is, except that a double
/// quote becomes \\\" and a backslash \\\\; every other byte is written \\xNN. This is
/// EscapeBytes' rendering with its double quotes escaped.
[[nodiscard]] std::string QuoteWord(std::string_view bytes);

/// The longest command line the shell accepts, in bytes, not counting its newline: 5 MiB, room
/// for a key and a 1 MiB value even with every byte written as \\xNN (4 bytes each).
inline constexpr std::size_t kMaxLineBytes = std::size_t{5} << 20;

/// Reads the next command line from `in` and splits it. Never holds more than
/// `max_line_bytes` of a line: a longer one is read on to its newline and dropped, so the next
/// call reads the next line.
/// \returns its words (none for a blank line or a `#` comment), or nullopt at end of input.
/// \throws InvalidArgumentError if the line is longer than `max_line_bytes` (the message shows
///         its length and only its first bytes) or SplitCommandLine rejects it.
[[nodiscard]] std::optional<std::vector<Word>> ReadCommand(
    std::istream& in, std::size_t max_line_bytes = kMaxLineBytes);

/// What the shell's commands run on: an engine seen through the few calls they make. Chapter 3
/// adapts its LsmTree (RunShell(LsmTree&, ...)); lsm-shell adapts the current engine. Any call
/// may throw lsm::Error: the shell prints it as the command's error and goes on.
class ShellTarget {
 public:
  virtual ~ShellTarget() = default;

  /// `put KEY VALUE`: sets `key` to `value`. Once it returns, the shell prints "ok".
  virtual void Put(std::string_view key, std::string_view value) = 0;

  /// `del KEY`: removes `key` (a tombstone). Once it returns, the shell prints "ok".
  virtual void Remove(std::string_view key) = 0;

  /// `get KEY`: the newest value of `key`, or nullopt if it is absent or removed.
  [[nodiscard]] virtual std::optional<std::string> Get(std::string_view key) = 0;

  /// `scan`: calls `visit` with each live entry of `range`, in key order, and returns how many
  /// there were. The views need only last for the call.
  virtual std::size_t Scan(
      const KeyRange& range,
      const std::function<void(std::string_view key, std::string_view value)>& visit) = 0;

  /// `flush`: writes the memtable to a new SSTable.
  virtual void Flush() = 0;

  /// `compact`: merges the SSTables.
  virtual void Compact() = 0;

  /// The memtable and the SSTables (`flush` and `compact` print how many SSTables are left).
  [[nodiscard]] virtual TreeStats tree_stats() = 0;

  /// `stats`: writes the stats lines to `out`, PrintTreeStats(tree_stats()) first.
  virtual void PrintStats(std::ostream& out) = 0;

 protected:
  ShellTarget() = default;                               ///< for adapters
  ShellTarget(const ShellTarget&) = default;             ///< for adapters
  ShellTarget& operator=(const ShellTarget&) = default;  ///< for adapters
};

/// Writes what `stats` prints of a tree: a `memtable:` line, a `sstables:` line, then a line per
/// SSTable, newest first.
void PrintTreeStats(const TreeStats& stats, std::ostream& out);

/// Reads commands from `in` until it ends or `quit`, runs each on `target`, and writes results
/// and errors to `out`. A bad command gets a one-line message and the shell goes on. Returns
/// the number of commands that failed. `prompt` is printed before each command (pass "" when
/// the input is not a terminal); the output is flushed there, so every result is out before
/// the next command is read. Never flushes the memtable itself: what leaving keeps is the
/// caller's business.
int RunShell(ShellTarget& target, std::istream& in, std::ostream& out, std::string_view prompt);

/// RunShell over chapter 3's tree: `scan` is NaiveScan, `compact` is NaiveCompact, `stats`
/// prints PrintTreeStats alone.
int RunShell(LsmTree& tree, std::istream& in, std::ostream& out, std::string_view prompt);

/// What `lsm-shell`'s command line asks for. A chapter that adds an option adds a field here
/// and a case to ParseShellArgs.
struct ShellArgs {
  bool help = false;      ///< -h or --help: print ShellHelp() and exit; nothing is opened
  bool sync = false;      ///< --sync (chapter 7): every write is synced to the disk before "ok"
  std::string directory;  ///< DIR, the directory to open; empty only when `help` is set
};

/// Parses `lsm-shell [-h|--help] [--sync] [--] DIR`. Options may come before or after DIR, and
/// may be repeated; after `--` the next word is DIR even if it starts with `-`. Touches no file.
/// \throws InvalidArgumentError on an unknown option (any other word starting with `-`), or,
///         without help, on no DIR, a second DIR or an empty one.
[[nodiscard]] ShellArgs ParseShellArgs(int argc, const char* const* argv);

/// The usage line and options: what `lsm-shell` prints to stderr after a usage error.
[[nodiscard]] std::string_view ShellUsage();

/// What `lsm-shell --help` prints: ShellUsage(), the commands and what leaving keeps.
[[nodiscard]] std::string ShellHelp();

/// A shell program's main: parses the arguments (a usage error prints ShellUsage() to stderr
/// and returns 2; --help prints ShellHelp() and returns 0), then returns `run(args)`, or 1 after
/// printing an lsm::Error that `run` throws. `run` opens the directory and calls RunShell.
int ShellMain(int argc, const char* const* argv, const std::function<int(const ShellArgs&)>& run);

/// Whether the shell reads a terminal (then it prints a prompt, and a failed command does not
/// change the exit status) or a script.
[[nodiscard]] bool ShellIsInteractive();

}  // namespace lsm
