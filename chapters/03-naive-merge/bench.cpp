// Chapter 3 benchmark: the naive (materialising) scan and compaction -- the baseline that
// chapters 4 and 5 must beat. Trees of n entries over k = 16 SSTables.
//
//   FirstResult/naive/<n>  time until the first key of a full scan is known (counter us_to_first)
//   FullScan/naive/<n>     a whole scan, every entry read (counter ns_per_entry)
//   Compaction/naive/<n>   NaiveCompact() of the 16 tables into one
// Every benchmark reports peak_heap_bytes: the highest heap level above where it started.

#include <string>
#include <utility>

#include "chapters/03-naive-merge/bench_trees.h"
#include "common/bench_support.h"
#include "common/heap_tracker.h"

namespace {

constexpr std::int64_t kTables = 16;

void BM_FirstResult(benchmark::State& state) {
  const auto tree = lsm::bench::TreeOfShape(state.range(0), kTables).Open();
  std::uint64_t peak = 0;
  lsm::bench::TimePerOp(
      state, "us_to_first", 1,
      [&] {
        lsm::heap::PeakHeapTracker heap;
        std::vector<lsm::KeyValue> entries = tree->NaiveScan(lsm::KeyRange::All());
        benchmark::DoNotOptimize(entries.front().key.data());  // the first result, at last
        peak = heap.peak_bytes();
        return entries;  // freed after the clock stops
      },
      /*warm_up=*/true);
  state.counters["us_to_first"] = state.counters["us_to_first"] / 1000.0;
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
  state.SetComplexityN(state.range(0));
}

void BM_FullScan(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  const auto tree = lsm::bench::TreeOfShape(n, kTables).Open();
  std::uint64_t peak = 0;
  std::size_t bytes = 0;
  lsm::bench::TimePerOp(
      state, "ns_per_entry", n,
      [&] {
        lsm::heap::PeakHeapTracker heap;
        std::vector<lsm::KeyValue> entries = tree->NaiveScan(lsm::KeyRange::All());
        bytes = 0;
        for (const lsm::KeyValue& entry : entries) bytes += entry.key.size() + entry.value.size();
        peak = heap.peak_bytes();
        return entries;
      },
      /*warm_up=*/true);
  if (bytes != static_cast<std::size_t>(n) * 116) {
    state.SkipWithError("the scan did not return every entry");
  }
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
  state.SetComplexityN(n);
}

void BM_Compaction(benchmark::State& state) {
  const lsm::bench::TreeOnDisk& source = lsm::bench::TreeOfShape(state.range(0), kTables);
  const lsm::TempDir scratch("ch03-compaction");
  std::uint64_t peak = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): Google Benchmark idiom
    state.PauseTiming();
    source.CopyTo(scratch / "tree");
    auto tree = lsm::LsmTree::Open((scratch / "tree").string(), source.Options());
    state.ResumeTiming();
    lsm::heap::PeakHeapTracker heap;
    tree->NaiveCompact();
    peak = heap.peak_bytes();
    state.PauseTiming();
    if (tree->tables().size() != 1) state.SkipWithError("compaction did not leave one table");
    tree.reset();
    state.ResumeTiming();
  }
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
  state.SetComplexityN(state.range(0));
}

}  // namespace

void lsm::bench::RegisterBenchmarks(const Config& config) {
  const auto sizes = HalfDecades(10'000, config.quick ? 100'000 : 1'000'000);
  using Function = void (*)(benchmark::State&);
  for (auto [name, function] :
       {std::pair<const char*, Function>{"FirstResult/naive", BM_FirstResult},
        {"FullScan/naive", BM_FullScan},
        {"Compaction/naive", BM_Compaction}}) {
    auto* benchmark = benchmark::RegisterBenchmark(name, function);
    for (std::int64_t n : sizes) benchmark->Arg(n);
    benchmark->Unit(benchmark::kMillisecond)->Complexity();
  }
}
