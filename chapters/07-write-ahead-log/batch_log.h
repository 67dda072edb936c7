/// \file
/// Chapter 7: a log read as the write batches it holds, with their sequence numbers checked.
#pragma once

#include <cstdint>
#include <optional>

#include "chapters/07-write-ahead-log/log_reader.h"
#include "chapters/07-write-ahead-log/write_batch.h"

namespace lsm::wal {

/// Reads the batches of a log in order. Each record must be a whole, well-formed batch, and
/// each batch must start at or after the sequence number where the one before it ended (gaps
/// are allowed, going backwards or overlapping is not), and end within kMaxSequenceNumber.
class BatchLogReader {
 public:
  /// Reads batches from `reader` (which must outlive this), the first starting at or after
  /// `first_sequence`.
  explicit BatchLogReader(LogReader& reader, std::uint64_t first_sequence = 0)
      : reader_(reader), next_sequence_(first_sequence) {}

  /// The next batch, already checked by WriteBatch::Entries(); nullopt at the end of the log.
  /// \throws CorruptionError naming the log and the record's offset if a record is not a valid
  ///         batch or its sequence numbers go backwards, overlap the previous batch's or pass
  ///         the limit; and whatever LogReader::ReadRecord() throws.
  [[nodiscard]] std::optional<WriteBatch> Next();

  /// The sequence number after the last batch read (first_sequence before any).
  [[nodiscard]] std::uint64_t next_sequence() const noexcept { return next_sequence_; }

 private:
  LogReader& reader_;
  std::uint64_t next_sequence_;
  bool read_any_ = false;  // a batch was returned: next_sequence_ is where it ended
};

}  // namespace lsm::wal
