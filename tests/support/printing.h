// What a failing test prints. Keys and values are arbitrary bytes, and Catch2 v2 prints a
// std::string or std::string_view as its raw bytes (a 0xff, a NUL or a newline reaches the
// terminal as it is) and any type it has no StringMaker for as {?}. So:
//
// - a test compares keys and values as Bytes, which prints them quoted and escaped as
//   lsm::EscapeBytes does: CHECK(Bytes(it->key()) == Bytes("\xff")) fails with
//   "a\x00" == "\xff". AsBytes turns a list of keys into a std::vector<Bytes>;
// - every type a test compares has a Catch::StringMaker here: Bytes, Seen, Position,
//   lsm::LookupResult, lsm::KeyValue, lsm::KeyRange, std::optional<std::string> (the tree's
//   Get) and any other std::optional, std::nullopt and the entries of a
//   std::map<std::string, std::string>; vectors of them print element by element;
// - long sequences (a scan of a random tree) are compared with SameEntries, which names the
//   first difference instead of printing hundreds of entries;
// - random tests keep a Trace of their last operations and put it into INFO, so that a failure
//   shows how the run got there.
//
// Catch2 wraps long lines, and may break them after a backslash or drop a space where it does:
// these StringMakers print lines short enough to be left alone (FitToConsole).
//
// Every test of chapters 1 to 6 includes this header, directly or through a support header that
// does (iteration.h, model.h, tables.h, scans.h, crash_points.h, tree_model_checker.h): a
// StringMaker that only some translation units of a binary see would break the one-definition
// rule, and print differently from one file to the next.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chapters/01-memtable/lookup.h"
#include "chapters/03-naive-merge/key_range.h"
#include "common/bytes.h"

namespace lsm::testing {

/// How many bytes of one key or value a failure message shows; the rest is cut off.
inline constexpr std::size_t kShownBytes = 100;

/// `bytes` in double quotes, escaped as lsm::EscapeBytes does ("a\x00\xff"), and a double
/// quote as \x22, so that every " printed is a delimiter. Beyond `limit` bytes the rest is cut
/// off and the full size added: "kkkk"...(1048576 bytes).
[[nodiscard]] inline std::string ShowBytes(std::string_view bytes,
                                           std::size_t limit = kShownBytes) {
  std::string shown = "\"";
  for (const char c : EscapeBytes(bytes.substr(0, limit))) {
    shown += c == '"' ? std::string("\\x22") : std::string(1, c);
  }
  shown += "\"";
  if (bytes.size() > limit) shown += "...(" + std::to_string(bytes.size()) + " bytes)";
  return shown;
}

/// As ShowBytes, or nullopt (a lookup that found nothing). (A template, so that a std::string
/// argument goes to the overload above.)
template <std::same_as<std::optional<std::string>> Optional>
[[nodiscard]] std::string ShowBytes(const Optional& bytes, std::size_t limit = kShownBytes) {
  return bytes ? ShowBytes(std::string_view(*bytes), limit) : std::string("nullopt");
}

/// `range` as a half-open interval of escaped keys, an open bound as `open`:
/// ["a", "\x80"), [open, "b"), ["a", open).
[[nodiscard]] inline std::string ShowRange(const KeyRange& range) {
  return "[" + (range.start ? ShowBytes(*range.start) : std::string("open")) + ", " +
         (range.end ? ShowBytes(*range.end) : std::string("open")) + ")";
}

/// Catch2's console reporter wraps its lines at 77 characters (after an indent of 2), and where
/// it wraps it may break after a backslash, drop a space or add a hyphen: a wrapped rendering of
/// bytes would lie. So the StringMakers below print lines of at most this many characters,
/// which it leaves as they are.
inline constexpr std::size_t kConsoleWidth = 76;

/// `text` with every line longer than kConsoleWidth broken, never inside an escape (\xNN, \\).
/// Outside double quotes a line breaks at a space if it can (the space is dropped) and goes on
/// indented by two; inside them it breaks anywhere and goes on at the start of the next line, so
/// a space there is a byte of the string.
[[nodiscard]] inline std::string FitToConsole(std::string_view text) {
  bool fits = true;  // the common case: nothing to break
  for (std::size_t start = 0; fits && start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    fits = end - start <= kConsoleWidth;
    start = end + 1;
  }
  if (fits) return std::string(text);
  std::string out;
  std::string line;                       // the line being filled
  std::size_t space = std::string::npos;  // in `line`: a space outside quotes to break at
  bool quoted = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t size = 1;
    if (text[i] == '\\') size = i + 1 < text.size() && text[i + 1] == 'x' ? 4 : 2;
    const std::string_view token = text.substr(i, size);
    i += token.size();
    if (token == "\n") {
      out += line + "\n";
      line.clear();
      space = std::string::npos;
      continue;
    }
    if (line.size() + token.size() > kConsoleWidth) {
      if (space != std::string::npos && space > kConsoleWidth / 2) {
        out += line.substr(0, space) + "\n";
        line = "  " + line.substr(space + 1);
      } else {
        out += line + "\n";
        line = quoted ? "" : "  ";
      }
      space = std::string::npos;
    }
    if (token == "\"") quoted = !quoted;
    if (token == " " && !quoted) space = line.size();
    line += token;
  }
  return out + line;
}

