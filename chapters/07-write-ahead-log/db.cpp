// Chapter 7's engine, the given part: opening and recovery's frame, the write path, making
// room, log files. The learner writes ReplayLog and FlushMemTable (db_recovery.cpp).

#include "chapters/07-write-ahead-log/db.h"

#include <algorithm>
#include <cerrno>

#include "common/errors.h"
#include "common/file_names.h"

namespace lsm {
namespace {

constexpr std::string_view kLogSuffix = ".log";

// "000012.log" -> 12; nullopt for any other name.
std::optional<std::uint64_t> ParseLogFileName(std::string_view name) {
  return ParseNumberedFileName(name, kLogSuffix);
}

}  // namespace

std::string Db::LogFileName(std::uint64_t number) { return NumberedFileName(number, kLogSuffix); }

std::string Db::LogPath(std::uint64_t number) const {
  return directory_ + "/" + LogFileName(number);
}

Db::Db(std::unique_ptr<TableStore> store, std::string directory, DbOptions options)
    : store_(std::move(store)),
      directory_(std::move(directory)),
      options_(std::move(options)),
      fs_(options_.tree.file_system != nullptr ? options_.tree.file_system : &FileSystem::Posix()) {
}

Db::~Db() {
  if (!log_) return;
  try {
    log_->Close();          // nothing is buffered (every Write flushed); the next open replays it
  } catch (const Error&) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
  }
}

std::unique_ptr<Db> Db::Open(const std::string& directory, DbOptions options) {
  auto store = TreeStore::Open(directory, options.tree);
  return Open(std::move(store), directory, std::move(options));
}

std::unique_ptr<Db> Db::Open(std::unique_ptr<TableStore> store, const std::string& directory,
                             DbOptions options) {
  std::unique_ptr<Db> db(new Db(std::move(store), directory, std::move(options)));
  db->Recover();
  return db;
}

void Db::Recover() {
  const LogState state = store_->log_state();
  if (state.last_sequence > kMaxSequenceNumber) {
    throw CorruptionError(directory_ + "/" + Manifest::kFileName, 0,
                          "manifest: last-sequence " + std::to_string(state.last_sequence) +
                              " is past the largest sequence number");
  }
  last_sequence_ = state.last_sequence;

  std::vector<std::uint64_t> logs;
  for (const std::string& name : fs_->ListDir(directory_)) {
    if (const auto number = ParseLogFileName(name)) logs.push_back(*number);
  }
  std::sort(logs.begin(), logs.end());
  for (const std::uint64_t number : logs) {
    store_->MarkFileNumberUsed(number);  // a log made after the manifest's last commit
    if (number < state.log_number) {
      fs_->RemoveFile(LogPath(number));  // every write in it is in a table
    } else {
      old_logs_.push_back(number);
    }
  }

  const std::vector<std::uint64_t> live = old_logs_;
  for (std::size_t i = 0; i < live.size(); ++i) {
    const std::string name = LogFileName(live[i]);
    // Only the newest log can have been cut short by a crash: every older one was complete
    // when the next was started.
    wal::RecoveryMode mode = options_.recovery_mode;
    if (i + 1 < live.size() && mode == wal::RecoveryMode::kTolerateCorruptedTail) {
      mode = wal::RecoveryMode::kAbsoluteConsistency;
    }
    auto file = fs_->NewRandomAccessFile(LogPath(live[i]));
    const std::uint64_t size = file->size();
    wal::LogReader reader(std::move(file), mode);
    recovery_.logs.push_back(name);
    recovery_.bytes += size;
    ReplayLog(reader, live[i]);
    for (const wal::DroppedBytes& dropped : reader.dropped()) {
      recovery_.dropped.emplace_back(name, dropped);
    }
    if (mode == wal::RecoveryMode::kPointInTime && !reader.dropped().empty()) {
      for (std::size_t later = i + 1; later < live.size(); ++later) {
        const std::string skipped = LogFileName(live[later]);
        recovery_.dropped.emplace_back(
            skipped, wal::DroppedBytes{0, fs_->NewRandomAccessFile(LogPath(live[later]))->size(),
                                       "point-in-time recovery stopped at the damage in " + name});
      }
      break;
    }
  }

  // What was recovered goes into a table and the replayed logs are retired. Even with nothing
  // replayed, the manifest records the new log before it is created: from then on the next
  // file number is past it, and chapter 3's LsmTree refuses the directory (it would not see the
  // log).
  const std::uint64_t next_log = store_->NewFileNumber();
  if (!live.empty()) {
    FlushMemTable(next_log);
  } else {
    store_->Flush(LogState{next_log, last_sequence_});  // the memtable is empty: the state alone
  }
  StartNewLog(next_log);
}

