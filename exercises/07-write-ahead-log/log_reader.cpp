// Chapter 7 exercise: reading physical records back and reassembling fragments.
//
// Replace each `throw NotImplementedError(...)` with your code; the contract is in
// chapters/07-write-ahead-log/log_reader.h. LoadBlock() and Damage() are
// given (chapters/07-write-ahead-log/log_files.cpp).
// Check your work:  scripts/check 07

#include "chapters/07-write-ahead-log/log_reader.h"

#include "common/coding.h"
#include "common/errors.h"

namespace lsm::wal {

std::optional<LogReader::Physical> LogReader::ReadPhysicalRecord() {
  // TODO(ch07 task 4): skip a block's trailer (fewer than kHeaderSize bytes left: they must be
  // zeros) and load the next block; at the end of the file return nullopt. Check the header:
  // an all-zero header, a length past the block (or the file), an unknown type and a checksum
  // mismatch are each Damage(offset, why) -- then return nullopt.
  throw NotImplementedError("LogReader::ReadPhysicalRecord",
                            "book chapter 7, task 4: reading physical records");
}

std::optional<std::string_view> LogReader::ReadRecord() {
  // TODO(ch07 task 5): FULL is a record; FIRST (remember partial_start_), MIDDLE..., LAST are
  // one. FULL or FIRST inside a record, MIDDLE or LAST outside one, and the file ending inside
  // one are damage too.
  throw NotImplementedError("LogReader::ReadRecord", "book chapter 7, task 5: reassembly");
}

}  // namespace lsm::wal
