/// \file
/// Chapter 2: writing an SSTable.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "chapters/02-sstable/filter_policy.h"
#include "chapters/02-sstable/format.h"
#include "chapters/02-sstable/index_builder.h"
#include "common/file_system.h"

namespace lsm {

/// How an SSTable is laid out.
struct SSTableOptions {
  /// Entries per group: the sparse index holds one key per group, and a point lookup scans at
  /// most one group. LevelDB's equivalent is its block size (4 KiB, about 30 entries here).
  std::uint32_t index_interval = 16;
  /// Bytes of sparse index a writer keeps in memory; beyond that it spills the index to a side
  /// file (path + ".index.tmp") and copies it into the table at Finish(). Bounds the writer's
  /// memory whatever the table's size.
  std::size_t index_memory_bytes = std::size_t{64} * 1024;
  /// Builds each table's filter (chapter 6). nullptr: no filter, and the table is written in
  /// format version 1; otherwise version 2, with the filter block after the sparse index.
  std::shared_ptr<const FilterPolicy> filter_policy = nullptr;
};

/// Writes one SSTable front to back. Entries stream straight to the file and the sparse index
/// goes through an IndexBuilder, so the writer's memory does not grow with the table.
///
/// The file is written under a temporary name (path + ".tmp") and only Finish() gives it its
/// real name: after fsyncing the file, renaming it, and fsyncing the directory. A reader
/// therefore never sees a half-written table, and a crash leaves at most a ".tmp" file behind.
class SSTableWriter {
 public:
  /// Starts a table at `path` (the temporary file is created now).
  /// \throws InvalidArgumentError if options.index_interval is 0; IoError if the file cannot be
  ///         created.
  explicit SSTableWriter(std::string path, SSTableOptions options = {},
                         FileSystem& fs = FileSystem::Posix());

  /// Abandons an unfinished table: removes the temporary file.
  ~SSTableWriter();

  SSTableWriter(const SSTableWriter&) = delete;
  SSTableWriter& operator=(const SSTableWriter&) = delete;

  /// Appends an entry (AppendEntry()) and gives its key to the filter builder, if any.
  /// Keys must strictly increase (bytewise unsigned).
  /// \throws InvalidArgumentError on a key equal to or smaller than the previous one, on a
  ///         tombstone with a value, or after Finish().
  void Add(std::string_view key, std::string_view value, bool tombstone = false);

  /// Writes the last group, the sparse index, the filter (if any) and the footer; fsyncs;
  /// renames the file to its real name; fsyncs the directory.
  void Finish();

  /// Entries added so far.
  [[nodiscard]] std::uint64_t entry_count() const noexcept { return entry_count_; }

  /// The path the finished table gets.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  /// The name the table has until Finish(): `path` + ".tmp".
  [[nodiscard]] static std::string TempPath(const std::string& path) { return path + ".tmp"; }

 private:
  /// Checks and appends one entry; closes the group when it is full.
  void AppendEntry(std::string_view key, std::string_view value, bool tombstone);

  /// Appends the checksum that closes the current group.
  void FinishGroup();

  /// Appends the filter block (if the options have a filter policy), records its size and
  /// checksum in `footer`, then appends the footer.
  void AppendFilterAndFooter(sst::Footer footer);

  FileSystem& fs_;
  std::string path_;
  SSTableOptions options_;
  std::unique_ptr<WritableFile> file_;
  std::string last_key_;
  std::uint64_t entry_count_ = 0;
  std::uint32_t entries_in_group_ = 0;     // entries written since the last group checksum
  std::uint32_t group_crc_ = 0;            // CRC-32C of the current group's bytes so far
  IndexBuilder index_;                     // the sparse index, appended by Finish()
  std::unique_ptr<FilterBuilder> filter_;  // nullptr without a filter policy
  std::string scratch_;                    // reused to encode one entry
  bool finished_ = false;
};

}  // namespace lsm
