/// \file
/// Chapter 7: the engine -- a write-ahead log in front of a TableStore, so that an acknowledged
/// write survives a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/07-write-ahead-log/log_reader.h"
#include "chapters/07-write-ahead-log/log_writer.h"
#include "chapters/07-write-ahead-log/table_store.h"
#include "chapters/07-write-ahead-log/write_batch.h"

namespace lsm {

/// How a Db is configured.
struct DbOptions {
  /// The tree's options: the memtable budget (Db flushes once the memtable reaches it, before
  /// the next write), the table layout and filter policy, the file system.
  LsmOptions tree;
  /// How open treats damage in the newest log (older logs must be whole, except that
  /// kPointInTime stops at the first damage in any log and drops every log after it).
  wal::RecoveryMode recovery_mode = wal::RecoveryMode::kTolerateCorruptedTail;
};

/// How a single Write is made durable.
struct WriteOptions {
  /// false: the batch is handed to the kernel (write(2)) before Write returns: it survives the
  /// death of the process, not a power loss. true: the log is also fdatasynced (and the
  /// directory fsynced once after a new log is created): it survives a power loss.
  bool sync = false;
};

/// What the last open replayed.
struct RecoveryReport {
  std::vector<std::string> logs;      ///< the logs replayed, oldest first (file names)
  std::uint64_t batches = 0;          ///< batches applied to the memtable
  std::uint64_t skipped_batches = 0;  ///< batches already in a table, skipped
  std::uint64_t entries = 0;          ///< entries of the applied batches
  std::uint64_t bytes = 0;            ///< bytes of the logs replayed
  std::uint64_t tables_flushed = 0;   ///< flushes while replaying (the budget filled up)
  /// What the log readers dropped: file name, then the stretch (a torn tail, or what
  /// point-in-time recovery left out, whole logs after the damage included).
  std::vector<std::pair<std::string, wal::DroppedBytes>> dropped;
};

/// What the engine holds right now.
struct DbStats {
  TreeStats tree;                   ///< memtable and tables
  std::string log_file;             ///< the live log's file name, e.g. "000012.log"
  std::uint64_t log_bytes = 0;      ///< its size
  std::uint64_t last_sequence = 0;  ///< the sequence number of the last entry written
  LogState manifest;                ///< what the manifest records of the logs
};

/// A database in a directory: a write-ahead log, sequence numbers and recovery in front of a
/// TableStore (LevelDB's DBImpl, single-threaded).
///
/// Write path: make room (if the memtable has reached its budget, flush it and start a new
/// log), give the batch its sequence numbers, append it to the log as one record, hand it to
/// the kernel (and fdatasync it if asked), then apply it to the memtable. One log per memtable:
/// a flush records in the manifest, with the table, that the next log is the oldest one needed,
/// and only then is the old log deleted.
///
/// Open replays every log the manifest still needs, in order, into the memtable, flushes what
/// it recovered and deletes those logs, so that only the newest log can ever have a torn tail.
///
/// After a failed write, flush or log switch the log's state is unknown: the Db refuses every
/// later write (IoError naming the first failure) and keeps serving reads; reopen to go on.
/// Not thread-safe. The destructor closes the log and flushes nothing: the next open replays it.
class Db {
 public:
  /// Opens the database in `directory` (created if needed) with chapter 7's store (TreeStore)
  /// and recovers it.
  /// \throws what LsmTree::Open throws; CorruptionError naming the log and offset for damage
  ///         the recovery mode does not drop, or sequence numbers that go backwards, leave a
  ///         gap (a missing log) or split a batch across a flush; IoError.
  [[nodiscard]] static std::unique_ptr<Db> Open(const std::string& directory,
                                                DbOptions options = {});

  /// The same over any store opened on `directory` (chapter 8, planned, passes its own).
  [[nodiscard]] static std::unique_ptr<Db> Open(std::unique_ptr<TableStore> store,
                                                const std::string& directory, DbOptions options);

  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  /// Applies `batch` atomically: after a crash either all of it is there or none. Sets the
  /// batch's sequence number (its entries get last_sequence() + 1 onwards).
  /// \throws InvalidArgumentError if the batch would pass kMaxSequenceNumber; IoError.
  void Write(WriteBatch& batch, const WriteOptions& options = {});

