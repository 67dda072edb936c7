// Chapter 4 benchmark: the streaming scan against the naive scan, on the same trees in one run.
//
//   FirstResult/<naive|streaming>/<n>   time until a full scan's first key is known, k = 16
//                                       (counters us_to_first, peak_heap_bytes)
//   FullScan/<naive|streaming>/<n>      a whole scan, k = 16 (ns_per_entry, peak_heap_bytes)
//   FirstResultByK/<naive|streaming>/<k>, FullScanByK/<naive|streaming>/<k>
//                                       the same for n = 100,000 and k = 1 ... 64 tables
//   Seeks/streaming/<k>                 what the merging iterator asks of its sources, n = 100,000:
//                                       counters sources (k tables + the memtable),
//                                       seeks_per_first_result, seeks_per_direction_change and
//                                       steps_per_next (source Next() calls per Next())

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chapters/03-naive-merge/bench_trees.h"
#include "chapters/04-streaming-merge/merging_iterator.h"
#include "chapters/04-streaming-merge/streaming_scan.h"
#include "chapters/04-streaming-merge/tree_iterator.h"

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

// Calls made on the sources of one scan, all sources together.
struct SourceCalls {
  std::int64_t seeks = 0;  // Seek, SeekToFirst, SeekToLast
  std::int64_t steps = 0;  // Next, Prev
};

// A source that counts the calls made on it and passes them on.
class CountingIterator final : public lsm::Iterator {
 public:
  CountingIterator(std::unique_ptr<lsm::Iterator> source, SourceCalls& calls)
      : source_(std::move(source)), calls_(calls) {}

  [[nodiscard]] bool Valid() const override { return source_->Valid(); }
  void SeekToFirst() override {
    ++calls_.seeks;
    source_->SeekToFirst();
  }
  void SeekToLast() override {
    ++calls_.seeks;
    source_->SeekToLast();
  }
  void Seek(std::string_view target) override {
    ++calls_.seeks;
    source_->Seek(target);
  }
  void Next() override {
    ++calls_.steps;
    source_->Next();
  }
  void Prev() override {
    ++calls_.steps;
    source_->Prev();
  }
  [[nodiscard]] std::string_view key() const override { return source_->key(); }
  [[nodiscard]] std::string_view value() const override { return source_->value(); }
  [[nodiscard]] bool is_tombstone() const override { return source_->is_tombstone(); }

 private:
  std::unique_ptr<lsm::Iterator> source_;
  SourceCalls& calls_;
};

// lsm::Scan(tree, KeyRange::All()) as streaming_scan.cpp assembles it, with every source
// wrapped in a CountingIterator.
std::unique_ptr<lsm::Iterator> CountingScan(const lsm::LsmTree& tree, SourceCalls& calls) {
  std::vector<std::unique_ptr<lsm::Iterator>> sources;  // newest first
  sources.push_back(std::make_unique<CountingIterator>(tree.memtable().NewIterator(), calls));
  for (const auto& table : tree.tables()) {
    sources.push_back(std::make_unique<CountingIterator>(table->NewIterator(), calls));
  }
  return std::make_unique<lsm::TreeIterator>(
      std::make_unique<lsm::MergingIterator>(std::move(sources)), lsm::KeyRange::All());
}

// Counts the seeks on the sources for the first result, the steps of the sources per Next(), and
// the seeks for each change of direction after kStepsBeforeTurn entries (forward to backward,
// then back to forward). merging_iterator.h promises one seek per source for the first result
// and for a change of direction, and a step only of the sources on the current key per Next().
void BM_Seeks(benchmark::State& state) {
  constexpr int kStepsBeforeTurn = 100;
  const auto tree = lsm::bench::TreeOfShape(kEntriesForK, state.range(0)).Open();
  SourceCalls first;
  SourceCalls walk;
  SourceCalls turns;
  bool ordered = true;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): Google Benchmark idiom
    SourceCalls calls;
    const auto it = CountingScan(*tree, calls);
    it->SeekToFirst();
    first.seeks += calls.seeks;
    const std::int64_t steps_before_walk = calls.steps;
    for (int i = 0; i < kStepsBeforeTurn && it->Valid(); ++i) it->Next();
    walk.steps += calls.steps - steps_before_walk;
    const std::string turned_at(it->Valid() ? it->key() : "");
    const std::int64_t seeks_before_turns = calls.seeks;
    it->Prev();  // forward -> backward
    ordered = ordered && it->Valid() && it->key() < turned_at;
    it->Next();  // backward -> forward: back on the same key
    ordered = ordered && it->Valid() && it->key() == turned_at;
    turns.seeks += calls.seeks - seeks_before_turns;
  }
  if (!ordered) state.SkipWithError("a change of direction landed on the wrong key");
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["sources"] = static_cast<double>(tree->tables().size() + 1);
  state.counters["seeks_per_first_result"] = static_cast<double>(first.seeks) / iterations;
  state.counters["seeks_per_direction_change"] =
      static_cast<double>(turns.seeks) / (2 * iterations);
  state.counters["steps_per_next"] =
      static_cast<double>(walk.steps) / (kStepsBeforeTurn * iterations);
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
    auto* benchmark = lsm::bench::AddBenchmark(family + name, function);
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
  auto* seeks = AddBenchmark("Seeks/streaming", BM_Seeks);
  for (std::int64_t k : ks) seeks->Arg(k);
  seeks->Unit(benchmark::kMicrosecond);
}
