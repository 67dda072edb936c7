// peer_bench adapter for LevelDB (Debian's libleveldb-dev).

#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/write_batch.h>

#include <memory>
#include <string>

#include "chapters/peers/engine.h"
#include "chapters/peers/slice_cursor.h"

namespace lsm::peers {
namespace {

constexpr std::string_view kName = "LevelDB";

void Check(const leveldb::Status& status, const char* what) { ThrowUnlessOk(status, kName, what); }

leveldb::Slice ToSlice(std::string_view bytes) { return AsSlice<leveldb::Slice>(bytes); }

using LevelDbCursor = SliceCursor<leveldb::Iterator, leveldb::Slice>;

class LevelDbEngine final : public Engine {
 public:
  LevelDbEngine(const std::string& directory, const EngineSettings& settings)
      : filter_(leveldb::NewBloomFilterPolicy(settings.bloom_bits_per_key)) {
    leveldb::Options options;
    options.create_if_missing = true;
    options.error_if_exists = true;
    options.write_buffer_size = settings.write_buffer_bytes;
    options.block_size = settings.block_bytes;
    options.compression = leveldb::kNoCompression;
    options.filter_policy = filter_.get();
    // block_cache stays nullptr: LevelDB's default 8 MiB block cache.
    leveldb::DB* db = nullptr;
    Check(leveldb::DB::Open(options, directory, &db), "open");
    db_.reset(db);
  }

  void Put(std::string_view key, std::string_view value) override {
    Check(db_->Put(leveldb::WriteOptions(), ToSlice(key), ToSlice(value)), "put");
  }

  [[nodiscard]] bool Get(std::string_view key, std::string* value) override {
    const leveldb::Status status = db_->Get(leveldb::ReadOptions(), ToSlice(key), value);
    if (status.IsNotFound()) return false;
    Check(status, "get");
    return true;
  }

  [[nodiscard]] std::unique_ptr<Cursor> NewCursor() override {
    return std::make_unique<LevelDbCursor>(db_->NewIterator(leveldb::ReadOptions()), kName);
  }

  void CompactAll() override { db_->CompactRange(nullptr, nullptr); }

  void Close() override { db_.reset(); }

 private:
  std::unique_ptr<const leveldb::FilterPolicy> filter_;  // must outlive db_
  std::unique_ptr<leveldb::DB> db_;
};

}  // namespace

std::unique_ptr<Engine> OpenLevelDb(const std::string& directory, const EngineSettings& settings) {
  return std::make_unique<LevelDbEngine>(directory, settings);
}

EngineInfo LevelDbInfo(const EngineSettings& settings) {
  EngineInfo info;
  info.id = "leveldb";
  info.title = "LevelDB";
  info.version =
      std::to_string(leveldb::kMajorVersion) + "." + std::to_string(leveldb::kMinorVersion);
  info.configuration = "write_buffer_size " + std::to_string(settings.write_buffer_bytes) +
                       " B, block_size " + std::to_string(settings.block_bytes) +
                       " B, kNoCompression, Bloom filter " +
                       std::to_string(settings.bloom_bits_per_key) +
                       " bits/key, default 8 MiB block cache, log (WAL) on, no sync";
  return info;
}

}  // namespace lsm::peers
