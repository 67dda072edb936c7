// Reference solution, chapter 7: reading physical records and reassembling fragments.

#include "chapters/07-write-ahead-log/log_reader.h"

#include "common/coding.h"

namespace lsm::wal {

//! [physical]
std::optional<LogReader::Physical> LogReader::ReadPhysicalRecord() {
  while (!stopped_) {
    if (!loaded_ || block_.size() - position_ < kHeaderSize) {
      // What is left of this block cannot hold a header: a trailer of zeros, or the file's end.
      const std::uint64_t at = block_start_ + position_;
      const std::string_view rest = std::string_view(block_).substr(loaded_ ? position_ : 0);
      if (loaded_ && block_.size() < kBlockSize) {  // the last block of the file
        if (!rest.empty()) Damage(at, "the file ends inside a record header");
        return std::nullopt;
      }
      if (loaded_ && rest.find_first_not_of('\0') != std::string_view::npos) {
        Damage(at, "a block trailer that is not zeros");
        return std::nullopt;
      }
      const std::uint64_t next = loaded_ ? block_start_ + block_.size() : 0;
      if (next >= file_size()) return std::nullopt;  // the end, at a block boundary
      LoadBlock(next);
      continue;
    }
    const char* header = block_.data() + position_;
    const std::uint64_t at = block_start_ + position_;
    const std::uint32_t masked_crc = DecodeFixed32(header);
    const std::size_t length =
        static_cast<unsigned char>(header[4]) |
        (static_cast<std::size_t>(static_cast<unsigned char>(header[5])) << 8);
    const auto type_byte = static_cast<std::uint8_t>(header[6]);
    const std::uint64_t end = at + kHeaderSize + length;
    if (type_byte == 0 && length == 0 && masked_crc == 0) {
      Damage(at, "zeros where a record header should be");
      return std::nullopt;
    }
    if (kHeaderSize + length > block_.size() - position_) {
      Damage(at, end > file_size() ? "the file ends inside a record"
                                   : "a record length that runs past its block");
      return std::nullopt;
    }
    if (type_byte == 0 || type_byte > kMaxRecordType) {
      Damage(at, "unknown record type " + std::to_string(type_byte));
      return std::nullopt;
    }
    const auto type = static_cast<RecordType>(type_byte);
    const std::string_view fragment(header + kHeaderSize, length);
    if (RecordCrc(type, fragment) != masked_crc) {
      Damage(at, "checksum mismatch");
      return std::nullopt;
    }
    position_ += kHeaderSize + length;
    return Physical{type, fragment, at};
  }
  return std::nullopt;
}
//! [physical]

//! [reassemble]
std::optional<std::string_view> LogReader::ReadRecord() {
  record_.clear();
  while (const auto physical = ReadPhysicalRecord()) {
    const bool in_fragments = partial_start_.has_value();
    const bool starts = physical->type == RecordType::kFull || physical->type == RecordType::kFirst;
    if (starts == in_fragments) {  // FULL/FIRST inside a record, or MIDDLE/LAST outside one
      Damage(physical->offset, in_fragments
                                   ? "a new record starts before the last one's LAST fragment"
                                   : "a MIDDLE or LAST fragment without its FIRST");
      return std::nullopt;
    }
    if (physical->type == RecordType::kFull) {
      last_record_offset_ = physical->offset;
      return physical->fragment;
    }
    if (physical->type == RecordType::kFirst) partial_start_ = physical->offset;
    record_.append(physical->fragment);
    if (physical->type == RecordType::kLast) {
      last_record_offset_ = *partial_start_;
      partial_start_.reset();
      return record_;
    }
  }
  if (partial_start_ && !stopped_) {  // the file ended between two fragments
    Damage(file_size(), "the log ends inside a fragmented record");  // drops from its FIRST
  }
  return std::nullopt;
}
//! [reassemble]

}  // namespace lsm::wal
