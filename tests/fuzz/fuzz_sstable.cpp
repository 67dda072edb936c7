// libFuzzer target: one SSTable file, hostile bytes. The input is the whole file. It is read
// every way chapter 2 offers -- SSTableReader::Open, a full forward scan, a full backward scan,
// point lookups of keys the scan showed and of keys it did not, and a sequential SSTableScanner
// scan -- and every one must end in a correct read or a typed error (CorruptionError naming the
// file, or IoError). Anything else is a bug: a sanitizer report, another exception (it escapes,
// and libFuzzer reports it), or a read that contradicts itself (fuzz::Fail aborts):
//   - keys in strictly increasing order forward, strictly decreasing backward;
//   - a complete forward scan shows entry_count() entries, and the backward scan the same ones;
//   - Get() of a key the scan showed finds that entry's value (or its tombstone), Get() of a key
//     it did not show finds nothing, and Seek() stands on the first entry at or after its target;
//   - the scanner shows what the reader's iterator shows.
// Entries shown before a typed error count: a reader may stop at damage, never lie before it.
//
// Every input is tried twice: as given, and with its checksums recomputed (fuzz_support.h), so
// that mutations reach the decoding behind the checksums too. Tables are opened with chapter 6's
// Bloom filter policy, so version 2 filter blocks are decoded too. A filter whose bits were
// changed under a recomputed checksum may rule out a key it holds (no checksum can tell a
// forged filter from a real one), so in the repaired run Get() may answer Absent where the scan
// shows a key, and GetFromIndex() must agree with the scan.
//
// Run by hand (the first directory receives new inputs; never give tests/fuzz/corpus first):
//   mkdir -p /tmp/corpus
//   TMPDIR=/dev/shm build/fuzz/tests/fuzz/fuzz_sstable /tmp/corpus tests/fuzz/corpus/sstable
// A saved crash replays with: build/fuzz/tests/fuzz/fuzz_sstable <file>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/01-memtable/iterator.h"
#include "chapters/01-memtable/lookup.h"
#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_scanner.h"
#include "chapters/06-bloom-filter/bloom_filter.h"
#include "common/bytes.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lsm::fuzz::Require;

struct Entry {
  std::string key;
  std::string value;
  bool tombstone = false;

  friend bool operator==(const Entry&, const Entry&) = default;
};

Entry Current(const lsm::Iterator& it) {
  return Entry{std::string(it.key()), std::string(it.value()), it.is_tombstone()};
}

std::string Show(std::string_view key) { return "\"" + lsm::EscapeBytes(key) + "\""; }

// Runs `read`; true if it finished, false if it stopped at a typed error, which must name the
// table and an offset inside it.
template <typename Read>
bool Typed(const std::string& path, std::uint64_t file_size, Read&& read) {
  try {
    read();
    return true;
  } catch (const lsm::CorruptionError& e) {
    Require(e.file() == path, std::string("CorruptionError names another file: ") + e.what());
    Require(e.offset() <= file_size,
            std::string("CorruptionError offset past the end of the file: ") + e.what());
    return false;
  } catch (const lsm::IoError&) {
    return false;
  }
}

// Appends what `it` shows from SeekToFirst() (forward) or SeekToLast() (backward), checking the
// order as it goes.
void Scan(lsm::Iterator& it, bool forward, std::vector<Entry>& out) {
  const char* direction = forward ? "forward" : "backward";
  for (forward ? it.SeekToFirst() : it.SeekToLast(); it.Valid(); forward ? it.Next() : it.Prev()) {
    Entry entry = Current(it);
    if (!out.empty()) {
      const bool ordered = forward ? out.back().key < entry.key : entry.key < out.back().key;
      Require(ordered, std::string(direction) + " scan out of order: " + Show(out.back().key) +
                           " then " + Show(entry.key));
    }
    Require(!entry.tombstone || entry.value.empty(), "tombstone with a value");
    out.push_back(std::move(entry));
  }
}

bool trust_filter = true;  // false while checking a repaired input: its filter may be forged

