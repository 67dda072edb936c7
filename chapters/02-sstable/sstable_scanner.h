/// \file
/// Chapter 2: reading an SSTable front to back without its index.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "chapters/01-memtable/iterator.h"
#include "chapters/02-sstable/format.h"
#include "common/buffered_reader.h"
#include "common/file_system.h"

namespace lsm {

/// Reads a table sequentially: only the footer is read at open, never the index, and the data
/// is read in large chunks, one group at a time, each group's checksum verified before its
/// entries are shown. Memory: one read buffer plus one group, whatever the table's size. This is
/// what compaction (chapter 5) reads its inputs with.
///
/// Forward only: SeekToFirst(), Next() and Seek() (which reads forward from the start, O(n)).
/// SeekToLast() and Prev() throw InvalidArgumentError; use SSTableReader::NewIterator() for them.
class SSTableScanner final : public Iterator {
 public:
  /// Opens `path` and checks its footer.
  /// \throws IoError, or CorruptionError if the footer is damaged.
  explicit SSTableScanner(const std::string& path, FileSystem& fs = FileSystem::Posix());

  [[nodiscard]] bool Valid() const override { return position_ < group_.entries.size(); }
  void SeekToFirst() override;
  void SeekToLast() override;
  void Seek(std::string_view target) override;
  void Next() override;
  void Prev() override;
  [[nodiscard]] std::string_view key() const override { return Current().key; }
  [[nodiscard]] std::string_view value() const override { return Current().value; }
  [[nodiscard]] bool is_tombstone() const override { return Current().tombstone; }

  /// Entries in the table, from its footer.
  [[nodiscard]] std::uint64_t entry_count() const noexcept { return footer_.entry_count; }

 private:
  [[nodiscard]] const sst::EntryView& Current() const;
  /// Reads the next group into group_ (empty at the end of the data).
  void LoadNextGroup();

  std::unique_ptr<RandomAccessFile> file_;
  sst::Footer footer_;
  BufferedReader data_;           // read-ahead over the data, [0, index_offset)
  std::uint64_t next_group_ = 0;  // index of the group LoadNextGroup() reads next
  sst::Group group_;
  std::size_t position_ = 0;  // current entry in group_ (== size when not valid)
};

}  // namespace lsm
