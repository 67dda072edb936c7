// A file system that crashes on purpose: it passes every call to the real one and counts the
// calls that change the disk (create, append, flush, sync, close, rename, remove, mkdir, fsync of
// a directory). Armed with a number N, the N-th such call throws SimulatedCrash instead, and
// from then on the "process" is dead: every call throws. Crash() then makes the disk look as
// after a power loss of the file contents: each file written through this layer is cut back to
// the bytes it had at its last Sync() (following renames).
#pragma once

#include <cerrno>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/errors.h"
#include "common/file_system.h"

namespace lsm::testing {

/// Thrown at the armed crash point. An IoError, so code that must not throw (destructors)
/// swallows it like any other I/O failure.
class SimulatedCrash : public IoError {
 public:
  explicit SimulatedCrash(const std::string& what) : IoError(what, EIO, "simulated crash at") {}
};

class FaultFileSystem final : public FileSystem {
 public:
  /// Crash at the `n`-th disk-changing call from now (1 = the very next); 0 disarms.
  void Arm(std::uint64_t n) {
    countdown_ = n;
    calls_ = 0;
  }

  /// Disk-changing calls since Arm().
  [[nodiscard]] std::uint64_t calls() const { return calls_; }

  /// True once the armed crash has happened.
  [[nodiscard]] bool crashed() const { return crashed_; }

  /// Drops what was never synced: every file written through this layer is cut back to its
  /// size at its last Sync().
  void LoseUnsyncedData() {
    for (const auto& [path, synced] : synced_) {
      std::error_code ignored;
      if (std::filesystem::exists(path)) std::filesystem::resize_file(path, synced, ignored);
    }
  }

  std::unique_ptr<WritableFile> NewWritableFile(const std::string& path) override {
    Step("create " + path);
    synced_[path] = 0;
    return std::make_unique<File>(*this, path, real_.NewWritableFile(path));
  }
  std::unique_ptr<RandomAccessFile> NewRandomAccessFile(const std::string& path) override {
    if (crashed_) throw SimulatedCrash("read after the crash: " + path);
    return real_.NewRandomAccessFile(path);
  }
  void Rename(const std::string& from, const std::string& to) override {
    Step("rename " + from);
    real_.Rename(from, to);
    if (auto found = synced_.find(from); found != synced_.end()) {
      synced_[to] = found->second;
      synced_.erase(found);
    }
  }
  void RemoveFile(const std::string& path) override {
    Step("remove " + path);
    real_.RemoveFile(path);
    synced_.erase(path);
  }
  void CreateDir(const std::string& path) override {
    Step("mkdir " + path);
    real_.CreateDir(path);
  }
  void SyncDir(const std::string& path) override {
    Step("fsync dir " + path);
    real_.SyncDir(path);
  }
  std::vector<std::string> ListDir(const std::string& path) override {
    if (crashed_) throw SimulatedCrash("list after the crash: " + path);
    return real_.ListDir(path);
  }
  bool Exists(const std::string& path) override {
    if (crashed_) throw SimulatedCrash("stat after the crash: " + path);
    return real_.Exists(path);
  }

 private:
  class File final : public WritableFile {
   public:
    File(FaultFileSystem& fs, std::string path, std::unique_ptr<WritableFile> real)
        : fs_(fs), path_(std::move(path)), real_(std::move(real)) {}
    void Append(std::string_view data) override {
      fs_.Step("append " + path_);
      real_->Append(data);
    }
    void Flush() override {
      fs_.Step("flush " + path_);
      real_->Flush();
    }
    void Sync() override {
      fs_.Step("sync " + path_);
      real_->Sync();
      fs_.synced_[path_] = real_->size();
    }
    void Close() override {
      fs_.Step("close " + path_);
      real_->Close();
    }
    [[nodiscard]] std::uint64_t size() const override { return real_->size(); }

   private:
    FaultFileSystem& fs_;
    std::string path_;
    std::unique_ptr<WritableFile> real_;
  };

  void Step(const std::string& what) {
    if (crashed_) throw SimulatedCrash("after the crash: " + what);
    ++calls_;
    if (countdown_ != 0 && calls_ == countdown_) {
      crashed_ = true;
      throw SimulatedCrash(what);
    }
  }

  FileSystem& real_ = FileSystem::Posix();
  std::uint64_t countdown_ = 0;
  std::uint64_t calls_ = 0;
  bool crashed_ = false;
  std::map<std::string, std::uint64_t> synced_;
};

}  // namespace lsm::testing
