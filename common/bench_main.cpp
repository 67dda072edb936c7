// The main() of every benchmark binary: strips --quick, records how the binary was built in the
// JSON context, then hands over to Google Benchmark.

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

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
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      config.quick = true;
      continue;
    }
    if (std::strncmp(argv[i], "--benchmark_min_time", 20) == 0) min_time_given = true;
    args.push_back(argv[i]);
  }
  static char quick_min_time[] = "--benchmark_min_time=0.01";
  if (config.quick && !min_time_given) args.push_back(quick_min_time);
  int args_count = static_cast<int>(args.size());

  benchmark::AddCustomContext("lsm_build_type", LSM_BUILD_TYPE);
  benchmark::AddCustomContext("lsm_compiler", LSM_COMPILER);
  benchmark::AddCustomContext("lsm_quick_mode", config.quick ? "yes" : "no");
  benchmark::AddCustomContext("lsm_heap_accounting", "operator new/delete, malloc_usable_size");

  lsm::bench::RegisterBenchmarks(config);
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
