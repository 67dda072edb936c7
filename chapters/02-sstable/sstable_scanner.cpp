// Sequential reading of an SSTable: no index, large reads, one group in memory.

#include "chapters/02-sstable/sstable_scanner.h"

#include "common/coding.h"
#include "common/errors.h"

namespace lsm {
namespace {

constexpr std::size_t kReadAheadBytes = std::size_t{64} * 1024;

}  // namespace

SSTableScanner::SSTableScanner(const std::string& path, FileSystem& fs)
    : file_(fs.NewRandomAccessFile(path)),
      footer_(sst::ReadFooter(*file_)),
      data_(*file_, 0, footer_.index_offset, kReadAheadBytes) {}

void SSTableScanner::SeekToFirst() {
  next_group_ = 0;
  data_.Rewind(0);
  LoadNextGroup();
}

void SSTableScanner::Seek(std::string_view target) {
  for (SeekToFirst(); Valid() && key() < target; Next()) {
  }
}

void SSTableScanner::SeekToLast() {
  throw InvalidArgumentError("SSTableScanner reads forward only: SeekToLast() is not supported");
}

void SSTableScanner::Prev() {
  throw InvalidArgumentError("SSTableScanner reads forward only: Prev() is not supported");
}

void SSTableScanner::Next() {
  static_cast<void>(Current());  // throws when not valid
  if (++position_ == group_.entries.size()) LoadNextGroup();
}

const sst::EntryView& SSTableScanner::Current() const {
  if (!Valid()) throw InvalidArgumentError("SSTableScanner used while not Valid()");
  return group_.entries[position_];
}

void SSTableScanner::LoadNextGroup() {
  // The last key of the group before, which the next group's first key must follow.
  const bool has_previous = next_group_ > 0 && !group_.entries.empty();
  const std::string previous_last = has_previous ? std::string(group_.entries.back().key) : "";
  group_ = sst::Group{};
  position_ = 0;
  const std::uint64_t groups = sst::GroupCount(footer_.entry_count, footer_.index_interval);
  if (next_group_ == groups) return;  // end of the data: not valid

  // Walk the entry headers to find where the group ends, then check and decode it whole.
  const std::uint64_t begin = data_.offset();
  const std::uint64_t count =
      sst::EntriesInGroup(next_group_, footer_.entry_count, footer_.index_interval);
  std::vector<char> bytes;
  auto append = [&bytes](std::string_view data) {
    bytes.insert(bytes.end(), data.begin(), data.end());
  };
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::string_view header = data_.Read(sst::kEntryHeaderSize);
    append(header);
    const std::uint64_t body =
        std::uint64_t{DecodeFixed32(header.data() + 1)} + DecodeFixed32(header.data() + 5);
    append(data_.Read(static_cast<std::size_t>(body)));
  }
  append(data_.Read(sst::kChecksumSize));
  group_ = sst::DecodeGroup(std::move(bytes), begin, count, file_->path());
  if (has_previous && !(previous_last < group_.entries.front().key)) {
    group_ = sst::Group{};
    throw CorruptionError(file_->path(), begin, "keys out of order across groups");
  }
  ++next_group_;
  if (next_group_ == groups && !data_.AtEnd()) {
    throw CorruptionError(file_->path(), data_.offset(), "data continues past the last group");
  }
}

}  // namespace lsm
