// The log's plumbing, shared by the exercise and the solution: the write batch's header, the
// writer's constructor, and the reader's block loading and damage handling.

#include <algorithm>
#include <limits>

#include "chapters/07-write-ahead-log/log_reader.h"
#include "chapters/07-write-ahead-log/log_writer.h"
#include "chapters/07-write-ahead-log/write_batch.h"
#include "common/coding.h"
#include "common/errors.h"

namespace lsm {

WriteBatch::WriteBatch() : rep_(kHeaderSize, '\0') {}

std::uint32_t WriteBatch::count() const noexcept { return DecodeFixed32(rep_.data() + 8); }

std::uint64_t WriteBatch::sequence() const noexcept { return DecodeFixed64(rep_.data()); }

void WriteBatch::SetCount(std::uint32_t count) noexcept {
  for (int i = 0; i < 4; ++i) rep_[8 + i] = static_cast<char>(count >> (8 * i));
}

void WriteBatch::SetSequence(std::uint64_t first) {
  if (PassesSequenceLimit(first, count())) {
    throw InvalidArgumentError("WriteBatch: sequence " + std::to_string(first) + " + " +
                               std::to_string(count()) + " entries passes the limit 2^56 - 1");
  }
  for (int i = 0; i < 8; ++i) rep_[i] = static_cast<char>(first >> (8 * i));
}

void WriteBatch::Clear() { rep_.assign(kHeaderSize, '\0'); }

void WriteBatch::Apply(WriteBatchHandler& handler) const {
  for (const BatchEntry& entry : Entries()) {  // checked whole before the first is applied
    if (entry.is_put) {
      handler.Put(entry.key, entry.value);
    } else {
      handler.Remove(entry.key);
    }
  }
}

WriteBatch WriteBatch::FromContents(std::string contents, std::string file, std::uint64_t offset) {
  if (contents.size() < kHeaderSize) {
    throw CorruptionError(file, offset,
                          "write batch of " + std::to_string(contents.size()) +
                              " bytes, shorter than its 12-byte header");
  }
  WriteBatch batch;
  batch.rep_ = std::move(contents);
  batch.origin_file_ = std::move(file);
  batch.origin_offset_ = offset;
  return batch;
}

}  // namespace lsm

namespace lsm::wal {

LogWriter::LogWriter(std::unique_ptr<WritableFile> file) : file_(std::move(file)) {}

LogReader::LogReader(std::unique_ptr<RandomAccessFile> file, RecoveryMode mode)
    : file_(std::move(file)), mode_(mode) {}

void LogReader::LoadBlock(std::uint64_t offset) {
  const std::uint64_t size = std::min<std::uint64_t>(kBlockSize, file_->size() - offset);
  block_.resize(size);
  static_cast<void>(file_->Read(offset, size, block_.data()));
  block_start_ = offset;
  position_ = 0;
  loaded_ = true;
}

bool LogReader::ValidRecordAfter(std::uint64_t offset) const {
  std::string block;
  for (std::uint64_t start = offset - offset % kBlockSize; start < file_->size();
       start += kBlockSize) {
    block.resize(std::min<std::uint64_t>(kBlockSize, file_->size() - start));
    static_cast<void>(file_->Read(start, block.size(), block.data()));
    for (std::size_t at = start > offset ? 0 : offset - start + 1; at + kHeaderSize <= block.size();
         ++at) {
      const auto type = static_cast<std::uint8_t>(block[at + 6]);
      if (type == 0 || type > kMaxRecordType) continue;
      const std::size_t length = static_cast<unsigned char>(block[at + 4]) |
                                 static_cast<std::size_t>(static_cast<unsigned char>(block[at + 5]))
                                     << 8;
      if (at + kHeaderSize + length > block.size()) continue;
      const std::string_view fragment(block.data() + at + kHeaderSize, length);
      if (RecordCrc(static_cast<RecordType>(type), fragment) == DecodeFixed32(block.data() + at)) {
        return true;
      }
    }
  }
  return false;
}

void LogReader::Damage(std::uint64_t offset, const std::string& reason) {
  const bool torn_tail = !ValidRecordAfter(offset);
  const std::string what = reason + (torn_tail ? " (a torn tail)" : " (before the tail)");
  const bool drop = mode_ == RecoveryMode::kPointInTime ||
                    (mode_ == RecoveryMode::kTolerateCorruptedTail && torn_tail);
  if (!drop) throw CorruptionError(path(), offset, "log: " + what);
  const std::uint64_t from = partial_start_.value_or(offset);
  dropped_.push_back(DroppedBytes{from, file_->size() - from, what});
  partial_start_.reset();
  stopped_ = true;
}

}  // namespace lsm::wal
