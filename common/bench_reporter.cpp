// The readable console reporter: a filter in front of Google Benchmark's own ConsoleReporter.

#include "common/bench_reporter.h"

#include <algorithm>
#include <cstdint>
#include <iomanip>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

namespace lsm::bench {
namespace {

using Run = benchmark::BenchmarkReporter::Run;

// Aggregates shown on the console; the JSON keeps mean, stddev and cv too.
bool IsShownAggregate(const std::string& name) {
  return name == "median" || name == "min" || name == "max";
}

// Empty if `sizes` and `rms` pass kFitRule, else why not.
std::string FitRejection(const std::set<std::int64_t>& sizes, double rms) {
  const double span =
      sizes.empty() ? 0
                    : static_cast<double>(*sizes.rbegin()) / static_cast<double>(*sizes.begin());
  const bool too_few =
      static_cast<int>(sizes.size()) < kFitRule.min_sizes || span < kFitRule.min_span;
  const bool too_rough = rms > kFitRule.max_rms;
  if (!too_few && !too_rough) return "";
  std::ostringstream why;
  why << std::setprecision(3) << "no Complexity() fit shown: ";
  if (too_few) why << "only " << sizes.size() << " sizes, spanning " << span << "x";
  if (too_few && too_rough) why << ", ";
  if (too_rough) why << "RMS " << rms * 100 << "%";
  why << " (a fit needs >= " << kFitRule.min_sizes << " sizes spanning >= " << kFitRule.min_span
      << "x and RMS <= " << kFitRule.max_rms * 100 << "%)";
  return why.str();
}

class ReadableConsoleReporter final : public benchmark::BenchmarkReporter {
 public:
  ReadableConsoleReporter(std::unique_ptr<benchmark::BenchmarkReporter> console, std::string note)
      : console_(std::move(console)), note_(std::move(note)) {}

  bool ReportContext(const Context& context) override {
    const bool run = console_->ReportContext(context);
    console_->GetErrorStream() << note_ << '\n';  // right under the library's own warnings
    return run;
  }

  // Google Benchmark reports one instance at a time: first its repetitions (non-aggregates),
  // then their statistics, followed by the family's fit after its last instance.
  void ReportRuns(const std::vector<Run>& runs) override {
    const auto succeeded = std::count_if(runs.begin(), runs.end(), [](const Run& run) {
      return run.run_type == Run::RT_Iteration && !run.error_occurred;
    });
    std::vector<Run> shown;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const Run& run = runs[i];
      if (run.run_type == Run::RT_Iteration) {
        if (!run.error_occurred) sizes_[run.family_index].insert(run.complexity_n);
        // Two successes or more get statistics (ComputeStats), which stand in for them.
        if (run.error_occurred || succeeded < 2) shown.push_back(run);
      } else if (run.report_big_o) {
        const bool rms_follows = i + 1 < runs.size() && runs[i + 1].report_rms;
        const double rms = rms_follows ? runs[i + 1].GetAdjustedCPUTime() : 1.0;
        const std::string rejection = FitRejection(sizes_[run.family_index], rms);
        if (rejection.empty()) {
          shown.push_back(run);
          if (rms_follows) shown.push_back(runs[i + 1]);
        } else {
          Print(shown);
          console_->GetOutputStream() << run.run_name.str() << ": " << rejection << '\n';
        }
        if (rms_follows) ++i;
      } else if (run.report_rms || IsShownAggregate(run.aggregate_name)) {
        shown.push_back(run);
      }
    }
    Print(shown);
  }

  void Finalize() override { console_->Finalize(); }

 private:
  void Print(std::vector<Run>& runs) {
    if (!runs.empty()) console_->ReportRuns(runs);
    runs.clear();
  }

  std::unique_ptr<benchmark::BenchmarkReporter> console_;
  std::string note_;
  std::map<std::int64_t, std::set<std::int64_t>> sizes_;  // family_index -> complexity_n seen
};

}  // namespace

std::unique_ptr<benchmark::BenchmarkReporter> MakeDisplayReporter(std::string note) {
  std::unique_ptr<benchmark::BenchmarkReporter> display(benchmark::CreateDefaultDisplayReporter());
  if (dynamic_cast<benchmark::ConsoleReporter*>(display.get()) == nullptr) return display;
  return std::make_unique<ReadableConsoleReporter>(std::move(display), std::move(note));
}

}  // namespace lsm::bench
