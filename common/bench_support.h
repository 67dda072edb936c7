/// \file
/// What every chapter's benchmark binary shares: one `main` (with the quick-mode switch and the
/// build description written into the JSON context), per-operation timing, and heap counters.
///
/// A chapter's bench.cpp defines lsm::bench::RegisterBenchmarks() and nothing else global, and
/// registers each benchmark with lsm::bench::AddBenchmark().
///
/// Quick mode -- for CI and a first look -- is switched on by `--quick` on the command line or
/// `LSM_BENCH_QUICK=1` in the environment: each benchmark registers smaller sizes, the minimum
/// time per benchmark drops to 0.01 s (unless `--benchmark_min_time` is given) and every
/// benchmark runs kQuickRepetitions times (unless `--benchmark_repetitions` is given).
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace lsm::bench {

/// How the benchmarks of this run should be registered.
struct Config {
  bool quick = false;  ///< register the small sizes only
};

/// Defined by each benchmark binary: registers its benchmarks for `config`.
void RegisterBenchmarks(const Config& config);

/// Repetitions of every benchmark in quick mode. A quick run times a large size in a single
/// iteration, and one such figure can be off by a factor of two; the median of five is not
/// moved by two outliers. The console and the book show the median, with the lowest and highest
/// repetition as the spread.
inline constexpr int kQuickRepetitions = 5;

/// Registers a benchmark as benchmark::RegisterBenchmark(name, args...) does, and adds the
/// statistics "min" and "max" to those Google Benchmark computes over repetitions (mean,
/// median, stddev, cv): with them the JSON holds `<name>_min` and `<name>_max`, the spread.
template <class... Args>
benchmark::internal::Benchmark* AddBenchmark(const std::string& name, Args&&... args) {
  return benchmark::RegisterBenchmark(name.c_str(), std::forward<Args>(args)...)
      ->ComputeStatistics(
          "min", [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); })
      ->ComputeStatistics("max", [](const std::vector<double>& v) {
        return *std::max_element(v.begin(), v.end());
      });
}

/// Sizes from `first` to `last` (inclusive) in steps of ×10, with the half-decade points
/// (×3) in between: 1000, 3000, 10000, 30000, ...
[[nodiscard]] std::vector<std::int64_t> HalfDecades(std::int64_t first, std::int64_t last);

/// Runs the benchmark loop, timing `body` on a steady clock in each iteration, and reports
/// the counter `counter_name`: the average nanoseconds per operation, where one call of
/// `body` performs `ops_per_call` operations. Also sets items_per_second.
///
/// Whatever `body` returns is destroyed after the clock stops, so a body that builds a
/// structure can return it to keep its teardown out of the figure. With `warm_up`, `body` runs
/// once untimed first, so that the first timed run does not pay for cold caches and for the
/// allocator's first page faults (quick runs often time a single iteration). A caller needs it
/// for a benchmark's first run only: the repetitions follow back to back, on warm caches.
template <class Body>
void TimePerOp(benchmark::State& state, const char* counter_name, std::int64_t ops_per_call,
               Body&& body, bool warm_up = false) {
  using Clock = std::chrono::steady_clock;
  if (warm_up) {
    if constexpr (std::is_void_v<std::invoke_result_t<Body&>>) {
      body();
    } else {
      benchmark::DoNotOptimize(body());
    }
  }
  Clock::duration total{};
  for (auto _ : state) {
    const auto start = Clock::now();
    if constexpr (std::is_void_v<std::invoke_result_t<Body&>>) {
      body();
      total += Clock::now() - start;
    } else {
      auto built = body();
      total += Clock::now() - start;
      benchmark::DoNotOptimize(built);
    }
  }
  const double ops = static_cast<double>(state.iterations()) * static_cast<double>(ops_per_call);
  state.counters[counter_name] = std::chrono::duration<double, std::nano>(total).count() / ops;
  state.SetItemsProcessed(state.iterations() * ops_per_call);
}

}  // namespace lsm::bench
