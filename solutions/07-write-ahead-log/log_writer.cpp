// Reference solution, chapter 7: fragmenting records into 32 KiB blocks.

#include "chapters/07-write-ahead-log/log_writer.h"

#include <algorithm>

namespace lsm::wal {

//! [add-record]
void LogWriter::AddRecord(std::string_view payload) {
  bool first = true;
  do {  // an empty payload still makes one (empty) FULL record
    const std::size_t left = kBlockSize - block_offset_;
    if (left < kHeaderSize) {  // no header fits: zero the trailer, start a new block
      file_->Append(std::string_view("\0\0\0\0\0\0", left));
      block_offset_ = 0;
    }
    const std::size_t room = kBlockSize - block_offset_ - kHeaderSize;
    const std::size_t length = std::min(room, payload.size());
    const bool last = length == payload.size();
    const RecordType type = first && last ? RecordType::kFull
                            : first       ? RecordType::kFirst
                            : last        ? RecordType::kLast
                                          : RecordType::kMiddle;
    EmitPhysicalRecord(type, payload.substr(0, length));
    payload.remove_prefix(length);
    first = false;
  } while (!payload.empty());
}
//! [add-record]

//! [emit]
void LogWriter::EmitPhysicalRecord(RecordType type, std::string_view fragment) {
  char header[kHeaderSize];
  const std::uint32_t crc = RecordCrc(type, fragment);
  for (int i = 0; i < 4; ++i) header[i] = static_cast<char>(crc >> (8 * i));
  header[4] = static_cast<char>(fragment.size() & 0xff);
  header[5] = static_cast<char>(fragment.size() >> 8);
  header[6] = static_cast<char>(type);
  file_->Append(std::string_view(header, kHeaderSize));
  file_->Append(fragment);
  block_offset_ += kHeaderSize + fragment.size();
}
//! [emit]

}  // namespace lsm::wal
