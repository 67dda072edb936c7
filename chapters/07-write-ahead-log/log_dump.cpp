// log-dump: shows what is inside a write-ahead log, with file offsets: every record, the
// physical fragments it was written as, and the write batch it carries.
//
//   log-dump FILE                       records, fragments and batch entries
//   log-dump --summary FILE             records and batch headers only
//   log-dump --mode=point-in-time FILE  read as that recovery mode does (also: absolute,
//                                       tolerate-tail, the default)
//
// Exit status: 0 for an undamaged log; 1 if the log is damaged (a torn tail included, after
// printing everything before it and what was dropped); 2 for a usage error.

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "chapters/07-write-ahead-log/batch_log.h"
#include "chapters/07-write-ahead-log/log_format.h"
#include "common/bytes.h"
#include "common/coding.h"
#include "common/errors.h"
#include "common/file_system.h"

namespace {

using lsm::wal::kBlockSize;
using lsm::wal::kHeaderSize;

std::string Shown(std::string_view bytes, std::size_t limit = 40) {
  std::string shown = lsm::EscapeBytes(bytes.substr(0, limit));
  if (bytes.size() > limit) shown += "...(" + std::to_string(bytes.size()) + " bytes)";
  return shown;
}

const char* TypeName(std::uint8_t type) {
  static const char* const kNames[] = {"ZERO", "FULL", "FIRST", "MIDDLE", "LAST"};
  return type <= lsm::wal::kMaxRecordType ? kNames[type] : "?";
}

// Prints the physical records of a record the reader accepted, starting at `offset`: headers are
// read again from the file (the reader has checked them), skipping block trailers.
void PrintFragments(const lsm::RandomAccessFile& file, std::uint64_t offset) {
  char header[kHeaderSize];
  while (true) {
    if (kBlockSize - offset % kBlockSize < kHeaderSize) {
      std::printf("    @%-8llu trailer of %llu zero bytes\n",
                  static_cast<unsigned long long>(offset),
                  static_cast<unsigned long long>(kBlockSize - offset % kBlockSize));
      offset += kBlockSize - offset % kBlockSize;
    }
    static_cast<void>(file.Read(offset, kHeaderSize, header));
    const std::size_t length =
        static_cast<unsigned char>(header[4]) |
        (static_cast<std::size_t>(static_cast<unsigned char>(header[5])) << 8);
    const auto type = static_cast<std::uint8_t>(header[6]);
    std::printf("    @%-8llu block %llu  %-6s %5zu bytes  crc %08x (checked)\n",
                static_cast<unsigned long long>(offset),
                static_cast<unsigned long long>(offset / kBlockSize), TypeName(type), length,
                lsm::DecodeFixed32(header));
    offset += kHeaderSize + length;
    if (type == static_cast<std::uint8_t>(lsm::wal::RecordType::kFull) ||
        type == static_cast<std::uint8_t>(lsm::wal::RecordType::kLast)) {
      return;
    }
  }
}

int Dump(const std::string& path, bool details, lsm::wal::RecoveryMode mode) {
  auto& fs = lsm::FileSystem::Posix();
  const auto fragments = fs.NewRandomAccessFile(path);
  lsm::wal::LogReader reader(fs.NewRandomAccessFile(path), mode);
  std::printf("%s: %llu bytes, %llu blocks of %zu\n", path.c_str(),
              static_cast<unsigned long long>(reader.file_size()),
              static_cast<unsigned long long>((reader.file_size() + kBlockSize - 1) / kBlockSize),
              kBlockSize);
  lsm::wal::BatchLogReader batches(reader);
  std::uint64_t records = 0;
  std::uint64_t entries = 0;
  while (const auto batch = batches.Next()) {
    ++records;
    entries += batch->count();
    std::printf("record @%llu: %zu bytes, batch sequence %llu, %u entries\n",
                static_cast<unsigned long long>(reader.last_record_offset()),
                batch->contents().size(), static_cast<unsigned long long>(batch->sequence()),
                batch->count());
    if (!details) continue;
    PrintFragments(*fragments, reader.last_record_offset());
    std::uint64_t sequence = batch->sequence();
    for (const lsm::BatchEntry& entry : batch->Entries()) {
      std::printf("    #%-8llu %-6s \"%s\"%s%s%s\n", static_cast<unsigned long long>(sequence++),
                  entry.is_put ? "put" : "remove", Shown(entry.key).c_str(),
                  entry.is_put ? " -> \"" : "", entry.is_put ? Shown(entry.value).c_str() : "",
                  entry.is_put ? "\"" : "");
    }
  }
  std::printf("%llu records, %llu entries, next sequence %llu\n",
              static_cast<unsigned long long>(records), static_cast<unsigned long long>(entries),
              static_cast<unsigned long long>(batches.next_sequence()));
  for (const lsm::wal::DroppedBytes& dropped : reader.dropped()) {
    std::printf("dropped @%llu: %llu bytes: %s\n", static_cast<unsigned long long>(dropped.offset),
                static_cast<unsigned long long>(dropped.bytes), dropped.reason.c_str());
  }
  return reader.dropped().empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  bool details = true;
  auto mode = lsm::wal::RecoveryMode::kTolerateCorruptedTail;
  const char* path = nullptr;
  bool usage_error = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--summary") {
      details = false;
    } else if (arg == "--mode=absolute") {
      mode = lsm::wal::RecoveryMode::kAbsoluteConsistency;
    } else if (arg == "--mode=tolerate-tail") {
      mode = lsm::wal::RecoveryMode::kTolerateCorruptedTail;
    } else if (arg == "--mode=point-in-time") {
      mode = lsm::wal::RecoveryMode::kPointInTime;
    } else if (path == nullptr && !arg.starts_with("-")) {
      path = argv[i];
    } else {
      usage_error = true;
    }
  }
  if (path == nullptr || usage_error) {
    std::fprintf(
        stderr, "usage: log-dump [--summary] [--mode=absolute|tolerate-tail|point-in-time] FILE\n");
    return 2;
  }
  try {
    return Dump(path, details, mode);
  } catch (const lsm::Error& error) {
    std::fflush(stdout);
    std::fprintf(stderr, "log-dump: %s\n", error.what());
    return 1;
  }
}
