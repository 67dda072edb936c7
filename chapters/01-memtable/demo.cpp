// Chapter 1 demo: a memtable, narrated. Run: build/solutions/chapters/01-memtable/ch01_demo

#include <cstdio>
#include <string>

#include "chapters/01-memtable/memtable.h"
#include "common/bytes.h"

namespace {

void Show(const lsm::MemTable& table, std::string_view key) {
  const lsm::LookupResult result = table.Get(key);
  const char* outcome = result.found() ? "found" : result.deleted() ? "deleted" : "absent";
  std::printf("   get %-8s -> %-7s %s\n", lsm::EscapeBytes(key).c_str(), outcome,
              result.found() ? lsm::EscapeBytes(result.value()).c_str() : "");
}

void Walk(const lsm::MemTable& table) {
  auto it = table.NewIterator();
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::printf("   %-8s %s\n", lsm::EscapeBytes(it->key()).c_str(),
                it->is_tombstone() ? "<tombstone>" : lsm::EscapeBytes(it->value()).c_str());
  }
}

void Accounting(const lsm::MemTable& table) {
  std::printf("   %zu entries, %zu of %zu budget bytes, full: %s\n", table.entry_count(),
              table.memory_bytes(), table.budget_bytes(), table.full() ? "yes" : "no");
}

}  // namespace

int main() {
  // A small budget so that we reach it: about eight small entries' worth.
  lsm::MemTable table(8 * (lsm::MemTable::kEntryOverheadBytes + 16));
  std::printf("== A memtable with a budget of %zu bytes (each entry costs key + value + %zu)\n\n",
              table.budget_bytes(), lsm::MemTable::kEntryOverheadBytes);

  std::printf("1. Put three keys, out of order. The skip list keeps them sorted.\n");
  table.Put("cherry", "red");
  table.Put("apple", "green");
  table.Put("banana", "yellow");
  Walk(table);
  Accounting(table);

  std::printf("\n2. Overwrite apple: still one entry; the old value's bytes are given back.\n");
  table.Put("apple", "golden");
  Show(table, "apple");
  Accounting(table);

  std::printf("\n3. Remove banana: the key stays, as a tombstone, to hide older copies on disk.\n");
  table.Remove("banana");
  Show(table, "banana");
  Show(table, "durian");
  Walk(table);
  Accounting(table);

  std::printf("\n4. Keys are bytes, ordered unsigned: \"\" < \"a\\x00b\" < \"ab\" < \"\\xff\".\n");
  table.Put(std::string("a\0b", 3), "embedded NUL");
  table.Put("\xff", "high byte");
  table.Put("", "empty key");
  Walk(table);
  Accounting(table);

  std::printf("\n5. The budget: puts always succeed; full() tells the owner to flush.\n");
  for (int i = 1; !table.full(); ++i) {
    const std::string key = "key" + std::to_string(i);
    table.Put(key, "value" + std::to_string(i));
    std::printf("   put %-6s", key.c_str());
    Accounting(table);
  }
  std::printf("   Full: chapter 3 will flush this memtable to an SSTable and start a new one.\n");
  return 0;
}
