/// \file
/// Chapter 7: a write batch -- puts and removes of many keys, encoded once, applied all or
/// nothing. Its encoding is LevelDB's (`db/write_batch.cc`), so that logs can be read across
/// the two implementations:
///
/// \code{.unparsed}
///   sequence (u64, little-endian)   the first entry's sequence number
///   count    (u32, little-endian)   entries that follow
///   count times:
///     0x01 varint32 key-length key varint32 value-length value    a put
///     0x00 varint32 key-length key                                a remove
/// \endcode
///
/// Entry i of a batch gets sequence number sequence + i. This chapter orders recovery by them;
/// chapter 9 (planned) builds snapshots on them, so the format is final from here on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lsm {

/// The largest sequence number (LevelDB's limit: chapter 9, planned, packs a sequence number and
/// an entry type into 64 bits).
inline constexpr std::uint64_t kMaxSequenceNumber = (std::uint64_t{1} << 56) - 1;

/// True if `count` entries numbered from `first` would pass kMaxSequenceNumber.
[[nodiscard]] constexpr bool PassesSequenceLimit(std::uint64_t first,
                                                 std::uint64_t count) noexcept {
  return first > kMaxSequenceNumber || (count > 0 && count - 1 > kMaxSequenceNumber - first);
}

/// One entry of a decoded batch. Views into the batch's bytes.
struct BatchEntry {
  bool is_put = false;     ///< a put (true) or a remove (false)
  std::string_view key;    ///< the key
  std::string_view value;  ///< the value; empty for a remove
};

/// Receives a batch's entries, in order (WriteBatch::Apply).
class WriteBatchHandler {
 public:
  virtual ~WriteBatchHandler() = default;
  /// Sets `key` to `value`.
  virtual void Put(std::string_view key, std::string_view value) = 0;
  /// Deletes `key`.
  virtual void Remove(std::string_view key) = 0;
};

/// Puts and removes, in order, in one encoded string.
class WriteBatch {
 public:
  /// Bytes of the header: sequence (8) and count (4).
  static constexpr std::size_t kHeaderSize = 12;
  /// The type byte of a put.
  static constexpr char kPutTag = 0x01;
  /// The type byte of a remove.
  static constexpr char kRemoveTag = 0x00;

  /// An empty batch: sequence 0, no entries.
  WriteBatch();

  /// Appends a put. Keys and values are any bytes, the empty string included.
  /// \throws InvalidArgumentError if the key or the value is 4 GiB or longer (a varint32
  ///         cannot say its length), or the batch already holds 2^32 - 1 entries.
  void Put(std::string_view key, std::string_view value);

  /// Appends a remove (a tombstone for `key`).
  /// \throws InvalidArgumentError as Put().
  void Remove(std::string_view key);

  /// Every entry, in order, after checking the whole encoding: a type byte of 0 or 1, lengths
  /// that stay inside the batch, exactly count() entries and no byte after the last. Nothing is
  /// returned unless all of it holds.
  /// \throws CorruptionError naming origin_file() and origin_offset() (where the batch was read)
  ///         and, in its text, the batch byte where the bad entry starts.
  [[nodiscard]] std::vector<BatchEntry> Entries() const;

  /// Hands every entry to `handler`, in order, once Entries() has checked all of them: a damaged
  /// batch applies nothing.
  void Apply(WriteBatchHandler& handler) const;

  /// Entries in the batch (the header's count).
  [[nodiscard]] std::uint32_t count() const noexcept;

  /// The first entry's sequence number (the header's).
  [[nodiscard]] std::uint64_t sequence() const noexcept;

  /// Sets the first entry's sequence number.
  /// \throws InvalidArgumentError if the batch's last entry would pass kMaxSequenceNumber.
  void SetSequence(std::uint64_t first);

  /// The sequence number after the batch's last entry: sequence() + count().
  [[nodiscard]] std::uint64_t end_sequence() const noexcept { return sequence() + count(); }

  /// The encoded batch, header included: what the log stores.
  [[nodiscard]] const std::string& contents() const noexcept { return rep_; }

  /// Removes every entry and resets the sequence number to 0.
  void Clear();

  /// A batch read back from `contents` (a log record read at `offset` of `file`, which errors
  /// name). Only the header is checked here; Entries() checks the rest.
  /// \throws CorruptionError if `contents` is shorter than the header.
  [[nodiscard]] static WriteBatch FromContents(std::string contents, std::string file,
                                               std::uint64_t offset);

  /// Where a batch made by FromContents() was read ("" and 0 for a batch built in memory).
  [[nodiscard]] const std::string& origin_file() const noexcept { return origin_file_; }
  /// \copydoc origin_file()
  [[nodiscard]] std::uint64_t origin_offset() const noexcept { return origin_offset_; }

 private:
  void SetCount(std::uint32_t count) noexcept;

  std::string rep_;  // header, then the entries
  std::string origin_file_;
  std::uint64_t origin_offset_ = 0;
};

}  // namespace lsm
