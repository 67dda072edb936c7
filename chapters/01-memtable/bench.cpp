// Chapter 1 benchmark: three ways to keep a write buffer sorted, on the same keys.
//
//   Put/<structure>/<n>  build a table of n random 16-byte keys with 100-byte values
//                        (counter ns_per_put: average per put; teardown not included)
//   Get/<structure>/<n>  look up present keys in a table of n entries (counter ns_per_get)
//
// Structures: resort   -- the Python original's approach: a sorted array re-sorted on every put
//             std_map  -- std::map, a red-black tree
//             skiplist -- this chapter's MemTable
// Every benchmark also reports heap_bytes_per_entry: heap bytes the table holds per entry.

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "chapters/01-memtable/memtable.h"
#include "common/bench_support.h"
#include "common/generators.h"
#include "common/heap_tracker.h"
#include "common/random.h"

namespace {

struct Entry {
  std::string value;
  bool tombstone = false;
};

// The Python original kept its table sorted by re-sorting everything after each put.
class ResortTable {
 public:
  void Put(std::string_view key, std::string_view value) {
    auto it = Find(key);  // Python found existing keys through its dict
    if (it != entries_.end() && it->first == key) {
      it->second = Entry{std::string(value)};
    } else {
      entries_.emplace_back(std::string(key), Entry{std::string(value)});
    }
    std::sort(entries_.begin(), entries_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }

  [[nodiscard]] lsm::LookupResult Get(std::string_view key) const {
    auto it = Find(key);
    if (it == entries_.end() || it->first != key) return lsm::LookupResult::Absent();
    if (it->second.tombstone) return lsm::LookupResult::Deleted();
    return lsm::LookupResult::Found(it->second.value);
  }

 private:
  using Entries = std::vector<std::pair<std::string, Entry>>;

  [[nodiscard]] Entries::iterator Find(std::string_view key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const auto& entry, std::string_view k) { return entry.first < k; });
  }
  [[nodiscard]] Entries::const_iterator Find(std::string_view key) const {
    return const_cast<ResortTable*>(this)->Find(key);
  }

  Entries entries_;
};

// A red-black tree from the standard library.
class MapTable {
 public:
  void Put(std::string_view key, std::string_view value) {
    auto it = map_.lower_bound(key);
    if (it != map_.end() && it->first == key) {
      it->second = Entry{std::string(value)};
    } else {
      map_.emplace_hint(it, std::string(key), Entry{std::string(value)});
    }
  }

  [[nodiscard]] lsm::LookupResult Get(std::string_view key) const {
    auto it = map_.find(key);
    if (it == map_.end()) return lsm::LookupResult::Absent();
    if (it->second.tombstone) return lsm::LookupResult::Deleted();
    return lsm::LookupResult::Found(it->second.value);
  }

 private:
  std::map<std::string, Entry, std::less<>> map_;
};

// The same n keys and values for every structure.
struct Workload {
  explicit Workload(std::int64_t n) : keys(lsm::KeyGenerator().RandomKeys(n)) {}
  std::vector<std::string> keys;
  lsm::ValueGenerator values;
};

template <class Table>
std::unique_ptr<Table> Build(const Workload& workload) {
  auto table = std::make_unique<Table>();
  for (std::size_t i = 0; i < workload.keys.size(); ++i) {
    table->Put(workload.keys[i], workload.values.Value(i));
  }
  return table;
}

template <class Table>
void BM_Put(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  const Workload workload(n);
  double heap_bytes = 0;
  lsm::bench::TimePerOp(state, "ns_per_put", n, [&] {
    lsm::heap::PeakHeapTracker heap;
    auto table = Build<Table>(workload);
    heap_bytes = static_cast<double>(heap.live_bytes());
    return table;  // freed after the clock stops
  });
  state.counters["heap_bytes_per_entry"] = heap_bytes / static_cast<double>(n);
  state.SetComplexityN(n);
}

// Google Benchmark calls a benchmark function several times while it picks an iteration
// count, so the table under test is built once per size and kept for the next call.
template <class Table>
struct BuiltTable {
  std::int64_t n = -1;
  std::unique_ptr<Workload> workload;
  std::unique_ptr<Table> table;
  double heap_bytes = 0;
};

template <class Table>
const BuiltTable<Table>& TableOfSize(std::int64_t n) {
  static BuiltTable<Table> built;
  if (built.n != n) {
    built.table.reset();
    built.workload = std::make_unique<Workload>(n);
    lsm::heap::PeakHeapTracker heap;
    built.table = Build<Table>(*built.workload);
    built.heap_bytes = static_cast<double>(heap.live_bytes());
    built.n = n;
  }
  return built;
}

template <class Table>
void BM_Get(benchmark::State& state) {
  constexpr std::int64_t kGetsPerIteration = 1000;
  const std::int64_t n = state.range(0);
  const BuiltTable<Table>& built = TableOfSize<Table>(n);

  // A fixed random order of present keys, the same for every structure.
  lsm::Random random(7);
  std::vector<const std::string*> probes(kGetsPerIteration);
  for (auto& probe : probes) probe = &built.workload->keys[random.Uniform(n)];

  std::size_t found = 0;
  lsm::bench::TimePerOp(state, "ns_per_get", kGetsPerIteration, [&] {
    for (const std::string* key : probes) found += built.table->Get(*key).found() ? 1 : 0;
  });
  if (found != probes.size() * state.iterations()) {
    state.SkipWithError("a present key was not found");
  }
  state.counters["heap_bytes_per_entry"] = built.heap_bytes / static_cast<double>(n);
  state.SetComplexityN(n);
}

template <class Table>
void Register(const char* structure, const std::vector<std::int64_t>& sizes) {
  auto* put = lsm::bench::AddBenchmark(std::string("Put/") + structure, BM_Put<Table>);
  auto* get = lsm::bench::AddBenchmark(std::string("Get/") + structure, BM_Get<Table>);
  for (std::int64_t n : sizes) {
    put->Arg(n);
    get->Arg(n);
  }
  put->Complexity()->Unit(benchmark::kMillisecond);
  get->Complexity()->Unit(benchmark::kMicrosecond);
}

}  // namespace

void lsm::bench::RegisterBenchmarks(const Config& config) {
  // The re-sort baseline is O(n log n) per put, so it stops early: a build of 10,000 entries
  // takes seconds, too long for quick mode, which repeats every benchmark.
  const std::int64_t largest = config.quick ? 100'000 : 1'000'000;
  const std::int64_t largest_resort = config.quick ? 3'000 : 30'000;
  Register<ResortTable>("resort", HalfDecades(1'000, largest_resort));
  Register<MapTable>("std_map", HalfDecades(1'000, largest));
  Register<lsm::MemTable>("skiplist", HalfDecades(1'000, largest));
}
