// Creating and opening table files: the writer's temporary file, and a reader's open (footer
// and index checks), plus the filter hooks chapter 6 fills in. Shared by the exercise and the
// solution.

#include <filesystem>

#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "common/crc32c.h"
#include "common/errors.h"

namespace lsm {

SSTableWriter::SSTableWriter(std::string path, SSTableOptions options, FileSystem& fs)
    : fs_(fs),
      path_(std::move(path)),
      options_(std::move(options)),
      index_(fs, IndexBuilder::SidePath(path_), options_.index_memory_bytes) {
  if (options_.index_interval == 0) {
    throw InvalidArgumentError("SSTableWriter: index_interval must be at least 1");
  }
  if (options_.filter_policy) filter_ = options_.filter_policy->NewBuilder();
  file_ = fs_.NewWritableFile(TempPath(path_));
}

//! [writer-filter]
void SSTableWriter::Add(std::string_view key, std::string_view value, bool tombstone) {
  AppendEntry(key, value, tombstone);  // throws on bad input: the filter then never sees it
  if (filter_) filter_->AddKey(key);   // every key, tombstones too: they answer lookups
}

void SSTableWriter::AppendFilterAndFooter(sst::Footer footer) {
  if (filter_) {
    const std::string block = filter_->Finish();
    footer.filter_size = block.size();
    footer.filter_crc = Crc32c(block);
    file_->Append(block);
  }
  file_->Append(sst::EncodeFooter(footer));
}
//! [writer-filter]

SSTableWriter::~SSTableWriter() {
  if (finished_) return;
  try {  // abandon: the temporary file must not linger, but a destructor must not throw
    file_.reset();
    fs_.RemoveFile(TempPath(path_));
  } catch (const Error&) {  // NOLINT(bugprone-empty-catch): a leftover .tmp is removed at reopen
  }
}

SSTableReader::SSTableReader(std::unique_ptr<RandomAccessFile> file, sst::Footer footer,
                             SparseIndex index, std::unique_ptr<KeyFilter> filter)
    : file_(std::move(file)),
      footer_(footer),
      index_(std::move(index)),
      filter_(std::move(filter)) {}

std::unique_ptr<SSTableReader> SSTableReader::Open(const std::string& path, FileSystem& fs,
                                                   const FilterPolicy* filter_policy) {
  std::unique_ptr<RandomAccessFile> file = fs.NewRandomAccessFile(path);
  const sst::Footer footer = sst::ReadFooter(*file);
  SparseIndex index = SparseIndex::Read(*file, footer);
  std::unique_ptr<KeyFilter> filter;
  if (footer.filter_size > 0) {  // format version 2: a filter block follows the index
    const std::uint64_t at = footer.filter_offset();
    std::string block(footer.filter_size, '\0');
    static_cast<void>(file->Read(at, block.size(), block.data()));
    if (Crc32c(block) != footer.filter_crc) {
      throw CorruptionError(path, at, "filter checksum mismatch");
    }
    if (filter_policy != nullptr) filter = filter_policy->Load(std::move(block), path, at);
  }
  return std::unique_ptr<SSTableReader>(
      new SSTableReader(std::move(file), footer, std::move(index), std::move(filter)));
}

//! [reader-filter]
LookupResult SSTableReader::Get(std::string_view key) const {
  if (filter_ && !filter_->MayContain(key)) {  // certainly absent: no index search, no read
    filter_skips_.fetch_add(1, std::memory_order_relaxed);
    return LookupResult::Absent();
  }
  return GetFromIndex(key);
}
//! [reader-filter]

sst::Group SSTableReader::ReadGroup(std::size_t group) const {
  return index_.ReadGroup(*file_, footer_, group);
}

LookupResult SSTableReader::ConfirmAbsent(std::size_t next_group) const {
  if (next_group < index_.size()) static_cast<void>(ReadGroup(next_group));  // checks its start
  return LookupResult::Absent();
}

}  // namespace lsm
