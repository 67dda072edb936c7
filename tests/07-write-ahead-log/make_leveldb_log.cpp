// make_leveldb_log: writes the golden log data/leveldb-1.23.log with LevelDB itself.
//
//   make_leveldb_log OUTPUT          writes the log to OUTPUT
//   make_leveldb_log --check GOLDEN  writes it to a scratch file and compares it with GOLDEN
//
// Creates a new LevelDB database in a scratch directory with default options, except a
// write_buffer_size (64 MiB) far above what the batches hold, so that the memtable is never
// written to a table and every batch stays in the log. Writes golden_batches.h's batches, one
// DB::Write each, closes the database (LevelDB does not flush the memtable on close) and copies
// its only *.log file to OUTPUT. Links LevelDB and nothing of ours: the log is LevelDB's own.
// Exit status 0 on success, 1 if LevelDB fails, the directory is not as expected or (--check)
// the log differs from GOLDEN, 2 for a usage error.

#include <leveldb/db.h>
#include <leveldb/options.h>
#include <leveldb/write_batch.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/07-write-ahead-log/golden_batches.h"

namespace {

namespace fs = std::filesystem;
namespace golden = lsm::testing::golden;

void Check(const leveldb::Status& status, const std::string& what) {
  if (!status.ok()) throw std::runtime_error(what + ": " + status.ToString());
}

// The files of `dir` whose names end in `suffix`.
std::vector<fs::path> FilesEndingIn(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().ends_with(suffix)) found.push_back(entry.path());
  }
  return found;
}

// The one *.log of `dir`, after checking that no table was written.
fs::path OnlyLog(const fs::path& dir) {
  if (!FilesEndingIn(dir, ".ldb").empty() || !FilesEndingIn(dir, ".sst").empty()) {
    throw std::runtime_error("LevelDB wrote a table: the batches are not all in the log");
  }
  const std::vector<fs::path> logs = FilesEndingIn(dir, ".log");
  if (logs.size() != 1) {
    throw std::runtime_error(std::to_string(logs.size()) + " *.log files in " + dir.string() +
                             ", expected 1");
  }
  return logs.front();
}

void Run(const fs::path& dir, const fs::path& output) {
  leveldb::Options options;  // LevelDB's defaults, but for:
  options.create_if_missing = true;
  options.error_if_exists = true;
  options.write_buffer_size = std::size_t{64} << 20;  // never a memtable flush
  leveldb::DB* raw = nullptr;
  Check(leveldb::DB::Open(options, dir.string(), &raw), "open " + dir.string());
  std::unique_ptr<leveldb::DB> db(raw);

  const std::vector<golden::Batch> batches = golden::GoldenBatches();
  std::uint64_t expected_size = 0;  // what golden_batches.h's arithmetic predicts
  for (const golden::Batch& batch : batches) {
    leveldb::WriteBatch write;
    for (const golden::Entry& e : batch.entries) {
      if (e.is_put) {
        write.Put(e.key, e.value);
      } else {
        write.Delete(e.key);
      }
    }
    if (write.ApproximateSize() != golden::EncodedBytes(batch.entries)) {
      throw std::runtime_error(
          "batch \"" + batch.name + "\" encodes to " + std::to_string(write.ApproximateSize()) +
          " bytes, golden_batches.h says " + std::to_string(golden::EncodedBytes(batch.entries)));
    }
    expected_size = golden::LogSizeAfter(expected_size, write.ApproximateSize());
    Check(db->Write(leveldb::WriteOptions(), &write), "write batch \"" + batch.name + "\"");
  }
  std::string files;
  if (!db->GetProperty("leveldb.num-files-at-level0", &files) || files != "0") {
    throw std::runtime_error("LevelDB flushed the memtable (level-0 files: " + files + ")");
  }
  db.reset();  // closes; the memtable is dropped, the log keeps everything

  const fs::path log = OnlyLog(dir);
  if (fs::file_size(log) != expected_size) {
    throw std::runtime_error(log.string() + " has " + std::to_string(fs::file_size(log)) +
                             " bytes, golden_batches.h's layout arithmetic says " +
                             std::to_string(expected_size));
  }
  fs::copy_file(log, output, fs::copy_options::overwrite_existing);
  std::printf("%s: %ju bytes, %zu batches, written by LevelDB %d.%d as %s\n", output.c_str(),
              static_cast<std::uintmax_t>(fs::file_size(output)), batches.size(),
              leveldb::kMajorVersion, leveldb::kMinorVersion, log.filename().c_str());
}

std::string Contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Throws unless the files at `made` and `golden` hold the same bytes, naming the first
// difference.
void Compare(const fs::path& made, const fs::path& golden) {
  const std::string a = Contents(made);
  const std::string b = Contents(golden);
  std::size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  if (at == a.size() && at == b.size()) {
    std::printf("%s: LevelDB writes these bytes today too\n", golden.c_str());
    return;
  }
  throw std::runtime_error("LevelDB's log (" + std::to_string(a.size()) + " bytes) differs from " +
                           golden.string() + " (" + std::to_string(b.size()) +
                           " bytes) first at byte " + std::to_string(at) + " (block " +
                           std::to_string(at / golden::kBlock) + ")");
}

}  // namespace

int main(int argc, char** argv) {
  const bool check = argc == 3 && std::string(argv[1]) == "--check";
  if (argc != 2 + (check ? 1 : 0) || (!check && argv[1][0] == '-')) {
    std::fprintf(stderr, "usage: %s OUTPUT | --check GOLDEN\n", argv[0]);
    return 2;
  }
  std::string scratch = (fs::temp_directory_path() / "make-leveldb-log-XXXXXX").string();
  if (mkdtemp(scratch.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  int status = 0;
  try {
    if (check) {
      const fs::path made = fs::path(scratch) / "made.log";
      Run(fs::path(scratch) / "db", made);
      Compare(made, argv[2]);
    } else {
      Run(fs::path(scratch) / "db", argv[1]);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "make_leveldb_log: %s\n", error.what());
    status = 1;
  }
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  return status;
}
