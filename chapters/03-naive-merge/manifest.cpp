// The manifest: which tables make up the tree, switched atomically. Shared by both tracks.

#include "chapters/03-naive-merge/manifest.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <limits>
#include <optional>
#include <string_view>

#include "common/crc32c.h"
#include "common/errors.h"
#include "common/file_names.h"

namespace lsm {
namespace {

constexpr std::string_view kHeader = "lsm-tutorial manifest 1";
constexpr std::string_view kHeaderV2 = "lsm-tutorial manifest 2";  // with a LogState
constexpr std::string_view kTableSuffix = ".sst";
constexpr std::string_view kTempSuffix = ".tmp";
constexpr std::uint64_t kMaxManifestBytes = 64 << 20;

std::string Join(const std::string& directory, std::string_view name) {
  return directory + "/" + std::string(name);
}

// "000042.sst" -> 42; nullopt for any other name.
std::optional<std::uint64_t> ParseTableFileName(std::string_view name) {
  return ParseNumberedFileName(name, kTableSuffix);
}

// True for the temporary files this project writes: "MANIFEST.tmp", "000042.sst.tmp" and a
// writer's spilled index "000042.sst.index.tmp".
bool IsOurTempFile(std::string_view name) {
  if (!name.ends_with(kTempSuffix)) return false;
  std::string_view base = name.substr(0, name.size() - kTempSuffix.size());
  if (base.ends_with(".index")) base.remove_suffix(6);
  return base == Manifest::kFileName || ParseTableFileName(base).has_value();
}

std::string Encode(std::uint64_t next_file, const std::vector<std::uint64_t>& tables,
                   const LogState& state, int version) {
  std::string text(version == 1 ? kHeader : kHeaderV2);
  text += "\nnext-file " + std::to_string(next_file) + "\n";
  if (version == 2) {
    text += "log-number " + std::to_string(state.log_number) + "\n";
    text += "last-sequence " + std::to_string(state.last_sequence) + "\n";
  }
  for (std::uint64_t number : tables) text += "table " + Manifest::TableFileName(number) + "\n";
  char checksum[32];
  std::snprintf(checksum, sizeof checksum, "crc32c %08x\n", Crc32c(text));
  return text + checksum;
}

// The tree's lock, or nullptr when the directory cannot be written by this process (read-only
// and without a LOCK file yet): such an open cannot change anything, so it needs no lock.
std::unique_ptr<FileLock> LockDirectory(FileSystem& fs, const std::string& directory) {
  const std::string path = Join(directory, Manifest::kLockFileName);
  try {
    return fs.LockFile(path);
  } catch (const IoError& error) {
    const bool read_only = error.error_code() == EROFS || error.error_code() == EACCES;
    if (read_only && !fs.Exists(path)) return nullptr;
    throw;
  }
}

}  // namespace

std::string Manifest::TableFileName(std::uint64_t number) {
  return NumberedFileName(number, kTableSuffix);
}

std::uint64_t Manifest::NewFileNumber() {
  if (next_file_ == std::numeric_limits<std::uint64_t>::max()) {
    throw CorruptionError(
        Join(directory_, kFileName), kHeader.size() + 1,
        "manifest: next-file " + std::to_string(next_file_) + " leaves no file number to hand out");
  }
  return next_file_++;
}

std::string Manifest::TablePath(std::uint64_t number) const {
  return Join(directory_, TableFileName(number));
}

Manifest Manifest::OpenOrCreate(FileSystem& fs, const std::string& directory) {
  fs.CreateDir(directory);
  Manifest manifest(fs, directory);
  const std::string path = Join(directory, kFileName);
  if (!fs.Exists(path)) {
    for (const std::string& name : fs.ListDir(directory)) {
      if (!IsOurTempFile(name) && name != kLockFileName) {
        std::string message = "'" + directory;
        message.append("' holds '").append(name);
        message.append("' but no MANIFEST: it is not an lsm-tutorial tree directory");
        throw InvalidArgumentError(message);
      }
    }
  }
  // Only now, with the directory known to be ours, is anything written to it.
  manifest.lock_ = LockDirectory(fs, directory);
  if (!fs.Exists(path)) {  // checked again under the lock: another process may have created it
    manifest.Commit({});   // a new tree
    return manifest;
  }

  const auto file = fs.NewRandomAccessFile(path);
  if (file->size() > kMaxManifestBytes) {
    throw CorruptionError(path, 0, "manifest of " + std::to_string(file->size()) + " bytes");
  }
  std::string text(file->size(), '\0');
  static_cast<void>(file->Read(0, text.size(), text.data()));

  // Parse line by line; `offset` is where the current line starts, for error messages.
  std::size_t offset = 0;
  auto next_line = [&]() -> std::optional<std::string_view> {
    const std::size_t newline = text.find('\n', offset);
    if (newline == std::string::npos) return std::nullopt;
    const std::string_view line(text.data() + offset, newline - offset);
    offset = newline + 1;
    return line;
  };
  auto fail = [&](std::size_t at, const std::string& why) -> void {
    throw CorruptionError(path, at, "manifest: " + why);
  };

  // "NAME N" at the next line, N a decimal u64.
  auto number_line = [&](std::string_view name) {
    const std::size_t at = offset;
    const auto line = next_line();
    const std::string prefix = std::string(name) + " ";
    if (!line || !line->starts_with(prefix)) fail(at, "expected '" + prefix + "N'");
    const std::string_view digits = line->substr(prefix.size());
    std::uint64_t number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || end != digits.data() + digits.size())
      fail(at, "bad " + std::string(name));
    return number;
  };

