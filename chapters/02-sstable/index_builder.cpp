// Collecting the sparse index with bounded memory. Shared by the exercise and the solution.

#include "chapters/02-sstable/index_builder.h"

#include <algorithm>

#include "chapters/02-sstable/format.h"
#include "common/crc32c.h"
#include "common/errors.h"

namespace lsm {

IndexBuilder::IndexBuilder(FileSystem& fs, std::string side_path, std::size_t memory_limit)
    : fs_(fs), side_path_(std::move(side_path)), memory_limit_(memory_limit) {}

IndexBuilder::~IndexBuilder() {
  if (!side_) return;
  try {
    side_.reset();
    fs_.RemoveFile(side_path_);
  } catch (const Error&) {  // NOLINT(bugprone-empty-catch): a leftover .tmp is removed at reopen
  }
}

void IndexBuilder::Add(std::string_view first_key, std::uint64_t group_offset) {
  const std::size_t before = buffer_.size();
  sst::EncodeIndexEntry(buffer_, first_key, group_offset);
  const std::string_view record = std::string_view(buffer_).substr(before);
  crc_ = Crc32c(record, crc_);
  size_ += record.size();
  if (buffer_.size() > memory_limit_) Spill();
}

void IndexBuilder::Spill() {
  if (!side_) side_ = fs_.NewWritableFile(side_path_);
  side_->Append(buffer_);
  buffer_.clear();
}

void IndexBuilder::AppendTo(WritableFile& out) {
  if (side_) {
    side_->Close();  // side_ stays set until the copy is done: if it fails, the destructor
                     // still removes the side file
    const auto spilled = fs_.NewRandomAccessFile(side_path_);
    constexpr std::uint64_t kChunk = std::uint64_t{64} * 1024;
    std::string chunk(kChunk, '\0');
    for (std::uint64_t offset = 0; offset < spilled->size(); offset += kChunk) {
      const auto n = static_cast<std::size_t>(std::min(kChunk, spilled->size() - offset));
      out.Append(spilled->Read(offset, n, chunk.data()));
    }
    side_.reset();
    fs_.RemoveFile(side_path_);
  }
  out.Append(buffer_);
  buffer_.clear();
}

}  // namespace lsm
