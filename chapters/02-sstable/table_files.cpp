// Creating and opening table files: the writer's temporary file, and a reader's open (footer
// and index checks). Shared by the exercise and the solution.

#include <filesystem>

#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "common/errors.h"

namespace lsm {

SSTableWriter::SSTableWriter(std::string path, SSTableOptions options, FileSystem& fs)
    : fs_(fs),
      path_(std::move(path)),
      options_(options),
      index_(fs, IndexBuilder::SidePath(path_), options.index_memory_bytes) {
  if (options_.index_interval == 0) {
    throw InvalidArgumentError("SSTableWriter: index_interval must be at least 1");
  }
  file_ = fs_.NewWritableFile(TempPath(path_));
}

SSTableWriter::~SSTableWriter() {
  if (finished_) return;
  try {  // abandon: the temporary file must not linger, but a destructor must not throw
    file_.reset();
    fs_.RemoveFile(TempPath(path_));
  } catch (const Error&) {  // NOLINT(bugprone-empty-catch): a leftover .tmp is removed at reopen
  }
}

SSTableReader::SSTableReader(std::unique_ptr<RandomAccessFile> file, sst::Footer footer,
                             SparseIndex index)
    : file_(std::move(file)), footer_(footer), index_(std::move(index)) {}

std::unique_ptr<SSTableReader> SSTableReader::Open(const std::string& path, FileSystem& fs) {
  std::unique_ptr<RandomAccessFile> file = fs.NewRandomAccessFile(path);
  const sst::Footer footer = sst::ReadFooter(*file);
  SparseIndex index = SparseIndex::Read(*file, footer);
  return std::unique_ptr<SSTableReader>(
      new SSTableReader(std::move(file), footer, std::move(index)));
}

sst::Group SSTableReader::ReadGroup(std::size_t group) const {
  sst::Group read =
      sst::ReadGroup(*file_, index_.group_begin(group), index_.group_end(group),
                     sst::EntriesInGroup(group, footer_.entry_count, footer_.index_interval));
  // The index must agree with the data: each group starts with its index key and ends before the
  // next group's, so keys increase across groups too.
  if (read.entries.front().key != index_.first_key(group)) {
    throw CorruptionError(path(), read.offset, "group's first key differs from the index");
  }
  if (group + 1 < index_.size() && !(read.entries.back().key < index_.first_key(group + 1))) {
    throw CorruptionError(path(), read.offset, "group's last key is not before the next group");
  }
  return read;
}

}  // namespace lsm
