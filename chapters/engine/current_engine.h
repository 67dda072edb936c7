/// \file
/// The current engine: the one `lsm-shell` and `peer_bench` drive. Each Part II chapter that
/// changes the engine changes this file, and only this file, to move both tools onto it. (Every
/// chapter's demo and benchmark keep using their own chapter's engine, since they compare it
/// with the one before.)
#pragma once

#include <memory>
#include <string>

#include "chapters/06-bloom-filter/bloom_filter.h"
#include "chapters/07-write-ahead-log/db.h"

namespace lsm {

/// The current engine's class.
using CurrentEngine = Db;

/// One line on what it is, for tools to print.
inline constexpr const char* kCurrentEngineDescription =
    "chapter 7's Db: a write-ahead log in front of chapter 3's tree, with chapter 4's streaming "
    "scan, chapter 5's streaming compaction and chapter 6's Bloom filters";

/// The current engine's options with everything the chapters so far add switched on: Bloom
/// filters of `bloom_bits_per_key` bits per key.
[[nodiscard]] inline DbOptions CurrentEngineOptions(
    int bloom_bits_per_key = kDefaultBloomBitsPerKey) {
  DbOptions options;
  options.tree.table_options.filter_policy =
      std::make_shared<BloomFilterPolicy>(bloom_bits_per_key);
  return options;
}

/// Opens (or creates) the current engine in `directory`.
[[nodiscard]] inline std::unique_ptr<CurrentEngine> OpenCurrentEngine(
    const std::string& directory, DbOptions options = CurrentEngineOptions()) {
  return Db::Open(directory, std::move(options));
}

}  // namespace lsm
