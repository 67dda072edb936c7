// peer_bench adapter for this project's final engine: lsm::LsmTree (chapter 3) with streaming
// scans (chapter 4), streaming compaction (chapter 5) and Bloom filters (chapter 6).

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "chapters/03-naive-merge/key_range.h"
#include "chapters/03-naive-merge/lsm_tree.h"
#include "chapters/04-streaming-merge/streaming_scan.h"
#include "chapters/05-streaming-compaction/compaction.h"
#include "chapters/06-bloom-filter/bloom_filter.h"
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
  explicit OursEngine(std::unique_ptr<LsmTree> tree) : tree_(std::move(tree)) {}

  void Put(std::string_view key, std::string_view value) override { tree_->Put(key, value); }

  [[nodiscard]] bool Get(std::string_view key, std::string* value) override {
    std::optional<std::string> found = tree_->Get(key);
    if (!found) return false;
    *value = std::move(*found);
    return true;
  }

  [[nodiscard]] std::unique_ptr<Cursor> NewCursor() override {
    return std::make_unique<OursCursor>(Scan(*tree_, KeyRange::All()));
  }

  // No background compaction here: the memtable is flushed first, so that, like LevelDB's and
  // RocksDB's CompactRange, the one compaction covers everything the database holds.
  void CompactAll() override {
    tree_->Flush();
    Compact(*tree_);
  }

  // No WAL: whatever is still in the memtable is dropped, as the chapters document.
  void Close() override { tree_.reset(); }

 private:
  std::unique_ptr<LsmTree> tree_;
};

LsmOptions OptionsFor(const EngineSettings& settings) {
  LsmOptions options;
  options.memtable_budget_bytes = settings.write_buffer_bytes;
  options.table_options.filter_policy =
      std::make_shared<BloomFilterPolicy>(settings.bloom_bits_per_key);
  return options;
}

}  // namespace

std::unique_ptr<Engine> OpenOurs(const std::string& directory, const EngineSettings& settings) {
  return std::make_unique<OursEngine>(LsmTree::Open(directory, OptionsFor(settings)));
}

EngineInfo OursInfo(const EngineSettings& settings) {
  const LsmOptions options = OptionsFor(settings);
  EngineInfo info;
  info.id = "ours";
  info.title = "ours";
  info.version = LSM_PEERS_PROJECT_VERSION;
  info.configuration = "memtable budget " + std::to_string(options.memtable_budget_bytes) +
                       " B, index interval " +
                       std::to_string(options.table_options.index_interval) +
                       " entries (~2 KiB groups), no compression, no WAL, ";
  info.configuration +=
      "Bloom filter " + std::to_string(settings.bloom_bits_per_key) + " bits/key (chapter 6)";
  return info;
}

}  // namespace lsm::peers