/// A key or a value as a test compares it: equal when the bytes are, printed escaped. Both
/// sides of a comparison are Bytes (the constructors are explicit, so a forgotten one does not
/// compile), or the left one is a std::optional<std::string> from a tree's Get:
/// CHECK(tree->Get("k") == Bytes("v")) holds when Get found exactly "v".
class Bytes {
 public:
  explicit Bytes(std::string_view bytes) : bytes_(bytes) {}

  /// The bytes.
  [[nodiscard]] const std::string& str() const noexcept { return bytes_; }

  /// Same bytes.
  friend bool operator==(const Bytes&, const Bytes&) = default;

  /// A lookup's answer holds exactly these bytes (nullopt never does).
  template <std::same_as<std::optional<std::string>> Optional>
  friend bool operator==(const Optional& value, const Bytes& bytes) {
    return value.has_value() && *value == bytes.bytes_;
  }

 private:
  std::string bytes_;
};

/// Each of `strings` as Bytes, in order: CHECK(AsBytes(keys) == AsBytes({"a", "\xff"})).
template <typename Strings>
[[nodiscard]] std::vector<Bytes> AsBytes(const Strings& strings) {
  std::vector<Bytes> out;
  for (const auto& bytes : strings) out.emplace_back(std::string_view(bytes));
  return out;
}

/// \copydoc AsBytes
[[nodiscard]] inline std::vector<Bytes> AsBytes(std::initializer_list<std::string_view> strings) {
  return AsBytes<std::initializer_list<std::string_view>>(strings);
}

/// The keys of `entries`, in order, as Bytes: of Seen or lsm::KeyValue entries (their `key`),
/// or of a map's entries (their `first`).
template <typename Entries>
[[nodiscard]] std::vector<Bytes> KeysOf(const Entries& entries) {
  std::vector<Bytes> keys;
  for (const auto& entry : entries) {
    if constexpr (requires { entry.key; }) {
      keys.emplace_back(entry.key);
    } else {
      keys.emplace_back(entry.first);
    }
  }
  return keys;
}

/// One entry as an iterator showed it.
struct Seen {
  std::string key;
  std::string value;
  bool tombstone = false;

  friend bool operator==(const Seen&, const Seen&) = default;
};

/// Where an iterator stands, as a test compares it: on a key (At) or not valid (NotValid).
/// tests/support/iteration.h moves iterators and returns these: CHECK(AfterNext(*it) == At("c")).
struct Position {
  bool valid = false;
  std::string key;  ///< empty when not valid

  friend bool operator==(const Position&, const Position&) = default;
};

/// Standing on `key`.
[[nodiscard]] inline Position At(std::string_view key) { return Position{true, std::string(key)}; }

/// Not valid: past either end, or not positioned yet.
[[nodiscard]] inline Position NotValid() { return Position{}; }

// ---- Renderings, one line each (the StringMakers below fit them to the console) ----

