/// \file
/// Chapter 3: the manifest, the one file that says which tables make up the tree.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/file_system.h"

namespace lsm {

/// What a tree's manifest records for an engine that keeps a write-ahead log (chapter 7): every
/// write with a sequence number up to last_sequence is in a table, and no log older than
/// log_number is needed. A tree without a log (chapters 3 to 6) leaves both 0.
struct LogState {
  std::uint64_t log_number = 0;     ///< the oldest log still needed (0: none recorded)
  std::uint64_t last_sequence = 0;  ///< the last sequence number the tables hold

  /// Same log number, same sequence number.
  friend bool operator==(const LogState&, const LogState&) = default;
};

/// The list of live table files of a tree directory, kept in a small text file named MANIFEST:
///
/// \code{.unparsed}
///   lsm-tutorial manifest 1
///   next-file 8
///   table 000003.sst
///   table 000007.sst
///   crc32c 5f1d0c2a
/// \endcode
///
/// Tables are listed oldest first. Version 2, written once an engine with a write-ahead log
/// (chapter 7) has recorded a LogState, has two more lines after next-file:
///
/// \code{.unparsed}
///   lsm-tutorial manifest 2
///   next-file 12
///   log-number 11
///   last-sequence 4096
///   table 000003.sst
///   table 000010.sst
///   crc32c 0b6a33e1
/// \endcode
///
/// Both versions open; a tree that never records a LogState keeps writing version 1. A change is
/// written to MANIFEST.tmp, fsynced, renamed over MANIFEST and the directory fsynced, so the list
/// switches atomically: after a crash the manifest is either the old list or the new one. Table
/// files the manifest does not list are leftovers of an interrupted flush or compaction and are
/// deleted when the tree reopens; files whose names are not ours are never touched.
///
/// One writer per directory: the manifest holds an exclusive lock on the file LOCK from open to
/// destruction, so a second open of the same tree (another process, or a second open in this
/// one) fails instead of writing table names and manifests over the first one's.
class Manifest {
 public:
  /// The manifest's file name.
  static constexpr const char* kFileName = "MANIFEST";

  /// The lock file's name. It stays in the directory; only its lock matters.
  static constexpr const char* kLockFileName = "LOCK";

  /// Reads `directory`/MANIFEST, or starts a new, empty tree if the directory does not exist or
  /// holds nothing but our own temporary files and LOCK, and locks the directory first. A
  /// directory that is not a tree's is left untouched; an existing tree in a directory this
  /// process cannot write to opens without a LOCK file if it has none (nothing can change it).
  /// \throws InvalidArgumentError if the directory holds other files but no manifest (it is not
  ///         a tree's directory); IoError with error_code() EWOULDBLOCK if the tree is open
  ///         elsewhere; CorruptionError if the manifest is damaged.
  [[nodiscard]] static Manifest OpenOrCreate(FileSystem& fs, const std::string& directory);

  /// The live tables' file numbers, oldest first.
  [[nodiscard]] const std::vector<std::uint64_t>& tables() const noexcept { return tables_; }

  /// A file number no file of this tree has used. Persisted with the next Commit(); a number
  /// handed out before a crash is reused after it, once its leftover file has been deleted.
  /// Numbers never wrap around: a wrapped counter would hand out the numbers of live tables.
  /// \throws CorruptionError (at the next-file line) once 2^64 - 2 has been handed out, which
  ///         only a forged manifest can make happen.
  [[nodiscard]] std::uint64_t NewFileNumber();

  /// Makes `tables` (oldest first) the tree's table list, durably and atomically. The log state
  /// stays as it is.
  void Commit(std::vector<std::uint64_t> tables);

  /// Makes `tables` the table list and `state` the log state in one atomic switch.
  /// \throws InvalidArgumentError if state.log_number is not a number this manifest handed out
  ///         or was told of (MarkFileNumberUsed), or the log number or the sequence number goes
  ///         backwards.
  void Commit(std::vector<std::uint64_t> tables, const LogState& state);

  /// The log state last committed ({0, 0} for a tree that never recorded one).
  [[nodiscard]] const LogState& log_state() const noexcept { return log_state_; }

  /// The manifest's format version: 1, or 2 once a log state has been recorded.
  [[nodiscard]] int version() const noexcept { return version_; }

  /// Makes sure NewFileNumber() never hands out `number`, a file found in the directory (a log
  /// created after the manifest's last commit). Persisted with the next Commit().
  /// \throws CorruptionError if `number` is the largest 64-bit number (a forged file name).
  void MarkFileNumberUsed(std::uint64_t number);

  /// Deletes table files and temporary files in the directory that the manifest does not list.
  /// Returns the names deleted.
  std::vector<std::string> RemoveLeftovers();

  /// "000042.sst" for 42.
  [[nodiscard]] static std::string TableFileName(std::uint64_t number);

  /// The path of table `number` in this tree's directory.
  [[nodiscard]] std::string TablePath(std::uint64_t number) const;

 private:
  Manifest(FileSystem& fs, std::string directory) : fs_(&fs), directory_(std::move(directory)) {}

  FileSystem* fs_;
  std::string directory_;
  std::vector<std::uint64_t> tables_;
  std::uint64_t next_file_ = 1;
  LogState log_state_;
  int version_ = 1;
  std::unique_ptr<FileLock> lock_;  // nullptr only for a read-only open (see OpenOrCreate)
};

}  // namespace lsm
