// Sequential reading of an SSTable: no index, large reads, one group in memory.

#include "chapters/02-sstable/sstable_scanner.h"

#include <algorithm>

#include "common/coding.h"
#include "common/errors.h"

namespace lsm {
namespace {

constexpr std::size_t kReadAheadBytes = std::size_t{64} * 1024;

}  // namespace

SSTableScanner::SSTableScanner(const std::string& path, FileSystem& fs)
    : file_(fs.NewRandomAccessFile(path)), footer_(sst::ReadFooter(*file_)) {}

void SSTableScanner::SeekToFirst() {
  next_group_ = 0;
  file_offset_ = 0;
  buffer_.clear();
  buffer_position_ = 0;
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

std::string_view SSTableScanner::ReadData(std::size_t n) {
  if (buffer_.size() - buffer_position_ < n) {
    // Keep the unread tail, then read ahead: at least n bytes, at most to the end of the data.
    buffer_.erase(0, buffer_position_);
    file_offset_ += buffer_position_;
    buffer_position_ = 0;
    const std::uint64_t have_until = file_offset_ + buffer_.size();
    const std::uint64_t want = std::max<std::uint64_t>(n - buffer_.size(), kReadAheadBytes);
    const std::uint64_t can = footer_.index_offset - have_until;
    if (can < n - buffer_.size()) {
      throw CorruptionError(file_->path(), have_until,
                            "data ends inside an entry (entry count in the footer says more)");
    }
    const auto read = static_cast<std::size_t>(std::min(want, can));
    const std::size_t old_size = buffer_.size();
    buffer_.resize(old_size + read);
    static_cast<void>(file_->Read(have_until, read, buffer_.data() + old_size));
  }
  const std::string_view bytes(buffer_.data() + buffer_position_, n);
  buffer_position_ += n;
  return bytes;
}

void SSTableScanner::LoadNextGroup() {
  group_ = sst::Group{};
  position_ = 0;
  const std::uint64_t groups = sst::GroupCount(footer_.entry_count, footer_.index_interval);
  if (next_group_ == groups) return;  // end of the data: not valid

  // Walk the entry headers to find where the group ends, then check and decode it whole.
  const std::uint64_t begin = file_offset_ + buffer_position_;
  const std::uint64_t count =
      sst::EntriesInGroup(next_group_, footer_.entry_count, footer_.index_interval);
  std::vector<char> bytes;
  auto append = [&bytes](std::string_view data) {
    bytes.insert(bytes.end(), data.begin(), data.end());
  };
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::string_view header = ReadData(sst::kEntryHeaderSize);
    append(header);
    const std::uint64_t body =
        std::uint64_t{DecodeFixed32(header.data() + 1)} + DecodeFixed32(header.data() + 5);
    append(ReadData(static_cast<std::size_t>(body)));
  }
  append(ReadData(sst::kChecksumSize));
  group_ = sst::DecodeGroup(std::move(bytes), begin, count, file_->path());
  ++next_group_;
  if (next_group_ == groups && file_offset_ + buffer_position_ != footer_.index_offset) {
    throw CorruptionError(file_->path(), file_offset_ + buffer_position_,
                          "data continues past the last group");
  }
}

}  // namespace lsm
