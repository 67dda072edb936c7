// Chapter 7 across implementations, us -> LevelDB: LevelDB (Debian's 1.23) opens a database
// whose log our LogWriter wrote, replays it and holds exactly what our batches say. Built only
// where LevelDB is installed (leveldb.cmake). The other way, LevelDB -> us: golden_test.cpp.
//
// How the log gets in: LevelDB is opened and closed once, which leaves a MANIFEST naming the
// current log (empty: nothing was written to it) and the last sequence number used. That log is
// replaced by ours and LevelDB opened again: at open it replays every log the MANIFEST names, as
// it would after a crash. paranoid_checks makes LevelDB fail the open on any record it cannot
// use, rather than skip it silently (its default), so a log it half understands cannot pass.
//
// Sequence numbers: LevelDB does not check that a log continues its MANIFEST's last sequence
// number. It keeps every entry's number, orders the versions of a key by it alone (the newest
// number wins, whatever file it is in), and after replaying sets its last sequence to the larger
// of the MANIFEST's and the log's last. So a log is only correct if it numbers its entries after
// everything the database already holds: from the MANIFEST's last sequence + 1. Our log is
// numbered so here (read from the MANIFEST, not assumed), and the last test shows what happens
// otherwise: LevelDB opens the log without a word and older writes win.

#include <leveldb/db.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/07-write-ahead-log/batch_log.h"
#include "chapters/07-write-ahead-log/log_reader.h"
#include "chapters/07-write-ahead-log/log_writer.h"
#include "chapters/07-write-ahead-log/write_batch.h"
#include "common/bytes.h"
#include "common/coding.h"
#include "common/file_system.h"
#include "common/temp_dir.h"
#include "tests/07-write-ahead-log/golden_batches.h"
#include "tests/support/files.h"

namespace {

namespace fs = std::filesystem;
namespace golden = lsm::testing::golden;
using lsm::wal::RecoveryMode;

/// What a database should hold: key -> newest value (removed keys are absent).
using Data = std::map<std::string, std::string>;

// At most 40 bytes of `bytes`, escaped.
std::string Shown(std::string_view bytes) {
  std::string shown = lsm::EscapeBytes(bytes.substr(0, 40));
  if (bytes.size() > 40) shown += "...(" + std::to_string(bytes.size()) + " bytes)";
  return "\"" + shown + "\"";
}

void RequireOk(const leveldb::Status& status) {
  INFO("LevelDB: " << status.ToString());
  REQUIRE(status.ok());
}

std::unique_ptr<leveldb::DB> OpenLevelDb(const fs::path& dir, bool create) {
  leveldb::Options options;
  options.create_if_missing = create;
  options.error_if_exists = create;
  options.paranoid_checks = true;  // a record LevelDB cannot replay fails the open
  leveldb::DB* db = nullptr;
  RequireOk(leveldb::DB::Open(options, dir.string(), &db));
  return std::unique_ptr<leveldb::DB>(db);
}

// The one *.log file of `dir` (LevelDB deletes the logs its MANIFEST no longer needs at open).
fs::path OnlyLog(const fs::path& dir) {
  std::vector<fs::path> logs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".log") logs.push_back(entry.path());
  }
  INFO(dir.string());
  REQUIRE(logs.size() == 1);
  return logs.front();
}

std::optional<std::uint64_t> GetVarint64(std::string_view& input) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 10 && i < input.size(); ++i) {
    const auto byte = static_cast<unsigned char>(input[i]);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      input.remove_prefix(i + 1);
      return value;
    }
  }
  return std::nullopt;
}

bool SkipLengthPrefixed(std::string_view& input) {
  const auto size = lsm::GetVarint32(input);
  if (!size || *size > input.size()) return false;
  input.remove_prefix(*size);
  return true;
}

// What LevelDB's MANIFEST says last about the log and the sequence numbers.
struct Manifest {
  std::optional<std::uint64_t> log_number;
  std::optional<std::uint64_t> last_sequence;
};

