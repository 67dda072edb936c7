// Writes the fuzz targets' seed corpus with the real writer and tree, so that fuzzing starts from
// valid files of every shape and mutates from there:
//
//   make_corpus <sstable dir> <tree_open dir> <log dir>
//
// writes seed-*.sst into the first directory (inputs of fuzz_sstable), seed-*.tree into the
// second (inputs of fuzz_tree_open, format in fuzz_support.h) and seed-*.log into the third
// (inputs of fuzz_log: logs of write batches, written with chapter 7's LogWriter). Other files
// there (regression inputs) are left alone. The output is the same on every run. The build target
// fuzz_seed_corpus runs it on tests/fuzz/corpus/.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chapters/02-sstable/sstable_writer.h"
#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/06-bloom-filter/bloom_filter.h"
#include "chapters/07-write-ahead-log/db.h"
#include "chapters/07-write-ahead-log/log_format.h"
#include "chapters/07-write-ahead-log/log_writer.h"
#include "chapters/07-write-ahead-log/write_batch.h"
#include "common/file_system.h"
#include "common/temp_dir.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/support/files.h"

namespace {

namespace fs = std::filesystem;

struct SeedEntry {
  std::string key;
  std::string value;
  bool tombstone = false;
};

// `i` in decimal, zero-padded to `width` digits.
std::string Number(int i, int width) {
  char text[32];
  std::snprintf(text, sizeof text, "%0*d", width, i);
  return text;
}

void WriteTable(const fs::path& out_dir, const std::string& name, std::uint32_t interval,
                const std::vector<SeedEntry>& entries, int bloom_bits_per_key = 0) {
  lsm::SSTableOptions options;
  options.index_interval = interval;
  if (bloom_bits_per_key > 0) {  // format version 2, with chapter 6's filter block
    options.filter_policy = std::make_shared<lsm::BloomFilterPolicy>(bloom_bits_per_key);
  }
  const std::string path = (out_dir / name).string();
  lsm::SSTableWriter writer(path, options);
  for (const SeedEntry& entry : entries) writer.Add(entry.key, entry.value, entry.tombstone);
  writer.Finish();
  std::printf("%s: %zu entries, interval %u, %ju bytes\n", path.c_str(), entries.size(), interval,
              static_cast<std::uintmax_t>(fs::file_size(path)));
}

void WriteTables(const fs::path& out_dir) {
  WriteTable(out_dir, "seed-empty.sst", 16, {});
  WriteTable(out_dir, "seed-one-entry.sst", 16, {{"key", "value"}});
  WriteTable(out_dir, "seed-interval1-tombstones.sst", 1,
             {{"apple", "red"}, {"banana", "", true}, {"cherry", "dark"}, {"date", "", true}});

  std::vector<SeedEntry> entries;  // 30 entries, every third a tombstone: a partial last group
  for (int i = 0; i < 30; ++i) {
    const bool tombstone = i % 3 == 2;
    entries.push_back(
        {"key" + Number(i, 3), tombstone ? "" : "value" + std::to_string(i * 7), tombstone});
  }
  WriteTable(out_dir, "seed-interval4-tombstones.sst", 4, entries);

  entries.clear();  // 80 entries at the default interval: several full groups
  for (int i = 0; i < 80; ++i) {
    entries.push_back({"user:" + Number(i * 13, 5), std::string(static_cast<std::size_t>(i % 9),
                                                                static_cast<char>('a' + i % 26))});
  }
  WriteTable(out_dir, "seed-interval16.sst", 16, entries);
  WriteTable(out_dir, "seed-interval4-bloom.sst", 4, entries, 10);

  // Binary keys: the empty key, NUL and 0xff bytes, a key that is a prefix of the next; an
  // empty value that is not a tombstone.
  WriteTable(out_dir, "seed-binary-keys.sst", 3,
             {{"", "empty key"},
              {std::string("\0", 1), "nul"},
              {std::string("\0\0", 2), ""},
              {std::string("a\0b", 3), "inner nul"},
              {"ab", "", true},
              {"abc", "prefix"},
              {"\x7f", "del"},
              {"\xfe\xff", "high"},
              {"\xff", std::string("\x00\x01\x02\xff", 4)},
              {"\xff\xff\xff", "", true}});

  // One value much larger than the rest.
  WriteTable(out_dir, "seed-large-value.sst", 2,
             {{"a", "1"}, {"b", std::string(1500, 'x')}, {"c", "3"}, {"d", "", true}, {"e", "5"}});
}

// Encodes the tree directory `dir` as a fuzz_tree_open input and writes it to out_dir/name.
void WriteTree(const fs::path& out_dir, const std::string& name, const fs::path& dir) {
  std::vector<lsm::fuzz::NamedFile> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    files.emplace_back(entry.path().filename().string(), lsm::testing::ReadFile(entry.path()));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    return std::pair(a.first != "MANIFEST", a.first) < std::pair(b.first != "MANIFEST", b.first);
  });  // MANIFEST first, as DecodeTreeInput() returns it
  const std::string input = lsm::fuzz::EncodeTreeInput(files);
  lsm::fuzz::Require(lsm::fuzz::DecodeTreeInput(input) == files,
                     name + " does not decode to the files it encodes");
  lsm::fuzz::WriteFile((out_dir / name).string(), input);
  std::printf("%s: %zu files, %zu bytes\n", (out_dir / name).c_str(), files.size(), input.size());
}

