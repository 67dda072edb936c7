// A file system that fails on purpose. It passes every call to the real one and can simulate
// three conditions, each switched on and off at runtime:
//
// - A crash. It counts the calls that change the disk (create, append, flush, sync, close,
//   rename, remove, mkdir, fsync of a directory, lock). Armed with a number N, the N-th such call
//   throws SimulatedCrash instead, and from then on the "process" is dead: every call throws.
//   LoseUnsyncedData() then makes the disk look as after a power loss of the file contents:
//   each file written through this layer is cut back to the bytes it had at its last Sync()
//   (following renames). PowerLoss() goes further: it also undoes every creation, rename and
//   removal that no fsync of its directory (SyncDir) made durable, as a power loss may.
// - A read-only directory (SetReadOnly). Creating, renaming and removing files and creating
//   directories fail with IoError (errno EROFS, or EACCES if asked); reads, listings, stats and
//   directory fsyncs still work, and so do writes to files that were already open, as with a
//   directory whose write permission was taken away. (CI runs as root, which ignores
//   permissions: that is why this is simulated.)
// - A full disk (SetFreeSpace / SetDiskFull). Appends that go beyond the free space fail with
//   IoError errno ENOSPC after writing the part that still fits, as a real write(2) does. Space
//   is only used up, never given back: removing or truncating files frees nothing.
//
// A refused call still counts as a disk-changing call for Arm().
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
  // ---- crash ----

  /// Crash at the `n`-th disk-changing call from now (1 = the very next); 0 disarms.
  void Arm(std::uint64_t n) {
    countdown_ = n;
    calls_ = 0;
  }

  /// Disk-changing calls since Arm().
  [[nodiscard]] std::uint64_t calls() const { return calls_; }

  /// True once the armed crash has happened.
  [[nodiscard]] bool crashed() const { return crashed_; }

  /// Crashes now, between two calls (a kill at a random moment): every call from now on throws.
  void CrashNow() { crashed_ = true; }

  /// The machine comes back after the crash: calls work again, nothing is armed. What survived
  /// is what LoseUnsyncedData() or PowerLoss() left, or everything written (a process crash).
  void Restart() {
    crashed_ = false;
    countdown_ = 0;
    calls_ = 0;
  }

  /// Drops what was never synced: every file written through this layer is cut back to its
  /// size at its last Sync().
  void LoseUnsyncedData() {
    for (const auto& [path, synced] : synced_) {
      std::error_code ignored;
      if (std::filesystem::exists(path)) std::filesystem::resize_file(path, synced, ignored);
    }
  }

  /// A power loss: LoseUnsyncedData(), then every creation, rename and removal of a file that
  /// was not followed by a SyncDir() of its directory is undone, newest first: a created file
  /// disappears, a renamed one is back under its old name (with the file it replaced), a
  /// removed one is back with its synced contents. Returns how many were undone.
  std::size_t PowerLoss() {
    LoseUnsyncedData();
    std::size_t undone = 0;
    for (auto& [directory, operations] : unsynced_) {
      for (auto op = operations.rbegin(); op != operations.rend(); ++op, ++undone) {
        std::error_code ignored;
        switch (op->kind) {
          case DirOp::kCreate:
            std::filesystem::remove(op->path, ignored);
            break;
          case DirOp::kRename:
            std::filesystem::rename(op->path, op->from, ignored);
            if (op->contents) WriteWhole(op->path, *op->contents);
            break;
          case DirOp::kRemove:
            if (op->contents) WriteWhole(op->path, *op->contents);
            break;
        }
      }
    }
    unsynced_.clear();
    return undone;
  }

  // ---- read-only directory ----

  /// Makes every directory read-only (`on`) or writable again. While read-only, creating,
  /// renaming and removing files and creating directories throw IoError with `error_code`
  /// (EROFS or EACCES); everything else works.
  void SetReadOnly(bool on, int error_code = EROFS) {
    read_only_ = on;
    read_only_error_ = error_code;
  }

  /// True while SetReadOnly(true) is in effect.
  [[nodiscard]] bool read_only() const { return read_only_; }

  // ---- full disk ----

  /// The disk has `bytes` free from now on: appends beyond that fail with ENOSPC. nullopt:
  /// unlimited (the default).
  void SetFreeSpace(std::optional<std::uint64_t> bytes) { free_space_ = bytes; }

  /// `full`: no byte can be appended (SetFreeSpace(0)); otherwise unlimited space.
  void SetDiskFull(bool full) {
    SetFreeSpace(full ? std::optional<std::uint64_t>(0) : std::nullopt);
  }

  /// Bytes that can still be appended; nullopt if unlimited.
  [[nodiscard]] std::optional<std::uint64_t> free_space() const { return free_space_; }

  /// Bytes appended through this layer so far (those of refused appends that fit included).
  [[nodiscard]] std::uint64_t bytes_appended() const { return bytes_appended_; }

  /// Bytes callers asked to append that did not fit.
  [[nodiscard]] std::uint64_t bytes_refused() const { return bytes_refused_; }

  /// Calls refused so far because of the read-only directory or the full disk.
  [[nodiscard]] std::uint64_t faults() const { return faults_; }

  // ---- FileSystem ----

  std::unique_ptr<WritableFile> NewWritableFile(const std::string& path) override {
    Step("create " + path);
    RequireWritable(path, "open for writing");
    if (!real_.Exists(path)) Journal(DirOp{DirOp::kCreate, path, "", std::nullopt});
    synced_[path] = 0;
    return std::make_unique<File>(*this, path, real_.NewWritableFile(path));
  }
  std::unique_ptr<RandomAccessFile> NewRandomAccessFile(const std::string& path) override {
    if (crashed_) throw SimulatedCrash("read after the crash: " + path);
    return real_.NewRandomAccessFile(path);
  }
  void Rename(const std::string& from, const std::string& to) override {
    Step("rename " + from);
    RequireWritable(from + " -> " + to, "rename");
    Journal(DirOp{DirOp::kRename, to, from, DurableContents(to)});
    real_.Rename(from, to);
    if (auto found = synced_.find(from); found != synced_.end()) {
      synced_[to] = found->second;
      synced_.erase(found);
    }
  }
  void RemoveFile(const std::string& path) override {
    Step("remove " + path);
    RequireWritable(path, "unlink");
    Journal(DirOp{DirOp::kRemove, path, "", DurableContents(path)});
    real_.RemoveFile(path);
    synced_.erase(path);
  }
  void CreateDir(const std::string& path) override {
    Step("mkdir " + path);
    // mkdir(2) reports EEXIST before EROFS: an existing directory is not an error.
    if (read_only_ && !real_.Exists(path)) RequireWritable(path, "mkdir");
    real_.CreateDir(path);
  }
  void SyncDir(const std::string& path) override {
    Step("fsync dir " + path);
    real_.SyncDir(path);
    unsynced_.erase(std::filesystem::path(path).lexically_normal().string());
  }
  std::vector<std::string> ListDir(const std::string& path) override {
    if (crashed_) throw SimulatedCrash("list after the crash: " + path);
    return real_.ListDir(path);
  }
  bool Exists(const std::string& path) override {
    if (crashed_) throw SimulatedCrash("stat after the crash: " + path);
    return real_.Exists(path);
  }
  std::unique_ptr<FileLock> LockFile(const std::string& path) override {
    Step("lock " + path);
    // Creating the lock file needs a writable directory; locking an existing one does not.
    if (!real_.Exists(path)) RequireWritable(path, "create lock file");
    return real_.LockFile(path);
  }

 private:
  class File final : public WritableFile {
   public:
    File(FaultFileSystem& fs, std::string path, std::unique_ptr<WritableFile> real)
        : fs_(fs), path_(std::move(path)), real_(std::move(real)) {}
    void Append(std::string_view data) override {
      fs_.Step("append " + path_);
      const std::uint64_t fits = fs_.TakeSpace(data.size());
      if (fits < data.size()) {
        real_->Append(data.substr(0, fits));  // a short write, then the error
        throw IoError(path_, ENOSPC, "write");
      }
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

  void RequireWritable(const std::string& path, std::string_view operation) {
    if (!read_only_) return;
    ++faults_;
    throw IoError(path, read_only_error_, operation);
  }

  // Uses up to `wanted` bytes of the free space and returns how many fit.
  std::uint64_t TakeSpace(std::uint64_t wanted) {
    std::uint64_t fits = wanted;
    if (free_space_) {
      fits = std::min(wanted, *free_space_);
      *free_space_ -= fits;
    }
    bytes_appended_ += fits;
    if (fits < wanted) {
      bytes_refused_ += wanted - fits;
      ++faults_;
    }
    return fits;
  }

  // A change to a directory that no SyncDir has made durable yet.
  struct DirOp {
    enum Kind { kCreate, kRename, kRemove } kind;
    std::string path;                     // the file created, renamed to, or removed
    std::string from;                     // kRename: the old name
    std::optional<std::string> contents;  // the durable contents a rename or removal replaced
  };

  void Journal(DirOp op) {
    const std::string directory =
        std::filesystem::path(op.path).parent_path().lexically_normal().string();
    unsynced_[directory].push_back(std::move(op));
  }

  // What a power loss would leave of `path`: nullopt if it does not exist, else its bytes up
  // to its last Sync() (all of them for a file this layer never wrote).
  std::optional<std::string> DurableContents(const std::string& path) {
    if (!std::filesystem::exists(path)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (const auto found = synced_.find(path); found != synced_.end()) {
      bytes.resize(std::min<std::size_t>(bytes.size(), found->second));
    }
    return bytes;
  }

  static void WriteWhole(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }

  FileSystem& real_ = FileSystem::Posix();
  std::map<std::string, std::vector<DirOp>> unsynced_;  // by directory
  std::uint64_t countdown_ = 0;
  std::uint64_t calls_ = 0;
  bool crashed_ = false;
  std::map<std::string, std::uint64_t> synced_;
  bool read_only_ = false;
  int read_only_error_ = EROFS;
  std::optional<std::uint64_t> free_space_;
  std::uint64_t bytes_appended_ = 0;
  std::uint64_t bytes_refused_ = 0;
  std::uint64_t faults_ = 0;
};

}  // namespace lsm::testing
