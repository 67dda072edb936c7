// peer_bench adapter for RocksDB (Debian's librocksdb-dev).

#include <dlfcn.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/version.h>

#include <memory>
#include <string>

#include "chapters/peers/engine.h"
#include "chapters/peers/slice_cursor.h"

namespace lsm::peers {
namespace {

constexpr std::string_view kName = "RocksDB";

void Check(const rocksdb::Status& status, const char* what) { ThrowUnlessOk(status, kName, what); }

rocksdb::Slice ToSlice(std::string_view bytes) { return AsSlice<rocksdb::Slice>(bytes); }

using RocksDbCursor = SliceCursor<rocksdb::Iterator, rocksdb::Slice>;

rocksdb::Options OptionsFor(const EngineSettings& settings) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.error_if_exists = true;
  options.write_buffer_size = settings.write_buffer_bytes;
  options.compression = rocksdb::kNoCompression;
  rocksdb::BlockBasedTableOptions table;
  table.block_size = settings.block_bytes;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(settings.bloom_bits_per_key));
  // block_cache stays nullptr: RocksDB's default 8 MiB block cache.
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

class RocksDbEngine final : public Engine {
 public:
  RocksDbEngine(const std::string& directory, const EngineSettings& settings) {
    rocksdb::DB* db = nullptr;
    Check(rocksdb::DB::Open(OptionsFor(settings), directory, &db), "open");
    db_.reset(db);
  }

  // The WAL stays on (disableWAL = false), unsynced, like LevelDB's log.
  void Put(std::string_view key, std::string_view value) override {
    Check(db_->Put(rocksdb::WriteOptions(), ToSlice(key), ToSlice(value)), "put");
  }

  [[nodiscard]] bool Get(std::string_view key, std::string* value) override {
    const rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), ToSlice(key), value);
    if (status.IsNotFound()) return false;
    Check(status, "get");
    return true;
  }

  [[nodiscard]] std::unique_ptr<Cursor> NewCursor() override {
    return std::make_unique<RocksDbCursor>(db_->NewIterator(rocksdb::ReadOptions()), kName);
  }

  void CompactAll() override {
    Check(db_->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr), "compact");
  }

  void Close() override {
    if (db_) Check(db_->Close(), "close");
    db_.reset();
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace

std::unique_ptr<Engine> OpenRocksDb(const std::string& directory, const EngineSettings& settings) {
  return std::make_unique<RocksDbEngine>(directory, settings);
}

EngineInfo RocksDbInfo(const EngineSettings& settings) {
  EngineInfo info;
  info.id = "rocksdb";
  info.title = "RocksDB";
  info.version = std::to_string(ROCKSDB_MAJOR) + "." + std::to_string(ROCKSDB_MINOR) + "." +
                 std::to_string(ROCKSDB_PATCH);
  info.configuration = "write_buffer_size " + std::to_string(settings.write_buffer_bytes) +
                       " B, block_size " + std::to_string(settings.block_bytes) +
                       " B, kNoCompression, Bloom filter " +
                       std::to_string(settings.bloom_bits_per_key) +
                       " bits/key, default 8 MiB block cache, WAL on, no sync, other options "
                       "default (2 background jobs)";
  return info;
}

bool RocksDbHasDebugHooks() {
  // rocksdb::SyncPoint::Process(const Slice&, void*): compiled only without NDEBUG.
  return ::dlsym(RTLD_DEFAULT, "_ZN7rocksdb9SyncPoint7ProcessERKNS_5SliceEPv") != nullptr;
}

}  // namespace lsm::peers