void CheckGet(const lsm::SSTableReader& table, const std::string& key,
              const lsm::LookupResult& expected) {
  Require(table.GetFromIndex(key) == expected,
          "GetFromIndex(" + Show(key) + ") disagrees with the scan");
  const lsm::LookupResult got = table.Get(key);
  Require(got == expected || (!trust_filter && got.absent()),
          "Get(" + Show(key) + ") disagrees with the scan");
}

// Point lookups and seeks: up to 16 keys the forward scan showed, spread over the table; for
// each the key just after it (absent; a seek there finds the next entry shown); and the smallest
// key. `complete` says whether the scan reached the end: only then is the last entry's successor
// known.
void CheckLookups(const lsm::SSTableReader& table, const std::vector<Entry>& shown, bool complete,
                  std::uint64_t size) {
  const std::string& path = table.path();
  const std::size_t step = std::max<std::size_t>(1, shown.size() / 16);
  for (std::size_t i = 0; i < shown.size(); i += step) {
    const Entry& entry = shown[i];
    Typed(path, size, [&] {
      CheckGet(
          table, entry.key,
          entry.tombstone ? lsm::LookupResult::Deleted() : lsm::LookupResult::Found(entry.value));
      auto it = table.NewIterator();
      it->Seek(entry.key);
      Require(it->Valid() && Current(*it) == entry, "Seek(" + Show(entry.key) + ") misses it");
    });
    const bool last = i + 1 == shown.size();
    if (last && !complete) continue;
    const std::string after = entry.key + '\0';  // the smallest key greater than entry.key
    Typed(path, size, [&] {
      if (last || shown[i + 1].key != after) CheckGet(table, after, lsm::LookupResult::Absent());
      auto it = table.NewIterator();
      it->Seek(after);
      Require(last ? !it->Valid() : it->Valid() && Current(*it) == shown[i + 1],
              "Seek(" + Show(after) + ") does not find the next entry");
    });
  }
  if (complete && (shown.empty() || !shown.front().key.empty())) {
    Typed(path, size, [&] { CheckGet(table, "", lsm::LookupResult::Absent()); });
  }
}

void CheckTable(const std::string& path, std::string_view bytes) {
  lsm::fuzz::WriteFile(path, bytes);
  const std::uint64_t size = bytes.size();

  std::unique_ptr<lsm::SSTableReader> table;
  std::vector<Entry> forward;
  bool forward_done = false;
  static const lsm::BloomFilterPolicy bloom;
  if (Typed(path, size,
            [&] { table = lsm::SSTableReader::Open(path, lsm::FileSystem::Posix(), &bloom); })) {
    forward_done = Typed(path, size, [&] { Scan(*table->NewIterator(), true, forward); });
    if (forward_done) {
      Require(forward.size() == table->entry_count(),
              "forward scan shows " + std::to_string(forward.size()) +
                  " entries, the footer says " + std::to_string(table->entry_count()));
    }

    std::vector<Entry> backward;
    if (Typed(path, size, [&] { Scan(*table->NewIterator(), false, backward); }) && forward_done) {
      std::reverse(backward.begin(), backward.end());
      Require(backward == forward, "backward scan shows other entries than the forward scan");
    }

    CheckLookups(*table, forward, forward_done, size);
  }

  // The scanner reads without the index, so it runs whether or not the reader opened.
  std::vector<Entry> scanned;
  std::uint64_t scanner_count = 0;
  if (Typed(path, size, [&] {
        lsm::SSTableScanner scanner(path);
        scanner_count = scanner.entry_count();
        Scan(scanner, true, scanned);
      })) {
    Require(scanned.size() == scanner_count, "scanner shows " + std::to_string(scanned.size()) +
                                                 " entries, the footer says " +
                                                 std::to_string(scanner_count));
    if (forward_done) Require(scanned == forward, "scanner and iterator show different entries");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const lsm::TempDir dir("lsm-fuzz-sstable");  // one directory for the whole run
  static const std::string path = (dir / "000001.sst").string();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  trust_filter = true;
  CheckTable(path, input);
  const std::string repaired = lsm::fuzz::RepairTableChecksums(std::string(input));
  trust_filter = false;
  if (repaired != input) CheckTable(path, repaired);
  return 0;
}
