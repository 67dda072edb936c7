// Chapter 4 demo: the same scan, naive and streaming, on a tree of four SSTables.

#include <chrono>
#include <cstdio>
#include <string>

#include "chapters/04-streaming-merge/merging_iterator.h"
#include "chapters/04-streaming-merge/streaming_scan.h"
#include "common/generators.h"
#include "common/temp_dir.h"

int main() {
  const lsm::TempDir dir("ch04-demo");
  lsm::LsmOptions options;
  options.memtable_budget_bytes = std::size_t{1} << 30;
  auto tree = lsm::LsmTree::Open((dir / "tree").string(), options);

  std::printf("1. Four SSTables and a memtable, with overlapping keys and a tombstone:\n");
  tree->Put("apple", "1 (oldest)");
  tree->Put("cherry", "1 (oldest)");
  tree->Flush();
  tree->Put("banana", "2");
  tree->Put("cherry", "2 (newer)");
  tree->Flush();
  tree->Put("date", "3");
  tree->Remove("banana");
  tree->Flush();
  tree->Put("apple", "4 (newest)");
  tree->Flush();
  tree->Put("elderberry", "memtable");
  std::printf("   %zu tables + memtable\n", tree->tables().size());

  std::printf(
      "\n2. The merging iterator shows each key once, from its newest source; the\n"
      "   tombstone travels through it (source 0 is the memtable, 1 the newest table):\n");
  std::vector<std::unique_ptr<lsm::Iterator>> sources;
  sources.push_back(tree->memtable().NewIterator());
  for (const auto& table : tree->tables()) sources.push_back(table->NewIterator());
  lsm::MergingIterator merged(std::move(sources));
  for (merged.SeekToFirst(); merged.Valid(); merged.Next()) {
    std::printf("   %-10s %-12s from source %zu\n", std::string(merged.key()).c_str(),
                merged.is_tombstone() ? "<tombstone>" : std::string(merged.value()).c_str(),
                merged.current_source());
  }

  std::printf(
      "\n3. The tree's scan hides the tombstone. Forwards, then backwards from the end:\n  ");
  auto scan = lsm::Scan(*tree, lsm::KeyRange::All());
  for (scan->SeekToFirst(); scan->Valid(); scan->Next())
    std::printf(" %s", std::string(scan->key()).c_str());
  std::printf("\n  ");
  for (scan->SeekToLast(); scan->Valid(); scan->Prev())
    std::printf(" %s", std::string(scan->key()).c_str());

  std::printf("\n\n4. Changing direction midway: Seek(\"cherry\"), Next, Prev, Prev:\n  ");
  scan->Seek("cherry");
  std::printf(" %s", std::string(scan->key()).c_str());
  scan->Next();
  std::printf(" -> %s", std::string(scan->key()).c_str());
  scan->Prev();
  std::printf(" -> %s", std::string(scan->key()).c_str());
  scan->Prev();
  std::printf(" -> %s\n", std::string(scan->key()).c_str());
  return 0;
}
