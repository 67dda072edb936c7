/// \file
/// The file operations the storage stages use, behind one interface, so that tests can put a
/// fault-injecting layer in between (crash at any write, fsync, rename or delete; a full disk; a
/// read-only directory) and everything else runs on POSIX.
///
/// Every failure throws: IoError (path + errno) when the operating system refuses,
/// CorruptionError (path + offset) when a file is shorter than what its reader was promised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lsm {

/// A file written front to back. Appends are buffered; Sync() makes them durable.
class WritableFile {
 public:
  virtual ~WritableFile() = default;

  /// Appends `data` (buffered).
  virtual void Append(std::string_view data) = 0;

  /// Hands buffered bytes to the operating system (they survive a process crash, not a power
  /// loss).
  virtual void Flush() = 0;

  /// Flush() and fsync(): the bytes survive a power loss.
  virtual void Sync() = 0;

  /// Flushes and closes. A file destroyed without Close() is closed without flushing.
  virtual void Close() = 0;

  /// Bytes appended so far: the offset the next Append() writes at.
  [[nodiscard]] virtual std::uint64_t size() const = 0;
};

/// A file read at arbitrary offsets.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;

  /// Reads exactly `n` bytes at `offset` into `scratch` (at least `n` bytes) and returns them.
  /// \throws CorruptionError if the file ends before offset + n.
  [[nodiscard]] virtual std::string_view Read(std::uint64_t offset, std::size_t n,
                                              char* scratch) const = 0;

  /// The file's size when it was opened.
  [[nodiscard]] virtual std::uint64_t size() const = 0;

  /// The path it was opened with, for error messages.
  [[nodiscard]] virtual const std::string& path() const = 0;
};

/// An exclusive lock on a file, held until this object is destroyed. The lock belongs to one
/// open of the file (flock(2) semantics): a second lock on the same file fails even inside the
/// same process, and a child made by fork() shares the parent's lock while it lives.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

/// Files and directories.
class FileSystem {
 public:
  virtual ~FileSystem() = default;

  /// Creates (or truncates) `path` for writing.
  [[nodiscard]] virtual std::unique_ptr<WritableFile> NewWritableFile(const std::string& path) = 0;

  /// Opens an existing file for reading.
  [[nodiscard]] virtual std::unique_ptr<RandomAccessFile> NewRandomAccessFile(
      const std::string& path) = 0;

  /// Atomically replaces `to` with `from` (POSIX rename).
  virtual void Rename(const std::string& from, const std::string& to) = 0;

  /// Deletes a file.
  virtual void RemoveFile(const std::string& path) = 0;

  /// Creates a directory; does nothing if it exists.
  virtual void CreateDir(const std::string& path) = 0;

  /// fsync() on a directory: makes the creations, renames and deletions in it durable.
  virtual void SyncDir(const std::string& path) = 0;

  /// Names (not paths) of the entries in a directory, in no particular order.
  [[nodiscard]] virtual std::vector<std::string> ListDir(const std::string& path) = 0;

  /// True if `path` exists.
  [[nodiscard]] virtual bool Exists(const std::string& path) = 0;

  /// Takes an exclusive, non-blocking lock on `path`, creating the file if it is missing; an
  /// existing file in a directory this process may not write to is locked read-only.
  /// \throws IoError with error_code() EWOULDBLOCK if someone else holds the lock, or the
  ///         errno of the failed create or open (EROFS, EACCES for a read-only directory).
  [[nodiscard]] virtual std::unique_ptr<FileLock> LockFile(const std::string& path) = 0;

  /// The real file system.
  static FileSystem& Posix();
};

/// A FileSystem that hands every call to another one: derive from it and override only the calls
/// you watch or change (benchmarks count bytes or take heap readings this way).
class ForwardingFileSystem : public FileSystem {
 public:
  /// Forwards to `base`, which must outlive this.
  explicit ForwardingFileSystem(FileSystem& base = Posix()) : base_(base) {}

  [[nodiscard]] std::unique_ptr<WritableFile> NewWritableFile(const std::string& path) override {
    return base_.NewWritableFile(path);
  }
  [[nodiscard]] std::unique_ptr<RandomAccessFile> NewRandomAccessFile(
      const std::string& path) override {
    return base_.NewRandomAccessFile(path);
  }
  void Rename(const std::string& from, const std::string& to) override { base_.Rename(from, to); }
  void RemoveFile(const std::string& path) override { base_.RemoveFile(path); }
  void CreateDir(const std::string& path) override { base_.CreateDir(path); }
  void SyncDir(const std::string& path) override { base_.SyncDir(path); }
  [[nodiscard]] std::vector<std::string> ListDir(const std::string& path) override {
    return base_.ListDir(path);
  }
  [[nodiscard]] bool Exists(const std::string& path) override { return base_.Exists(path); }
  [[nodiscard]] std::unique_ptr<FileLock> LockFile(const std::string& path) override {
    return base_.LockFile(path);
  }

  /// The file system calls go to.
  [[nodiscard]] FileSystem& base() const noexcept { return base_; }

 private:
  FileSystem& base_;
};

}  // namespace lsm
