/// \file
/// Fixed-width little-endian integers, the building blocks of every on-disk format here.
/// Fixed width (not varints) keeps offsets easy to compute by hand when reading a hex dump.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lsm {

/// Appends the 4 little-endian bytes of `value`.
inline void PutFixed32(std::string& out, std::uint32_t value) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
  out.append(bytes, 4);
}

/// Appends the 8 little-endian bytes of `value`.
inline void PutFixed64(std::string& out, std::uint64_t value) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
  out.append(bytes, 8);
}

/// Reads 4 little-endian bytes; `p` must point at 4 readable bytes.
[[nodiscard]] inline std::uint32_t DecodeFixed32(const char* p) noexcept {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(p[i]);
  return value;
}

/// Reads 8 little-endian bytes; `p` must point at 8 readable bytes.
[[nodiscard]] inline std::uint64_t DecodeFixed64(const char* p) noexcept {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(p[i]);
  return value;
}

}  // namespace lsm
