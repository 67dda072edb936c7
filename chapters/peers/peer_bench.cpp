// peer_bench: the same db_bench-style workload on this project's final engine, LevelDB and
// RocksDB, in one run, with ops/s and ratios against LevelDB.
//
//   peer_bench [--quick] [--entries N] [--reads N] [--seeks N] [--engines ours,leveldb,rocksdb]
//              [--json FILE]
//
// Every engine gets the same keys, values and operation sequences, generated before any clock
// starts. Each phase checks its answers as it goes (found/missing counts, every key and value a
// scan returns, the entries after each seek) and the run fails loudly if an engine is wrong:
// a benchmark must not silently measure a broken engine. The checks are cheap and the same for
// every engine, and they are inside the timed loops.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <memory>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/peers/engine.h"
#include "common/generators.h"
#include "common/random.h"
#include "common/temp_dir.h"

#ifndef LSM_PEERS_BUILD_TYPE
#define LSM_PEERS_BUILD_TYPE "unknown"
#endif
#if defined(__clang__)
#define LSM_PEERS_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define LSM_PEERS_COMPILER "g++ " __VERSION__
#else
#define LSM_PEERS_COMPILER "unknown compiler"
#endif

namespace lsm::peers {
namespace {

using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------------
// Configuration and workload

struct Config {
  std::uint64_t entries = 1'000'000;
  std::uint64_t reads = 0;  // readrandom and readmissing ops; 0 = entries / 5
  std::uint64_t seeks = 0;  // seekrandom ops; 0 = entries / 50
  std::uint64_t nexts_per_seek = 100;
  bool quick = false;
  std::string json_path;
  std::vector<std::string> engines{"ours", "leveldb", "rocksdb"};
};

constexpr std::uint64_t kSeed = 301;

// Everything the phases need, made once and shared by every engine. Key i of the random
// workload is RandomKey(i): fillrandom writes it with value i, and overwrite op j writes value
// entries + j to a random key. Every key and expected value an op needs is laid out in op order
// (or key order), so that checking an answer reads memory sequentially and costs the engines
// under test next to nothing.
struct Workload {
  explicit Workload(const Config& config)
      : entries(config.entries), nexts_per_seek(config.nexts_per_seek) {
    Random random(kSeed);
    seq_keys.reserve(entries);
    for (std::uint64_t i = 0; i < entries; ++i) seq_keys.push_back(keys.SequentialKey(i));
    random_keys = keys.RandomKeys(entries);

    std::vector<std::uint64_t> latest(entries);  // value index of each key after overwrite
    std::iota(latest.begin(), latest.end(), std::uint64_t{0});
    overwrite_keys.reserve(entries);
    for (std::uint64_t j = 0; j < entries; ++j) {
      const std::uint64_t k = random.Uniform(entries);
      overwrite_keys.push_back(random_keys[k]);
      latest[k] = entries + j;
    }
    for (std::uint64_t j = 0; j < config.reads; ++j) {
      const std::uint64_t k = random.Uniform(entries);
      read_keys.push_back(random_keys[k]);
      read_values.push_back(values.Value(latest[k]));
    }
    for (std::uint64_t j = 0; j < config.reads; ++j) {
      // Indexes >= entries were never written.
      missing_keys.push_back(keys.RandomKey(entries + random.Uniform(entries)));
    }

    std::vector<std::uint32_t> sorted(entries);  // key indexes in key order
    std::iota(sorted.begin(), sorted.end(), std::uint32_t{0});
    std::sort(sorted.begin(), sorted.end(),
              [this](std::uint32_t a, std::uint32_t b) { return random_keys[a] < random_keys[b]; });
    std::vector<std::uint32_t> rank(entries);  // position of each key index in `sorted`
    sorted_keys.reserve(entries);
    sorted_values.reserve(entries);
    for (std::uint32_t pos = 0; pos < entries; ++pos) {
      rank[sorted[pos]] = pos;
      sorted_keys.push_back(random_keys[sorted[pos]]);
      sorted_values.push_back(values.Value(latest[sorted[pos]]));
    }
    for (std::uint64_t j = 0; j < config.seeks; ++j) {
      seek_positions.push_back(rank[random.Uniform(entries)]);
    }
  }

