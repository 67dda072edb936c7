// Chapter 2 demo: write a small SSTable, look inside it, read it back.
//
//   ch02_demo            works in a temporary directory
//   ch02_demo FILE       writes the table to FILE and keeps it (for sst-dump)

#include <cstdio>
#include <string>

#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_scanner.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "common/bytes.h"
#include "common/errors.h"
#include "common/temp_dir.h"

int main(int argc, char** argv) {
  const lsm::TempDir dir("ch02-demo");
  const std::string path = argc > 1 ? argv[1] : (dir / "000001.sst").string();
  if (argc > 1) std::remove(path.c_str());  // a table from an earlier run

  std::printf("1. Write 10 sorted entries with an index interval of 4 (a tombstone among them).\n");
  lsm::SSTableWriter writer(path, lsm::SSTableOptions{.index_interval = 4});
  for (int i = 0; i < 10; ++i) {
    const std::string key = "key" + std::to_string(i);
    if (i == 6) {
      writer.Add(key, "", /*tombstone=*/true);
    } else {
      writer.Add(key, "value" + std::to_string(i));
    }
  }
  std::printf("   Out of order is refused: ");
  try {
    writer.Add("key0", "again");
  } catch (const lsm::InvalidArgumentError&) {
    std::printf("InvalidArgumentError: keys must strictly increase\n");
  }
  writer.Finish();

  auto table = lsm::SSTableReader::Open(path);
  std::printf("\n2. Open reads only footer and index: %llu entries, %zu groups, %zu index bytes.\n",
              static_cast<unsigned long long>(table->entry_count()), table->index().size(),
              table->index().memory_bytes());
  for (std::size_t g = 0; g < table->index().size(); ++g) {
    std::printf("   group %zu starts at byte %llu with \"%s\"\n", g,
                static_cast<unsigned long long>(table->index().group_begin(g)),
                std::string(table->index().first_key(g)).c_str());
  }

  std::printf("\n3. Point lookups: binary search in the index, then one group.\n");
  for (const char* key : {"key5", "key6", "key55", "a"}) {
    const lsm::LookupResult result = table->Get(key);
    std::printf("   get %-5s -> %s %s\n", key,
                result.found()     ? "found"
                : result.deleted() ? "deleted"
                                   : "absent",
                result.value().c_str());
  }

  std::printf("\n4. Iterate backwards from key7 (Prev crosses group boundaries).\n  ");
  auto it = table->NewIterator();
  for (it->Seek("key7"); it->Valid(); it->Prev())
    std::printf(" %s", std::string(it->key()).c_str());

  std::printf("\n\n5. A sequential scan reads the file front to back without the index.\n  ");
  lsm::SSTableScanner scanner(path);
  for (scanner.SeekToFirst(); scanner.Valid(); scanner.Next()) {
    std::printf(" %s%s", std::string(scanner.key()).c_str(), scanner.is_tombstone() ? "(x)" : "");
  }
  std::printf("\n\nLook inside any table with: sst-dump FILE\n");
  return 0;
}
