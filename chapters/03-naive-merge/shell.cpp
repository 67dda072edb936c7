// The shell's commands. Shared by both tracks; it calls only the tree's public API.

#include "chapters/03-naive-merge/shell.h"

#include <istream>
#include <ostream>

#include "common/bytes.h"
#include "common/errors.h"

namespace lsm {
namespace {

constexpr std::string_view kHelp =
    "commands (words with spaces or odd bytes go in double quotes: \"a b\", \"\\x00\\xff\"):\n"
    "  put KEY VALUE        set KEY to VALUE\n"
    "  get KEY              show KEY's value\n"
    "  del KEY              delete KEY (writes a tombstone)\n"
    "  scan [START [END]]   keys in [START, END) in order; '-' leaves a bound open\n"
    "  flush                write the memtable to a new SSTable\n"
    "  compact              merge every SSTable into one\n"
    "  stats                memtable and SSTables\n"
    "  help                 this list\n"
    "  quit                 leave (end of input works too)\n";

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Quoted(std::string_view bytes) { return "\"" + EscapeBytes(bytes) + "\""; }

void Expect(const std::vector<std::string>& words, std::size_t min, std::size_t max,
            std::string_view usage) {
  if (words.size() < min + 1 || words.size() > max + 1) {
    throw InvalidArgumentError("usage: " + std::string(usage));
  }
}

std::optional<std::string> Bound(const std::vector<std::string>& words, std::size_t i) {
  if (words.size() <= i || words[i] == "-") return std::nullopt;
  return words[i];
}

void Run(LsmTree& tree, const std::vector<std::string>& words, std::ostream& out) {
  const std::string& command = words[0];
  if (command == "put") {
    Expect(words, 2, 2, "put KEY VALUE");
    tree.Put(words[1], words[2]);
    out << "ok\n";
  } else if (command == "get") {
    Expect(words, 1, 1, "get KEY");
    const auto value = tree.Get(words[1]);
    out << (value ? Quoted(*value) : "(not found)") << "\n";
  } else if (command == "del") {
    Expect(words, 1, 1, "del KEY");
    tree.Remove(words[1]);
    out << "ok\n";
  } else if (command == "scan") {
    Expect(words, 0, 2, "scan [START|- [END|-]]");
    const KeyRange range{Bound(words, 1), Bound(words, 2)};
    const std::vector<KeyValue> entries = tree.NaiveScan(range);
    for (const KeyValue& entry : entries)
      out << Quoted(entry.key) << " -> " << Quoted(entry.value) << "\n";
    out << "(" << entries.size() << " keys)\n";
  } else if (command == "flush") {
    Expect(words, 0, 0, "flush");
    tree.Flush();
    out << "ok: " << tree.stats().tables.size() << " SSTables\n";
  } else if (command == "compact") {
    Expect(words, 0, 0, "compact");
    tree.NaiveCompact();
    out << "ok: " << tree.stats().tables.size() << " SSTables\n";
  } else if (command == "stats") {
    Expect(words, 0, 0, "stats");
    const TreeStats stats = tree.stats();
    out << "memtable: " << stats.memtable_entries << " entries, " << stats.memtable_bytes
        << " bytes\nsstables: " << stats.tables.size() << " (newest first)\n";
    for (const TableStats& table : stats.tables) {
      out << "  " << table.file_name << ": " << table.entries << " entries, " << table.bytes
          << " bytes\n";
    }
  } else if (command == "help") {
    out << kHelp;
  } else {
    throw InvalidArgumentError("unknown command '" + EscapeBytes(command) + "' (try: help)");
  }
}

}  // namespace

std::vector<std::string> SplitCommandLine(std::string_view line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i == line.size()) return words;
    std::string word;
    if (line[i] != '"') {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
        word += line[i++];
      }
      words.push_back(std::move(word));
      continue;
    }
    ++i;  // opening quote
    while (true) {
      if (i == line.size()) throw InvalidArgumentError("unterminated quote");
      const char c = line[i++];
      if (c == '"') break;
      if (c != '\\') {
        word += c;
        continue;
      }
      if (i == line.size()) throw InvalidArgumentError("unterminated quote");
      const char escape = line[i++];
      if (escape == '\\' || escape == '"') {
        word += escape;
      } else if (escape == 'n') {
        word += '\n';
      } else if (escape == 't') {
        word += '\t';
      } else if (escape == 'x' && i + 1 < line.size() && HexDigit(line[i]) >= 0 &&
                 HexDigit(line[i + 1]) >= 0) {
        word += static_cast<char>(HexDigit(line[i]) * 16 + HexDigit(line[i + 1]));
        i += 2;
      } else {
        throw InvalidArgumentError("bad escape '\\" + std::string(1, escape) +
                                   R"(' (use \\, \", \n, \t or \xNN))");
      }
    }
    words.push_back(std::move(word));
  }
}

int RunShell(LsmTree& tree, std::istream& in, std::ostream& out, std::string_view prompt) {
  int failures = 0;
  std::string line;
  while (out << prompt << std::flush, std::getline(in, line)) {
    try {
      const std::vector<std::string> words = SplitCommandLine(line);
      if (words.empty() || words[0].starts_with("#")) continue;  // blank line or comment
      if (words[0] == "quit" || words[0] == "exit") break;
      Run(tree, words, out);
    } catch (const Error& error) {
      out << "error: " << error.what() << "\n";
      ++failures;
    }
  }
  if (!prompt.empty()) out << "\n";
  return failures;
}

}  // namespace lsm
