// Logs for chapter 7's tests: written with the learner's LogWriter into a temporary directory,
// read back with the learner's LogReader.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chapters/07-write-ahead-log/log_reader.h"
#include "chapters/07-write-ahead-log/log_writer.h"
#include "common/errors.h"
#include "common/file_system.h"

namespace lsm::testing {

/// Writes `records` as a log at `path`, one AddRecord each, and closes it. Returns the file
/// offset where each record ends.
inline std::vector<std::uint64_t> WriteLog(const std::string& path,
                                           const std::vector<std::string>& records) {
  wal::LogWriter writer(FileSystem::Posix().NewWritableFile(path));
  std::vector<std::uint64_t> ends;
  for (const std::string& record : records) {
    writer.AddRecord(record);
    ends.push_back(writer.size());
  }
  writer.Close();
  return ends;
}

/// What a reader made of a log: the records it returned, what it dropped, and the error that
/// stopped it, if one did.
struct LogRead {
  std::vector<std::string> records;
  std::vector<wal::DroppedBytes> dropped;
  std::optional<std::string> error;  ///< CorruptionError::what(), if one was thrown
  std::uint64_t error_offset = 0;    ///< its offset
  std::string error_file;            ///< its file
};

/// Reads every record of the log at `path` in `mode`, catching the CorruptionError that may end
/// it.
inline LogRead ReadLog(const std::string& path, wal::RecoveryMode mode) {
  LogRead read;
  wal::LogReader reader(FileSystem::Posix().NewRandomAccessFile(path), mode);
  try {
    while (const auto record = reader.ReadRecord()) read.records.emplace_back(*record);
  } catch (const CorruptionError& error) {
    read.error = error.what();
    read.error_offset = error.offset();
    read.error_file = error.file();
  }
  read.dropped = reader.dropped();
  return read;
}

}  // namespace lsm::testing
