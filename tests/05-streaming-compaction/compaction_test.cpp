// Chapter 5: streaming compaction gives the naive compaction's result, in one table.

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/02-sstable/sstable_writer.h"
#include "chapters/04-streaming-merge/streaming_scan.h"
#include "chapters/05-streaming-compaction/compaction.h"
#include "common/file_system.h"
#include "common/temp_dir.h"
#include "tests/support/iteration.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/scans.h"
#include "tests/support/tree_options.h"
#include "tests/support/trees.h"

using lsm::KeyRange;
using lsm::LsmTree;
using lsm::testing::Bytes;
using lsm::testing::OpenTree;
using lsm::testing::SameEntries;

namespace {

lsm::LsmOptions ManualFlush() { return lsm::testing::ManualFlush(4); }

void BuildRandomTree(const std::string& path, std::uint64_t seed) {
  auto tree = OpenTree(path, ManualFlush());
  lsm::Random random(seed);
  const auto tables = 1 + random.Uniform(6);
  for (std::uint64_t t = 0; t < tables; ++t) {
    const auto entries = random.Uniform(80);
    for (std::uint64_t i = 0; i < entries; ++i) {
      const std::string key = lsm::testing::RandomSmallKey(random, 4);
      if (random.OneIn(4)) {
        REQUIRE_NOTHROW(tree->Remove(key));
      } else {
        REQUIRE_NOTHROW(tree->Put(key, lsm::testing::RandomValue(random)));
      }
    }
    REQUIRE_NOTHROW(tree->Flush());
  }
}

std::vector<lsm::testing::Seen> TableContents(const LsmTree& tree) {
  if (tree.tables().empty()) return {};
  REQUIRE(tree.tables().size() == 1);
  auto it = tree.tables()[0]->NewIterator();
  return lsm::testing::ScanForward(*it);
}

}  // namespace

TEST_CASE("streaming compaction writes exactly the naive compaction's entries", "[compaction]") {
  const lsm::TempDir dir;
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    INFO("seed " << seed);
    const auto original = dir / ("original" + std::to_string(seed));
    BuildRandomTree(original.string(), seed);
    std::filesystem::copy(original, dir / "naive", std::filesystem::copy_options::recursive);
    std::filesystem::copy(original, dir / "streaming", std::filesystem::copy_options::recursive);

    auto naive = OpenTree((dir / "naive").string(), ManualFlush());
    auto streaming = OpenTree((dir / "streaming").string(), ManualFlush());
    std::vector<lsm::KeyValue> before;
    REQUIRE_NOTHROW(before = naive->NaiveScan(KeyRange::All()));
    const std::uint64_t tables = streaming->tables().size();
    REQUIRE_NOTHROW(naive->NaiveCompact());
    lsm::CompactionStats stats;
    REQUIRE_NOTHROW(stats = lsm::Compact(*streaming));
    REQUIRE(SameEntries(TableContents(*streaming), TableContents(*naive)));
    CHECK(SameEntries(streaming->NaiveScan(KeyRange::All()), before));
    CHECK(stats.tables_in == tables);
    CHECK(stats.entries_out == before.size());
    CHECK(stats.entries_out + stats.tombstones_dropped <= stats.entries_in);
    std::filesystem::remove_all(dir / "naive");
    std::filesystem::remove_all(dir / "streaming");
  }
}

TEST_CASE("compaction drops tombstones and shadowed versions, keeps the memtable", "[compaction]") {
  const lsm::TempDir dir;
  auto tree = OpenTree((dir / "t").string(), ManualFlush());
  REQUIRE_NOTHROW(tree->Put("a", "1"));
  REQUIRE_NOTHROW(tree->Put("b", "1"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Put("a", "2"));
  REQUIRE_NOTHROW(tree->Remove("b"));
  REQUIRE_NOTHROW(tree->Remove("never"));
  REQUIRE_NOTHROW(tree->Flush());
  REQUIRE_NOTHROW(tree->Put("c", "in memory"));
  lsm::CompactionStats stats;
  REQUIRE_NOTHROW(stats = lsm::Compact(*tree));
  CHECK(stats.tables_in == 2);
  CHECK(stats.entries_in == 5);
  CHECK(stats.entries_out == 1);
  CHECK(stats.tombstones_dropped == 2);
  CHECK(TableContents(*tree) == std::vector<lsm::testing::Seen>{{"a", "2", false}});
  CHECK(tree->Get("c") == Bytes("in memory"));
}

TEST_CASE("compaction of nothing but tombstones leaves no table, and reopens", "[compaction]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "t").string();
  {
    auto tree = OpenTree(path, ManualFlush());
    REQUIRE_NOTHROW(tree->Put("k", "v"));
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(tree->Remove("k"));
    REQUIRE_NOTHROW(tree->Flush());
    REQUIRE_NOTHROW(lsm::Compact(*tree));
    CHECK(tree->tables().empty());
    REQUIRE_NOTHROW(lsm::Compact(*tree));  // nothing to do
  }
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    CHECK((name == "MANIFEST" || name == "LOCK"));  // no table, no temporary file left
  }
  auto tree = OpenTree(path, ManualFlush());
  CHECK(tree->Get("k") == std::nullopt);
}

