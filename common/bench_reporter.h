/// \file
/// The console output of every benchmark binary, trimmed for reading: a note under the
/// context, one median with its spread per repeated benchmark, and a Complexity() fit only
/// where the run can support one (kFitRule). JSON and CSV output are left as Google Benchmark
/// writes them.
#pragma once

#include <benchmark/benchmark.h>

#include <memory>
#include <string>

namespace lsm::bench {

/// When a Complexity() fit is worth reading. Google Benchmark fits every shape it knows by
/// least squares and names the closest one, however few the points and however poor the fit.
struct FitRule {
  int min_sizes;    ///< distinct sizes n the fit saw, at least
  double min_span;  ///< largest n / smallest n, at least
  double max_rms;   ///< the fit's normalised RMS (`_RMS`, on CPU time), as a fraction, at most
};

/// The one rule, for the console and the book (main() writes it into the JSON context as
/// `lsm_fit_rule: min_sizes=4 min_span=16 max_rms=0.1`; scripts/plot_bench.py applies it from
/// there). Three sizes over ×10 let noise pick the shape (the naive first result read N^2
/// in one run and NlgN in the next), and an RMS above 10% means no shape fits.
inline constexpr FitRule kFitRule{4, 16.0, 0.10};

/// Google Benchmark's default display reporter (it honours `--benchmark_format`). When that is
/// the console, the wrapper prints `note` under the run's context, shows repeated benchmarks as
/// their median, min and max (errors always), and replaces each fit kFitRule rejects with a line
/// saying why.
[[nodiscard]] std::unique_ptr<benchmark::BenchmarkReporter> MakeDisplayReporter(std::string note);

}  // namespace lsm::bench
