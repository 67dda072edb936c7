/// \file
/// Benchmark support for chapters 3 to 5: trees of n entries spread over k SSTables, built once
/// per shape and shared by every benchmark of that shape in a run.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "common/bench_support.h"
#include "common/file_system.h"
#include "common/generators.h"
#include "common/heap_tracker.h"
#include "common/temp_dir.h"

namespace lsm::bench {

/// A tree directory holding n distinct random keys (16 bytes, values 100 bytes) in k SSTables
/// of n / k entries each. Each table holds a random subset, so every table's key range spans
/// the whole key space: a scan must merge all k. The memtable is empty. With a filter policy
/// (chapter 6) every table carries a filter.
class TreeOnDisk {
 public:
  /// Builds the tree (n >= k >= 1).
  TreeOnDisk(std::int64_t n, std::int64_t k,
             std::shared_ptr<const FilterPolicy> filter_policy = nullptr)
      : n_(n), k_(k), filter_policy_(std::move(filter_policy)), dir_("bench-tree") {
    auto tree = Open();
    const KeyGenerator keys;
    const ValueGenerator values;
    for (std::int64_t t = 0; t < k; ++t) {
      for (std::int64_t i = t * n / k; i < (t + 1) * n / k; ++i) {
        tree->Put(keys.RandomKey(static_cast<std::uint64_t>(i)),
                  values.Value(static_cast<std::uint64_t>(i)));
      }
      tree->Flush();
    }
  }

  /// Opens the tree (with a memtable budget large enough never to flush by itself).
  [[nodiscard]] std::unique_ptr<LsmTree> Open() const { return LsmTree::Open(path(), Options()); }

  /// Copies the tree to `target` (replacing what is there), for benchmarks that change it.
  void CopyTo(const std::filesystem::path& target) const {
    std::filesystem::remove_all(target);
    std::filesystem::copy(path(), target, std::filesystem::copy_options::recursive);
  }

  /// Options that keep every write in the memtable until an explicit Flush(), with the tree's
  /// filter policy.
  [[nodiscard]] LsmOptions Options() const {
    LsmOptions options;
    options.memtable_budget_bytes = std::size_t{1} << 40;
    options.table_options.filter_policy = filter_policy_;
    return options;
  }

  [[nodiscard]] std::string path() const { return (dir_ / "tree").string(); }  ///< directory
  [[nodiscard]] std::int64_t n() const noexcept { return n_; }                 ///< entries
  [[nodiscard]] std::int64_t k() const noexcept { return k_; }                 ///< SSTables

 private:
  std::int64_t n_;
  std::int64_t k_;
  std::shared_ptr<const FilterPolicy> filter_policy_;
  TempDir dir_;
};

/// The TreeOnDisk of shape (n, k) (and filter policy), built on first use and kept (on disk)
/// for the rest of the run, so that every benchmark family of a run reads the very same files.
inline const TreeOnDisk& TreeOfShape(
    std::int64_t n, std::int64_t k,
    const std::shared_ptr<const FilterPolicy>& filter_policy = nullptr) {
  static std::map<std::tuple<std::int64_t, std::int64_t, const FilterPolicy*>,
                  std::unique_ptr<TreeOnDisk>>
      trees;
  auto& tree = trees[{n, k, filter_policy.get()}];
  if (!tree) tree = std::make_unique<TreeOnDisk>(n, k, filter_policy);
  return *tree;
}

/// The shape (n, k) a benchmark ran on last. It warms up only when the shape changes: its
/// repetitions follow one another on warm caches (see TimePerOp()).
class LastShape {
 public:
  /// True if (n, k) is not the shape of the previous call; records it.
  bool Changed(std::int64_t n, std::int64_t k) {
    const bool changed = n != n_ || k != k_;
    n_ = n;
    k_ = k;
    return changed;
  }

