// Chapter 2 exercise: writing a table.
//
// Replace each `throw NotImplementedError(...)` with your code. The book's chapter 2 page
// explains the format and each task; chapters/02-sstable/format.h has the encoders you need
// (EncodeEntry, EncodeIndexEntry, EncodeFooter). The constructor, destructor (temporary file),
// Add (which calls your AppendEntry) and AppendFilterAndFooter are given in
// chapters/02-sstable/table_files.cpp. Check your work:  scripts/check 02

#include "chapters/02-sstable/sstable_writer.h"
#include "chapters/02-sstable/format.h"
#include "common/coding.h"
#include "common/crc32c.h"
#include "common/errors.h"

namespace lsm {

void SSTableWriter::AppendEntry(std::string_view key, std::string_view value, bool tombstone) {
  // TODO(ch02 task 2): reject Add after Finish, keys that do not strictly increase, and
  // tombstones with a value (InvalidArgumentError). When a group starts (entries_in_group_ == 0)
  // record its first key and offset: index_.Add(key, file_->size()). Encode the entry, append it,
  // extend group_crc_ over the same bytes, remember the key, count it, and close the group with
  // FinishGroup() once it holds options_.index_interval entries.
  throw NotImplementedError("SSTableWriter::AppendEntry", "book chapter 2, task 2: writing");
}

void SSTableWriter::FinishGroup() {
  // TODO(ch02 task 2): append group_crc_ as 4 little-endian bytes; start a new group.
  throw NotImplementedError("SSTableWriter::FinishGroup", "book chapter 2, task 2: writing");
}

void SSTableWriter::Finish() {
  // TODO(ch02 task 3): close the last (short) group, append the index (index_.AppendTo, with
  // index_.size() and index_.crc() for the footer) and the footer (AppendFilterAndFooter, given:
  // it also writes chapter 6's filter when there is one), then make
  // the table durable and visible: Sync, Close, Rename(TempPath(path_), path_), SyncDir.
  throw NotImplementedError("SSTableWriter::Finish", "book chapter 2, task 3: finishing");
}

}  // namespace lsm
