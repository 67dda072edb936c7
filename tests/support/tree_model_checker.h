// One model checker for every stage of the tree: random puts, removes, overwrites, gets, scans
// over random half-open ranges (and, where the stage streams, random walks that change
// direction), flushes, compactions and reopens, each answer compared with a std::map.
//
// A reopen ends the subject as a crash would: a tree (chapters 3 to 6) loses its memtable, and
// the model falls back to the flushed state; an engine with a write-ahead log (chapter 7 on)
// keeps every acknowledged write.
//
// Operations per seed: `default_operations`, or LSM_MODEL_OPS from the environment (the long
// mode: `ctest --preset long`). LSM_MODEL_SEED runs that one seed only, to replay a failure;
// every failure names its seed and operation and shows the last operations that led to it.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "common/temp_dir.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"
#include "tests/support/stats.h"
#include "tests/support/trees.h"

namespace lsm::testing {

/// How one stage scans and compacts.
struct TreeStage {
  std::string name;  ///< e.g. "naive"
  /// Every live key in the range, in order.
  std::function<std::vector<KeyValue>(const LsmTree&, const KeyRange&)> scan;
  /// A streaming iterator over the range, for walks that change direction; null if the stage
  /// has none.
  std::function<std::unique_ptr<Iterator>(const LsmTree&, const KeyRange&)> iterate;
  /// Merges every table into one.
  std::function<void(LsmTree&)> compact;
  /// The tables' filter policy (chapter 6); nullptr: tables without filters.
  std::shared_ptr<const FilterPolicy> filter_policy = nullptr;
};

/// What a run did, so that a test can require the mix to have really happened.
struct ModelCheckCounts {
  std::uint64_t operations = 0;
  std::uint64_t flushes = 0;
  std::uint64_t compactions = 0;
  std::uint64_t reopens = 0;
  std::uint64_t scans = 0;
  std::uint64_t walks = 0;
};

/// Operations per seed: LSM_MODEL_OPS if set, else `default_operations`.
inline std::uint64_t ModelOperations(std::uint64_t default_operations) {
  const char* env = std::getenv("LSM_MODEL_OPS");
  return env != nullptr && *env != '\0' ? std::strtoull(env, nullptr, 10) : default_operations;
}

/// The seeds to run: LSM_MODEL_SEED alone if set, else `defaults`.
inline std::vector<std::uint64_t> ModelSeeds(std::vector<std::uint64_t> defaults) {
  const char* env = std::getenv("LSM_MODEL_SEED");
  if (env != nullptr && *env != '\0') return {std::strtoull(env, nullptr, 10)};
  return defaults;
}

inline KeyRange RandomRange(Random& random) {
  KeyRange range;
  if (!random.OneIn(4)) range.start = RandomSmallKey(random);
  if (!random.OneIn(4)) range.end = RandomSmallKey(random);
  return range;
}

/// What the model checker drives: a tree of some stage, or an engine on top of one.
class ModelCheckSubject {
 public:
  virtual ~ModelCheckSubject() = default;
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Remove(std::string_view key) = 0;
  [[nodiscard]] virtual std::optional<std::string> Get(std::string_view key) const = 0;
  /// Every live key in the range, in order.
  [[nodiscard]] virtual std::vector<KeyValue> Scan(const KeyRange& range) const = 0;
  /// A streaming iterator over the range, or nullptr if the subject has none.
  [[nodiscard]] virtual std::unique_ptr<Iterator> Iterate(const KeyRange& range) const = 0;
  virtual void Flush() = 0;
  virtual void Compact() = 0;
  [[nodiscard]] virtual std::size_t table_count() const = 0;
  [[nodiscard]] virtual bool memtable_empty() const = 0;
  /// Ends the subject as a crash would (no flush, no clean close) and opens it again.
  virtual void CrashAndReopen() = 0;
  /// True if a reopen keeps every acknowledged write (a write-ahead log), false if only what
  /// was flushed.
  [[nodiscard]] virtual bool keeps_acknowledged_writes() const = 0;
};

/// The options every model check opens with: a small memtable and small groups.
inline LsmOptions ModelCheckOptions(std::shared_ptr<const FilterPolicy> filter_policy) {
  LsmOptions options;
  options.memtable_budget_bytes = 4096;  // flushes every few dozen writes
  options.table_options.index_interval = 4;
  options.table_options.filter_policy = std::move(filter_policy);
  return options;
}

/// A tree of one stage (chapters 3 to 6). A reopen drops the memtable without a flush.
class TreeSubject final : public ModelCheckSubject {
 public:
  TreeSubject(const TreeStage& stage, std::string path)
      : stage_(stage),
        path_(std::move(path)),
        options_(ModelCheckOptions(stage.filter_policy)),
        tree_(OpenTree(path_, options_)) {}
  void Put(std::string_view key, std::string_view value) override { tree_->Put(key, value); }
  void Remove(std::string_view key) override { tree_->Remove(key); }
  [[nodiscard]] std::optional<std::string> Get(std::string_view key) const override {
    return tree_->Get(key);
  }
  [[nodiscard]] std::vector<KeyValue> Scan(const KeyRange& range) const override {
    return stage_.scan(*tree_, range);
  }
  [[nodiscard]] std::unique_ptr<Iterator> Iterate(const KeyRange& range) const override {
    return stage_.iterate ? stage_.iterate(*tree_, range) : nullptr;
  }
  void Flush() override { tree_->Flush(); }
  void Compact() override { stage_.compact(*tree_); }
  [[nodiscard]] std::size_t table_count() const override { return tree_->tables().size(); }
  [[nodiscard]] bool memtable_empty() const override { return tree_->memtable().empty(); }
  void CrashAndReopen() override {
    tree_.reset();  // no flush: the memtable is lost, as in a crash
    tree_ = OpenTree(path_, options_);
  }
  [[nodiscard]] bool keeps_acknowledged_writes() const override { return false; }

