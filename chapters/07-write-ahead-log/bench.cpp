// Chapter 7 benchmark: what the write-ahead log costs, on the write path and at open, in one run.
//
//   Put/<variant>/<n>      n puts of random 16-byte keys with 100-byte values into a fresh store
//                          with the default 4 MiB memtable budget (its flushes, which sync each
//                          table, are timed too);
//                          variant no_log (chapter 6's tree: LsmTree with Bloom filters of 10
//                          bits per key), unsynced (Db::Put, sync = false: one write(2) per put)
//                          or synced (sync = true: and one fdatasync per put)
//   Batch/<variant>/<b>    Db::Write of batches of b puts each, synced or unsynced, into a Db
//                          whose memtable never flushes: what one fdatasync costs spread over a
//                          batch (group commit)
//   Recovery/replay/<mb>   Db::Open of a directory whose one log holds <mb> MB of single-put
//                          batches (written unsynced, never flushed): it replays the log into
//                          the memtable, then flushes it to a table
// Counters: ns_per_put, us_per_batch, us_per_entry, entries_per_s, log_bytes_per_entry (bytes
// appended to the logs / entries written), peak_heap_bytes; ms_per_open, mb_per_s (log bytes
// replayed per second), log_bytes, entries.
//
// Every counter is read on a steady clock around the timed calls only. Google Benchmark picks
// iteration counts by CPU time, which does not see the waits on the disk: a synced benchmark runs
// until its CPU time reaches the minimum time, several times that on the clock. (Its own Time
// column and items_per_second would not mean much here; these benchmarks set no items.)
// Each store is opened, and destroyed, outside the timed region. The recovery's log is read from
// the page cache, as after a process crash (after a power loss it would come from the disk).

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/06-bloom-filter/bloom_filter.h"
#include "chapters/07-write-ahead-log/db.h"
#include "common/bench_support.h"
#include "common/file_system.h"
#include "common/generators.h"
#include "common/heap_tracker.h"
#include "common/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;

// Batches of each Batch iteration.
constexpr std::int64_t kBatchesPerIteration = 16;
// Keeps every write in the memtable until an explicit flush.
constexpr std::size_t kNeverFlush = std::size_t{1} << 40;

// A log file that counts the bytes appended to it.
class CountingFile final : public lsm::WritableFile {
 public:
  CountingFile(std::unique_ptr<lsm::WritableFile> file, std::uint64_t& bytes)
      : file_(std::move(file)), bytes_(bytes) {}
  void Append(std::string_view data) override {
    file_->Append(data);
    bytes_ += data.size();
  }
  void Flush() override { file_->Flush(); }
  void Sync() override { file_->Sync(); }
  void Close() override { file_->Close(); }
  [[nodiscard]] std::uint64_t size() const override { return file_->size(); }

 private:
  std::unique_ptr<lsm::WritableFile> file_;
  std::uint64_t& bytes_;
};

// The POSIX file system, counting the bytes appended to log files ("*.log"): every log a Db
// writes, those deleted after a flush included. Other files pass through untouched.
class LogCountingFileSystem final : public lsm::ForwardingFileSystem {
 public:
  [[nodiscard]] std::uint64_t log_bytes() const noexcept { return log_bytes_; }

  std::unique_ptr<lsm::WritableFile> NewWritableFile(const std::string& path) override {
    auto file = base().NewWritableFile(path);
    if (!path.ends_with(".log")) return file;
    return std::make_unique<CountingFile>(std::move(file), log_bytes_);
  }

 private:
  std::uint64_t log_bytes_ = 0;
};

// Chapter 6's tree options: Bloom filters of 10 bits per key, memtable budget `budget`.
lsm::LsmOptions TreeOptions(std::size_t budget, lsm::FileSystem* file_system) {
  static const std::shared_ptr<const lsm::FilterPolicy> bloom =
      std::make_shared<lsm::BloomFilterPolicy>(lsm::kDefaultBloomBitsPerKey);
  lsm::LsmOptions options;
  options.memtable_budget_bytes = budget;
  options.table_options.filter_policy = bloom;
  options.file_system = file_system;
  return options;
}

