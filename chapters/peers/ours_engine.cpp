// peer_bench adapter for this project's current engine (chapters/engine/current_engine.h):
// chapter 7's Db, a write-ahead log in front of chapter 3's tree, with streaming scans (chapter
// 4), streaming compaction (chapter 5) and Bloom filters (chapter 6). Puts go through the log
// unsynced, as LevelDB's and RocksDB's do here.

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "chapters/engine/current_engine.h"
#include "chapters/peers/engine.h"

namespace lsm::peers {
namespace {

class OursCursor final : public Cursor {
 public:
  explicit OursCursor(std::unique_ptr<Iterator> it) : it_(std::move(it)) {}
  void SeekToFirst() override { it_->SeekToFirst(); }
  void Seek(std::string_view target) override { it_->Seek(target); }
  void Next() override { it_->Next(); }
  [[nodiscard]] bool Valid() const override { return it_->Valid(); }
  [[nodiscard]] std::string_view key() const override { return it_->key(); }
  [[nodiscard]] std::string_view value() const override { return it_->value(); }

 private:
  std::unique_ptr<Iterator> it_;
};

class OursEngine final : public Engine {
 public:
  explicit OursEngine(std::unique_ptr<CurrentEngine> db) : db_(std::move(db)) {}

  // Appended to the log (handed to the kernel, not synced), then to the memtable.
  void Put(std::string_view key, std::string_view value) override {
    db_->Put(key, value, WriteOptions{.sync = false});
  }

  [[nodiscard]] bool Get(std::string_view key, std::string* value) override {
    std::optional<std::string> found = db_->Get(key);
    if (!found) return false;
    *value = std::move(*found);
    return true;
  }

  [[nodiscard]] std::unique_ptr<Cursor> NewCursor() override {
    return std::make_unique<OursCursor>(db_->NewIterator(KeyRange::All()));
  }

  // No background compaction here: Db::Compact flushes the memtable first, so that, like
  // LevelDB's and RocksDB's CompactRange, the one compaction covers everything the database
  // holds.
  void CompactAll() override { db_->Compact(); }

  // The destructor closes the log; whatever is still in the memtable is in the log too, and the
  // next open would replay it.
  void Close() override { db_.reset(); }

 private:
  std::unique_ptr<CurrentEngine> db_;
};

DbOptions OptionsFor(const EngineSettings& settings) {
  DbOptions options = CurrentEngineOptions(settings.bloom_bits_per_key);
  options.tree.memtable_budget_bytes = settings.write_buffer_bytes;
  return options;
}

}  // namespace

std::unique_ptr<Engine> OpenOurs(const std::string& directory, const EngineSettings& settings) {
  return std::make_unique<OursEngine>(OpenCurrentEngine(directory, OptionsFor(settings)));
}

EngineInfo OursInfo(const EngineSettings& settings) {
  const DbOptions options = OptionsFor(settings);
  EngineInfo info;
  info.id = "ours";
  info.title = "ours";
  info.version = LSM_PEERS_PROJECT_VERSION;
  info.configuration = "memtable budget " + std::to_string(options.tree.memtable_budget_bytes) +
                       " B, index interval " +
                       std::to_string(options.tree.table_options.index_interval) +
                       " entries (~2 KiB groups), no compression, Bloom filter " +
                       std::to_string(settings.bloom_bits_per_key) +
                       " bits/key, write-ahead log on, no sync (" + kCurrentEngineDescription + ")";
  return info;
}

}  // namespace lsm::peers
