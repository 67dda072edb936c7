/// \file
/// Fixed-width little-endian integers, the building blocks of every on-disk format here.
/// Fixed width (not varints) keeps offsets easy to compute by hand when reading a hex dump; the
/// one exception is chapter 7's write batch, which keeps LevelDB's encoding (varint lengths) so
/// that LevelDB's logs and ours can be read by both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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

/// The longest varint32: 5 bytes of 7 bits.
inline constexpr std::size_t kMaxVarint32Bytes = 5;

/// Appends `value` as a varint: 7 bits per byte, least significant first, the high bit set on
/// every byte but the last (LevelDB's and protobuf's encoding).
inline void PutVarint32(std::string& out, std::uint32_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

/// Reads a varint32 from the front of `input` and removes it. nullopt (and `input` unchanged) if
/// `input` ends inside the varint, or it is longer than 5 bytes or exceeds 32 bits.
[[nodiscard]] inline std::optional<std::uint32_t> GetVarint32(std::string_view& input) noexcept {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < kMaxVarint32Bytes && i < input.size(); ++i) {
    const auto byte = static_cast<unsigned char>(input[i]);
    if (i == kMaxVarint32Bytes - 1 && byte > 0x0f) return std::nullopt;  // beyond 32 bits
    value |= static_cast<std::uint32_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      input.remove_prefix(i + 1);
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace lsm