TEST_CASE("a tree reopens after a streaming compaction with the same data", "[compaction]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "t").string();
  BuildRandomTree(path, 99);
  std::vector<lsm::KeyValue> before;
  {
    auto tree = OpenTree(path, ManualFlush());
    REQUIRE_NOTHROW(before = tree->NaiveScan(KeyRange::All()));
    REQUIRE_NOTHROW(lsm::Compact(*tree));
  }
  auto tree = OpenTree(path, ManualFlush());
  CHECK(tree->tables().size() <= 1);
  CHECK(SameEntries(tree->NaiveScan(KeyRange::All()), before));
  CHECK(lsm::testing::StreamForward(*tree).size() == before.size());
}

namespace {

// The real file system, counting the reads of each file and remembering the files created, by
// file name.
class WatchingFileSystem final : public lsm::ForwardingFileSystem {
 public:
  std::unique_ptr<lsm::RandomAccessFile> NewRandomAccessFile(const std::string& path) override {
    return std::make_unique<CountedFile>(base().NewRandomAccessFile(path),
                                         reads[std::filesystem::path(path).filename().string()]);
  }
  std::unique_ptr<lsm::WritableFile> NewWritableFile(const std::string& path) override {
    created.insert(std::filesystem::path(path).filename().string());
    return base().NewWritableFile(path);
  }

  std::map<std::string, int> reads;  // a std::map: the counters stay where they are
  std::set<std::string> created;

 private:
  class CountedFile final : public lsm::RandomAccessFile {
   public:
    CountedFile(std::unique_ptr<lsm::RandomAccessFile> file, int& reads)
        : file_(std::move(file)), reads_(reads) {}
    std::string_view Read(std::uint64_t offset, std::size_t n, char* scratch) const override {
      ++reads_;
      return file_->Read(offset, n, scratch);
    }
    std::uint64_t size() const override { return file_->size(); }
    const std::string& path() const override { return file_->path(); }

   private:
    std::unique_ptr<lsm::RandomAccessFile> file_;
    int& reads_;
  };
};

}  // namespace

TEST_CASE("the compaction reads and writes through the tree's file system, with its table options",
          "[compaction]") {
  const lsm::TempDir dir;
  WatchingFileSystem fs;
  constexpr std::uint32_t kInterval = 3;  // neither the default nor the other tests' 4
  auto tree = OpenTree((dir / "tree").string(), lsm::testing::ManualFlush(kInterval, nullptr, &fs));
  std::set<std::string> inputs;
  for (int table = 0; table < 3; ++table) {
    for (int i = 0; i < 10; ++i) {
      REQUIRE_NOTHROW(tree->Put("key" + std::to_string(table * 10 + i), "value"));
    }
    REQUIRE_NOTHROW(tree->Flush());
  }
  for (const auto& table : tree->tables()) {
    inputs.insert(std::filesystem::path(table->path()).filename().string());
  }
  for (auto& [name, count] : fs.reads) count = 0;
  fs.created.clear();
  REQUIRE_NOTHROW(lsm::Compact(*tree));

  std::string reads;
  for (const auto& [name, count] : fs.reads) reads += " " + name + ": " + std::to_string(count);
  INFO("reads per file that Compact made through tree.file_system():" << reads);
  INFO("files it created through tree.file_system(): " << Catch::Detail::stringify(fs.created));
  INFO(
      "pass tree.file_system() to every SSTableScanner and to the SSTableWriter: their "
      "constructors default to FileSystem::Posix(), which the tree (and the tests' fault-"
      "injecting file system) never sees");
  for (const std::string& input : inputs) {
    INFO("input table " << input);
    CHECK(fs.reads[input] > 0);
  }
  REQUIRE(tree->tables().size() == 1);
  const std::string output = std::filesystem::path(tree->tables()[0]->path()).filename().string();
  CHECK(fs.created.count(lsm::SSTableWriter::TempPath(output)) == 1);  // the output, being written
  INFO("the output's index interval: pass tree.options().table_options to the SSTableWriter");
  CHECK(tree->tables()[0]->index_interval() == kInterval);
}