lsm::LsmOptions SmallTables() {
  lsm::LsmOptions options;
  options.table_options.index_interval = 4;
  return options;
}

void WriteTrees(const fs::path& out_dir) {
  const lsm::TempDir scratch("lsm-fuzz-corpus");

  {  // A new tree: MANIFEST only, no tables.
    const fs::path dir = scratch / "new";
    static_cast<void>(lsm::LsmTree::Open(dir.string(), SmallTables()));
    WriteTree(out_dir, "seed-new-tree.tree", dir);
  }
  {  // One table.
    const fs::path dir = scratch / "one";
    auto tree = lsm::LsmTree::Open(dir.string(), SmallTables());
    for (int i = 0; i < 10; ++i) tree->Put("k" + Number(i, 2), "v" + std::to_string(i));
    tree->Flush();
    tree.reset();
    WriteTree(out_dir, "seed-one-table.tree", dir);
  }
  {  // Two tables: the newer overwrites and deletes keys of the older.
    const fs::path dir = scratch / "two";
    auto tree = lsm::LsmTree::Open(dir.string(), SmallTables());
    for (int i = 0; i < 12; ++i) tree->Put("k" + Number(i, 2), "old" + std::to_string(i));
    tree->Flush();
    for (int i = 0; i < 12; i += 3) tree->Remove("k" + Number(i, 2));
    for (int i = 1; i < 12; i += 3) tree->Put("k" + Number(i, 2), "new" + std::to_string(i));
    tree->Put(std::string("\0\xff", 2), "binary");
    tree->Flush();
    tree.reset();
    WriteTree(out_dir, "seed-two-tables.tree", dir);
  }
  {  // A version 1 table, then a version 2 one with a Bloom filter (chapter 6) over it.
    const fs::path dir = scratch / "bloom";
    auto tree = lsm::LsmTree::Open(dir.string(), SmallTables());
    for (int i = 0; i < 12; ++i) tree->Put("k" + Number(i, 2), "old" + std::to_string(i));
    tree->Flush();
    tree.reset();
    lsm::LsmOptions options = SmallTables();
    options.table_options.filter_policy = std::make_shared<lsm::BloomFilterPolicy>();
    tree = lsm::LsmTree::Open(dir.string(), options);
    for (int i = 0; i < 12; i += 2) tree->Put("k" + Number(i, 2), "new" + std::to_string(i));
    tree->Remove("k03");
    tree->Flush();
    tree.reset();
    WriteTree(out_dir, "seed-bloom-over-plain.tree", dir);
  }
  {  // After a compaction: one table whose number is not 1, next-file past it.
    const fs::path dir = scratch / "compacted";
    auto tree = lsm::LsmTree::Open(dir.string(), SmallTables());
    for (int i = 0; i < 6; ++i) tree->Put("a" + std::to_string(i), "1");
    tree->Flush();
    tree->Remove("a2");
    tree->Put("b", "2");
    tree->Flush();
    tree->NaiveCompact();
    tree.reset();
    WriteTree(out_dir, "seed-compacted.tree", dir);
  }
  {  // Leftovers of an interrupted flush: an unlisted table and temporary files, which Open
     // deletes; and a file that is not ours, which it keeps.
    const fs::path dir = scratch / "leftovers";
    auto tree = lsm::LsmTree::Open(dir.string(), SmallTables());
    tree->Put("x", "1");
    tree->Flush();
    tree.reset();
    fs::copy_file(dir / "000001.sst", dir / "000002.sst");
    lsm::fuzz::WriteFile((dir / "000003.sst.tmp").string(), "half a table");
    lsm::fuzz::WriteFile((dir / "MANIFEST.tmp").string(), "lsm-tutorial manifest 1\n");
    lsm::fuzz::WriteFile((dir / "notes.txt").string(), "not ours\n");
    WriteTree(out_dir, "seed-leftovers.tree", dir);
  }
  {  // A database (chapter 7): manifest version 2, tables, and a live log that the open replays.
    const fs::path dir = scratch / "database";
    lsm::DbOptions options;
    options.tree = SmallTables();
    auto db = lsm::Db::Open(dir.string(), options);
    for (int i = 0; i < 12; ++i) db->Put("k" + Number(i, 2), "flushed" + std::to_string(i));
    db->Flush();
    lsm::WriteBatch batch;
    batch.Put("k03", "logged");
    batch.Remove("k04");
    batch.Put(std::string("\0\xff", 2), "binary");
    db->Write(batch);
    db->Put("k05", "logged too");
    db.reset();  // closes the log; nothing more is flushed
    WriteTree(out_dir, "seed-database.tree", dir);
  }
  {  // Not a tree: files but no MANIFEST (Open refuses it).
    const fs::path dir = scratch / "foreign";
    fs::create_directory(dir);
    lsm::fuzz::WriteFile((dir / "000001.sst").string(), "");
    lsm::fuzz::WriteFile((dir / "notes.txt").string(), "not ours\n");
    WriteTree(out_dir, "seed-not-a-tree.tree", dir);
  }
}