  std::size_t at = offset;
  auto line = next_line();
  if (!line || (*line != kHeader && *line != kHeaderV2)) fail(at, "bad header line");
  manifest.version_ = *line == kHeader ? 1 : 2;
  manifest.next_file_ = number_line("next-file");
  if (manifest.version_ == 2) {
    at = offset;
    manifest.log_state_.log_number = number_line("log-number");
    if (manifest.log_state_.log_number >= manifest.next_file_) fail(at, "bad log-number");
    manifest.log_state_.last_sequence = number_line("last-sequence");
  }
  while (true) {
    at = offset;
    line = next_line();
    if (!line) fail(at, "missing checksum line");
    if (line->starts_with("crc32c ")) break;
    if (!line->starts_with("table ")) fail(at, "expected 'table NAME' or 'crc32c X'");
    const auto number = ParseTableFileName(line->substr(6));
    if (!number || *number >= manifest.next_file_) fail(at, "bad table name");
    if (!manifest.tables_.empty() && *number <= manifest.tables_.back()) {
      fail(at, "tables out of order");
    }
    manifest.tables_.push_back(*number);
  }
  char expected[16];
  std::snprintf(expected, sizeof expected, "%08x", Crc32c(std::string_view(text).substr(0, at)));
  if (line->substr(7) != expected) fail(at, "checksum mismatch");
  if (offset != text.size()) fail(offset, "data after the checksum line");
  return manifest;
}

void Manifest::Commit(std::vector<std::uint64_t> tables) { Commit(std::move(tables), log_state_); }

void Manifest::Commit(std::vector<std::uint64_t> tables, const LogState& state) {
  if (state.log_number >= next_file_ || state.log_number < log_state_.log_number ||
      state.last_sequence < log_state_.last_sequence) {
    throw InvalidArgumentError("manifest: log state {log " + std::to_string(state.log_number) +
                               ", sequence " + std::to_string(state.last_sequence) +
                               "} after {log " + std::to_string(log_state_.log_number) +
                               ", sequence " + std::to_string(log_state_.last_sequence) +
                               "}, next file " + std::to_string(next_file_));
  }
  const int version = version_ == 2 || state != LogState{} ? 2 : 1;
  const std::string path = Join(directory_, kFileName);
  const std::string temp = path + std::string(kTempSuffix);
  {
    auto file = fs_->NewWritableFile(temp);
    file->Append(Encode(next_file_, tables, state, version));
    file->Sync();
    file->Close();
  }
  fs_->Rename(temp, path);
  fs_->SyncDir(directory_);
  tables_ = std::move(tables);
  log_state_ = state;
  version_ = version;
}

void Manifest::MarkFileNumberUsed(std::uint64_t number) {
  if (number == std::numeric_limits<std::uint64_t>::max()) {
    throw CorruptionError(Join(directory_, kFileName), 0,
                          "file number " + std::to_string(number) + " leaves none to hand out");
  }
  next_file_ = std::max(next_file_, number + 1);
}

std::vector<std::string> Manifest::RemoveLeftovers() {
  std::vector<std::string> removed;
  for (const std::string& name : fs_->ListDir(directory_)) {
    const auto number = ParseTableFileName(name);
    const bool unlisted_table =
        number && std::find(tables_.begin(), tables_.end(), *number) == tables_.end();
    if (unlisted_table || IsOurTempFile(name)) {
      fs_->RemoveFile(Join(directory_, name));
      removed.push_back(name);
    }
  }
  if (!removed.empty()) fs_->SyncDir(directory_);
  return removed;
}

}  // namespace lsm
