// Chapter 7: the engine against the shared std::map model (tests/support/tree_model_checker.h).
// Its reopens are crashes through the fault-injecting file system -- never a clean close -- and
// keep every acknowledged write.

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "chapters/06-bloom-filter/bloom_filter.h"
#include "chapters/07-write-ahead-log/db.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/scans.h"
#include "tests/support/tree_model_checker.h"

namespace {

class DbSubject final : public lsm::testing::ModelCheckSubject {
 public:
  explicit DbSubject(std::string path) : path_(std::move(path)) {
    options_.tree = lsm::testing::ModelCheckOptions(std::make_shared<lsm::BloomFilterPolicy>(10));
    options_.tree.file_system = &fault_;
    db_ = lsm::Db::Open(path_, options_);
  }
  void Put(std::string_view key, std::string_view value) override { db_->Put(key, value); }
  void Remove(std::string_view key) override { db_->Remove(key); }
  [[nodiscard]] std::optional<std::string> Get(std::string_view key) const override {
    return db_->Get(key);
  }
  [[nodiscard]] std::vector<lsm::KeyValue> Scan(const lsm::KeyRange& range) const override {
    return lsm::testing::CollectForward(*db_->NewIterator(range));
  }
  [[nodiscard]] std::unique_ptr<lsm::Iterator> Iterate(const lsm::KeyRange& range) const override {
    return db_->NewIterator(range);
  }
  void Flush() override { db_->Flush(); }
  void Compact() override { db_->Compact(); }
  [[nodiscard]] std::size_t table_count() const override { return db_->stats().tree.tables.size(); }
  [[nodiscard]] bool memtable_empty() const override {
    return db_->stats().tree.memtable_entries == 0;
  }
  void CrashAndReopen() override {
    fault_.CrashNow();  // the destructor's close fails like every call after a crash
    db_.reset();
    fault_.Restart();
    db_ = lsm::Db::Open(path_, options_);
  }
  [[nodiscard]] bool keeps_acknowledged_writes() const override { return true; }

 private:
  std::string path_;
  lsm::testing::FaultFileSystem fault_;
  lsm::DbOptions options_;
  std::unique_ptr<lsm::Db> db_;
};

}  // namespace

TEST_CASE("the engine matches a std::map model through flushes, compactions and crashes",
          "[db][model]") {
  lsm::testing::RunModelChecks(
      "chapter 7 engine", [](const std::string& path) { return std::make_unique<DbSubject>(path); },
      10'000, {1, 2, 3});
}
