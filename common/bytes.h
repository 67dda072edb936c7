/// \file
/// Keys and values are arbitrary byte strings: embedded NULs, empty strings and bytes >= 0x80
/// are all allowed. They are ordered bytewise, each byte compared as an unsigned number, which
/// is what `std::string_view`'s comparison does (its `char_traits<char>` compares as
/// `unsigned char`, like `memcmp`).
#pragma once

#include <string>
#include <string_view>

namespace lsm {

/// Negative, zero or positive as `a` sorts before, equal to or after `b` (bytewise, unsigned).
[[nodiscard]] inline int CompareKeys(std::string_view a, std::string_view b) noexcept {
  return a.compare(b);
}

/// A printable rendering of arbitrary bytes for messages and demos: printable ASCII stays as it
/// is, `\` becomes `\\`, everything else becomes `\xNN`.
[[nodiscard]] std::string EscapeBytes(std::string_view bytes);

}  // namespace lsm
