// Chapter 2 benchmark: what the sparse index's interval costs and buys, next to the Python
// original's approach of loading the whole table into a hash map, on the same entries.
//
//   Open/<variant>/<n>        open a table of n entries (counters us_per_open, reader_heap_bytes)
//   GetPresent/<variant>/<n>  point lookups of keys in the table (counter ns_per_get)
//   GetAbsent/<variant>/<n>   point lookups of keys not in it (counter ns_per_get)
//
// Variants: interval_1 ... interval_256 -- SSTableReader on a table written with that index
//           interval; load_all -- the whole table read into a std::unordered_map (a Python dict).
// The files are fresh, so reads come from the OS page cache: this measures the CPU and system
// call cost of each design, not the disk.

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_scanner.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "common/bench_support.h"
#include "common/generators.h"
#include "common/heap_tracker.h"
#include "common/random.h"
#include "common/temp_dir.h"

namespace {

constexpr std::uint32_t kIntervals[] = {1, 4, 16, 64, 256};
constexpr std::uint32_t kLoadAllSource = 16;  // load_all reads the interval-16 file
constexpr std::int64_t kGetsPerIteration = 1000;

// The Python original's reader: every entry of the file in a hash map.
class LoadAllTable {
 public:
  explicit LoadAllTable(const std::string& path) {
    lsm::SSTableScanner scanner(path);
    entries_.reserve(scanner.entry_count());
    for (scanner.SeekToFirst(); scanner.Valid(); scanner.Next()) {
      entries_.emplace(std::string(scanner.key()),
                       Entry{std::string(scanner.value()), scanner.is_tombstone()});
    }
  }

  [[nodiscard]] lsm::LookupResult Get(std::string_view key) const {
    const auto found = entries_.find(std::string(key));
    if (found == entries_.end()) return lsm::LookupResult::Absent();
    if (found->second.tombstone) return lsm::LookupResult::Deleted();
    return lsm::LookupResult::Found(found->second.value);
  }

 private:
  struct Entry {
    std::string value;
    bool tombstone = false;
  };
  std::unordered_map<std::string, Entry> entries_;
};

// The tables of one size n, one file per interval, written once and shared by all benchmarks
// of that size (benchmarks are registered size by size, so only one size is on disk at a time).
struct Tables {
  std::int64_t n = -1;
  std::unique_ptr<lsm::TempDir> dir;
  std::vector<std::string> keys;

  [[nodiscard]] std::string PathFor(std::uint32_t interval) const {
    return (*dir / ("interval_" + std::to_string(interval) + ".sst")).string();
  }
};

const Tables& TablesOfSize(std::int64_t n) {
  static Tables tables;
  if (tables.n == n) return tables;
  tables.dir = std::make_unique<lsm::TempDir>("ch02-bench");
  tables.keys = lsm::KeyGenerator().RandomKeys(n);
  std::vector<std::string> sorted = tables.keys;
  std::sort(sorted.begin(), sorted.end());
  const lsm::ValueGenerator values;
  for (std::uint32_t interval : kIntervals) {
    lsm::SSTableWriter writer(tables.PathFor(interval), lsm::SSTableOptions{interval});
    for (std::size_t i = 0; i < sorted.size(); ++i) writer.Add(sorted[i], values.Value(i));
    writer.Finish();
  }
  tables.n = n;
  return tables;
}

template <class Table>
std::unique_ptr<Table> OpenTable(const std::string& path);

template <>
std::unique_ptr<lsm::SSTableReader> OpenTable(const std::string& path) {
  return lsm::SSTableReader::Open(path);
}

template <>
std::unique_ptr<LoadAllTable> OpenTable(const std::string& path) {
  return std::make_unique<LoadAllTable>(path);
}

template <class Table>
void BM_Open(benchmark::State& state, std::uint32_t interval) {
  const Tables& tables = TablesOfSize(state.range(0));
  double heap_bytes = 0;
  lsm::bench::TimePerOp(state, "us_per_open", 1, [&] {
    lsm::heap::PeakHeapTracker heap;
    auto table = OpenTable<Table>(tables.PathFor(interval));
    heap_bytes = static_cast<double>(heap.live_bytes());
    return table;
  });
  state.counters["us_per_open"] = state.counters["us_per_open"] / 1000.0;  // ns -> us
  state.counters["reader_heap_bytes"] = heap_bytes;
}

template <class Table>
void BM_Get(benchmark::State& state, std::uint32_t interval, bool present) {
  const Tables& tables = TablesOfSize(state.range(0));
  const auto table = OpenTable<Table>(tables.PathFor(interval));
  const lsm::KeyGenerator generator;
  lsm::Random random(present ? 11 : 12);
  std::vector<std::string> probes;
  for (std::int64_t i = 0; i < kGetsPerIteration; ++i) {
    const auto index = random.Uniform(tables.keys.size());
    probes.push_back(present ? tables.keys[index]
                             : generator.RandomKey(tables.keys.size() + index));
  }
  std::size_t found = 0;
  lsm::bench::TimePerOp(state, "ns_per_get", kGetsPerIteration, [&] {
    for (const std::string& key : probes) found += table->Get(key).found() ? 1 : 0;
  });
  if (found != (present ? probes.size() * state.iterations() : 0)) {
    state.SkipWithError("a lookup gave the wrong answer");
  }
}

template <class Table>
void RegisterVariant(const std::string& variant, std::uint32_t interval, std::int64_t n) {
  lsm::bench::AddBenchmark("Open/" + variant, BM_Open<Table>, interval)->Arg(n);
  lsm::bench::AddBenchmark("GetPresent/" + variant, BM_Get<Table>, interval, true)->Arg(n);
  lsm::bench::AddBenchmark("GetAbsent/" + variant, BM_Get<Table>, interval, false)->Arg(n);
}

}  // namespace

void lsm::bench::RegisterBenchmarks(const Config& config) {
  for (std::int64_t n : HalfDecades(1'000, config.quick ? 100'000 : 1'000'000)) {
    for (std::uint32_t interval : kIntervals) {
      RegisterVariant<lsm::SSTableReader>("interval_" + std::to_string(interval), interval, n);
    }
    RegisterVariant<LoadAllTable>("load_all", kLoadAllSource, n);
  }
}