  Workload(const Workload&) = delete;  // the string_views point into `values`
  Workload& operator=(const Workload&) = delete;

  std::uint64_t entries;
  std::uint64_t nexts_per_seek;
  KeyGenerator keys{kDefaultKeySize, kSeed};
  ValueGenerator values{kDefaultValueSize, kSeed};
  std::vector<std::string> seq_keys;            // fillseq: SequentialKey(i), in order
  std::vector<std::string> random_keys;         // fillrandom: RandomKey(i), in index order
  std::vector<std::string> overwrite_keys;      // overwrite: the key of op j
  std::vector<std::string> read_keys;           // readrandom: the key of op j ...
  std::vector<std::string_view> read_values;    // ... and its value after overwrite
  std::vector<std::string> missing_keys;        // readmissing: absent keys
  std::vector<std::uint32_t> seek_positions;    // seekrandom: op j seeks to sorted_keys[this]
  std::vector<std::string> sorted_keys;         // every key, in key order ...
  std::vector<std::string_view> sorted_values;  // ... and its value after overwrite
};

// ---------------------------------------------------------------------------------------------
// Phases. Each returns its op count and the seconds of its timed loop, and throws on a wrong
// answer.

struct PhaseResult {
  std::uint64_t ops = 0;
  double seconds = 0;
};

class WrongAnswer : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <class Body>
double Seconds(Body&& body) {
  const Clock::time_point start = Clock::now();
  body();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

[[gnu::noinline]] PhaseResult FillSeq(Engine& db, const Workload& w) {
  const double seconds = Seconds([&] {
    for (std::uint64_t i = 0; i < w.entries; ++i) db.Put(w.seq_keys[i], w.values.Value(i));
  });
  return {w.entries, seconds};
}

// Untimed: a sample of fillseq's keys reads back, and keys past the end are absent.
void CheckFillSeq(Engine& db, const Workload& w) {
  std::string value;
  const std::uint64_t step = std::max<std::uint64_t>(1, w.entries / 1000);
  for (std::uint64_t i = 0; i < w.entries; i += step) {
    if (!db.Get(w.seq_keys[i], &value) || value != w.values.Value(i)) {
      throw WrongAnswer("key " + Quote(w.seq_keys[i]) + " does not read back");
    }
  }
  for (std::uint64_t i = w.entries; i < w.entries + 100; ++i) {
    if (db.Get(w.keys.SequentialKey(i), &value)) {
      throw WrongAnswer("never-written key " + Quote(w.keys.SequentialKey(i)) + " found");
    }
  }
}

[[gnu::noinline]] PhaseResult FillRandom(Engine& db, const Workload& w) {
  const double seconds = Seconds([&] {
    for (std::uint64_t i = 0; i < w.entries; ++i) db.Put(w.random_keys[i], w.values.Value(i));
  });
  return {w.entries, seconds};
}

[[gnu::noinline]] PhaseResult Overwrite(Engine& db, const Workload& w) {
  const double seconds = Seconds([&] {
    for (std::uint64_t j = 0; j < w.overwrite_keys.size(); ++j) {
      db.Put(w.overwrite_keys[j], w.values.Value(w.entries + j));
    }
  });
  return {w.overwrite_keys.size(), seconds};
}

[[gnu::noinline]] PhaseResult ReadRandom(Engine& db, const Workload& w) {
  std::uint64_t missing = 0;
  std::uint64_t wrong = 0;
  std::string value;
  const double seconds = Seconds([&] {
    for (std::size_t j = 0; j < w.read_keys.size(); ++j) {
      if (!db.Get(w.read_keys[j], &value)) {
        ++missing;
      } else if (value != w.read_values[j]) {
        ++wrong;
      }
    }
  });
  if (missing != 0 || wrong != 0) {
    throw WrongAnswer(std::to_string(missing) + " present keys not found and " +
                      std::to_string(wrong) + " stale or wrong values in " +
                      std::to_string(w.read_keys.size()) + " reads");
  }
  return {w.read_keys.size(), seconds};
}

[[gnu::noinline]] PhaseResult ReadMissing(Engine& db, const Workload& w) {
  std::uint64_t found = 0;
  std::string value;
  const double seconds = Seconds([&] {
    for (const std::string& key : w.missing_keys) found += db.Get(key, &value) ? 1 : 0;
  });
  if (found != 0) {
    throw WrongAnswer(std::to_string(found) + " never-written keys found in " +
                      std::to_string(w.missing_keys.size()) + " reads");
  }
  return {w.missing_keys.size(), seconds};
}

// One op: a new cursor, Seek to a present key, then nexts_per_seek × Next. Every entry visited
// is checked against the sorted keys and their latest values.
[[gnu::noinline]] PhaseResult SeekRandom(Engine& db, const Workload& w) {
  std::uint64_t visited = 0;
  std::uint64_t expected = 0;
  std::uint64_t wrong = 0;
  const double seconds = Seconds([&] {
    for (const std::uint32_t first : w.seek_positions) {
      const std::unique_ptr<Cursor> cursor = db.NewCursor();
      cursor->Seek(w.sorted_keys[first]);
      for (std::uint64_t step = 0; cursor->Valid(); ++step) {
        const std::uint64_t pos = first + step;
        if (pos >= w.entries || cursor->key() != w.sorted_keys[pos] ||
            cursor->value() != w.sorted_values[pos]) {
          ++wrong;
          break;
        }
        ++visited;
        if (step == w.nexts_per_seek) break;
        cursor->Next();
      }
      cursor->CheckOk();
      expected += std::min(w.nexts_per_seek + 1, w.entries - first);
    }
  });
  if (wrong != 0 || visited != expected) {
    throw WrongAnswer(std::to_string(wrong) + " seeks met a wrong entry; visited " +
                      std::to_string(visited) + " entries, expected " + std::to_string(expected));
  }
  return {w.seek_positions.size(), seconds};
}

[[gnu::noinline]] PhaseResult FullScan(Engine& db, const Workload& w) {
  std::uint64_t count = 0;
  std::optional<std::string> wrong;
  const double seconds = Seconds([&] {
    const std::unique_ptr<Cursor> cursor = db.NewCursor();
    for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next(), ++count) {
      if (count >= w.entries || cursor->key() != w.sorted_keys[count] ||
          cursor->value() != w.sorted_values[count]) {
        wrong = "entry " + std::to_string(count) + " has key " + Quote(cursor->key());
        break;
      }
    }
    cursor->CheckOk();
  });
  if (wrong || count != w.entries) {
    throw WrongAnswer("scanned " + std::to_string(count) + " entries of " +
                      std::to_string(w.entries) + (wrong ? "; " + *wrong : ""));
  }
  return {count, seconds};
}

// Ops are the live entries compacted.
[[gnu::noinline]] PhaseResult CompactAll(Engine& db, const Workload& w) {
  return {w.entries, Seconds([&] { db.CompactAll(); })};
}

// ---------------------------------------------------------------------------------------------
// Running the engines

struct PhaseSpec {
  const char* id;     // JSON name
  const char* label;  // table row
};

constexpr PhaseSpec kPhases[] = {
    {"fillseq", "fillseq"},
    {"fillrandom", "fillrandom"},
    {"overwrite", "overwrite"},
    {"readrandom", "readrandom"},
    {"readmissing", "readmissing"},
    {"seekrandom", "seekrandom"},
    {"fullscan", "fullscan"},
    {"compact", "compact"},
    {"readrandom_compacted", "readrandom (compacted)"},
};
constexpr std::size_t kPhaseCount = std::size(kPhases);

// Files and bytes in a database directory (untimed, for the report).
struct DiskUse {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
};

DiskUse MeasureDisk(const std::filesystem::path& directory) {
  DiskUse use;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    if (!entry.is_regular_file()) continue;
    ++use.files;
    use.bytes += entry.file_size();
  }
  return use;
}

struct EngineRun {
  EngineInfo info;
  std::vector<PhaseResult> phases = std::vector<PhaseResult>(kPhaseCount);
  DiskUse before_compaction;
  DiskUse after_compaction;
};

void Progress(const std::string& engine, const std::string& what) {
  std::cerr << "peer_bench: " << engine << ": " << what << "\n" << std::flush;
}

void RunPhase(EngineRun& run, std::size_t phase, const std::function<PhaseResult()>& body) {
  try {
    run.phases[phase] = body();
  } catch (const std::exception& e) {
    throw std::runtime_error(run.info.title + ", " + kPhases[phase].label + ": " + e.what());
  }
  const PhaseResult& r = run.phases[phase];
  std::ostringstream line;
  line << std::left << std::setw(24) << kPhases[phase].label << std::right << std::fixed
       << std::setprecision(3) << std::setw(9) << r.seconds << " s  " << std::setprecision(0)
       << std::setw(11) << static_cast<double>(r.ops) / r.seconds << " ops/s";
  Progress(run.info.title, line.str());
}

EngineRun RunEngine(const EngineInfo& info, OpenFunction open, const Workload& w,
                    const EngineSettings& settings) {
  EngineRun run;
  run.info = info;
  {
    const TempDir dir("peer-bench-" + info.id);
    const std::string path = (dir / "db").string();
    std::unique_ptr<Engine> db = open(path, settings);
    RunPhase(run, 0, [&] {
      const PhaseResult result = FillSeq(*db, w);
      CheckFillSeq(*db, w);  // untimed
      return result;
    });
    db->Close();
  }
  const TempDir dir("peer-bench-" + info.id);
  const std::string path = (dir / "db").string();
  std::unique_ptr<Engine> db = open(path, settings);
  RunPhase(run, 1, [&] { return FillRandom(*db, w); });
  RunPhase(run, 2, [&] { return Overwrite(*db, w); });
  RunPhase(run, 3, [&] { return ReadRandom(*db, w); });
  RunPhase(run, 4, [&] { return ReadMissing(*db, w); });
  RunPhase(run, 5, [&] { return SeekRandom(*db, w); });
  RunPhase(run, 6, [&] { return FullScan(*db, w); });
  run.before_compaction = MeasureDisk(path);
  RunPhase(run, 7, [&] { return CompactAll(*db, w); });
  run.after_compaction = MeasureDisk(path);
  RunPhase(run, 8, [&] { return ReadRandom(*db, w); });
  db->Close();
  return run;
}

// ---------------------------------------------------------------------------------------------
// Report

struct Report {
  Config config;
  EngineSettings settings;
  std::vector<EngineRun> runs;
  bool rocksdb_debug_hooks = false;

