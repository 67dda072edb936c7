/// \file
/// Chapter 3: the interactive shell over a tree (`lsm-shell DIR`).
///
/// Keys and values are printed in the quoted form the prompt reads (QuoteWord), so any line the
/// shell prints can be pasted back as input.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// Reads commands from `in` until it ends or `quit`, runs each on `tree`, and writes results
/// and errors to `out`. A bad command gets a one-line message and the shell goes on. Returns
/// the number of commands that failed. `prompt` is printed before each command (pass "" when
/// the input is not a terminal). Leaves flushing to the caller.
int RunShell(LsmTree& tree, std::istream& in, std::ostream& out, std::string_view prompt);

/// What `lsm-shell`'s command line asks for. A chapter that adds an option adds a field here
/// and a case to ParseShellArgs.
struct ShellArgs {
  bool help = false;      ///< -h or --help: print ShellHelp() and exit; nothing is opened
  std::string directory;  ///< DIR, the tree's directory; empty only when `help` is set
};

/// Parses `lsm-shell [-h|--help] [--] DIR`. Options may come before or after DIR; after `--`
/// the next word is DIR even if it starts with `-`. Touches no file.
/// \throws InvalidArgumentError on an unknown option (any other word starting with `-`), or,
///         without help, on no DIR, a second DIR or an empty one.
[[nodiscard]] ShellArgs ParseShellArgs(int argc, const char* const* argv);

/// The usage line and options: what `lsm-shell` prints to stderr after a usage error.
[[nodiscard]] std::string_view ShellUsage();

/// What `lsm-shell --help` prints: ShellUsage(), the commands and what leaving keeps.
[[nodiscard]] std::string ShellHelp();

}  // namespace lsm
