/// \file
/// Chapter 7: the log's physical format, LevelDB's (`doc/log_format.md` in LevelDB).
///
/// A log is a sequence of 32 KiB blocks. Each block holds records back to back, each a 7-byte
/// header and a payload:
///
/// \code{.unparsed}
///   +---------+-----------+-----------+--- ... ---+
///   | CRC (4) | Length (2)| Type (1)  | Payload   |
///   +---------+-----------+-----------+--- ... ---+
///   CRC     masked CRC-32C of the type byte and the payload, little-endian
///   Length  payload bytes, little-endian (at most kBlockSize - kHeaderSize)
///   Type    FULL, or FIRST / MIDDLE... / LAST for a payload split across blocks
/// \endcode
///
/// A record never straddles a block: a payload that does not fit in what is left of a block is
/// cut into fragments, one per block. When fewer than 7 bytes are left in a block, no header
/// fits: the writer fills them with zeros (the trailer) and starts the next block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/crc32c.h"

namespace lsm::wal {

/// Bytes per block.
inline constexpr std::size_t kBlockSize = 32768;

/// Bytes of a record header: checksum (4), length (2), type (1).
inline constexpr std::size_t kHeaderSize = 4 + 2 + 1;

/// The largest payload one physical record can carry.
inline constexpr std::size_t kMaxFragmentBytes = kBlockSize - kHeaderSize;

/// A physical record's type. Zero is never written as a type: it is what a zero-filled trailer
/// or a zero-filled (preallocated, or torn) region reads as.
enum class RecordType : std::uint8_t {
  kZero = 0,    ///< not a record: zeros
  kFull = 1,    ///< a whole payload
  kFirst = 2,   ///< the first fragment of a payload
  kMiddle = 3,  ///< a fragment between the first and the last
  kLast = 4,    ///< the last fragment
};

/// The largest valid type.
inline constexpr std::uint8_t kMaxRecordType = 4;

/// A CRC as stored in a header. Masking (rotate right by 15, add a constant, as LevelDB does)
/// keeps the CRC of data that itself contains CRCs from being trivially related to it.
[[nodiscard]] constexpr std::uint32_t MaskCrc(std::uint32_t crc) noexcept {
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8U;
}

/// The inverse of MaskCrc().
[[nodiscard]] constexpr std::uint32_t UnmaskCrc(std::uint32_t masked) noexcept {
  const std::uint32_t rotated = masked - 0xa282ead8U;
  return (rotated >> 17) | (rotated << 15);
}

/// The masked CRC-32C a header stores for a record of `type` carrying `payload`.
[[nodiscard]] inline std::uint32_t RecordCrc(RecordType type, std::string_view payload) noexcept {
  const char type_byte = static_cast<char>(type);
  return MaskCrc(Crc32c(payload, Crc32c(std::string_view(&type_byte, 1))));
}

}  // namespace lsm::wal