// Reads the MANIFEST that CURRENT names. It is a log in the same format as the write-ahead log
// (so our LogReader reads it), each record one version edit: a varint32 tag, then its fields.
Manifest ReadManifest(const fs::path& dir) {
  std::string current = lsm::testing::ReadFile(dir / "CURRENT");
  REQUIRE(current.starts_with("MANIFEST-"));
  REQUIRE(current.ends_with("\n"));
  current.pop_back();
  lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile((dir / current).string()),
                             RecoveryMode::kAbsoluteConsistency);
  Manifest manifest;
  int records = 0;
  while (const auto record = reader.ReadRecord()) {
    ++records;
    std::string_view edit = *record;
    while (!edit.empty()) {
      const auto tag = lsm::GetVarint32(edit);
      REQUIRE(tag.has_value());
      INFO("version edit tag " << *tag);
      bool ok = true;
      switch (*tag) {
        case 1:  // comparator name
          ok = SkipLengthPrefixed(edit);
          break;
        case 2:  // log number
          manifest.log_number = GetVarint64(edit);
          ok = manifest.log_number.has_value();
          break;
        case 3:  // next file number
        case 9:  // previous log number
          ok = GetVarint64(edit).has_value();
          break;
        case 4:  // last sequence number
          manifest.last_sequence = GetVarint64(edit);
          ok = manifest.last_sequence.has_value();
          break;
        case 5:  // compaction pointer: level, internal key
          ok = lsm::GetVarint32(edit) && SkipLengthPrefixed(edit);
          break;
        case 6:  // deleted file: level, number
          ok = lsm::GetVarint32(edit) && GetVarint64(edit);
          break;
        case 7:  // new file: level, number, size, smallest and largest internal keys
          ok = lsm::GetVarint32(edit) && GetVarint64(edit) && GetVarint64(edit) &&
               SkipLengthPrefixed(edit) && SkipLengthPrefixed(edit);
          break;
        default:
          FAIL("unknown version edit tag " << *tag);
      }
      REQUIRE(ok);
    }
  }
  REQUIRE(records > 0);
  REQUIRE(manifest.log_number.has_value());
  REQUIRE(manifest.last_sequence.has_value());
  return manifest;
}

std::string LogName(std::uint64_t number) {
  char name[32];
  std::snprintf(name, sizeof name, "%06llu.log", static_cast<unsigned long long>(number));
  return name;
}

// Writes golden_batches.h's batches with our LogWriter at `path`, numbered from `first` (their
// own numbering shifted: still consecutive). Returns the sequence number after the last entry.
std::uint64_t WriteOurLog(const fs::path& path, std::uint64_t first) {
  const std::vector<golden::Batch> batches = golden::GoldenBatches();
  const std::uint64_t shift = first - batches.front().sequence;
  lsm::wal::LogWriter writer(lsm::FileSystem::Posix().NewWritableFile(path.string()));
  std::uint64_t next = first;
  for (const golden::Batch& batch : batches) {
    lsm::WriteBatch ours;
    for (const golden::Entry& e : batch.entries) {
      if (e.is_put) {
        ours.Put(e.key, e.value);
      } else {
        ours.Remove(e.key);
      }
    }
    ours.SetSequence(batch.sequence + shift);
    REQUIRE(ours.sequence() == next);
    next = ours.end_sequence();
    writer.AddRecord(ours.contents());
  }
  writer.Close();
  return next;
}

// `data` after golden_batches.h's batches, in order: the last write of a key wins, a remove
// removes it.
Data AfterGoldenBatches(Data data) {
  for (const golden::Batch& batch : golden::GoldenBatches()) {
    for (const golden::Entry& e : batch.entries) {
      if (e.is_put) {
        data[e.key] = e.value;
      } else {
        data.erase(e.key);
      }
    }
  }
  return data;
}

