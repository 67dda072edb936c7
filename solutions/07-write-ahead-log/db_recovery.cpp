// Reference solution, chapter 7: replaying the logs, and the order of a flush.

#include "chapters/07-write-ahead-log/batch_log.h"
#include "chapters/07-write-ahead-log/db.h"
#include "common/errors.h"

namespace lsm {

//! [replay]
void Db::ReplayLog(wal::LogReader& log, std::uint64_t number) {
  wal::BatchLogReader batches(log);
  while (std::optional<WriteBatch> batch = batches.Next()) {
    // Entries sequence() .. end_sequence() - 1. All of them at or below last_sequence_: a
    // table holds them already (a flush during an earlier replay of this log).
    if (batch->end_sequence() <= last_sequence_ + 1) {
      ++recovery_.skipped_batches;
      continue;
    }
    // Every write took the next number, across logs: anything else is a lost log or a batch
    // that a flush split, and replaying on would hide it.
    if (batch->sequence() != last_sequence_ + 1) {
      throw CorruptionError(batch->origin_file(), batch->origin_offset(),
                            "batch at sequence " + std::to_string(batch->sequence()) +
                                ", expected " + std::to_string(last_sequence_ + 1));
    }
    // Make room as a write does, so that no batch straddles a flush. The table will hold
    // everything up to last_sequence_; this log is still needed for the rest.
    if (MemTableFull()) {
      FlushMemTable(number);
      ++recovery_.tables_flushed;
    }
    store_->Apply(*batch);
    last_sequence_ = batch->end_sequence() - 1;
    ++recovery_.batches;
    recovery_.entries += batch->count();
  }
}
//! [replay]

//! [flush]
void Db::FlushMemTable(std::uint64_t oldest_log_needed) {
  // 1. The table, and the manifest switch that installs it and records, at once, that every
  //    write up to last_sequence_ is in a table and no log before oldest_log_needed is needed.
  store_->Flush(LogState{oldest_log_needed, last_sequence_});
  // 2. Only now may the older logs go: before the switch, a crash would lose what they hold.
  RemoveLogsBefore(oldest_log_needed);
}
//! [flush]

}  // namespace lsm