void Db::Write(WriteBatch& batch, const WriteOptions& options) {
  RequireWritable();
  if (PassesSequenceLimit(last_sequence_ + 1, batch.count())) {
    throw InvalidArgumentError("Write: a batch of " + std::to_string(batch.count()) +
                               " entries after sequence number " + std::to_string(last_sequence_) +
                               " would pass the largest one");
  }
  try {
    MakeRoomForWrite();
    batch.SetSequence(last_sequence_ + 1);
    log_->AddRecord(batch.contents());  // the log first ...
    log_->Flush();                      // ... handed to the kernel: a killed process keeps it
    if (options.sync) {
      log_->Sync();  // on the disk: a power loss keeps it
      if (!log_dir_synced_) {
        fs_->SyncDir(directory_);  // and the log's directory entry with it
        log_dir_synced_ = true;
      }
    }
    store_->Apply(batch);  // ... then the memtable
  } catch (const std::exception& error) {
    write_error_ = error.what();
    throw;
  }
  last_sequence_ = batch.end_sequence() - 1;
}

void Db::Put(std::string_view key, std::string_view value, const WriteOptions& options) {
  WriteBatch batch;
  batch.Put(key, value);
  Write(batch, options);
}

void Db::Remove(std::string_view key, const WriteOptions& options) {
  WriteBatch batch;
  batch.Remove(key);
  Write(batch, options);
}

std::optional<std::string> Db::Get(std::string_view key) const { return store_->Get(key); }

std::unique_ptr<Iterator> Db::NewIterator(const KeyRange& range) const {
  return store_->NewIterator(range);
}

void Db::Flush() {
  RequireWritable();
  try {
    FlushAndStartNewLog();
  } catch (const std::exception& error) {
    write_error_ = error.what();
    throw;
  }
}

void Db::Compact() {
  Flush();
  try {
    store_->Compact();
  } catch (const std::exception& error) {
    write_error_ = error.what();
    throw;
  }
}

DbStats Db::stats() const {
  DbStats stats;
  stats.tree = store_->stats();
  stats.log_file = log_ ? LogFileName(log_number_) : "";
  stats.log_bytes = log_ ? log_->size() : 0;
  stats.last_sequence = last_sequence_;
  stats.manifest = store_->log_state();
  return stats;
}

bool Db::MemTableFull() const {
  return store_->memtable_bytes() >= options_.tree.memtable_budget_bytes;
}

void Db::MakeRoomForWrite() {
  if (MemTableFull()) FlushAndStartNewLog();
}

void Db::FlushAndStartNewLog() {
  const std::uint64_t next_log = store_->NewFileNumber();
  FlushMemTable(next_log);
  StartNewLog(next_log);
}

void Db::StartNewLog(std::uint64_t number) {
  if (log_) {
    log_->Close();
    old_logs_.push_back(log_number_);
    log_.reset();
  }
  log_ = std::make_unique<wal::LogWriter>(fs_->NewWritableFile(LogPath(number)));
  log_number_ = number;
  log_dir_synced_ = false;
}

void Db::RemoveLogsBefore(std::uint64_t number) {
  if (log_ && log_number_ < number) {
    log_->Close();
    old_logs_.push_back(log_number_);
    log_.reset();
  }
  while (!old_logs_.empty() && old_logs_.front() < number) {
    fs_->RemoveFile(LogPath(old_logs_.front()));
    old_logs_.erase(old_logs_.begin());
  }
}

void Db::RequireWritable() const {
  if (write_error_.empty()) return;
  throw IoError(directory_, EIO,
                "writes stopped by an earlier failure (" + write_error_ +
                    "); reopen the database to go on. Refused a write to");
}

}  // namespace lsm
