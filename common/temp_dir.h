/// \file
/// A scratch directory that deletes itself, for tests, demos and benchmarks.
#pragma once

#include <filesystem>
#include <string_view>

namespace lsm {

/// Creates a fresh, empty directory under the system's temporary directory (or `$TMPDIR`) and
/// removes it with everything in it when destroyed.
class TempDir {
 public:
  /// \param prefix start of the directory's name, to tell whose it is
  /// \throws IoError if the directory cannot be created
  explicit TempDir(std::string_view prefix = "lsm-tutorial");
  ~TempDir();

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Where the directory is.
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  /// `path() / name`.
  [[nodiscard]] std::filesystem::path operator/(std::string_view name) const {
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace lsm