  [[nodiscard]] const EngineRun* Find(std::string_view id) const {
    for (const EngineRun& run : runs) {
      if (run.info.id == id) return &run;
    }
    return nullptr;
  }

  [[nodiscard]] std::vector<std::string> Caveats() const {
    std::vector<std::string> caveats;
    caveats.emplace_back(
        "Timed loops include the answer checks (a key and value comparison per entry, against "
        "expectations laid out in order), the same for every engine.");
    caveats.emplace_back(
        "Ours has no background threads: memtable flushes happen inside Put (fills and "
        "overwrite pay for them), and SSTables accumulate until the compact phase, so reads "
        "before it search every table. LevelDB and RocksDB flush and compact in background "
        "threads, during and after the write phases; no phase waits for them (as db_bench).");
    caveats.emplace_back(
        "All three write a log: every Put is appended to the engine's write-ahead log and handed "
        "to the kernel (a write system call), not synced; a crash of the process loses nothing, a "
        "power loss can lose the last writes.");
    caveats.emplace_back(
        "compact: ops are the live entries; ours flushes its memtable first (timed), as "
        "CompactRange does in LevelDB and RocksDB.");
    caveats.emplace_back(
        "The data fits in the OS page cache: reads measure CPU and system-call cost, not disk.");
    if (const EngineRun* ours = Find("ours"); ours != nullptr && !ours->info.bloom_filter) {
      caveats.emplace_back(
          "Ours runs WITHOUT Bloom filters (chapter 6 is not built): every read of an absent "
          "key searches every table.");
    }
    if (rocksdb_debug_hooks) {
      caveats.emplace_back(
          "Debian's RocksDB is built without NDEBUG (its debug-only rocksdb::SyncPoint::Process "
          "is exported; assertions are compiled in): its figures are not a verdict on RocksDB.");
    }
    return caveats;
  }
};

std::string OpsPerSecond(const EngineRun* run, std::size_t phase) {
  if (run == nullptr) return "-";
  const PhaseResult& r = run->phases[phase];
  std::ostringstream out;
  out << std::fixed << std::setprecision(0) << static_cast<double>(r.ops) / r.seconds;
  return out.str();
}

std::optional<double> Ratio(const EngineRun* run, const EngineRun* base, std::size_t phase) {
  if (run == nullptr || base == nullptr) return std::nullopt;
  // ops/s ratio = inverse time ratio (same op count).
  return base->phases[phase].seconds / run->phases[phase].seconds;
}

std::string FormatRatio(std::optional<double> ratio) {
  if (!ratio) return "-";
  std::ostringstream out;
  out << std::fixed << std::setprecision(2) << *ratio << "x";
  return out.str();
}

std::string Megabytes(std::uint64_t bytes) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / 1e6 << " MB";
  return out.str();
}

