/// \file
/// Chapter 2: the SSTable file format, versions 1 and 2, and the code that encodes and checks it.
///
/// \code{.unparsed}
///   offset 0
///   +--------------------------------------------------------------+
///   | group 0: entries 0 .. I-1                                    |
///   |   entry: flags u8 | key_size u32 | value_size u32 | key | value |
///   |   crc32c u32 of the group's entry bytes                      |
///   | group 1: entries I .. 2I-1, crc32c                           |
///   | ...      (the last group may hold fewer than I entries)      |
///   +--------------------------------------------------------------+  index_offset
///   | sparse index: per group: key_size u32 | first key | offset u64 |
///   +--------------------------------------------------------------+  file size - 48
///   | footer: index_offset u64 | index_size u64 | entry_count u64  |
///   |         index_interval u32 | index_crc u32 | version u32      |
///   |         footer_crc u32 | magic u64                           |
///   +--------------------------------------------------------------+
/// \endcode
///
/// Version 2 (chapter 6) adds a filter block between the sparse index and the footer, and 12
/// bytes at the start of the footer that say its size and checksum:
///
/// \code{.unparsed}
///   ... sparse index | filter block | filter_size u64 | filter_crc u32 | (48 bytes as above)
/// \endcode
///
/// The version, footer checksum and magic sit at the same distance from the end of the file in
/// both versions, so a reader learns the version before it knows the footer's size. A table
/// written without a filter policy stays version 1, byte for byte. (A reader older than version
/// 2 checks the footer checksum over the last 48 bytes before it looks at the version, so it
/// reports a version 2 table as a bad checksum, not as a newer format.)
///
/// All integers are little-endian (common/coding.h). I is the index interval. Every byte is
/// covered by a CRC-32C: each group by its own, the index by index_crc, the filter block (version
/// 2) by filter_crc, the footer by footer_crc, so a flipped or missing byte anywhere becomes a
/// CorruptionError naming the file and the offset of the damaged part.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/file_system.h"

namespace lsm::sst {

inline constexpr std::uint64_t kMagic = 0x3130'5453'544d'534cULL;  ///< "LSMTST01" on disk
inline constexpr std::uint32_t kFormatVersion = 1;                 ///< chapter 2's format
inline constexpr std::uint32_t kFilterFormatVersion = 2;           ///< with a filter (chapter 6)
inline constexpr std::size_t kFooterSize = 48;                     ///< bytes of a v1 footer
inline constexpr std::size_t kFilterFooterSize = 60;               ///< bytes of a v2 footer
inline constexpr std::size_t kEntryHeaderSize = 9;                 ///< flags + two sizes
inline constexpr std::size_t kChecksumSize = 4;                    ///< one CRC-32C
inline constexpr std::uint8_t kTombstoneFlag = 1;                  ///< entry flag bit 0

/// The fixed-size trailer that says where everything else is.
struct Footer {
  std::uint64_t index_offset = 0;    ///< where the sparse index starts (= end of the data)
  std::uint64_t index_size = 0;      ///< bytes of the sparse index
  std::uint64_t entry_count = 0;     ///< entries in the table, tombstones included
  std::uint32_t index_interval = 0;  ///< entries per group (the last group may hold fewer)
  std::uint32_t index_crc = 0;       ///< CRC-32C of the sparse index bytes
  std::uint64_t filter_size = 0;     ///< bytes of the filter block (0: none, version 1)
  std::uint32_t filter_crc = 0;      ///< CRC-32C of the filter block

  /// Where the filter block starts: right after the sparse index.
  [[nodiscard]] std::uint64_t filter_offset() const noexcept { return index_offset + index_size; }
  /// The format version this footer is written in: 2 if there is a filter block, else 1.
  [[nodiscard]] std::uint32_t version() const noexcept {
    return filter_size > 0 ? kFilterFormatVersion : kFormatVersion;
  }
  /// Bytes the footer takes on disk.
  [[nodiscard]] std::size_t size() const noexcept {
    return filter_size > 0 ? kFilterFooterSize : kFooterSize;
  }
};

/// One entry, viewing bytes owned by someone else.
struct EntryView {
  std::string_view key;    ///< the key
  std::string_view value;  ///< the value (empty for a tombstone)
  bool tombstone = false;  ///< true when the entry records a deletion
};

/// One group read from disk and checked: its bytes and its entries (which view those bytes).
/// The bytes are a vector, not a string: moving a vector never moves its elements (a string's
/// small-string buffer would), so the views stay valid when a Group is moved.
struct Group {
  std::uint64_t offset = 0;        ///< where the group starts in the file
  std::vector<char> bytes;         ///< the entries' bytes (checksum removed)
  std::vector<EntryView> entries;  ///< in key order
};

/// Number of groups a table of `entry_count` entries has at `interval` entries per group.
[[nodiscard]] constexpr std::uint64_t GroupCount(std::uint64_t entry_count,
                                                 std::uint32_t interval) noexcept {
  return (entry_count + interval - 1) / interval;
}

/// Entries in group `group` of a table of `entry_count` entries.
[[nodiscard]] constexpr std::uint64_t EntriesInGroup(std::uint64_t group, std::uint64_t entry_count,
                                                     std::uint32_t interval) noexcept {
  const std::uint64_t first = group * interval;
  return entry_count - first < interval ? entry_count - first : interval;
}

/// Appends an entry's header, key and value to `out`.
/// \throws InvalidArgumentError if the key or value is 4 GiB or larger.
void EncodeEntry(std::string& out, std::string_view key, std::string_view value, bool tombstone);

/// Appends one sparse-index record: the first key of a group and the group's offset.
void EncodeIndexEntry(std::string& out, std::string_view first_key, std::uint64_t group_offset);

/// The footer's bytes, footer_crc and magic included: 48 bytes (version 1), or 60 bytes
/// (version 2) if `footer.filter_size` is not 0.
[[nodiscard]] std::string EncodeFooter(const Footer& footer);

/// Checks and decodes the footer at the end of `tail`, the last min(file_size, 60) bytes of a
/// file of `file_size` bytes.
/// \throws CorruptionError naming `file` and the footer's offset if the magic, checksum, version
///         or any field is wrong (the index, and the filter if any, must end exactly where the
///         footer starts).
[[nodiscard]] Footer DecodeFooter(std::string_view tail, const std::string& file,
                                  std::uint64_t file_size);

/// Reads and checks the footer of `file`.
[[nodiscard]] Footer ReadFooter(const RandomAccessFile& file);

/// Checks a group's bytes (entries followed by their CRC-32C) and decodes its
/// `expected_entries` entries.
/// \throws CorruptionError naming `file` and the offset of the damaged part.
[[nodiscard]] Group DecodeGroup(std::vector<char> bytes, std::uint64_t offset,
                                std::uint64_t expected_entries, const std::string& file);

/// Reads the group stored in [begin, end) of `file` and decodes it with DecodeGroup().
[[nodiscard]] Group ReadGroup(const RandomAccessFile& file, std::uint64_t begin, std::uint64_t end,
                              std::uint64_t expected_entries);

}  // namespace lsm::sst
