/// \file
/// peer_bench: one small interface over this project's engine, LevelDB and RocksDB, so that the
/// same workload code drives all three. Each adapter lives in its own file and is the only
/// place that includes its library's headers.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace lsm::peers {

/// The settings every engine is opened with (each adapter maps them to its own options).
struct EngineSettings {
  std::size_t write_buffer_bytes = std::size_t{4} << 20;  ///< memtable / write buffer
  std::size_t block_bytes = 2048;                         ///< LevelDB and RocksDB block size
  int bloom_bits_per_key = 10;                            ///< Bloom filter bits per key
};

/// A forward cursor over the live entries of an engine. It must be destroyed before the engine
/// is written to, compacted or closed.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void SeekToFirst() = 0;                            ///< to the smallest key
  virtual void Seek(std::string_view target) = 0;            ///< to the first key >= target
  virtual void Next() = 0;                                   ///< to the following key
  [[nodiscard]] virtual bool Valid() const = 0;              ///< standing on an entry
  [[nodiscard]] virtual std::string_view key() const = 0;    ///< current key
  [[nodiscard]] virtual std::string_view value() const = 0;  ///< current value
  /// Throws if the cursor stopped because of an error rather than at the end.
  virtual void CheckOk() const {}

 protected:
  Cursor() = default;                          ///< for subclasses
  Cursor(const Cursor&) = default;             ///< for subclasses
  Cursor& operator=(const Cursor&) = default;  ///< for subclasses
};

/// One open database. Every failure throws (std::runtime_error or lsm::Error); Get's "not
/// found" is not a failure.
class Engine {
 public:
  virtual ~Engine() = default;
  /// Sets `key` to `value` (no sync).
  virtual void Put(std::string_view key, std::string_view value) = 0;
  /// True and the value in `*value` if `key` is present.
  [[nodiscard]] virtual bool Get(std::string_view key, std::string* value) = 0;
  /// A new, unpositioned cursor over every live entry.
  [[nodiscard]] virtual std::unique_ptr<Cursor> NewCursor() = 0;
  /// One full compaction of everything the database holds (memtable included).
  virtual void CompactAll() = 0;
  /// Closes the database (waits for background work); nothing may be called after it.
  virtual void Close() = 0;

 protected:
  Engine() = default;                          ///< for subclasses
  Engine(const Engine&) = default;             ///< for subclasses
  Engine& operator=(const Engine&) = default;  ///< for subclasses
};

/// What the report says about one engine.
struct EngineInfo {
  std::string id;             ///< "ours", "leveldb", "rocksdb": JSON keys
  std::string title;          ///< column title
  std::string version;        ///< library version
  std::string configuration;  ///< the options actually set, in words
  bool bloom_filter = true;   ///< tables carry Bloom filters
};

/// Opens a fresh database in `directory` (which must not exist yet).
using OpenFunction = std::unique_ptr<Engine> (*)(const std::string& directory,
                                                 const EngineSettings& settings);

/// This project's current engine (chapters/engine/current_engine.h: chapter 7's lsm::Db, a
/// write-ahead log in front of the tree, with streaming scans, streaming compaction and Bloom
/// filters), its log on and unsynced.
[[nodiscard]] std::unique_ptr<Engine> OpenOurs(const std::string& directory,
                                               const EngineSettings& settings);
/// How OpenOurs() configures this project's engine.
[[nodiscard]] EngineInfo OursInfo(const EngineSettings& settings);

/// LevelDB, through leveldb::DB.
[[nodiscard]] std::unique_ptr<Engine> OpenLevelDb(const std::string& directory,
                                                  const EngineSettings& settings);
/// How OpenLevelDb() configures LevelDB.
[[nodiscard]] EngineInfo LevelDbInfo(const EngineSettings& settings);

/// RocksDB, through rocksdb::DB.
[[nodiscard]] std::unique_ptr<Engine> OpenRocksDb(const std::string& directory,
                                                  const EngineSettings& settings);
/// How OpenRocksDb() configures RocksDB.
[[nodiscard]] EngineInfo RocksDbInfo(const EngineSettings& settings);

/// True if the loaded RocksDB library carries its debug-only test hooks (it exports
/// rocksdb::SyncPoint::Process, which exists only in builds without NDEBUG).
[[nodiscard]] bool RocksDbHasDebugHooks();

}  // namespace lsm::peers