// Everything a LevelDB iterator shows, in order.
Data Scan(leveldb::DB& db) {
  Data shown;
  std::unique_ptr<leveldb::Iterator> it(db.NewIterator(leveldb::ReadOptions()));
  std::optional<std::string> previous;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string key = it->key().ToString();
    REQUIRE((!previous || *previous < key));  // LevelDB's bytewise order is ours
    shown.emplace(key, it->value().ToString());
    previous = std::move(key);
  }
  RequireOk(it->status());
  return shown;
}

// Requires `db` to hold exactly `expected`, naming the first key that differs.
void RequireHolds(leveldb::DB& db, const Data& expected) {
  const Data shown = Scan(db);
  auto a = shown.begin();
  auto b = expected.begin();
  for (; a != shown.end() && b != expected.end() && *a == *b; ++a, ++b) {
  }
  if (a != shown.end() || b != expected.end()) {
    INFO("LevelDB shows " << (a == shown.end() ? "nothing more"
                                               : Shown(a->first) + " -> " + Shown(a->second))
                          << ", expected "
                          << (b == expected.end() ? "nothing more"
                                                  : Shown(b->first) + " -> " + Shown(b->second)));
    CHECK(shown.size() == expected.size());
    FAIL("LevelDB holds other entries than our batches say");
  }
  CHECK(shown.size() == expected.size());
}

// Get(key) in LevelDB: the value, or nullopt for NotFound (any other status fails).
std::optional<std::string> Get(leveldb::DB& db, const std::string& key) {
  std::string value;
  const leveldb::Status status = db.Get(leveldb::ReadOptions(), key, &value);
  if (status.IsNotFound()) return std::nullopt;
  RequireOk(status);
  return value;
}

// Keys golden_batches.h removes after putting them, and keys it only ever removes.
const std::vector<std::string> kRemovedKeys = {"apple", "k002",      "k050",
                                               "k098",  "never-put", "never-put-either"};

// Opens `dir` with LevelDB, closes it, and replaces the log its MANIFEST names (which must be
// empty: nothing is lost) by our log numbered from the MANIFEST's last sequence + 1. Returns the
// sequence number after our log's last entry.
std::uint64_t ReplaceLogWithOurs(const fs::path& dir, std::optional<std::uint64_t> first = {}) {
  const Manifest manifest = ReadManifest(dir);
  const fs::path log = OnlyLog(dir);
  CHECK(log.filename() == LogName(*manifest.log_number));
  REQUIRE(fs::file_size(log) == 0);
  return WriteOurLog(log, first.value_or(*manifest.last_sequence + 1));
}

}  // namespace

TEST_CASE("LevelDB replays our log in a new database as our batches say", "[leveldb]") {
  const lsm::TempDir tmp("lsm-leveldb-open");
  const fs::path dir = tmp / "db";
  OpenLevelDb(dir, true).reset();  // a new database: MANIFEST, an empty log, nothing else
  REQUIRE(*ReadManifest(dir).last_sequence == 0);
  const std::uint64_t next = ReplaceLogWithOurs(dir);
  CHECK(golden::GoldenBatches().front().sequence == 1);  // so ours are numbered as golden's

  auto db = OpenLevelDb(dir, false);
  const Data expected = AfterGoldenBatches({});
  RequireHolds(*db, expected);
  for (const std::string& key : kRemovedKeys) {
    INFO("key " << key);
    CHECK_FALSE(expected.contains(key));
    CHECK_FALSE(Get(*db, key).has_value());
  }
  CHECK(Get(*db, "k000") == std::optional<std::string>("overwritten"));
  CHECK(Get(*db, "") == std::optional<std::string>("the empty key's value"));
  CHECK(Get(*db, "empty-value") == std::optional<std::string>(""));
  CHECK(Get(*db, "large") == std::optional<std::string>(golden::Pattern(100000, 1)));

  // LevelDB took up our numbering: its next write, in the log it starts after replaying ours,
  // gets the number after our last one.
  RequireOk(db->Put(leveldb::WriteOptions(), "after-reopen", "by LevelDB"));
  db.reset();
  lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile(OnlyLog(dir).string()),
                             RecoveryMode::kAbsoluteConsistency);
  lsm::wal::BatchLogReader batches(reader);
  const auto batch = batches.Next();
  REQUIRE(batch.has_value());
  CHECK(batch->sequence() == next);
  REQUIRE(batch->count() == 1);
  CHECK(batch->Entries().front().key == "after-reopen");
  CHECK_FALSE(batches.Next().has_value());

  db = OpenLevelDb(dir, false);  // and everything survives another reopen
  Data after = expected;
  after["after-reopen"] = "by LevelDB";
  RequireHolds(*db, after);
}