/// "bytes", escaped.
[[nodiscard]] inline std::string Show(const Bytes& bytes) { return ShowBytes(bytes.str()); }

/// {"key", "value"}, {"key", <tombstone>}; a tombstone that carries a value (it must not) shows
/// it: {"key", <tombstone "value">}.
[[nodiscard]] inline std::string Show(const Seen& seen) {
  std::string value = ShowBytes(seen.value);
  if (seen.tombstone) value = seen.value.empty() ? "<tombstone>" : "<tombstone " + value + ">";
  return "{" + ShowBytes(seen.key) + ", " + value + "}";
}

/// at "key", or not valid.
[[nodiscard]] inline std::string Show(const Position& position) {
  return position.valid ? "at " + ShowBytes(position.key) : std::string("not valid");
}

/// Found("value"), Deleted or Absent.
[[nodiscard]] inline std::string Show(const LookupResult& result) {
  if (result.found()) return "Found(" + ShowBytes(result.value()) + ")";
  return result.deleted() ? "Deleted" : "Absent";
}

/// {"key", "value"}.
[[nodiscard]] inline std::string Show(const KeyValue& entry) {
  return "{" + ShowBytes(entry.key) + ", " + ShowBytes(entry.value) + "}";
}

/// Anything else, as Catch2 prints it.
template <typename T>
[[nodiscard]] std::string Show(const T& value) {
  return Catch::Detail::stringify(value);
}

/// { first, second, ... }.
template <typename T>
[[nodiscard]] std::string ShowList(const std::vector<T>& items) {
  std::string shown = "{";
  for (std::size_t i = 0; i < items.size(); ++i) shown += (i == 0 ? " " : ", ") + Show(items[i]);
  return shown + " }";
}

/// The result of comparing two sequences element by element, for REQUIRE(SameEntries(a, b)):
/// true when they are equal. Printed, it gives both sizes and the first difference, not every
/// element (a scan of a random tree has hundreds).
class Comparison {
 public:
  Comparison(bool same, std::string description)
      : same_(same), description_(std::move(description)) {}

  explicit operator bool() const noexcept { return same_; }

  /// "3 entries, expected 4; the first difference is entry 1:" and the two entries.
  [[nodiscard]] const std::string& description() const noexcept { return description_; }

 private:
  bool same_;
  std::string description_;
};

/// Compares `actual` with `expected`, element by element.
template <typename T>
[[nodiscard]] Comparison SameEntries(const std::vector<T>& actual, const std::vector<T>& expected) {
  const auto [a, e] = std::mismatch(actual.begin(), actual.end(), expected.begin(), expected.end());
  std::string description = std::to_string(actual.size()) + " entries";
  if (a == actual.end() && e == expected.end()) {
    return Comparison(true, description + ", as expected");
  }
  description += ", expected " + std::to_string(expected.size()) +
                 "; the first difference is entry " + std::to_string(a - actual.begin()) +
                 ":\ngot      " + (a == actual.end() ? std::string("<end>") : Show(*a)) +
                 "\nexpected " + (e == expected.end() ? std::string("<end>") : Show(*e));
  return Comparison(false, description);
}

/// The last few operations of a random test, for its failure messages. Add() each operation
/// as it is about to run, e.g. Add("Put(" + ShowBytes(key) + ", " + ShowBytes(value, 8) + ")"),
/// and INFO(trace) before the checks that follow it: a failure then shows
///
///     last 3 of 4712 operations:
///       #4709 Put("a\x80", "\x01\xfe")
///       #4710 Remove("\xff")
///       #4711 Get("\xff")
///
/// numbered from 0 in the order they were added.
class Trace {
 public:
  /// Keeps the last `keep` entries; `what` names them ("operations", "walk steps").
  explicit Trace(std::string what = "operations", std::size_t keep = 8)
      : what_(std::move(what)), keep_(keep) {}

  /// Records `operation` as the latest one.
  void Add(std::string operation) {
    if (last_.size() == keep_) last_.pop_front();
    last_.push_back(std::move(operation));
    ++count_;
  }

