// The tree's directory: opening it, numbering new tables, and installing flushed and compacted
// tables through the manifest. Shared by the exercise and the solution.

#include <algorithm>
#include <filesystem>

#include "chapters/03-naive-merge/lsm_tree.h"
#include "common/errors.h"

namespace lsm {

LsmTree::LsmTree(std::string directory, LsmOptions options, Manifest manifest)
    : directory_(std::move(directory)),
      options_(std::move(options)),
      fs_(options_.file_system != nullptr ? options_.file_system : &FileSystem::Posix()),
      manifest_(std::move(manifest)),
      memtable_(std::make_unique<MemTable>(options_.memtable_budget_bytes)) {}

LsmTree::~LsmTree() = default;

std::unique_ptr<LsmTree> LsmTree::Open(const std::string& directory, LsmOptions options) {
  FileSystem& fs = options.file_system != nullptr ? *options.file_system : FileSystem::Posix();
  Manifest manifest = Manifest::OpenOrCreate(fs, directory);
  if (manifest.log_state() != LogState{} && !options.opened_with_logs) {
    throw InvalidArgumentError(
        "'" + directory + "' is a database with a write-ahead log (manifest version " +
        std::to_string(manifest.version()) + "): open it with lsm::Db, which replays its logs");
  }
  manifest.RemoveLeftovers();
  std::unique_ptr<LsmTree> tree(new LsmTree(directory, std::move(options), std::move(manifest)));
  for (std::uint64_t number : tree->manifest_.tables()) {  // oldest first
    tree->tables_.insert(tree->tables_.begin(),
                         SSTableReader::Open(tree->manifest_.TablePath(number), fs,
                                             tree->options_.table_options.filter_policy.get()));
    tree->table_numbers_.insert(tree->table_numbers_.begin(), number);
  }
  return tree;
}

std::string LsmTree::NewTablePath() { return manifest_.TablePath(manifest_.NewFileNumber()); }

namespace {

std::uint64_t TableNumber(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  return std::stoull(name.substr(0, name.find('.')));
}

}  // namespace

void LsmTree::AddNewestTable(const std::string& path) {
  auto table = SSTableReader::Open(path, *fs_, options_.table_options.filter_policy.get());
  std::vector<std::uint64_t> listed(table_numbers_.rbegin(), table_numbers_.rend());
  listed.push_back(TableNumber(path));
  if (pending_log_state_) {
    manifest_.Commit(listed, *pending_log_state_);  // the table and the log state, at once
    pending_log_state_.reset();
  } else {
    manifest_.Commit(listed);  // from here on the table is part of the tree, on disk
  }
  tables_.insert(tables_.begin(), std::move(table));
  table_numbers_.insert(table_numbers_.begin(), listed.back());
}

void LsmTree::ReplaceAllTables(const std::optional<std::string>& path) {
  std::shared_ptr<const SSTableReader> table;
  std::vector<std::uint64_t> listed;
  if (path) {
    table = SSTableReader::Open(*path, *fs_, options_.table_options.filter_policy.get());
    listed.push_back(TableNumber(*path));
  }
  const std::vector<std::uint64_t> replaced = table_numbers_;
  manifest_.Commit(listed);  // the switch: before it the old tables count, after it the new one
  tables_.clear();
  table_numbers_ = listed;
  if (table) tables_.push_back(std::move(table));
  for (std::uint64_t number : replaced) fs_->RemoveFile(manifest_.TablePath(number));
  if (!replaced.empty()) fs_->SyncDir(directory_);
}

void LsmTree::FlushRecording(const LogState& state) {
  if (memtable_->empty()) {  // nothing to write: the manifest switch alone
    manifest_.Commit(std::vector<std::uint64_t>(table_numbers_.rbegin(), table_numbers_.rend()),
                     state);
    return;
  }
  pending_log_state_ = state;
  try {
    Flush();
  } catch (...) {
    pending_log_state_.reset();
    throw;
  }
  if (pending_log_state_) {  // a Flush that installed no table must not retire the log
    pending_log_state_.reset();
    throw InvalidArgumentError(
        "FlushRecording: Flush() returned without installing a table (AddNewestTable)");
  }
}

TreeStats LsmTree::stats() const {
  TreeStats stats;
  stats.memtable_entries = memtable_->entry_count();
  stats.memtable_bytes = memtable_->memory_bytes();
  for (std::size_t i = 0; i < tables_.size(); ++i) {
    stats.tables.push_back(TableStats{Manifest::TableFileName(table_numbers_[i]),
                                      tables_[i]->entry_count(), tables_[i]->file_size()});
  }
  return stats;
}

}  // namespace lsm
