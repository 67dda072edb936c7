/// \file
/// Chapter 3: explicit, half-open key ranges.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lsm {

/// The keys k with start <= k < end, bytewise. A missing bound is open: no start means "from the
/// smallest key" (the empty key included), no end means "to the largest key". Unlike the Python
/// original's default end key "~", nothing sorts past an open end: keys starting with bytes
/// above '~' (0x7e) are not silently dropped.
struct KeyRange {
  std::optional<std::string> start;  ///< first key included; nullopt = unbounded below
  std::optional<std::string> end;    ///< first key excluded; nullopt = unbounded above

  /// Every key.
  [[nodiscard]] static KeyRange All() { return {}; }

  /// True if `key` is at or past the end bound: a forward scan stops here.
  [[nodiscard]] bool IsPastEnd(std::string_view key) const noexcept {
    return end.has_value() && key >= *end;
  }

  /// True if `key` is before the start bound: a backward scan stops here.
  [[nodiscard]] bool IsBeforeStart(std::string_view key) const noexcept {
    return start.has_value() && key < *start;
  }

  /// True if the range holds `key`.
  [[nodiscard]] bool Contains(std::string_view key) const noexcept {
    return !IsBeforeStart(key) && !IsPastEnd(key);
  }

  /// True if no key can be in the range: start >= end, or an end of "" (nothing sorts below it).
  [[nodiscard]] bool IsEmpty() const noexcept {
    return end.has_value() && (start ? *start >= *end : end->empty());
  }
};

/// A key and its value, as scans return them.
struct KeyValue {
  std::string key;    ///< the key
  std::string value;  ///< its newest value

  /// Same key and value.
  friend bool operator==(const KeyValue&, const KeyValue&) = default;
};

}  // namespace lsm
