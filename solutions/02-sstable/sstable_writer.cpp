// Reference solution, chapter 2: writing a table.

#include <filesystem>

#include "chapters/02-sstable/format.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "common/coding.h"
#include "common/crc32c.h"
#include "common/errors.h"

namespace lsm {

//! [add]
void SSTableWriter::AppendEntry(std::string_view key, std::string_view value, bool tombstone) {
  if (finished_) throw InvalidArgumentError("SSTableWriter::Add after Finish: " + path_);
  if (entry_count_ > 0 && !(last_key_ < key)) {
    throw InvalidArgumentError(
        "SSTableWriter::Add: keys must strictly increase; got a key <= "
        "the previous one in " +
        path_);
  }
  if (tombstone && !value.empty()) {
    throw InvalidArgumentError("SSTableWriter::Add: a tombstone has no value");
  }
  if (entries_in_group_ == 0) {
    index_.Add(key, file_->size());  // a group starts: index its first key and offset
  }
  scratch_.clear();
  sst::EncodeEntry(scratch_, key, value, tombstone);
  file_->Append(scratch_);
  group_crc_ = Crc32c(scratch_, group_crc_);
  last_key_.assign(key);
  ++entry_count_;
  if (++entries_in_group_ == options_.index_interval) FinishGroup();
}

void SSTableWriter::FinishGroup() {
  std::string checksum;
  PutFixed32(checksum, group_crc_);
  file_->Append(checksum);
  entries_in_group_ = 0;
  group_crc_ = 0;
}
//! [add]

//! [finish]
void SSTableWriter::Finish() {
  if (finished_) throw InvalidArgumentError("SSTableWriter::Finish called twice: " + path_);
  if (entries_in_group_ > 0) FinishGroup();  // the last group may be short

  sst::Footer footer;
  footer.index_offset = file_->size();
  footer.index_size = index_.size();
  footer.entry_count = entry_count_;
  footer.index_interval = options_.index_interval;
  footer.index_crc = index_.crc();
  index_.AppendTo(*file_);
  AppendFilterAndFooter(footer);  // given: chapter 6's filter block (if any), then the footer

  // Durable before visible: fsync the data, then rename, then fsync the directory so that the
  // rename itself survives a power loss.
  file_->Sync();
  file_->Close();
  fs_.Rename(TempPath(path_), path_);
  const std::filesystem::path directory = std::filesystem::path(path_).parent_path();
  fs_.SyncDir(directory.empty() ? "." : directory.string());
  finished_ = true;
}
//! [finish]

}  // namespace lsm
