/// \file
/// What the LevelDB and RocksDB adapters share. RocksDB began as a fork of LevelDB and kept its
/// API's shape: a Status with ok() and ToString(), a Slice of data() and size(), an Iterator
/// with Seek, Next, key, value and status. One template serves both.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "chapters/peers/engine.h"

namespace lsm::peers {

/// Throws std::runtime_error naming `engine` and `what` unless `status` is ok.
template <class Status>
void ThrowUnlessOk(const Status& status, std::string_view engine, std::string_view what) {
  if (!status.ok()) {
    throw std::runtime_error(std::string(engine) + " " + std::string(what) + ": " +
                             status.ToString());
  }
}

/// `bytes` as the library's Slice (no copy).
template <class Slice>
[[nodiscard]] Slice AsSlice(std::string_view bytes) {
  return Slice(bytes.data(), bytes.size());
}

/// A Cursor over a LevelDB or RocksDB iterator, which it owns. (The overrides keep Cursor's
/// contracts.)
template <class DbIterator, class Slice>
class SliceCursor final : public Cursor {
 public:
  /// Adopts `it`; `engine` names the library in error messages.
  SliceCursor(DbIterator* it, std::string_view engine) : it_(it), engine_(engine) {}
  void SeekToFirst() override { it_->SeekToFirst(); }
  void Seek(std::string_view target) override { it_->Seek(AsSlice<Slice>(target)); }
  void Next() override { it_->Next(); }
  [[nodiscard]] bool Valid() const override { return it_->Valid(); }
  [[nodiscard]] std::string_view key() const override {
    const Slice key = it_->key();
    return {key.data(), key.size()};
  }
  [[nodiscard]] std::string_view value() const override {
    const Slice value = it_->value();
    return {value.data(), value.size()};
  }
  void CheckOk() const override { ThrowUnlessOk(it_->status(), engine_, "iterator"); }

 private:
  std::unique_ptr<DbIterator> it_;
  std::string_view engine_;
};

}  // namespace lsm::peers
