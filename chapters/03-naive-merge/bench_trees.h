/// \file
/// Benchmark support for chapters 3 to 5: trees of n entries spread over k SSTables, built once
/// per shape and shared by every benchmark of that shape in a run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "common/generators.h"
#include "common/temp_dir.h"

namespace lsm::bench {

/// A tree directory holding n distinct random keys (16 bytes, values 100 bytes) in k SSTables
/// of n / k entries each. Each table holds a random subset, so every table's key range spans
/// the whole key space: a scan must merge all k. The memtable is empty.
class TreeOnDisk {
 public:
  /// Builds the tree (n >= k >= 1).
  TreeOnDisk(std::int64_t n, std::int64_t k) : n_(n), k_(k), dir_("bench-tree") {
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

  /// Options that keep every write in the memtable until an explicit Flush().
  [[nodiscard]] static LsmOptions Options() {
    LsmOptions options;
    options.memtable_budget_bytes = std::size_t{1} << 40;
    return options;
  }

  [[nodiscard]] std::string path() const { return (dir_ / "tree").string(); }  ///< directory
  [[nodiscard]] std::int64_t n() const noexcept { return n_; }                 ///< entries
  [[nodiscard]] std::int64_t k() const noexcept { return k_; }                 ///< SSTables

 private:
  std::int64_t n_;
  std::int64_t k_;
  TempDir dir_;
};

/// The TreeOnDisk of shape (n, k), built on first use and kept (on disk) for the rest of the
/// run, so that every benchmark family of a run reads the very same files.
inline const TreeOnDisk& TreeOfShape(std::int64_t n, std::int64_t k) {
  static std::map<std::pair<std::int64_t, std::int64_t>, std::unique_ptr<TreeOnDisk>> trees;
  auto& tree = trees[{n, k}];
  if (!tree) tree = std::make_unique<TreeOnDisk>(n, k);
  return *tree;
}

}  // namespace lsm::bench
