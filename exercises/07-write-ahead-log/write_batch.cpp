// Chapter 7 exercise: encoding and decoding a write batch.
//
// Replace each `throw NotImplementedError(...)` with your code. The book's chapter 7 page
// explains each task; the contract and the encoding are in
// chapters/07-write-ahead-log/write_batch.h. PutVarint32 / GetVarint32 are in common/coding.h.
// Check your work:  scripts/check 07

#include "chapters/07-write-ahead-log/write_batch.h"

#include "common/coding.h"
#include "common/errors.h"

namespace lsm {

void WriteBatch::Put(std::string_view key, std::string_view value) {
  // TODO(ch07 task 1): append kPutTag, the varint32 key length, the key, the varint32 value
  // length and the value to rep_, then SetCount(count() + 1). A refused key or value (4 GiB or
  // more) must leave the batch as it was.
  throw NotImplementedError("WriteBatch::Put", "book chapter 7, task 1: the batch");
}

void WriteBatch::Remove(std::string_view key) {
  // TODO(ch07 task 1): as Put, with kRemoveTag and no value.
  throw NotImplementedError("WriteBatch::Remove", "book chapter 7, task 1: the batch");
}

std::vector<BatchEntry> WriteBatch::Entries() const {
  // TODO(ch07 task 2): decode every entry after the header; check the type byte, that each
  // length stays inside the batch, and that there are exactly count() entries and nothing after.
  // Throw CorruptionError(origin_file_, origin_offset_, "write batch byte N: ...") otherwise.
  throw NotImplementedError("WriteBatch::Entries", "book chapter 7, task 2: decoding a batch");
}

}  // namespace lsm