// A write batch of `entries` numbered from `sequence`, as a log record carries it.
std::string Batch(std::uint64_t sequence, const std::vector<SeedEntry>& entries) {
  lsm::WriteBatch batch;
  for (const SeedEntry& entry : entries) {
    if (entry.tombstone) {
      batch.Remove(entry.key);
    } else {
      batch.Put(entry.key, entry.value);
    }
  }
  batch.SetSequence(sequence);
  return batch.contents();
}

// A one-put batch whose record, written at log offset `at`, ends at block offset `block_end`
// (of the same block: `at` must leave room).
std::string PaddingBatch(std::uint64_t sequence, std::uint64_t at, std::uint64_t block_end) {
  for (std::size_t n = 0;; ++n) {
    std::string batch = Batch(sequence, {{"pad", std::string(n, 'p')}});
    const std::uint64_t end = at % lsm::wal::kBlockSize + lsm::wal::kHeaderSize + batch.size();
    if (end == block_end) return batch;
    lsm::fuzz::Require(end < block_end, "no padding batch ends there");
  }
}

// Writes `records` with LogWriter as out_dir/name, then keeps the first `keep` bytes (all if
// npos) and appends `tail`: what a crash, a preallocation or damage leaves.
void WriteLogSeed(const fs::path& out_dir, const std::string& name,
                  const std::vector<std::string>& records, std::size_t keep = std::string::npos,
                  const std::string& tail = "") {
  const std::string path = (out_dir / name).string();
  lsm::wal::LogWriter writer(lsm::FileSystem::Posix().NewWritableFile(path));
  for (const std::string& record : records) writer.AddRecord(record);
  writer.Close();
  const std::string log = lsm::testing::ReadFile(path).substr(0, keep) + tail;
  lsm::fuzz::WriteFile(path, log);
  std::printf("%s: %zu records, %zu bytes\n", path.c_str(), records.size(), log.size());
}

