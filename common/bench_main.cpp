// The main() of every benchmark binary: strips --quick, records how the binary was built and the
// fit rule in the JSON context, then hands over to Google Benchmark with the readable console.

#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "common/bench_reporter.h"
#include "common/bench_support.h"

#ifndef LSM_BUILD_TYPE
#define LSM_BUILD_TYPE "unknown"
#endif

#if defined(__clang__)
#define LSM_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define LSM_COMPILER "g++ " __VERSION__
#else
#define LSM_COMPILER "unknown compiler"
#endif

// How this file was compiled, which is how the timed code was compiled: the benchmark binaries
// and chapter libraries share CMAKE_BUILD_TYPE and its flags.
#ifdef __OPTIMIZE__
#define LSM_OPTIMISED "optimised"
#else
#define LSM_OPTIMISED "not optimised"
#endif
#ifdef NDEBUG
#define LSM_ASSERTS "NDEBUG defined"
#else
#define LSM_ASSERTS "assertions on"
#endif
#define LSM_TIMED_BUILD LSM_BUILD_TYPE " (" LSM_OPTIMISED ", " LSM_ASSERTS ")"

namespace lsm::bench {

std::vector<std::int64_t> HalfDecades(std::int64_t first, std::int64_t last) {
  std::vector<std::int64_t> sizes;
  for (std::int64_t decade = first; decade <= last; decade *= 10) {
    sizes.push_back(decade);
    if (decade * 3 <= last) sizes.push_back(decade * 3);
  }
  return sizes;
}

}  // namespace lsm::bench

int main(int argc, char** argv) {
  lsm::bench::Config config;
  const char* env = std::getenv("LSM_BENCH_QUICK");
  config.quick = env != nullptr && *env != '\0' && std::strcmp(env, "0") != 0;

  std::vector<char*> args;
  bool min_time_given = false;
  bool repetitions_given = false;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      config.quick = true;
      continue;
    }
    if (std::strncmp(argv[i], "--benchmark_min_time", 20) == 0) min_time_given = true;
    if (std::strncmp(argv[i], "--benchmark_repetitions", 23) == 0) repetitions_given = true;
    args.push_back(argv[i]);
  }
  static char quick_min_time[] = "--benchmark_min_time=0.01";
  static std::string quick_repetitions =
      "--benchmark_repetitions=" + std::to_string(lsm::bench::kQuickRepetitions);
  if (config.quick && !min_time_given) args.push_back(quick_min_time);
  if (config.quick && !repetitions_given) args.push_back(quick_repetitions.data());
  int args_count = static_cast<int>(args.size());

  using lsm::bench::kFitRule;
  benchmark::AddCustomContext("lsm_build_type", LSM_TIMED_BUILD);
  benchmark::AddCustomContext("lsm_compiler", LSM_COMPILER);
  benchmark::AddCustomContext("lsm_quick_mode", config.quick ? "yes" : "no");
  benchmark::AddCustomContext("lsm_heap_accounting", "operator new/delete, malloc_usable_size");
  std::ostringstream fit_rule;  // read back by scripts/plot_bench.py
  fit_rule << "min_sizes=" << kFitRule.min_sizes << " min_span=" << kFitRule.min_span
           << " max_rms=" << kFitRule.max_rms;
  benchmark::AddCustomContext("lsm_fit_rule", fit_rule.str());

  lsm::bench::RegisterBenchmarks(config);
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;
  // Made after Initialize(), so that it follows --benchmark_format. libbenchmark.so prints its
  // DEBUG warning when the .so was compiled without NDEBUG, whatever our headers and flags; the
  // iteration loop is inline in our code and the counters read our own clock around our code.
  const auto display = lsm::bench::MakeDisplayReporter(
      "note: \"Library was built as DEBUG\" describes libbenchmark.so itself (Debian compiles "
      "it without NDEBUG); its bookkeeping runs outside what is timed. The timed code is this "
      "project's, built " LSM_TIMED_BUILD ".");
  benchmark::RunSpecifiedBenchmarks(display.get());
  benchmark::Shutdown();
  return 0;
}