void PrintReport(const Report& report, std::ostream& out) {
  const Config& c = report.config;
  const EngineSettings& s = report.settings;
  out << "peer_bench: " << c.entries << " entries, " << kDefaultKeySize << "-byte keys, "
      << kDefaultValueSize << "-byte values; no compression, no sync, Bloom filter "
      << s.bloom_bits_per_key << " bits/key, write buffer " << (s.write_buffer_bytes >> 20)
      << " MiB, block " << s.block_bytes << " B" << (c.quick ? " (quick mode)" : "") << "\n";
  out << "build: " << LSM_PEERS_BUILD_TYPE << ", " << LSM_PEERS_COMPILER << "\n";
  for (const EngineRun& run : report.runs) {
    out << "  " << run.info.title << " " << run.info.version << ": " << run.info.configuration
        << "\n";
  }
  out << "ops: fillseq, fillrandom, overwrite " << c.entries << "; readrandom, readmissing "
      << c.reads << "; seekrandom " << c.seeks << " (Seek + " << c.nexts_per_seek
      << " x Next each); fullscan and compact: every entry\n\n";

  const EngineRun* ours = report.Find("ours");
  const EngineRun* leveldb = report.Find("leveldb");
  const EngineRun* rocksdb = report.Find("rocksdb");
  out << std::left << std::setw(24) << "phase" << std::right << std::setw(10) << "ops"
      << std::setw(13) << "ours ops/s" << std::setw(14) << "LevelDB ops/s" << std::setw(14)
      << "RocksDB ops/s" << std::setw(14) << "ours/LevelDB" << std::setw(17) << "RocksDB/LevelDB"
      << "\n";
  for (std::size_t p = 0; p < kPhaseCount; ++p) {
    const EngineRun* any = !report.runs.empty() ? &report.runs.front() : nullptr;
    out << std::left << std::setw(24) << kPhases[p].label << std::right << std::setw(10)
        << (any ? std::to_string(any->phases[p].ops) : "-") << std::setw(13)
        << OpsPerSecond(ours, p) << std::setw(14) << OpsPerSecond(leveldb, p) << std::setw(14)
        << OpsPerSecond(rocksdb, p) << std::setw(14) << FormatRatio(Ratio(ours, leveldb, p))
        << std::setw(17) << FormatRatio(Ratio(rocksdb, leveldb, p)) << "\n";
  }
  out << "\n";
  for (const EngineRun& run : report.runs) {
    out << run.info.title << ": compaction " << std::fixed << std::setprecision(2)
        << run.phases[7].seconds << " s; on disk before it " << run.before_compaction.files
        << " files, " << Megabytes(run.before_compaction.bytes) << "; after it "
        << run.after_compaction.files << " files, " << Megabytes(run.after_compaction.bytes)
        << "\n";
  }
  out << "\nNotes:\n";
  for (const std::string& caveat : report.Caveats()) out << "- " << caveat << "\n";
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string JsonNumber(std::optional<double> value) {
  if (!value) return "null";
  std::ostringstream out;
  out << std::setprecision(6) << *value;
  return out.str();
}

// `"name": ` in JSON.
std::string Field(std::string_view name) { return JsonString(name) + ": "; }

const char* JsonBool(bool value) { return value ? "true" : "false"; }

void WriteJson(const Report& report, const std::string& path) {
  const Config& c = report.config;
  const EngineSettings& s = report.settings;
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "{\n  " << Field("benchmark") << JsonString("peer_bench") << ",\n  " << Field("build_type")
      << JsonString(LSM_PEERS_BUILD_TYPE) << ",\n  " << Field("compiler")
      << JsonString(LSM_PEERS_COMPILER) << ",\n  " << Field("settings") << "{" << Field("entries")
      << c.entries << ", " << Field("key_bytes") << kDefaultKeySize << ", " << Field("value_bytes")
      << kDefaultValueSize << ", " << Field("reads") << c.reads << ", " << Field("seeks") << c.seeks
      << ", " << Field("nexts_per_seek") << c.nexts_per_seek << ", " << Field("write_buffer_bytes")
      << s.write_buffer_bytes << ", " << Field("block_bytes") << s.block_bytes << ", "
      << Field("bloom_bits_per_key") << s.bloom_bits_per_key << ", " << Field("compression")
      << JsonString("none") << ", " << Field("sync") << JsonBool(false) << ", "
      << Field("block_cache") << JsonString("library default") << ", " << Field("quick")
      << JsonBool(c.quick) << ", " << Field("seed") << kSeed << "},\n  "
      << Field("rocksdb_debug_hooks") << JsonBool(report.rocksdb_debug_hooks) << ",\n  "
      << Field("engines") << "[";
  for (std::size_t i = 0; i < report.runs.size(); ++i) {
    const EngineRun& run = report.runs[i];
    out << (i ? ",\n" : "\n") << "    {" << Field("id") << JsonString(run.info.id) << ", "
        << Field("name") << JsonString(run.info.title) << ", " << Field("version")
        << JsonString(run.info.version) << ", " << Field("configuration")
        << JsonString(run.info.configuration) << ", " << Field("bloom_filter")
        << JsonBool(run.info.bloom_filter) << ", " << Field("disk_before_compaction") << "{"
        << Field("files") << run.before_compaction.files << ", " << Field("bytes")
        << run.before_compaction.bytes << "}, " << Field("disk_after_compaction") << "{"
        << Field("files") << run.after_compaction.files << ", " << Field("bytes")
        << run.after_compaction.bytes << "}}";
  }
  out << "\n  ],\n  " << Field("phases") << "[";
  const EngineRun* ours = report.Find("ours");
  const EngineRun* leveldb = report.Find("leveldb");
  const EngineRun* rocksdb = report.Find("rocksdb");
  for (std::size_t p = 0; p < kPhaseCount; ++p) {
    out << (p ? ",\n" : "\n") << "    {" << Field("phase") << JsonString(kPhases[p].id) << ", "
        << Field("label") << JsonString(kPhases[p].label) << ", " << Field("ops")
        << (report.runs.empty() ? 0 : report.runs.front().phases[p].ops) << ", " << Field("seconds")
        << "{";
    for (std::size_t i = 0; i < report.runs.size(); ++i) {
      out << (i ? ", " : "") << Field(report.runs[i].info.id)
          << JsonNumber(report.runs[i].phases[p].seconds);
    }
    out << "}, " << Field("ops_per_second") << "{";
    for (std::size_t i = 0; i < report.runs.size(); ++i) {
      const PhaseResult& r = report.runs[i].phases[p];
      out << (i ? ", " : "") << Field(report.runs[i].info.id)
          << JsonNumber(static_cast<double>(r.ops) / r.seconds);
    }
    out << "}, " << Field("ours_vs_leveldb") << JsonNumber(Ratio(ours, leveldb, p)) << ", "
        << Field("rocksdb_vs_leveldb") << JsonNumber(Ratio(rocksdb, leveldb, p)) << "}";
  }
  out << "\n  ],\n  " << Field("caveats") << "[";
  const std::vector<std::string> caveats = report.Caveats();
  for (std::size_t i = 0; i < caveats.size(); ++i) {
    out << (i ? ",\n" : "\n") << "    " << JsonString(caveats[i]);
  }
  out << "\n  ]\n}\n";
  if (!out.flush()) throw std::runtime_error("cannot write " + path);
}

// ---------------------------------------------------------------------------------------------
// Command line

[[noreturn]] void Usage(const std::string& problem) {
  std::cerr << "peer_bench: " << problem << "\n"
            << "usage: peer_bench [--quick] [--entries N] [--reads N] [--seeks N]\n"
            << "                  [--engines ours,leveldb,rocksdb] [--json FILE]\n";
  std::exit(2);
}

std::uint64_t ParseCount(const std::string& flag, const char* text) {
  if (text == nullptr) Usage(flag + " needs a number");
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value == 0) Usage(flag + ": not a positive number: " + text);
  return value;
}

