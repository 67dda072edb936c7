// Chapter 5 benchmark: naive against streaming compaction of the same 16 tables, with a plain
// file copy of the same bytes as the physical reference, in one run.
//
//   Compaction/naive/<n>      LsmTree::NaiveCompact(): everything materialised in memory
//   Compaction/streaming/<n>  lsm::Compact(): merging iterator -> SSTable writer
//   Compaction/file_copy/<n>  copying the 16 table files and fsyncing them: the cost of moving
//                             the bytes at all, without merging
// Counters (chapters/03-naive-merge/bench_trees.h, CompactionBenchmark): peak_heap_bytes,
// working_heap_bytes (the peak until the output opens), output_index_bytes, ms_per_compaction,
// mb_per_s (input bytes per second).

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "chapters/03-naive-merge/bench_trees.h"
#include "chapters/05-streaming-compaction/compaction.h"
#include "common/errors.h"

namespace {

constexpr std::int64_t kTables = 16;

void CopyAndSync(const lsm::LsmTree& tree) {
  for (const auto& table : tree.tables()) {
    const std::string copy = table->path() + ".copy";
    std::filesystem::copy_file(table->path(), copy);
    const int fd = ::open(copy.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) throw lsm::IoError(copy, errno, "fsync");
    ::close(fd);
  }
}

void BM_Naive(benchmark::State& state) {
  lsm::bench::CompactionBenchmark(state, state.range(0), kTables,
                                  [](lsm::LsmTree& tree) { tree.NaiveCompact(); });
}

void BM_Streaming(benchmark::State& state) {
  lsm::bench::CompactionBenchmark(state, state.range(0), kTables,
                                  [](lsm::LsmTree& tree) { lsm::Compact(tree); });
}

void BM_FileCopy(benchmark::State& state) {
  lsm::bench::CompactionBenchmark(
      state, state.range(0), kTables, CopyAndSync,
      [](const lsm::LsmTree& tree) { return tree.tables().size() == kTables; });
}

}  // namespace

void lsm::bench::RegisterBenchmarks(const Config& config) {
  const std::vector<std::int64_t> sizes =
      config.quick ? std::vector<std::int64_t>{100'000, 300'000}
                   : std::vector<std::int64_t>{100'000, 300'000, 1'000'000, 2'000'000, 4'000'000};
  using Function = void (*)(benchmark::State&);
  for (auto [name, function] : {std::pair<const char*, Function>{"Compaction/naive", BM_Naive},
                                {"Compaction/streaming", BM_Streaming},
                                {"Compaction/file_copy", BM_FileCopy}}) {
    auto* benchmark = lsm::bench::AddBenchmark(name, function);
    for (std::int64_t n : sizes) benchmark->Arg(n);
    benchmark->Unit(benchmark::kMillisecond)->Complexity();
  }
}
