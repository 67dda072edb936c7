// Chapter 7 demo: batches written to a log, the log read back, and what a crash in the middle of
// a write leaves: a torn tail that recovery drops, while every earlier batch survives.
//
//   ch07_demo [LOG]   writes the demo's log to LOG (default: a temporary directory)

#include <cstdio>
#include <string>

#include "chapters/07-write-ahead-log/batch_log.h"
#include "chapters/07-write-ahead-log/log_writer.h"
#include "common/file_system.h"
#include "common/generators.h"
#include "common/temp_dir.h"

namespace {

// One log of `batches` batches of `entries` puts each (16-byte keys, 100-byte values); returns its
// size.
std::uint64_t WriteBatches(const std::string& path, int batches, int entries) {
  const lsm::KeyGenerator keys;
  const std::string value(100, 'v');
  lsm::wal::LogWriter log(lsm::FileSystem::Posix().NewWritableFile(path));
  std::uint64_t sequence = 1;
  for (int b = 0; b < batches; ++b) {
    lsm::WriteBatch batch;
    for (int e = 0; e < entries; ++e) batch.Put(keys.RandomKey(sequence + e), value);
    batch.SetSequence(sequence);
    sequence = batch.end_sequence();
    log.AddRecord(batch.contents());
  }
  log.Close();
  return log.size();
}

}  // namespace

int main(int argc, char** argv) {
  const lsm::TempDir scratch;
  const std::string path = argc > 1 ? argv[1] : (scratch / "000001.log").string();

  std::printf("Log bytes per entry, 16-byte keys and 100-byte values (100,000 entries):\n");
  for (const int per_batch : {1, 10, 100, 1000}) {
    const std::uint64_t size =
        WriteBatches((scratch / "size.log").string(), 100'000 / per_batch, per_batch);
    std::printf("  batches of %4d: %9llu bytes, %.2f bytes per entry\n", per_batch,
                static_cast<unsigned long long>(size), static_cast<double>(size) / 100'000);
  }

  // The log the book dumps: three batches, the middle one big enough to span two blocks.
  lsm::wal::LogWriter log(lsm::FileSystem::Posix().NewWritableFile(path));
  lsm::WriteBatch batch;
  batch.Put("apple", "red");
  batch.Put("banana", "yellow");
  batch.SetSequence(1);
  log.AddRecord(batch.contents());
  batch.Clear();
  batch.Put("big", std::string(40'000, 'b'));
  batch.Remove("apple");
  batch.SetSequence(3);
  log.AddRecord(batch.contents());
  batch.Clear();
  batch.Put("cherry", "dark red");
  batch.SetSequence(5);
  log.AddRecord(batch.contents());
  log.Close();
  std::printf("\nWrote %s: %llu bytes, 3 batches.\n", path.c_str(),
              static_cast<unsigned long long>(log.size()));

  // A crash while the last batch was being written: the file ends 5 bytes into its record.
  const std::string torn = (scratch / "torn.log").string();
  {
    const auto source = lsm::FileSystem::Posix().NewRandomAccessFile(path);
    std::string bytes(source->size() - 8, '\0');
    static_cast<void>(source->Read(0, bytes.size(), bytes.data()));
    auto out = lsm::FileSystem::Posix().NewWritableFile(torn);
    out->Append(bytes);
    out->Close();
  }
  lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile(torn));
  lsm::wal::BatchLogReader batches(reader, 1);
  std::printf("\nThe same log cut 8 bytes short, as a crash mid-write leaves it:\n");
  while (const auto read = batches.Next()) {
    std::printf("  recovered batch %llu..%llu (%u entries)\n",
                static_cast<unsigned long long>(read->sequence()),
                static_cast<unsigned long long>(read->end_sequence() - 1), read->count());
  }
  for (const lsm::wal::DroppedBytes& dropped : reader.dropped()) {
    std::printf("  dropped %llu bytes at offset %llu: %s\n",
                static_cast<unsigned long long>(dropped.bytes),
                static_cast<unsigned long long>(dropped.offset), dropped.reason.c_str());
  }
  return 0;
}