lsm::DbOptions DbOptionsFor(std::size_t budget, lsm::FileSystem* file_system) {
  lsm::DbOptions options;
  options.tree = TreeOptions(budget, file_system);
  return options;
}

// The n random keys of a Put workload, made once per n (values: ValueGenerator::Value(i)).
const std::vector<std::string>& KeysOf(std::int64_t n) {
  static std::map<std::int64_t, std::vector<std::string>> keys;
  auto& these = keys[n];
  if (these.empty()) these = lsm::KeyGenerator().RandomKeys(static_cast<std::uint64_t>(n));
  return these;
}

enum class Variant { kNoLog, kUnsynced, kSynced };

// Calls put(i) for i in [0, n) and returns how long that took.
template <class PutOne>
Clock::duration TimePuts(std::int64_t n, PutOne&& put) {
  const auto start = Clock::now();
  for (std::int64_t i = 0; i < n; ++i) put(static_cast<std::size_t>(i));
  return Clock::now() - start;
}

// What one run of a Put workload measured.
struct PutRun {
  Clock::duration elapsed{};
  std::uint64_t log_bytes = 0;
  std::uint64_t peak_heap_bytes = 0;
  bool right = false;  // the first and the last key read back, and (Db) n sequence numbers
};

// One Put workload on a fresh store: opens it, calls resume(), times the n puts, calls pause(),
// checks and destroys the store. Called with the benchmark's timer paused.
template <class Resume, class Pause>
PutRun RunPuts(Variant variant, std::int64_t n, Resume&& resume, Pause&& pause) {
  const std::vector<std::string>& keys = KeysOf(n);
  const lsm::ValueGenerator values;
  const lsm::TempDir dir("ch07-put");
  const std::string path = (dir / "db").string();
  LogCountingFileSystem file_system;
  const auto budget = lsm::MemTable::kDefaultBudgetBytes;
  auto reads_back = [&](const auto& store) {
    return store.Get(keys.front()) == values.Value(0) &&
           store.Get(keys.back()) == values.Value(keys.size() - 1);
  };
  PutRun run;
  if (variant == Variant::kNoLog) {
    const auto tree = lsm::LsmTree::Open(path, TreeOptions(budget, &file_system));
    const lsm::heap::PeakHeapTracker heap;
    resume();
    run.elapsed = TimePuts(n, [&](std::size_t i) { tree->Put(keys[i], values.Value(i)); });
    pause();
    run.peak_heap_bytes = heap.peak_bytes();
    run.right = reads_back(*tree);
  } else {
    const lsm::WriteOptions write{.sync = variant == Variant::kSynced};
    const auto db = lsm::Db::Open(path, DbOptionsFor(budget, &file_system));
    const lsm::heap::PeakHeapTracker heap;
    resume();
    run.elapsed = TimePuts(n, [&](std::size_t i) { db->Put(keys[i], values.Value(i), write); });
    pause();
    run.peak_heap_bytes = heap.peak_bytes();
    run.right = reads_back(*db) && db->last_sequence() == static_cast<std::uint64_t>(n);
  }
  run.log_bytes = file_system.log_bytes();
  return run;
}

void BM_Put(benchmark::State& state, Variant variant) {
  const std::int64_t n = state.range(0);
  // The first run of each (variant, n) warms caches and the allocator, untimed (as TimePerOp's
  // warm_up); the repetitions that follow run on warm caches.
  static std::set<std::pair<Variant, std::int64_t>> warmed;
  const auto untimed = [] {};
  if (warmed.insert({variant, n}).second) static_cast<void>(RunPuts(variant, n, untimed, untimed));
  Clock::duration total{};
  PutRun run;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): Google Benchmark idiom
    state.PauseTiming();
    run = RunPuts(
        variant, n, [&state] { state.ResumeTiming(); }, [&state] { state.PauseTiming(); });
    total += run.elapsed;
    if (!run.right) state.SkipWithError("a put did not read back");
    state.ResumeTiming();
  }
  const double puts = static_cast<double>(state.iterations()) * static_cast<double>(n);
  const double ns = std::chrono::duration<double, std::nano>(total).count() / puts;
  state.counters["ns_per_put"] = ns;
  state.counters["entries_per_s"] = 1e9 / ns;
  state.counters["log_bytes_per_entry"] =
      static_cast<double>(run.log_bytes) / static_cast<double>(n);
  state.counters["peak_heap_bytes"] = static_cast<double>(run.peak_heap_bytes);
}