Config ParseArgs(int argc, char** argv) {
  Config config;
  std::optional<std::uint64_t> entries;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const char* next = i + 1 < argc ? argv[i + 1] : nullptr;
    if (arg == "--quick") {
      config.quick = true;
    } else if (arg == "--entries") {
      entries = ParseCount(arg, next);
      ++i;
    } else if (arg == "--reads") {
      config.reads = ParseCount(arg, next);
      ++i;
    } else if (arg == "--seeks") {
      config.seeks = ParseCount(arg, next);
      ++i;
    } else if (arg == "--json") {
      if (next == nullptr) Usage("--json needs a file name");
      config.json_path = next;
      ++i;
    } else if (arg == "--engines") {
      if (next == nullptr) Usage("--engines needs a list");
      config.engines.clear();
      std::stringstream list(next);
      for (std::string name; std::getline(list, name, ',');) {
        if (name != "ours" && name != "leveldb" && name != "rocksdb") {
          Usage("unknown engine " + name);
        }
        config.engines.push_back(name);
      }
      ++i;
    } else if (arg == "--help" || arg == "-h") {
      Usage("runs one workload on this project's engine, LevelDB and RocksDB");
    } else {
      Usage("unknown argument " + arg);
    }
  }
  config.entries = entries.value_or(config.quick ? 100'000 : 1'000'000);
  if (config.entries > (std::uint64_t{1} << 31)) Usage("--entries: at most 2^31");
  if (config.reads == 0) config.reads = std::max<std::uint64_t>(1, config.entries / 5);
  if (config.seeks == 0) config.seeks = std::max<std::uint64_t>(1, config.entries / 50);
  return config;
}

int Main(int argc, char** argv) {
  Report report;
  report.config = ParseArgs(argc, argv);
  report.rocksdb_debug_hooks = RocksDbHasDebugHooks();
  const Workload workload(report.config);
  for (const std::string& id : report.config.engines) {
    const EngineSettings& s = report.settings;
    if (id == "ours") report.runs.push_back(RunEngine(OursInfo(s), &OpenOurs, workload, s));
    if (id == "leveldb") {
      report.runs.push_back(RunEngine(LevelDbInfo(s), &OpenLevelDb, workload, s));
    }
    if (id == "rocksdb") {
      report.runs.push_back(RunEngine(RocksDbInfo(s), &OpenRocksDb, workload, s));
    }
  }
  PrintReport(report, std::cout);
  if (!report.config.json_path.empty()) {
    WriteJson(report, report.config.json_path);
    std::cout << "\nJSON: " << report.config.json_path << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace lsm::peers

int main(int argc, char** argv) {
  try {
    return lsm::peers::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "peer_bench: FAILED: " << e.what() << "\n";
    return 1;
  }
}
