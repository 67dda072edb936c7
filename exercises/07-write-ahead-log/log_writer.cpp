// Chapter 7 exercise: fragmenting records into 32 KiB blocks.
//
// Replace each `throw NotImplementedError(...)` with your code; the format is in
// chapters/07-write-ahead-log/log_format.h, the contract in log_writer.h.
// Check your work:  scripts/check 07

#include "chapters/07-write-ahead-log/log_writer.h"

#include "common/errors.h"

namespace lsm::wal {

void LogWriter::AddRecord(std::string_view payload) {
  // TODO(ch07 task 3): while payload is left (and at least once, for an empty payload): if fewer
  // than kHeaderSize bytes are left in the block, append that many zeros and start a new block;
  // emit as much as fits as FULL, FIRST, MIDDLE or LAST.
  throw NotImplementedError("LogWriter::AddRecord", "book chapter 7, task 3: the writer");
}

void LogWriter::EmitPhysicalRecord(RecordType type, std::string_view fragment) {
  // TODO(ch07 task 3): the header (RecordCrc little-endian, length u16 little-endian, type),
  // then the fragment; advance block_offset_.
  throw NotImplementedError("LogWriter::EmitPhysicalRecord", "book chapter 7, task 3: the writer");
}

}  // namespace lsm::wal
