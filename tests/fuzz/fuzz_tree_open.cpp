// libFuzzer target: a tree directory, hostile files. The input is the directory's files in one
// byte string (format: fuzz_support.h, DecodeTreeInput):
//
//   <contents of MANIFEST>            (empty: no MANIFEST file)
//   "\n@@file 000001.sst\n" <bytes>   (any number of files, any allowed name)
//
// The files are written into a fresh directory, then LsmTree::Open, NaiveScan(KeyRange::All())
// and Get() must end in a correct read or a typed error: CorruptionError or IoError, or
// InvalidArgumentError from Open() (a directory that is not a tree's). A directory whose
// manifest (version 2) records a write-ahead log is a database: LsmTree refuses it, and it is
// opened with chapter 7's lsm::Db instead, which replays its "NNNNNN.log" files; the same checks
// then run on Db's streaming scan and Get. Anything else is a bug: a
// sanitizer report, another exception (it escapes, and libFuzzer reports it), or a read that
// contradicts itself (fuzz::Fail aborts): the scan must be in strictly increasing key order, and
// Get() of a scanned key must return the scanned value.
//
// Every input is tried twice: as given, and with the checksums of the MANIFEST and of every
// ".sst" and ".log" file recomputed (fuzz_support.h), so that mutations reach the parsers behind
// them.
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
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/03-naive-merge/key_range.h"
#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/06-bloom-filter/bloom_filter.h"
#include "chapters/07-write-ahead-log/db.h"
#include "common/bytes.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lsm::fuzz::Require;

std::string Show(std::string_view key) { return "\"" + lsm::EscapeBytes(key) + "\""; }

// The reads of an opened tree or database: every live entry, in order, and Get.
struct Reads {
  std::function<std::vector<lsm::KeyValue>()> scan;
  std::function<std::optional<std::string>(std::string_view)> get;
};

void CheckReads(const Reads& reads) {
  try {
    const std::vector<lsm::KeyValue> live = reads.scan();
    for (std::size_t i = 1; i < live.size(); ++i) {
      Require(live[i - 1].key < live[i].key,
              "scan out of order: " + Show(live[i - 1].key) + " then " + Show(live[i].key));
    }
    // Up to 16 scanned keys, spread over the tree, must be found with their values, and the
    // smallest key must not be found unless the scan showed it.
    const std::size_t step = std::max<std::size_t>(1, live.size() / 16);
    for (std::size_t i = 0; i < live.size(); i += step) {
      const std::optional<std::string> got = reads.get(live[i].key);
      Require(got == live[i].value, "Get(" + Show(live[i].key) + ") disagrees with the scan");
    }
    if (live.empty() || !live.front().key.empty()) {
      Require(!reads.get("").has_value(), "Get(\"\") finds a key the scan did not show");
    }
  } catch (const lsm::CorruptionError&) {
    return;
  } catch (const lsm::IoError&) {
    return;
  }
}

void CheckTree(const std::string& directory, const std::vector<lsm::fuzz::NamedFile>& files,
               bool with_filters) {
  std::filesystem::remove_all(directory);
  std::filesystem::create_directory(directory);
  for (const auto& [name, contents] : files) {
    lsm::fuzz::WriteFile((std::filesystem::path(directory) / name).string(), contents);
  }
  lsm::LsmOptions options;
  if (with_filters)
    options.table_options.filter_policy = std::make_shared<lsm::BloomFilterPolicy>();

  // A typed error is an answer: the input ends there.
  std::unique_ptr<lsm::LsmTree> tree;
  std::unique_ptr<lsm::Db> db;
  try {
    tree = lsm::LsmTree::Open(directory, options);
  } catch (const lsm::CorruptionError&) {
    return;
  } catch (const lsm::IoError&) {
    return;
  } catch (const lsm::InvalidArgumentError&) {  // not a tree's directory, or a database's
    try {
      lsm::DbOptions db_options;
      db_options.tree = options;
      db = lsm::Db::Open(directory, db_options);
    } catch (const lsm::CorruptionError&) {
      return;
    } catch (const lsm::IoError&) {
      return;
    } catch (const lsm::InvalidArgumentError&) {
      return;
    }
  }
  if (tree) {
    CheckReads({[&] { return tree->NaiveScan(lsm::KeyRange::All()); },
                [&](std::string_view key) { return tree->Get(key); }});
  } else {
    CheckReads({[&] {
                  std::vector<lsm::KeyValue> live;
                  auto it = db->NewIterator();
                  for (it->SeekToFirst(); it->Valid(); it->Next()) {
                    live.push_back({std::string(it->key()), std::string(it->value())});
                  }
                  return live;
                },
                [&](std::string_view key) { return db->Get(key); }});
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