void BM_Batch(benchmark::State& state, bool sync) {
  const std::int64_t per_batch = state.range(0);
  const lsm::KeyGenerator keys;
  const lsm::ValueGenerator values;
  std::vector<lsm::WriteBatch> batches(kBatchesPerIteration);
  std::uint64_t index = 0;
  for (lsm::WriteBatch& batch : batches) {
    for (std::int64_t e = 0; e < per_batch; ++e, ++index) {
      batch.Put(keys.RandomKey(index), values.Value(index));
    }
  }
  const lsm::TempDir dir("ch07-batch");
  LogCountingFileSystem file_system;
  const auto db = lsm::Db::Open((dir / "db").string(), DbOptionsFor(kNeverFlush, &file_system));
  const lsm::WriteOptions write{.sync = sync};
  // Untimed: the first synced write also fsyncs the new log's directory entry, once.
  db->Write(batches.front(), write);
  const std::uint64_t log_bytes_before = file_system.log_bytes();
  Clock::duration total{};
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): Google Benchmark idiom
    const auto start = Clock::now();
    for (lsm::WriteBatch& batch : batches) db->Write(batch, write);
    total += Clock::now() - start;
  }
  const auto entries = static_cast<double>(state.iterations() * kBatchesPerIteration * per_batch);
  const double us_per_batch = std::chrono::duration<double, std::micro>(total).count() /
                              static_cast<double>(state.iterations() * kBatchesPerIteration);
  state.counters["us_per_batch"] = us_per_batch;
  state.counters["us_per_entry"] = us_per_batch / static_cast<double>(per_batch);
  state.counters["entries_per_s"] = 1e6 * static_cast<double>(per_batch) / us_per_batch;
  state.counters["log_bytes_per_entry"] =
      static_cast<double>(file_system.log_bytes() - log_bytes_before) / entries;
  if (db->last_sequence() !=
      static_cast<std::uint64_t>((state.iterations() * kBatchesPerIteration + 1) * per_batch)) {
    state.SkipWithError("the sequence numbers do not add up");
  }
}

// A database directory whose one log holds at least `megabytes` MB (10^6 bytes) of single-put
// batches, written unsynced with a memtable budget that never flushes, and no table: the Db was
// destroyed, which closes its log and flushes nothing. Built once per size and kept for the run.
class LogOnDisk {
 public:
  explicit LogOnDisk(std::int64_t megabytes) : dir_("ch07-recovery") {
    const auto target = static_cast<std::uint64_t>(megabytes) * 1'000'000;
    const lsm::KeyGenerator keys;
    const lsm::ValueGenerator values;
    const auto db = lsm::Db::Open(path(), DbOptionsFor(kNeverFlush, nullptr));
    while (db->stats().log_bytes < target) {
      for (int i = 0; i < 64; ++i, ++entries_) {
        db->Put(keys.RandomKey(entries_), values.Value(entries_));
      }
    }
    log_bytes_ = db->stats().log_bytes;
  }

  // Makes `target` a copy of the directory (replacing what is there). The log is hard-linked,
  // not copied: opening the copy reads it and then deletes its name, which leaves this one's.
  void CopyTo(const std::filesystem::path& target) const {
    std::filesystem::remove_all(target);
    std::filesystem::create_directory(target);
    for (const auto& entry : std::filesystem::directory_iterator(path())) {
      const std::filesystem::path name = entry.path().filename();
      if (name.extension() == ".log") {
        std::filesystem::create_hard_link(entry.path(), target / name);
      } else {
        std::filesystem::copy_file(entry.path(), target / name);
      }
    }
  }