void WriteLogs(const fs::path& out_dir) {
  using lsm::wal::kBlockSize;
  using lsm::wal::kHeaderSize;
  WriteLogSeed(out_dir, "seed-empty.log", {});
  // Not a log but one batch's encoding: fuzz_log also decodes the raw input as a batch, and
  // small batches let the fuzzer reach every branch of the decoder quickly.
  const std::string raw = Batch(
      7, {{"put", "value"}, {"removed", "", true}, {"", ""}, {std::string(200, 'k'), "long key"}});
  lsm::fuzz::WriteFile((out_dir / "seed-raw-batch.log").string(), raw);
  std::printf("%s: one batch, not a log, %zu bytes\n", (out_dir / "seed-raw-batch.log").c_str(),
              raw.size());
  WriteLogSeed(out_dir, "seed-one-full.log",
               {Batch(1, {{"key", "value"}, {"gone", "", true}, {"", ""}})});
  std::string large(100000, '\0');  // every byte value, so fragments differ
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i * 7 % 251);
  WriteLogSeed(out_dir, "seed-fragmented-100k.log", {Batch(1, {{"large", large}})});

  // 360 batches of 0 to 3 entries over two blocks, a gap in the numbering.
  std::vector<std::string> small;
  std::uint64_t sequence = 1;
  for (int i = 0; i < 360; ++i) {
    std::vector<SeedEntry> entries;
    for (int j = 0; j < i % 4; ++j) {
      const std::string key = "k" + Number((i * 7 + j) % 97, 2);
      const std::string value = Number(i, 4) + std::string(60, static_cast<char>('a' + i % 26));
      entries.push_back(j == 2 ? SeedEntry{key, "", true} : SeedEntry{key, value});
    }
    if (i == 100) entries.push_back({std::string("\0\xff", 2), std::string("\xff\0", 2)});
    small.push_back(Batch(sequence, entries));
    sequence += entries.size() + (i == 200 ? 1000 : 0);
  }
  WriteLogSeed(out_dir, "seed-many-small.log", small);

  // A record ending 3 bytes before its block's end: the log ends there, or in the trailer a
  // writer cut after zeroing it left, or goes on after the trailer in the next block.
  const std::string pad3 = PaddingBatch(1, 0, kBlockSize - 3);
  WriteLogSeed(out_dir, "seed-ends-before-trailer.log", {pad3});
  WriteLogSeed(out_dir, "seed-ends-in-trailer.log", {pad3}, std::string::npos,
               std::string(3, '\0'));
  WriteLogSeed(out_dir, "seed-trailer-then-record.log", {pad3, Batch(2, {{"next", "block"}})});
  // 7 bytes left: the next record starts with an empty FIRST fragment.
  WriteLogSeed(out_dir, "seed-empty-first.log",
               {PaddingBatch(1, 0, kBlockSize - kHeaderSize), Batch(2, {{"split", "record"}})});

  const std::vector<std::string> three = {Batch(1, {{"a", "1"}}), Batch(2, {{"b", "2"}}),
                                          Batch(3, {{"c", std::string(50000, 'c')}})};
  // Torn tail: the last record cut inside its second fragment.
  WriteLogSeed(out_dir, "seed-torn-tail.log", three, kBlockSize + 1000);
  // Zeros after the last record, as a preallocated file holds.
  WriteLogSeed(out_dir, "seed-zeros-after.log", {three[0], three[1]}, std::string::npos,
               std::string(4096, '\0'));
  // Damage before the tail: the second record's payload changed, the third one intact.
  const std::size_t second_payload = 2 * kHeaderSize + three[0].size() + 3;
  WriteLogSeed(out_dir, "seed-damage-before-tail.log", three);
  std::string damaged = lsm::testing::ReadFile(out_dir / "seed-damage-before-tail.log");
  damaged[second_payload] = static_cast<char>(damaged[second_payload] ^ 0x40);
  lsm::fuzz::WriteFile((out_dir / "seed-damage-before-tail.log").string(), damaged);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s <sstable corpus dir> <tree_open corpus dir> <log corpus dir>\n",
                 argv[0]);
    return 2;
  }
  fs::create_directories(argv[1]);
  fs::create_directories(argv[2]);
  fs::create_directories(argv[3]);
  WriteTables(argv[1]);
  WriteTrees(argv[2]);
  WriteLogs(argv[3]);
  return 0;
}
