// Chapter 6 demo: the same tree with and without Bloom filters, asked for keys it does not hold.

#include <cstdio>
#include <string>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/06-bloom-filter/bloom_filter.h"
#include "common/generators.h"
#include "common/temp_dir.h"

namespace {

constexpr int kTables = 16;
constexpr int kPerTable = 2'000;
constexpr int kLookups = 10'000;

std::unique_ptr<lsm::LsmTree> BuildTree(const std::string& path,
                                        std::shared_ptr<const lsm::FilterPolicy> policy) {
  lsm::LsmOptions options;
  options.memtable_budget_bytes = std::size_t{1} << 30;  // flush only when asked
  options.table_options.filter_policy = std::move(policy);
  auto tree = lsm::LsmTree::Open(path, options);
  const lsm::KeyGenerator keys;
  for (int t = 0; t < kTables; ++t) {
    for (int i = t * kPerTable; i < (t + 1) * kPerTable; ++i) tree->Put(keys.RandomKey(i), "v");
    tree->Flush();
  }
  return tree;
}

// Asks `lookups` keys; returns how many tables had to be read (asked and not ruled out).
std::uint64_t TablesRead(const lsm::LsmTree& tree, int first_key, int lookups,
                         std::uint64_t* found) {
  const lsm::KeyGenerator keys;
  std::uint64_t skips_before = 0;
  for (const auto& table : tree.tables()) skips_before += table->filter_skips();
  std::uint64_t asked = 0;
  for (int i = first_key; i < first_key + lookups; ++i) {
    const bool hit = tree.Get(keys.RandomKey(i)).has_value();
    *found += hit ? 1 : 0;
    // Newest first: a key of table t is asked of tables 15 .. t; an absent key of all 16.
    asked += hit ? kTables - i / kPerTable : kTables;
  }
  std::uint64_t skips = 0;
  for (const auto& table : tree.tables()) skips += table->filter_skips();
  return asked - (skips - skips_before);
}

}  // namespace

int main() {
  const lsm::TempDir dir("ch06-demo");
  const auto bloom = std::make_shared<lsm::BloomFilterPolicy>(10);
  const auto plain = BuildTree((dir / "plain").string(), nullptr);
  const auto filtered = BuildTree((dir / "bloom").string(), bloom);

  std::printf(
      "1. Two trees with the same %d keys in %d SSTables: one without filters\n"
      "   (chapter 5), one with a Bloom filter of 10 bits per key in every table.\n",
      kTables * kPerTable, kTables);
  const lsm::SSTableReader& table = *filtered->tables().front();
  const auto& filter = dynamic_cast<const lsm::BloomFilter&>(*table.filter());
  std::printf(
      "   a filtered table: format version %u, %llu bytes, of which the filter is %llu\n"
      "   (%llu bits for %llu keys, %d probes per key)\n",
      table.footer().version(), static_cast<unsigned long long>(table.file_size()),
      static_cast<unsigned long long>(table.footer().filter_size),
      static_cast<unsigned long long>(filter.bit_count()),
      static_cast<unsigned long long>(table.entry_count()), filter.probe_count());

  std::printf("\n2. %d lookups of keys neither tree holds.\n", kLookups);
  std::uint64_t found = 0;
  const int absent = kTables * kPerTable;  // keys from here on were never written
  std::printf("   without filters: %llu tables read (every table, every time)\n",
              static_cast<unsigned long long>(TablesRead(*plain, absent, kLookups, &found)));
  const std::uint64_t read = TablesRead(*filtered, absent, kLookups, &found);
  std::printf("   with filters:    %llu tables read; the other %llu were ruled out in memory\n",
              static_cast<unsigned long long>(read),
              static_cast<unsigned long long>(std::uint64_t{kLookups} * kTables - read));
  std::printf("   false-positive rate %.3f%% measured, %.3f%% by the formula\n",
              100.0 * static_cast<double>(read) / (kLookups * kTables),
              100.0 * lsm::BloomFalsePositiveRate(10, lsm::BloomProbeCount(10)));

  std::printf("\n3. %d lookups of keys both trees hold (all in the five oldest tables).\n",
              kLookups);
  found = 0;
  const std::uint64_t plain_read = TablesRead(*plain, 0, kLookups, &found);
  const std::uint64_t bloom_read = TablesRead(*filtered, 0, kLookups, &found);
  std::printf("   found %llu of %d in each tree\n", static_cast<unsigned long long>(found / 2),
              kLookups);
  std::printf(
      "   without filters: %llu tables read (every newer table, then the right one)\n"
      "   with filters:    %llu tables read (about one per lookup)\n",
      static_cast<unsigned long long>(plain_read), static_cast<unsigned long long>(bloom_read));
  std::printf(
      "\n4. Found keys are never ruled out: a Bloom filter has no false negatives.\n"
      "   %s\n",
      found == 2ULL * kLookups ? "every key was found in both trees" : "KEYS WERE LOST");
  return found == 2ULL * kLookups ? 0 : 1;
}