  [[nodiscard]] std::string path() const { return (dir_ / "db").string(); }      ///< directory
  [[nodiscard]] std::uint64_t entries() const noexcept { return entries_; }      ///< in the log
  [[nodiscard]] std::uint64_t log_bytes() const noexcept { return log_bytes_; }  ///< its size

 private:
  lsm::TempDir dir_;
  std::uint64_t entries_ = 0;
  std::uint64_t log_bytes_ = 0;
};

const LogOnDisk& LogOfSize(std::int64_t megabytes) {
  static std::map<std::int64_t, std::unique_ptr<LogOnDisk>> logs;
  auto& log = logs[megabytes];
  if (!log) log = std::make_unique<LogOnDisk>(megabytes);
  return *log;
}

void BM_Recovery(benchmark::State& state) {
  const LogOnDisk& source = LogOfSize(state.range(0));
  const lsm::TempDir scratch("ch07-recover");
  const std::filesystem::path copy = scratch / "db";
  Clock::duration total{};
  std::uint64_t peak = 0;
  std::uint64_t replayed = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): Google Benchmark idiom
    state.PauseTiming();
    source.CopyTo(copy);
    state.ResumeTiming();
    const auto start = Clock::now();
    const lsm::heap::PeakHeapTracker heap;
    auto db = lsm::Db::Open(copy.string(), DbOptionsFor(kNeverFlush, nullptr));
    total += Clock::now() - start;
    state.PauseTiming();
    peak = heap.peak_bytes();
    const lsm::RecoveryReport& report = db->recovery();
    replayed = report.bytes;
    if (report.entries != source.entries() || report.bytes != source.log_bytes() ||
        report.tables_flushed != 0 || db->stats().tree.tables.size() != 1) {
      state.SkipWithError("the open did not replay the whole log into one table");
    }
    db.reset();
    state.ResumeTiming();
  }
  const double seconds =
      std::chrono::duration<double>(total).count() / static_cast<double>(state.iterations());
  state.counters["ms_per_open"] = seconds * 1e3;
  state.counters["mb_per_s"] = static_cast<double>(replayed) / 1e6 / seconds;
  state.counters["log_bytes"] = static_cast<double>(replayed);
  state.counters["entries"] = static_cast<double>(source.entries());
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
}

}  // namespace

void lsm::bench::RegisterBenchmarks(const Config& config) {
  // Synced puts wait for the disk (from a tenth of a millisecond to several milliseconds each on
  // a shared VM disk): they run at the smallest size only.
  const std::vector<std::int64_t> put_sizes =
      config.quick ? std::vector<std::int64_t>{100, 100'000}
                   : std::vector<std::int64_t>{1'000, 10'000, 100'000, 1'000'000};
  for (const auto& [name, variant] :
       {std::pair{"Put/no_log", Variant::kNoLog}, std::pair{"Put/unsynced", Variant::kUnsynced},
        std::pair{"Put/synced", Variant::kSynced}}) {
    for (const std::int64_t n : put_sizes) {
      if (variant == Variant::kSynced && n != put_sizes.front()) continue;
      lsm::bench::AddBenchmark(name, BM_Put, variant)->Arg(n)->Unit(benchmark::kMillisecond);
    }
  }
  for (const bool sync : {true, false}) {
    for (const std::int64_t per_batch : {1, 10, 100, 1000}) {
      lsm::bench::AddBenchmark(sync ? "Batch/synced" : "Batch/unsynced", BM_Batch, sync)
          ->Arg(per_batch)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  const std::vector<std::int64_t> log_megabytes =
      config.quick ? std::vector<std::int64_t>{1, 4, 16, 64}
                   : std::vector<std::int64_t>{1, 4, 16, 64, 256};
  for (const std::int64_t megabytes : log_megabytes) {
    lsm::bench::AddBenchmark("Recovery/replay", BM_Recovery)
        ->Arg(megabytes)
        ->Unit(benchmark::kMillisecond);
  }
}
