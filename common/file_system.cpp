#include "common/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/errors.h"

namespace lsm {
namespace {

constexpr std::size_t kWriteBufferBytes = std::size_t{64} * 1024;

// Closes a descriptor when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd) noexcept : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;

  [[nodiscard]] int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {
    buffer_.reserve(kWriteBufferBytes);
  }

  void Append(std::string_view data) override {
    size_ += data.size();
    if (buffer_.size() + data.size() <= kWriteBufferBytes) {
      buffer_.append(data);
      return;
    }
    Flush();
    if (data.size() >= kWriteBufferBytes) {
      WriteAll(data);  // large writes bypass the buffer
    } else {
      buffer_.append(data);
    }
  }

  void Flush() override {
    WriteAll(buffer_);
    buffer_.clear();
  }

  void Sync() override {
    Flush();
    if (::fdatasync(fd_.get()) != 0) throw IoError(path_, errno, "fdatasync");
  }

  void Close() override {
    if (fd_.get() < 0) return;
    Flush();
    if (::close(fd_.release()) != 0) throw IoError(path_, errno, "close");
  }

  [[nodiscard]] std::uint64_t size() const override { return size_; }

 private:
  void WriteAll(std::string_view data) {
    if (fd_.get() < 0) throw IoError(path_, EBADF, "write after close");
    while (!data.empty()) {
      const ssize_t written = ::write(fd_.get(), data.data(), data.size());
      if (written < 0) {
        if (errno == EINTR) continue;
        throw IoError(path_, errno, "write");
      }
      data.remove_prefix(static_cast<std::size_t>(written));
    }
  }

  std::string path_;
  Descriptor fd_;
  std::string buffer_;
  std::uint64_t size_ = 0;
};

class PosixRandomAccessFile final : public RandomAccessFile {
 public:
  PosixRandomAccessFile(std::string path, int fd, std::uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}

  [[nodiscard]] std::string_view Read(std::uint64_t offset, std::size_t n,
                                      char* scratch) const override {
    if (offset > size_ || n > size_ - offset) {
      throw CorruptionError(path_, offset,
                            "file ends at " + std::to_string(size_) + ", wanted " +
                                std::to_string(n) + " bytes here");
    }
    std::size_t done = 0;
    while (done < n) {
      const ssize_t got =
          ::pread(fd_.get(), scratch + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0) {
        if (errno == EINTR) continue;
        throw IoError(path_, errno, "pread");
      }
      if (got == 0) {
        throw CorruptionError(path_, offset + done, "file shrank while open");
      }
      done += static_cast<std::size_t>(got);
    }
    return {scratch, n};
  }

  [[nodiscard]] std::uint64_t size() const override { return size_; }
  [[nodiscard]] const std::string& path() const override { return path_; }

 private:
  std::string path_;
  Descriptor fd_;
  std::uint64_t size_;
};

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) noexcept : fd_(fd) {}

 private:
  Descriptor fd_;  // closing the descriptor releases the lock
};

class PosixFileSystem final : public FileSystem {
 public:
  std::unique_ptr<WritableFile> NewWritableFile(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw IoError(path, errno, "open for writing");
    return std::make_unique<PosixWritableFile>(path, fd);
  }

  std::unique_ptr<RandomAccessFile> NewRandomAccessFile(const std::string& path) override {
    Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw IoError(path, errno, "open for reading");
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) throw IoError(path, errno, "fstat");
    return std::make_unique<PosixRandomAccessFile>(path, fd.release(),
                                                   static_cast<std::uint64_t>(info.st_size));
  }

  void Rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) throw IoError(from + " -> " + to, errno, "rename");
  }

  void RemoveFile(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) throw IoError(path, errno, "unlink");
  }

  void CreateDir(const std::string& path) override {
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) throw IoError(path, errno, "mkdir");
  }

  void SyncDir(const std::string& path) override {
    Descriptor fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) throw IoError(path, errno, "open directory");
    if (::fsync(fd.get()) != 0) throw IoError(path, errno, "fsync directory");
  }

  std::vector<std::string> ListDir(const std::string& path) override {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) throw IoError(path, errno, "opendir");
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* entry = ::readdir(dir)) {
      const std::string_view name = entry->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    const int error = errno;
    ::closedir(dir);
    if (error != 0) throw IoError(path, error, "readdir");
    return names;
  }

  bool Exists(const std::string& path) override {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
  }

  std::unique_ptr<FileLock> LockFile(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 && (errno == EROFS || errno == EACCES)) {
      const int create_error = errno;
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);  // flock needs no write access
      if (fd < 0) throw IoError(path, errno == ENOENT ? create_error : errno, "create lock file");
    }
    if (fd < 0) throw IoError(path, errno, "open lock file");
    Descriptor lock(fd);
    if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) {
        throw IoError(path, errno,
                      "lock (the directory is in use by another process, or opened twice in this "
                      "one)");
      }
      throw IoError(path, errno, "flock");
    }
    return std::make_unique<PosixFileLock>(lock.release());
  }
};

}  // namespace

FileSystem& FileSystem::Posix() {
  static PosixFileSystem posix;
  return posix;
}

}  // namespace lsm
