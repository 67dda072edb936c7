// Given code, chapter 7: a log's records read as checked write batches.

#include "chapters/07-write-ahead-log/batch_log.h"

#include <string>

#include "common/errors.h"

namespace lsm::wal {

std::optional<WriteBatch> BatchLogReader::Next() {
  const auto record = reader_.ReadRecord();
  if (!record) return std::nullopt;
  const std::uint64_t offset = reader_.last_record_offset();
  WriteBatch batch = WriteBatch::FromContents(std::string(*record), reader_.path(), offset);
  static_cast<void>(batch.Entries());  // the whole encoding, before anything uses it
  auto fail = [&](const std::string& why) {
    return CorruptionError(
        reader_.path(), offset,
        "log: batch with sequence " + std::to_string(batch.sequence()) + ": " + why);
  };
  if (batch.sequence() < next_sequence_) {
    throw fail(read_any_ ? "sequence numbers go backwards or overlap the previous batch's "
                           "(which ended at " +
                               std::to_string(next_sequence_) + ")"
                         : "the first batch must start at or after sequence " +
                               std::to_string(next_sequence_) + " (the reader's first_sequence)");
  }
  if (PassesSequenceLimit(batch.sequence(), batch.count())) {
    throw fail(std::to_string(batch.count()) + " entries pass the limit 2^56 - 1");
  }
  next_sequence_ = batch.end_sequence();
  read_any_ = true;
  return batch;
}

}  // namespace lsm::wal
