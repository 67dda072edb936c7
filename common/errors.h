/// \file
/// The error types every stage throws. Each names what went wrong precisely enough to act on:
/// a corruption names the file and byte offset, an I/O error the path and errno.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lsm {

/// Base of every error this project throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Data read from disk is not what was written: a bad checksum, magic number, length or order.
class CorruptionError : public Error {
 public:
  /// \param file   path of the damaged file
  /// \param offset byte offset in `file` where the damaged structure starts
  /// \param detail what was expected and what was found
  CorruptionError(std::string file, std::uint64_t offset, std::string_view detail);

  /// Path of the damaged file.
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  /// Byte offset in file() where the damaged structure starts.
  [[nodiscard]] std::uint64_t offset() const noexcept { return offset_; }

 private:
  std::string file_;
  std::uint64_t offset_;
};

/// A system call on a file or directory failed.
class IoError : public Error {
 public:
  /// \param path        the file or directory the call was about
  /// \param error_code  the errno the call left
  /// \param operation   what was attempted ("open", "fsync", "rename", ...)
  IoError(std::string path, int error_code, std::string_view operation);

  /// The file or directory the failed call was about.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// The errno the call left.
  [[nodiscard]] int error_code() const noexcept { return error_code_; }

 private:
  std::string path_;
  int error_code_;
};

/// The caller broke a documented precondition (keys out of order, an empty range, ...).
class InvalidArgumentError : public Error {
 public:
  using Error::Error;
};

/// An exercise stub that the learner has not filled in yet.
class NotImplementedError : public Error {
 public:
  /// \param function the stubbed function, e.g. "MemTable::Put"
  /// \param hint     where in the book the task is explained
  NotImplementedError(std::string_view function, std::string_view hint);
};

}  // namespace lsm