TEST_CASE("our log continues the sequence numbers of a database that holds tables", "[leveldb]") {
  // LevelDB's own writes, flushed to a table (CompactRange), use numbers 1..1004; the log the
  // MANIFEST then names is empty. Ours, numbered from 1005, overrides and removes what the
  // table holds.
  const lsm::TempDir tmp("lsm-leveldb-open");
  const fs::path dir = tmp / "db";
  Data before;
  {
    auto db = OpenLevelDb(dir, true);
    for (int i = 0; i < 1000; ++i) {
      const std::string key = golden::NumberedKey("leveldb-", i);
      RequireOk(db->Put(leveldb::WriteOptions(), key, "kept"));
      before[key] = "kept";
    }
    for (const char* key : {"apple", "k000", "k002", "large"}) {  // all ours too
      RequireOk(db->Put(leveldb::WriteOptions(), key, "LevelDB's"));
    }
    db->CompactRange(nullptr, nullptr);
  }
  REQUIRE(*ReadManifest(dir).last_sequence == 1004);
  ReplaceLogWithOurs(dir);

  auto db = OpenLevelDb(dir, false);
  RequireHolds(*db, AfterGoldenBatches(before));
  CHECK_FALSE(Get(*db, "apple").has_value());  // our remove hides the table's put
  CHECK_FALSE(Get(*db, "k002").has_value());
  CHECK(Get(*db, "k000") == std::optional<std::string>("overwritten"));
  CHECK(Get(*db, "leveldb-999") == std::optional<std::string>("kept"));
}

TEST_CASE("a log numbered below the database's last sequence loses to older writes", "[leveldb]") {
  // Why the numbering above matters: numbered from 1 under a database whose table holds
  // "apple" at sequence 1001, our put and remove of "apple" (numbers below 500) are older than
  // LevelDB's put, though written after it. LevelDB opens the log without an error, and its
  // iterator, which orders the versions of a key by number, shows LevelDB's put.
  const lsm::TempDir tmp("lsm-leveldb-open");
  const fs::path dir = tmp / "db";
  {
    auto db = OpenLevelDb(dir, true);
    for (int i = 0; i < 1000; ++i) {
      RequireOk(db->Put(leveldb::WriteOptions(), golden::NumberedKey("leveldb-", i), "kept"));
    }
    RequireOk(db->Put(leveldb::WriteOptions(), "apple", "LevelDB's"));
    db->CompactRange(nullptr, nullptr);
  }
  REQUIRE(*ReadManifest(dir).last_sequence == 1001);
  REQUIRE(ReplaceLogWithOurs(dir, 1) < 1001);

  auto db = OpenLevelDb(dir, false);
  const Data shown = Scan(*db);
  CHECK_FALSE(AfterGoldenBatches({}).contains("apple"));  // what our batches say
  REQUIRE(shown.contains("apple"));                       // what LevelDB holds
  CHECK(shown.at("apple") == "LevelDB's");
  CHECK(shown.at("zzz-last") == "the end");  // a key only ours has is there
}
