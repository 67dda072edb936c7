/// \file
/// Chapter 7: reading a log back: records reassembled from their fragments, every header,
/// checksum, length and fragment sequence checked, and damage handled as the recovery mode says.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/07-write-ahead-log/log_format.h"
#include "common/file_system.h"

namespace lsm::wal {

/// What a reader does when the log is damaged (RocksDB's names for the same choices).
///
/// A *torn tail* is what a crash leaves at the end of a log: the last record cut short, zeros
/// where it was being written, or a last record whose checksum fails. What they have in common:
/// no valid record follows the damage anywhere in the file. Damage with a valid record after it
/// is *damage before the tail*: the log lost or changed data it had acknowledged.
enum class RecoveryMode {
  /// Any damage, a torn tail included, is a CorruptionError.
  kAbsoluteConsistency,
  /// A torn tail is dropped and reported; damage before the tail is a CorruptionError. The
  /// default: a crash cannot cause anything else.
  kTolerateCorruptedTail,
  /// Stops at the first damage of any kind and keeps every record before it: the log as it was
  /// at some point in time. What is dropped is reported.
  kPointInTime,
};

/// A stretch of the log a reader dropped, and why.
struct DroppedBytes {
  std::uint64_t offset = 0;  ///< where the dropped stretch starts
  std::uint64_t bytes = 0;   ///< its length (to the end of the file for a tail)
  std::string reason;        ///< what was wrong at `offset`
};

/// Reads the records of a log in order.
///
/// Invariant: every payload returned was written by one LogWriter::AddRecord, whole, and in the
/// order written; records are never skipped silently (whatever is dropped is in dropped()).
class LogReader {
 public:
  /// Reads `file` (the whole file as it was when opened) in `mode`.
  LogReader(std::unique_ptr<RandomAccessFile> file,
            RecoveryMode mode = RecoveryMode::kTolerateCorruptedTail);

  /// The next record's payload, or nullopt at the end of the log (or where the mode stopped
  /// reading). The view stays valid until the next call.
  /// \throws CorruptionError naming the file and the offset of the damaged physical record, if
  ///         the mode does not drop the damage.
  [[nodiscard]] std::optional<std::string_view> ReadRecord();

  /// Offset of the first physical record of the payload ReadRecord() returned last.
  [[nodiscard]] std::uint64_t last_record_offset() const noexcept { return last_record_offset_; }

  /// What was dropped so far (a torn tail, or what point-in-time recovery left out).
  [[nodiscard]] const std::vector<DroppedBytes>& dropped() const noexcept { return dropped_; }

  /// The log's path, for messages.
  [[nodiscard]] const std::string& path() const noexcept { return file_->path(); }

  /// The log's size.
  [[nodiscard]] std::uint64_t file_size() const noexcept { return file_->size(); }

 private:
  /// A physical record as read, or the damage found instead.
  struct Physical {
    RecordType type = RecordType::kZero;
    std::string_view fragment;  // points into block_
    std::uint64_t offset = 0;   // of its header in the file
  };

  /// Reads the next physical record. nullopt at the end of the file. On damage it calls
  /// Damage(), which throws or stops reading, and returns nullopt.
  [[nodiscard]] std::optional<Physical> ReadPhysicalRecord();

  /// Loads the block that starts at `offset` into block_ (shorter at the end of the file).
  void LoadBlock(std::uint64_t offset);

  /// Damage in the physical record at `offset`: throws CorruptionError (at `offset`), or
  /// records the dropped stretch -- from partial_start_ if a fragmented record was in progress,
  /// else from `offset`, to the end of the file -- and stops reading. Which one depends on the
  /// mode and on whether it is a torn tail (ValidRecordAfter(offset) is false).
  void Damage(std::uint64_t offset, const std::string& reason);

  /// True if a valid physical record (a known type, a length that fits its block and the file,
  /// a matching checksum) starts anywhere after `offset`. Given code.
  [[nodiscard]] bool ValidRecordAfter(std::uint64_t offset) const;

  std::unique_ptr<RandomAccessFile> file_;
  RecoveryMode mode_;
  std::string block_;              // the current block's bytes
  std::uint64_t block_start_ = 0;  // file offset of block_[0]
  std::size_t position_ = 0;       // next unread byte in block_
  bool loaded_ = false;
  bool stopped_ = false;                        // the end, or a mode stopped reading
  std::string record_;                          // a payload reassembled from fragments
  std::optional<std::uint64_t> partial_start_;  // offset of a FIRST whose LAST is still to come
  std::uint64_t last_record_offset_ = 0;
  std::vector<DroppedBytes> dropped_;
};

}  // namespace lsm::wal