  /// A batch of one put.
  void Put(std::string_view key, std::string_view value, const WriteOptions& options = {});

  /// A batch of one remove.
  void Remove(std::string_view key, const WriteOptions& options = {});

  /// The newest value of `key`, or nullopt if it was never written or was removed.
  [[nodiscard]] std::optional<std::string> Get(std::string_view key) const;

  /// The live entries of `range`, in key order (chapter 4's streaming merge). Must be
  /// destroyed before the next write.
  [[nodiscard]] std::unique_ptr<Iterator> NewIterator(
      const KeyRange& range = KeyRange::All()) const;

  /// Flushes the memtable to a table now and starts a new log.
  void Flush();

  /// Flush(), then the store's compaction.
  void Compact();

  /// The sequence number of the last entry written (0 before the first).
  [[nodiscard]] std::uint64_t last_sequence() const noexcept { return last_sequence_; }

  /// What the open replayed.
  [[nodiscard]] const RecoveryReport& recovery() const noexcept { return recovery_; }

  /// Memtable, tables, the live log and the sequence numbers.
  [[nodiscard]] DbStats stats() const;

  /// The store below.
  [[nodiscard]] const TableStore& store() const noexcept { return *store_; }

  /// "000012.log" for 12.
  [[nodiscard]] static std::string LogFileName(std::uint64_t number);

 private:
  Db(std::unique_ptr<TableStore> store, std::string directory, DbOptions options);

  // ---- the learner's part (exercises/07-write-ahead-log/db_recovery.cpp) ----

  /// Replays `log` (log file `number`): each batch not yet in a table goes into the memtable
  /// (flushing first, with FlushMemTable(number), when the memtable has reached its budget), its
  /// sequence numbers checked against last_sequence_, which it then advances.
  /// \throws CorruptionError naming the log and the batch's offset if a batch does not start
  ///         right after last_sequence_ (a gap: a log is missing; an overlap: a batch split by
  ///         a flush), and whatever reading the log throws.
  void ReplayLog(wal::LogReader& log, std::uint64_t number);

  /// Flushes the memtable: the table and the manifest, which records {oldest_log_needed,
  /// last_sequence_}; then deletes the logs before oldest_log_needed.
  void FlushMemTable(std::uint64_t oldest_log_needed);

  // ---- given (db.cpp) ----

  /// Finds the logs, deletes those the manifest no longer needs, replays the others (ReplayLog),
  /// retires them (FlushMemTable) and starts a new log.
  void Recover();

  /// Flushes the memtable and starts a new log if the memtable has reached its budget.
  void MakeRoomForWrite();

  /// Flushes the memtable (FlushMemTable) and starts a new log for the writes that follow.
  void FlushAndStartNewLog();

  /// Closes the current log (if any) and creates log `number` for the writes that follow.
  void StartNewLog(std::uint64_t number);

  /// Deletes every replayed or closed log older than `number` (not the current one).
  void RemoveLogsBefore(std::uint64_t number);

  /// True once the memtable holds at least the budget's bytes.
  [[nodiscard]] bool MemTableFull() const;

  /// The path of log `number`.
  [[nodiscard]] std::string LogPath(std::uint64_t number) const;

  /// Throws if an earlier failure stopped writes.
  void RequireWritable() const;

  std::unique_ptr<TableStore> store_;
  std::string directory_;
  DbOptions options_;
  FileSystem* fs_;
  std::unique_ptr<wal::LogWriter> log_;  // the current log; nullptr before the first
  std::uint64_t log_number_ = 0;         // its number
  bool log_dir_synced_ = false;          // its creation has been made durable (SyncDir)
  std::vector<std::uint64_t> old_logs_;  // logs on disk before the current one, oldest first
  std::uint64_t last_sequence_ = 0;
  RecoveryReport recovery_;
  std::string write_error_;  // the failure that stopped writes; empty while writable
};

}  // namespace lsm
