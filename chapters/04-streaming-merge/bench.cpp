// Chapter 4 benchmark: the streaming scan against the naive scan, on the same trees in one run.
//
//   FirstResult/<naive|streaming>/<n>   time until a full scan's first key is known, k = 16
//                                       (counters us_to_first, peak_heap_bytes)
//   FullScan/<naive|streaming>/<n>      a whole scan, k = 16 (ns_per_entry, peak_heap_bytes)
//   FirstResultByK/<naive|streaming>/<k>, FullScanByK/<naive|streaming>/<k>
//                                       the same for n = 100,000 and k = 1 ... 64 sources

#include <utility>

#include "chapters/03-naive-merge/bench_trees.h"
#include "chapters/04-streaming-merge/streaming_scan.h"

namespace {

constexpr std::int64_t kTables = 16;
constexpr std::int64_t kEntriesForK = 100'000;

struct Naive {
  template <class Visit>
  void operator()(const lsm::LsmTree& tree, Visit&& visit) const {
    lsm::bench::NaiveScanAll(tree, visit);
  }
};

struct Streaming {
  template <class Visit>
  void operator()(const lsm::LsmTree& tree, Visit&& visit) const {
    const auto it = lsm::Scan(tree, lsm::KeyRange::All());
    for (it->SeekToFirst(); it->Valid() && visit(it->key(), it->value()); it->Next()) {
    }
  }
};

template <class Method>
void BM_FirstResult(benchmark::State& state) {
  lsm::bench::FirstResultBenchmark(state, state.range(0), kTables, Method{});
}
template <class Method>
void BM_FullScan(benchmark::State& state) {
  lsm::bench::FullScanBenchmark(state, state.range(0), kTables, Method{});
}
template <class Method>
void BM_FirstResultByK(benchmark::State& state) {
  lsm::bench::FirstResultBenchmark(state, kEntriesForK, state.range(0), Method{});
}
template <class Method>
void BM_FullScanByK(benchmark::State& state) {
  lsm::bench::FullScanBenchmark(state, kEntriesForK, state.range(0), Method{});
}

template <class Method>
void RegisterMethod(const char* method, const std::vector<std::int64_t>& sizes,
                    const std::vector<std::int64_t>& ks) {
  using Function = void (*)(benchmark::State&);
  const std::string name(method);
  for (auto [family, function, args] :
       {std::tuple<const char*, Function, const std::vector<std::int64_t>*>{
            "FirstResult/", BM_FirstResult<Method>, &sizes},
        {"FullScan/", BM_FullScan<Method>, &sizes},
        {"FirstResultByK/", BM_FirstResultByK<Method>, &ks},
        {"FullScanByK/", BM_FullScanByK<Method>, &ks}}) {
    auto* benchmark = benchmark::RegisterBenchmark((family + name).c_str(), function);
    for (std::int64_t arg : *args) benchmark->Arg(arg);
    benchmark->Unit(benchmark::kMicrosecond)->Complexity();
  }
}

}  // namespace

void lsm::bench::RegisterBenchmarks(const Config& config) {
  const auto sizes = HalfDecades(10'000, config.quick ? 100'000 : 1'000'000);
  const std::vector<std::int64_t> ks = {1, 2, 4, 8, 16, 32, 64};
  RegisterMethod<Naive>("naive", sizes, ks);
  RegisterMethod<Streaming>("streaming", sizes, ks);
}
