// Chapter 3 benchmark: the naive (materialising) scan and compaction -- the baseline that
// chapters 4 and 5 must beat. Trees of n entries over k = 16 SSTables.
//
//   FirstResult/naive/<n>  time until the first key of a full scan is known (counter us_to_first)
//   FullScan/naive/<n>     a whole scan, every entry read (counter ns_per_entry)
//   Compaction/naive/<n>   NaiveCompact() of the 16 tables into one
// Every benchmark reports peak_heap_bytes: the highest heap level above where it started.

#include "chapters/03-naive-merge/bench_trees.h"

namespace {

constexpr std::int64_t kTables = 16;

void BM_FirstResult(benchmark::State& state) {
  lsm::bench::FirstResultBenchmark(
      state, state.range(0), kTables,
      [](const auto& tree, auto&& visit) { lsm::bench::NaiveScanAll(tree, visit); });
}

void BM_FullScan(benchmark::State& state) {
  lsm::bench::FullScanBenchmark(state, state.range(0), kTables, [](const auto& tree, auto&& visit) {
    lsm::bench::NaiveScanAll(tree, visit);
  });
}

void BM_Compaction(benchmark::State& state) {
  lsm::bench::CompactionBenchmark(state, state.range(0), kTables,
                                  [](lsm::LsmTree& tree) { tree.NaiveCompact(); });
}

}  // namespace

void lsm::bench::RegisterBenchmarks(const Config& config) {
  const auto sizes = HalfDecades(10'000, config.quick ? 100'000 : 1'000'000);
  using Function = void (*)(benchmark::State&);
  for (auto [name, function] :
       {std::pair<const char*, Function>{"FirstResult/naive", BM_FirstResult},
        {"FullScan/naive", BM_FullScan},
        {"Compaction/naive", BM_Compaction}}) {
    auto* benchmark = lsm::bench::AddBenchmark(name, function);
    for (std::int64_t n : sizes) benchmark->Arg(n);
    benchmark->Unit(benchmark::kMillisecond)->Complexity();
  }
}