 private:
  std::int64_t n_ = -1;
  std::int64_t k_ = -1;
};

/// Visits the entries of a full scan of `tree` with the Python original's materialising merge,
/// in order, until `visit(key, value)` returns false. The first entry is known only after the
/// whole tree has been read.
template <class Visit>
void NaiveScanAll(const LsmTree& tree, Visit&& visit) {
  for (const KeyValue& entry : tree.NaiveScan(KeyRange::All())) {
    if (!visit(entry.key, entry.value)) return;
  }
}

/// Benchmarks the time until a full scan's first result is known (counter us_to_first) and the
/// peak heap meanwhile (peak_heap_bytes), for a tree of n entries in k tables. `scan_all(tree,
/// visit)` runs a scan, calling visit(key, value) per entry until it returns false. The time
/// includes freeing what the scan allocated.
template <class ScanAll>
void FirstResultBenchmark(benchmark::State& state, std::int64_t n, std::int64_t k,
                          ScanAll scan_all) {
  const auto tree = TreeOfShape(n, k).Open();
  static LastShape last_shape;  // one per ScanAll
  std::uint64_t peak = 0;
  std::size_t seen = 0;
  TimePerOp(
      state, "us_to_first", 1,
      [&] {
        heap::PeakHeapTracker heap;
        seen = 0;
        scan_all(*tree, [&](std::string_view key, std::string_view) {
          benchmark::DoNotOptimize(key.data());
          ++seen;
          return false;  // the first result is all we wanted
        });
        peak = heap.peak_bytes();
      },
      /*warm_up=*/last_shape.Changed(n, k));
  if (seen != 1) state.SkipWithError("the scan found no first result");
  state.counters["us_to_first"] = state.counters["us_to_first"] / 1000.0;
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
  state.SetComplexityN(state.range(0));
}

/// Benchmarks a whole scan of a tree of n entries in k tables: counter ns_per_entry, and
/// peak_heap_bytes. Fails the benchmark if the scan misses or repeats an entry.
template <class ScanAll>
void FullScanBenchmark(benchmark::State& state, std::int64_t n, std::int64_t k, ScanAll scan_all) {
  const auto tree = TreeOfShape(n, k).Open();
  static LastShape last_shape;  // one per ScanAll
  std::uint64_t peak = 0;
  std::int64_t seen = 0;
  TimePerOp(
      state, "ns_per_entry", n,
      [&] {
        heap::PeakHeapTracker heap;
        seen = 0;
        scan_all(*tree, [&](std::string_view key, std::string_view value) {
          benchmark::DoNotOptimize(key.data());
          benchmark::DoNotOptimize(value.data());
          ++seen;
          return true;
        });
        peak = heap.peak_bytes();
      },
      /*warm_up=*/last_shape.Changed(n, k));
  if (seen != n) state.SkipWithError("the scan did not return every entry exactly once");
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
  state.SetComplexityN(state.range(0));
}

/// Bytes of the tables of a tree directory.
inline std::uint64_t TableBytes(const LsmTree& tree) {
  std::uint64_t bytes = 0;
  for (const auto& table : tree.tables()) bytes += table->file_size();
  return bytes;
}

/// The POSIX file system, noting the heap's peak so far (of `tracker`, while set) at every file
/// opened for reading: at the last one a compaction opens, the output table in
/// ReplaceAllTables, that is the peak of the merge before it.
class PeakAtOpenFileSystem final : public ForwardingFileSystem {
 public:
  std::unique_ptr<RandomAccessFile> NewRandomAccessFile(const std::string& path) override {
    if (tracker != nullptr) peak_at_last_open = tracker->peak_bytes();
    return base().NewRandomAccessFile(path);
  }

  const heap::PeakHeapTracker* tracker = nullptr;  ///< the region being measured
  std::optional<std::uint64_t> peak_at_last_open;  ///< nullopt: nothing opened in the region
};

/// Benchmarks `compact(tree)` on a fresh copy of a tree of n entries in k tables each iteration
/// (making the copy is not timed). Counters:
///  - peak_heap_bytes: the heap's high-water mark during the call, above where it started;
///  - output_index_bytes: the sparse index of the output table, which the tree keeps in memory
///    afterwards (in place of the inputs' indexes, which it frees): the cost of holding the
///    table open, not of compacting it;
///  - working_heap_bytes: the high-water mark before the output table is opened for reading
///    (the last file the call opens, through the tree's file system): what the merge itself
///    needed, whatever else is alive while the output opens;
///  - ms_per_compaction, and mb_per_s (input table bytes per second).
/// `check(tree)` says whether the result is right.
template <class Compact, class Check>
void CompactionBenchmark(benchmark::State& state, std::int64_t n, std::int64_t k, Compact compact,
                         Check check) {
  using Clock = std::chrono::steady_clock;
  const TreeOnDisk& source = TreeOfShape(n, k);
  const TempDir scratch("compaction");
  std::uint64_t peak = 0;
  std::uint64_t working = 0;
  std::uint64_t bytes = 0;
  std::uint64_t index_bytes = 0;
  Clock::duration total{};
  PeakAtOpenFileSystem file_system;
  LsmOptions options = source.Options();
  options.file_system = &file_system;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): Google Benchmark idiom
    state.PauseTiming();
    source.CopyTo(scratch / "tree");
    auto tree = LsmTree::Open((scratch / "tree").string(), options);
    bytes = TableBytes(*tree);
    file_system.peak_at_last_open.reset();
    state.ResumeTiming();
    const auto start = Clock::now();
    heap::PeakHeapTracker heap;
    file_system.tracker = &heap;
    compact(*tree);
    peak = heap.peak_bytes();
    file_system.tracker = nullptr;
    total += Clock::now() - start;
    working = file_system.peak_at_last_open.value_or(peak);
    state.PauseTiming();
    if (!check(*tree)) state.SkipWithError("compaction gave a wrong result");
    index_bytes = 0;
    for (const auto& table : tree->tables()) index_bytes += table->index().memory_bytes();
    tree.reset();
    state.ResumeTiming();
  }
  const double seconds =
      std::chrono::duration<double>(total).count() / static_cast<double>(state.iterations());
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
  state.counters["output_index_bytes"] = static_cast<double>(index_bytes);
  state.counters["working_heap_bytes"] = static_cast<double>(working);
  state.counters["ms_per_compaction"] = seconds * 1e3;
  state.counters["mb_per_s"] = static_cast<double>(bytes) / 1e6 / seconds;
  state.SetComplexityN(state.range(0));
}

/// CompactionBenchmark that checks for one table holding all n entries.
template <class Compact>
void CompactionBenchmark(benchmark::State& state, std::int64_t n, std::int64_t k, Compact compact) {
  CompactionBenchmark(state, n, k, compact, [n](const LsmTree& tree) {
    return tree.tables().size() == 1 &&
           tree.tables()[0]->entry_count() == static_cast<std::uint64_t>(n);
  });
}

}  // namespace lsm::bench