  /// Operations added so far.
  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }

  friend std::ostream& operator<<(std::ostream& out, const Trace& trace) {
    if (trace.count_ == 0) return out << "no " << trace.what_ << " yet";
    std::string shown = "last " + std::to_string(trace.last_.size()) + " of " +
                        std::to_string(trace.count_) + " " + trace.what_ + ":";
    std::uint64_t number = trace.count_ - trace.last_.size();
    for (const std::string& operation : trace.last_) {
      shown += "\n  #" + std::to_string(number++) + " " + operation;
    }
    return out << FitToConsole(shown);
  }

 private:
  std::string what_;
  std::size_t keep_;
  std::uint64_t count_ = 0;
  std::deque<std::string> last_;
};

}  // namespace lsm::testing

// ---- How Catch2 prints them: the renderings above, fitted to the console ----

namespace lsm::testing::internal {

template <typename T>
struct FittedStringMaker {
  static std::string convert(const T& value) { return FitToConsole(Show(value)); }
};

template <typename T>
struct FittedListStringMaker {
  static std::string convert(const std::vector<T>& items) { return FitToConsole(ShowList(items)); }
};

}  // namespace lsm::testing::internal

template <>
struct Catch::StringMaker<lsm::testing::Bytes>
    : lsm::testing::internal::FittedStringMaker<lsm::testing::Bytes> {};
template <>
struct Catch::StringMaker<lsm::testing::Seen>
    : lsm::testing::internal::FittedStringMaker<lsm::testing::Seen> {};
template <>
struct Catch::StringMaker<lsm::testing::Position>
    : lsm::testing::internal::FittedStringMaker<lsm::testing::Position> {};
template <>
struct Catch::StringMaker<lsm::LookupResult>
    : lsm::testing::internal::FittedStringMaker<lsm::LookupResult> {};
template <>
struct Catch::StringMaker<lsm::KeyValue>
    : lsm::testing::internal::FittedStringMaker<lsm::KeyValue> {};

template <>
struct Catch::StringMaker<std::vector<lsm::testing::Bytes>>
    : lsm::testing::internal::FittedListStringMaker<lsm::testing::Bytes> {};
template <>
struct Catch::StringMaker<std::vector<lsm::testing::Seen>>
    : lsm::testing::internal::FittedListStringMaker<lsm::testing::Seen> {};
template <>
struct Catch::StringMaker<std::vector<lsm::KeyValue>>
    : lsm::testing::internal::FittedListStringMaker<lsm::KeyValue> {};

template <>
struct Catch::StringMaker<lsm::testing::Comparison> {
  static std::string convert(const lsm::testing::Comparison& comparison) {
    return lsm::testing::FitToConsole(comparison.description());
  }
};

template <>
struct Catch::StringMaker<lsm::KeyRange> {
  static std::string convert(const lsm::KeyRange& range) {
    return lsm::testing::FitToConsole(lsm::testing::ShowRange(range));
  }
};

// "value" or nullopt (without this, Catch2 v2 prints {?}).
template <>
struct Catch::StringMaker<std::optional<std::string>> {
  static std::string convert(const std::optional<std::string>& value) {
    return lsm::testing::FitToConsole(lsm::testing::ShowBytes(value));
  }
};

#if !defined(CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER)
// Any other std::optional: its value as Catch2 prints it, or nullopt.
template <typename T>
struct Catch::StringMaker<std::optional<T>> {
  static std::string convert(const std::optional<T>& value) {
    return value ? Catch::Detail::stringify(*value) : std::string("nullopt");
  }
};
#endif

template <>
struct Catch::StringMaker<std::nullopt_t> {
  static std::string convert(std::nullopt_t) { return "nullopt"; }
};

// An entry of a std::map<std::string, std::string>: {"key", "value"}.
template <>
struct Catch::StringMaker<std::pair<const std::string, std::string>> {
  static std::string convert(const std::pair<const std::string, std::string>& entry) {
    return lsm::testing::FitToConsole("{" + lsm::testing::ShowBytes(entry.first) + ", " +
                                      lsm::testing::ShowBytes(entry.second) + "}");
  }
};
