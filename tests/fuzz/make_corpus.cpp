// Writes the fuzz targets' seed corpus with the real writer and tree, so that fuzzing starts from
// valid files of every shape and mutates from there:
//
//   make_corpus <sstable dir> <tree_open dir>
//
// writes seed-*.sst into the first directory (inputs of fuzz_sstable) and seed-*.tree into the
// second (inputs of fuzz_tree_open, format in fuzz_support.h). Other files there (regression
// inputs) are left alone. The output is the same on every run. The build target
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
  {  // Not a tree: files but no MANIFEST (Open refuses it).
    const fs::path dir = scratch / "foreign";
    fs::create_directory(dir);
    lsm::fuzz::WriteFile((dir / "000001.sst").string(), "");
    lsm::fuzz::WriteFile((dir / "notes.txt").string(), "not ours\n");
    WriteTree(out_dir, "seed-not-a-tree.tree", dir);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <sstable corpus dir> <tree_open corpus dir>\n", argv[0]);
    return 2;
  }
  fs::create_directories(argv[1]);
  fs::create_directories(argv[2]);
  WriteTables(argv[1]);
  WriteTrees(argv[2]);
  return 0;
}
