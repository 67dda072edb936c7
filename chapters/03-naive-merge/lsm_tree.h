/// \file
/// Chapter 3: the LSM tree -- a memtable in front of SSTables in a directory -- with the
/// Python original's materialising scan and compaction, kept as the baseline later stages beat.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/01-memtable/memtable.h"
#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "chapters/03-naive-merge/key_range.h"
#include "chapters/03-naive-merge/manifest.h"
#include "common/file_system.h"

namespace lsm {

/// How a tree is configured.
struct LsmOptions {
  /// The memtable is flushed to a new SSTable once it holds this many accounted bytes.
  std::size_t memtable_budget_bytes = MemTable::kDefaultBudgetBytes;
  /// Layout of the SSTables the tree writes.
  SSTableOptions table_options;
  /// Where files live; nullptr means FileSystem::Posix(). Tests pass a fault-injecting one.
  FileSystem* file_system = nullptr;
  /// Set by an engine that replays the directory's write-ahead logs (chapter 7's Db). Without
  /// it, a tree whose manifest records a log is refused: opened without its logs it would miss
  /// the writes they hold, and its flushes would put that older data above newer tables.
  bool opened_with_logs = false;
};

/// One SSTable as stats() describes it.
struct TableStats {
  std::string file_name;      ///< e.g. "000007.sst"
  std::uint64_t entries = 0;  ///< entries, tombstones included
  std::uint64_t bytes = 0;    ///< file size
};

/// What the tree holds right now.
struct TreeStats {
  std::size_t memtable_entries = 0;  ///< entries in the memtable, tombstones included
  std::size_t memtable_bytes = 0;    ///< the memtable's accounted bytes
  std::vector<TableStats> tables;    ///< SSTables, newest first
};

/// An LSM tree in a directory.
///
/// - Writes go to the memtable; when it is full it is flushed to a new SSTable.
/// - Get() asks the memtable, then the SSTables from newest to oldest; the first source that
///   knows the key decides, and a tombstone decides "no such key".
/// - The directory's MANIFEST lists the tables, so reopening restores them in order.
///
/// Durability in this chapter is "flushed": what is in the memtable is lost if the process
/// dies. Chapter 7's engine (lsm::Db) puts a write-ahead log in front of it. Not thread-safe.
class LsmTree {
 public:
  /// Opens the tree in `directory`, creating it if needed, and deletes leftovers of an
  /// interrupted flush or compaction (so a read-only directory with leftovers cannot be opened:
  /// IoError).
  /// Only one LsmTree may have a directory open at a time: the open holds the directory's LOCK
  /// file until the tree is destroyed (see Manifest).
  /// \throws InvalidArgumentError if the directory holds files but is not a tree's; IoError
  ///         with error_code() EWOULDBLOCK if another process or another LsmTree has it open;
  ///         CorruptionError if the manifest or a table is damaged; IoError.
  [[nodiscard]] static std::unique_ptr<LsmTree> Open(const std::string& directory,
                                                     LsmOptions options = {});

  LsmTree(const LsmTree&) = delete;
  LsmTree& operator=(const LsmTree&) = delete;
  ~LsmTree();

  /// Sets `key` to `value`; flushes the memtable if it is now full. If that flush fails (a full
  /// disk, say), Put throws the IoError but the entry stays in the memtable: Get returns it,
  /// and a later Flush() retries.
  void Put(std::string_view key, std::string_view value);

  /// Deletes `key` (writes a tombstone); flushes the memtable if it is now full.
  void Remove(std::string_view key);

  /// The newest value of `key`, or nullopt if it was never written or was removed.
  [[nodiscard]] std::optional<std::string> Get(std::string_view key) const;

  /// Writes the memtable to a new SSTable and starts an empty one (nothing if it is empty).
  void Flush();

  /// Every live key in `range` with its newest value, in key order -- the Python original's way:
  /// every entry of every source in the range is collected into a hash map, oldest source
  /// first so that newer entries overwrite older ones; tombstones are dropped and the rest
  /// sorted. O(n) memory and O(n log n) time before the first result, by design.
  [[nodiscard]] std::vector<KeyValue> NaiveScan(const KeyRange& range) const;

  /// Merges every SSTable into one the same way (the whole tree materialised in memory),
  /// dropping tombstones, then replaces them with it. The memtable is not touched.
  void NaiveCompact();

  /// Memtable size, and each SSTable's name, entry count and size.
  [[nodiscard]] TreeStats stats() const;

  /// The memtable (newest data).
  [[nodiscard]] const MemTable& memtable() const noexcept { return *memtable_; }

  /// The open SSTables, newest first.
  [[nodiscard]] const std::vector<std::shared_ptr<const SSTableReader>>& tables() const noexcept {
    return tables_;
  }

  /// The tree's options.
  [[nodiscard]] const LsmOptions& options() const noexcept { return options_; }

  /// The tree's file system.
  [[nodiscard]] FileSystem& file_system() const noexcept { return *fs_; }

  /// Path for a new table file, with a number no file of this tree has used.
  [[nodiscard]] std::string NewTablePath();

  // ---- For an engine with a write-ahead log (chapter 7): given code, in tree_files.cpp ----

  /// What the manifest records of the engine's logs ({0, 0} for a tree without one).
  [[nodiscard]] const LogState& log_state() const noexcept { return manifest_.log_state(); }

  /// Flush(), with the manifest switch that installs the new table also recording `state`; if
  /// the memtable is empty, a manifest switch that records `state` alone. Once it returns, the
  /// manifest on disk holds `state`; if it throws, the manifest is unchanged or fully switched.
  void FlushRecording(const LogState& state);

  /// A file number no file of this tree has used, for a file that is not a table (a log).
  [[nodiscard]] std::uint64_t NewFileNumber() { return manifest_.NewFileNumber(); }

  /// Makes sure no new file gets `number` (Manifest::MarkFileNumberUsed).
  void MarkFileNumberUsed(std::uint64_t number) { manifest_.MarkFileNumberUsed(number); }

  /// Makes the finished table at `path` (nullopt: none) replace every current SSTable:
  /// the manifest switches atomically first, then the old files are deleted. This is how a
  /// compaction installs its output, whichever way it was computed.
  void ReplaceAllTables(const std::optional<std::string>& path);

 private:
  LsmTree(std::string directory, LsmOptions options, Manifest manifest);

  /// Adds the finished table at `path` as the newest one (manifest first).
  void AddNewestTable(const std::string& path);

  /// The materialising merge behind NaiveScan() (with the memtable) and NaiveCompact()
  /// (tables only): the live entries of `range`, sorted.
  [[nodiscard]] std::vector<KeyValue> Materialize(const KeyRange& range,
                                                  bool include_memtable) const;

  std::string directory_;
  LsmOptions options_;
  FileSystem* fs_;
  Manifest manifest_;
  std::unique_ptr<MemTable> memtable_;
  std::vector<std::shared_ptr<const SSTableReader>> tables_;  // newest first
  std::vector<std::uint64_t> table_numbers_;                  // the same tables, newest first
  std::optional<LogState> pending_log_state_;  // set during FlushRecording, for AddNewestTable
};

}  // namespace lsm