 private:
  const TreeStage& stage_;
  std::string path_;
  LsmOptions options_;
  std::unique_ptr<LsmTree> tree_;
};

/// Runs `operations` random operations with `seed` on a fresh subject made by `make` in a
/// fresh directory, comparing every answer with the model. REQUIREs fail with the seed, the
/// operation number and the last operations (keys, values and ranges escaped) in their
/// message; every call of the subject happens inside one of them.
inline ModelCheckCounts RunModelCheck(
    const std::string& name,
    const std::function<std::unique_ptr<ModelCheckSubject>(const std::string& path)>& make,
    std::uint64_t seed, std::uint64_t operations) {
  using Live = std::map<std::string, std::string>;
  const TempDir dir("model-check");
  const std::string path = (dir / "tree").string();
  std::unique_ptr<ModelCheckSubject> subject;
  REQUIRE_NOTHROW(subject = make(path));
  auto* tree = subject.get();
  const bool logged = tree->keeps_acknowledged_writes();
  Random random(seed);
  Live live;     // what the subject holds
  Live flushed;  // what the tables hold
  Live durable;  // what a reopen must show
  ModelCheckCounts counts;
  Trace trace;  // the last operations, for the failure messages

  auto model_scan = [&live](const KeyRange& range) {
    std::vector<KeyValue> out;
    if (range.IsEmpty()) return out;
    auto it = range.start ? live.lower_bound(*range.start) : live.begin();
    for (; it != live.end() && !range.IsPastEnd(it->first); ++it)
      out.push_back({it->first, it->second});
    return out;
  };

  for (std::uint64_t op = 0; op < operations; ++op) {
    INFO("stage " << name << ", seed " << seed << ", operation " << op
                  << " (replay: LSM_MODEL_SEED=" << seed << ")");
    const std::string key = RandomSmallKey(random);
    const std::uint64_t dice = random.Uniform(1000);
    if (dice < 400) {  // put, often an overwrite: the key space is small
      const std::string value = RandomValue(random);
      trace.Add("Put(" + ShowBytes(key) + ", " + ShowBytes(value, 8) + ")");
      INFO(trace);
      REQUIRE_NOTHROW(tree->Put(key, value));
      live[key] = value;
    } else if (dice < 550) {
      trace.Add("Remove(" + ShowBytes(key) + ")");
      INFO(trace);
      REQUIRE_NOTHROW(tree->Remove(key));
      live.erase(key);
    } else if (dice < 850) {
      trace.Add("Get(" + ShowBytes(key) + ")");
      INFO(trace);
      const auto found = live.find(key);
      const std::optional<std::string> expected =
          found == live.end() ? std::nullopt : std::optional<std::string>(found->second);
      REQUIRE(tree->Get(key) == expected);
    } else if (dice < 930) {
      const KeyRange range = RandomRange(random);
      trace.Add("scan " + ShowRange(range));
      INFO(trace);
      REQUIRE(SameEntries(tree->Scan(range), model_scan(range)));
      ++counts.scans;
    } else if (dice < 970) {
      const KeyRange range = RandomRange(random);
      std::unique_ptr<Iterator> it;
      REQUIRE_NOTHROW(it = tree->Iterate(range));
      if (it) {  // a walk that changes direction at random
        trace.Add("a random walk over " + ShowRange(range));
        INFO(trace);
        Model expected;
        for (const KeyValue& entry : model_scan(range)) expected[entry.key] = entry.value;
        CheckRandomWalk(*it, expected, random, 30);
        ++counts.walks;
      } else {
        trace.Add("scan " + ShowRange(range));
        INFO(trace);
        REQUIRE(SameEntries(tree->Scan(range), model_scan(range)));
        ++counts.scans;
      }
    } else if (dice < 985) {
      trace.Add("Flush()");
      INFO(trace);
      REQUIRE_NOTHROW(tree->Flush());
    } else if (dice < 995) {
      trace.Add("compact");
      INFO(trace);
      REQUIRE_NOTHROW(tree->Compact());
      REQUIRE(tree->table_count() <= 1);
      ++counts.compactions;
    } else {
      trace.Add(logged ? "crash and reopen (the log keeps every write)"
                       : "reopen (no flush: the memtable is lost)");
      INFO(trace);
      REQUIRE_NOTHROW(tree->CrashAndReopen());
      live = durable;
      flushed = durable;  // (an engine's open flushes what it replayed)
      REQUIRE(SameEntries(tree->Scan(KeyRange::All()), model_scan(KeyRange::All())));
      ++counts.reopens;
    }
    if (tree->memtable_empty() && flushed != live) {  // a flush happened: all of it is on disk
      flushed = live;
      ++counts.flushes;
    }
    durable = logged ? live : flushed;
    ++counts.operations;
  }
  INFO("stage " << name << ", seed " << seed << ", after all " << operations << " operations");
  INFO(trace);
  REQUIRE(SameEntries(tree->Scan(KeyRange::All()), model_scan(KeyRange::All())));
  return counts;
}

/// Runs the model check for every seed and requires a real mix of operations; prints the
/// totals (they go into the book's "How we know it works" page).
inline void RunModelChecks(
    const std::string& name,
    const std::function<std::unique_ptr<ModelCheckSubject>(const std::string& path)>& make,
    std::uint64_t default_operations, std::vector<std::uint64_t> default_seeds) {
  ModelCheckCounts total;
  for (std::uint64_t seed : ModelSeeds(std::move(default_seeds))) {
    const ModelCheckCounts counts =
        RunModelCheck(name, make, seed, ModelOperations(default_operations));
    total.operations += counts.operations;
    total.flushes += counts.flushes;
    total.compactions += counts.compactions;
    total.reopens += counts.reopens;
    total.scans += counts.scans;
    total.walks += counts.walks;
  }
  std::ostringstream line;
  line << "model check, " << name << " stage: " << total.operations << " operations, "
       << total.flushes << " flushes, " << total.compactions << " compactions, " << total.reopens
       << " reopens, " << total.scans << " scans, " << total.walks << " iterator walks";
  WARN(line.str());
  RecordStat(line.str());
  CHECK(total.flushes * 200 > total.operations);  // the mix must really exercise the tree
  CHECK(total.compactions * 400 > total.operations);
  CHECK(total.reopens * 400 > total.operations);
}

/// RunModelChecks on a tree of `stage`.
inline void RunTreeModelChecks(const TreeStage& stage, std::uint64_t default_operations,
                               std::vector<std::uint64_t> default_seeds) {
  RunModelChecks(
      stage.name,
      [&stage](const std::string& path) { return std::make_unique<TreeSubject>(stage, path); },
      default_operations, std::move(default_seeds));
}

}  // namespace lsm::testing
