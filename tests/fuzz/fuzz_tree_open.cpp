// libFuzzer target: a tree directory, hostile files. The input is the directory's files in one
// byte string (format: fuzz_support.h, DecodeTreeInput):
//
//   <contents of MANIFEST>            (empty: no MANIFEST file)
//   "\n@@file 000001.sst\n" <bytes>   (any number of files, any allowed name)
//
// The files are written into a fresh directory, then LsmTree::Open, NaiveScan(KeyRange::All())
// and Get() must end in a correct read or a typed error: CorruptionError or IoError, or
// InvalidArgumentError from Open() (a directory that is not a tree's). Anything else is a bug: a
// sanitizer report, another exception (it escapes, and libFuzzer reports it), or a read that
// contradicts itself (fuzz::Fail aborts): the scan must be in strictly increasing key order, and
// Get() of a scanned key must return the scanned value.
//
// Every input is tried twice: as given, and with the checksums of the MANIFEST and of every
// ".sst" file recomputed (fuzz_support.h), so that mutations reach the parsers behind them.
// As given, the tree is opened with chapter 6's Bloom filter policy, so version 2 tables' filters
// are decoded and asked. The repaired input is opened without a policy: a filter whose bits were
// changed under a recomputed checksum can rule out a key it holds (no checksum can tell a forged
// filter from a real one), and Get would then rightly answer from an older table.
//
// Run by hand (the first directory receives new inputs; never give tests/fuzz/corpus first):
//   mkdir -p /tmp/corpus
//   TMPDIR=/dev/shm build/fuzz/tests/fuzz/fuzz_tree_open /tmp/corpus tests/fuzz/corpus/tree_open
// A saved crash replays with: build/fuzz/tests/fuzz/fuzz_tree_open <file>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/03-naive-merge/key_range.h"
#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/06-bloom-filter/bloom_filter.h"
#include "common/bytes.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lsm::fuzz::Require;

std::string Show(std::string_view key) { return "\"" + lsm::EscapeBytes(key) + "\""; }

void CheckTree(const std::string& directory, const std::vector<lsm::fuzz::NamedFile>& files,
               bool with_filters) {
  std::filesystem::remove_all(directory);
  std::filesystem::create_directory(directory);
  for (const auto& [name, contents] : files) {
    lsm::fuzz::WriteFile((std::filesystem::path(directory) / name).string(), contents);
  }

  // A typed error is an answer: the input ends there.
  std::unique_ptr<lsm::LsmTree> tree;
  try {
    lsm::LsmOptions options;
    if (with_filters)
      options.table_options.filter_policy = std::make_shared<lsm::BloomFilterPolicy>();
    tree = lsm::LsmTree::Open(directory, options);
  } catch (const lsm::CorruptionError&) {
    return;
  } catch (const lsm::IoError&) {
    return;
  } catch (const lsm::InvalidArgumentError&) {  // not a tree's directory
    return;
  }

  try {
    const std::vector<lsm::KeyValue> live = tree->NaiveScan(lsm::KeyRange::All());
    for (std::size_t i = 1; i < live.size(); ++i) {
      Require(live[i - 1].key < live[i].key,
              "scan out of order: " + Show(live[i - 1].key) + " then " + Show(live[i].key));
    }
    // Up to 16 scanned keys, spread over the tree, must be found with their values, and the
    // smallest key must not be found unless the scan showed it.
    const std::size_t step = std::max<std::size_t>(1, live.size() / 16);
    for (std::size_t i = 0; i < live.size(); i += step) {
      const std::optional<std::string> got = tree->Get(live[i].key);
      Require(got == live[i].value, "Get(" + Show(live[i].key) + ") disagrees with the scan");
    }
    if (live.empty() || !live.front().key.empty()) {
      Require(!tree->Get("").has_value(), "Get(\"\") finds a key the scan did not show");
    }
  } catch (const lsm::CorruptionError&) {
    return;
  } catch (const lsm::IoError&) {
    return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const lsm::TempDir root("lsm-fuzz-tree");  // one directory for the whole run
  static const std::string directory = (root / "tree").string();
  const std::vector<lsm::fuzz::NamedFile> files =
      lsm::fuzz::DecodeTreeInput(std::string_view(reinterpret_cast<const char*>(data), size));
  CheckTree(directory, files, /*with_filters=*/true);
  const std::vector<lsm::fuzz::NamedFile> repaired = lsm::fuzz::RepairTreeChecksums(files);
  if (repaired != files) CheckTree(directory, repaired, /*with_filters=*/false);
  return 0;
}
