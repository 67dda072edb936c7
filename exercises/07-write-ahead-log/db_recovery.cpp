// Chapter 7 exercise: replaying the logs at open, and the order of a flush.
//
// Replace each `throw NotImplementedError(...)` with your code; the contract is in
// chapters/07-write-ahead-log/db.h (Db's private section), the frame around it in db.cpp.
// Check your work:  scripts/check 07

#include "chapters/07-write-ahead-log/batch_log.h"
#include "chapters/07-write-ahead-log/db.h"
#include "common/errors.h"

namespace lsm {

void Db::ReplayLog(wal::LogReader& log, std::uint64_t number) {
  // TODO(ch07 task 6): read `log` batch by batch (wal::BatchLogReader). Skip a batch whose
  // entries are all at or below last_sequence_ (count it in recovery_.skipped_batches); any
  // other batch must start at last_sequence_ + 1, else throw CorruptionError at the batch's
  // origin. Flush first (FlushMemTable(number)) if the memtable is full, then apply the batch
  // to store_, advance last_sequence_ and count it in recovery_ (batches, entries,
  // tables_flushed).
  static_cast<void>(log);
  static_cast<void>(number);
  throw NotImplementedError("Db::ReplayLog", "book chapter 7, task 6: replay");
}

void Db::FlushMemTable(std::uint64_t oldest_log_needed) {
  // TODO(ch07 task 7): flush the store, recording LogState{oldest_log_needed, last_sequence_};
  // then delete the logs before oldest_log_needed (RemoveLogsBefore). Why in this order?
  static_cast<void>(oldest_log_needed);
  throw NotImplementedError("Db::FlushMemTable", "book chapter 7, task 7: the order of a flush");
}

}  // namespace lsm
