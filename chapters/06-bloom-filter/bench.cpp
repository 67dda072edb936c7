// Chapter 6 benchmark: what a Bloom filter per table buys, and what it costs, in one run.
//
//   FalsePositives/measured/<b>  a filter of 100,000 keys at b bits per key, asked 1,000,000
//                                absent keys: counter fp_rate (also probes, ns_per_query)
//   FalsePositives/theory/<b>    (1 - e^(-k/b))^k for the same b and k: counter fp_rate
//   GetAbsent/<variant>/<n>      gets of keys the tree does not hold, tree of n entries in
//                                k = 16 tables; variant no_filter (chapter 5's tables) or bloom
//                                (10 bits per key)
//   GetPresent/<variant>/<n>     gets of keys it holds
//   Open/<variant>/<n>           opening that tree: heap it keeps (index, and filters)
// Counters: ns_per_get, tables_read_per_get (tables whose groups a get read), heap_bytes and
// heap_bytes_per_entry, filter_bytes (the loaded filters), us_per_open.

#include <algorithm>

#include "chapters/03-naive-merge/bench_trees.h"
#include "chapters/06-bloom-filter/bloom_filter.h"
#include "common/random.h"

namespace {

constexpr std::int64_t kTables = 16;
constexpr std::int64_t kFilterKeys = 100'000;
constexpr std::uint64_t kAbsentAsked = 1'000'000;
constexpr std::int64_t kGetsPerIteration = 10'000;

const std::shared_ptr<const lsm::FilterPolicy>& PolicyFor(bool bloom) {
  static const std::shared_ptr<const lsm::FilterPolicy> none;
  static const std::shared_ptr<const lsm::FilterPolicy> bloom_policy =
      std::make_shared<lsm::BloomFilterPolicy>(lsm::kDefaultBloomBitsPerKey);
  return bloom ? bloom_policy : none;
}

void BM_MeasuredFalsePositives(benchmark::State& state) {
  const auto bits = static_cast<int>(state.range(0));
  const lsm::KeyGenerator keys;
  std::uint64_t false_positives = 0;
  int probes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): Google Benchmark idiom
    lsm::BloomFilterBuilder builder(bits);
    for (std::int64_t i = 0; i < kFilterKeys; ++i) builder.AddKey(keys.RandomKey(i));
    const auto filter = lsm::BloomFilter::Decode(builder.Finish(), "bench", 0);
    probes = filter->probe_count();
    false_positives = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t i = 0; i < kAbsentAsked; ++i) {  // keys kFilterKeys.. were never added
      false_positives += filter->MayContain(keys.RandomKey(kFilterKeys + i)) ? 1 : 0;
    }
    state.counters["ns_per_query"] =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() /
        static_cast<double>(kAbsentAsked);  // key generation included: an upper bound
  }
  state.counters["fp_rate"] = static_cast<double>(false_positives) / kAbsentAsked;
  state.counters["probes"] = probes;
  state.counters["theory_fp_rate"] = lsm::BloomFalsePositiveRate(bits, probes);
}

void BM_TheoryFalsePositives(benchmark::State& state) {
  const auto bits = static_cast<int>(state.range(0));
  double rate = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): Google Benchmark idiom
    rate = lsm::BloomFalsePositiveRate(bits, lsm::BloomProbeCount(bits));
    benchmark::DoNotOptimize(rate);
  }
  state.counters["fp_rate"] = rate;
}

// Newest first, the tree asks tables until one knows the key: a key of table t (0 = oldest)
// is asked of the k - t tables from the newest down to t; an absent key of all k.
std::int64_t TablesAsked(std::int64_t index, std::int64_t n, bool present) {
  if (!present) return kTables;
  std::int64_t t = 0;
  while ((t + 1) * n / kTables <= index) ++t;  // TreeOnDisk's split: [t n/k, (t+1) n/k)
  return kTables - t;
}

void BM_Get(benchmark::State& state, bool bloom, bool present) {
  const std::int64_t n = state.range(0);
  const auto tree = lsm::bench::TreeOfShape(n, kTables, PolicyFor(bloom)).Open();
  const lsm::KeyGenerator generator;
  lsm::Random random(present ? 61 : 62);
  std::vector<std::string> probes;
  std::int64_t asked = 0;
  for (std::int64_t i = 0; i < kGetsPerIteration; ++i) {
    const auto index = static_cast<std::int64_t>(random.Uniform(n));
    probes.push_back(generator.RandomKey(present ? index : n + index));
    asked += TablesAsked(index, n, present);
  }
  auto skips = [&tree] {
    std::uint64_t total = 0;
    for (const auto& table : tree->tables()) total += table->filter_skips();
    return total;
  };
  const std::uint64_t skips_before = skips();
  std::int64_t found = 0;
  lsm::bench::TimePerOp(state, "ns_per_get", kGetsPerIteration, [&] {
    for (const std::string& key : probes) found += tree->Get(key).has_value() ? 1 : 0;
  });
  const auto gets = static_cast<double>(state.iterations() * kGetsPerIteration);
  state.counters["tables_read_per_get"] = (static_cast<double>(asked * state.iterations()) -
                                           static_cast<double>(skips() - skips_before)) /
                                          gets;
  if (found != (present ? kGetsPerIteration * state.iterations() : 0)) {
    state.SkipWithError("a lookup gave the wrong answer");
  }
  state.SetComplexityN(n);
}

void BM_Open(benchmark::State& state, bool bloom) {
  const std::int64_t n = state.range(0);
  const lsm::bench::TreeOnDisk& shape = lsm::bench::TreeOfShape(n, kTables, PolicyFor(bloom));
  double heap_bytes = 0;
  double filter_bytes = 0;
  lsm::bench::TimePerOp(state, "us_per_open", 1, [&] {
    lsm::heap::PeakHeapTracker heap;
    auto tree = shape.Open();
    heap_bytes = static_cast<double>(heap.live_bytes());
    filter_bytes = 0;
    for (const auto& table : tree->tables()) {
      if (table->filter() != nullptr)
        filter_bytes += static_cast<double>(table->filter()->memory_bytes());
    }
    return tree;
  });
  state.counters["us_per_open"] = state.counters["us_per_open"] / 1000.0;  // ns -> us
  state.counters["heap_bytes"] = heap_bytes;
  state.counters["heap_bytes_per_entry"] = heap_bytes / static_cast<double>(n);
  state.counters["filter_bytes"] = filter_bytes;
}

}  // namespace

void lsm::bench::RegisterBenchmarks(const Config& config) {
  for (int bits = 2; bits <= 20; ++bits) {
    lsm::bench::AddBenchmark("FalsePositives/measured", BM_MeasuredFalsePositives)
        ->Arg(bits)
        ->Unit(benchmark::kMillisecond);
    lsm::bench::AddBenchmark("FalsePositives/theory", BM_TheoryFalsePositives)->Arg(bits);
  }
  const std::vector<std::int64_t> sizes =
      config.quick ? std::vector<std::int64_t>{30'000, 100'000}
                   : std::vector<std::int64_t>{100'000, 300'000, 1'000'000};
  for (const bool bloom : {false, true}) {
    const std::string variant = bloom ? "bloom" : "no_filter";
    for (std::int64_t n : sizes) {
      lsm::bench::AddBenchmark("GetAbsent/" + variant, BM_Get, bloom, false)->Arg(n);
      lsm::bench::AddBenchmark("GetPresent/" + variant, BM_Get, bloom, true)->Arg(n);
      lsm::bench::AddBenchmark("Open/" + variant, BM_Open, bloom)->Arg(n);
    }
  }
}
