// lsm-shell [-h|--help] [--sync] [--] DIR: an interactive shell over the current engine
// (current_engine.h) in DIR. Reads commands from the terminal or from a piped script
// (`lsm-shell DIR < script.txt`); type `help` for the commands, which are chapter 3's shell.h.
// Exit status: 0, or 1 if the engine failed or a script's command failed, 2 on a usage error.
//
// What survives: a put or del is in the engine's write-ahead log before the shell prints ok
// (handed to the kernel; with --sync also synced to the disk). So leaving does not flush:
// quit, end of input and a kill leave the same directory behind, and the next open replays its
// log. (Chapter 3's shell had to flush on the way out, and a kill lost its memtable.)

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "chapters/03-naive-merge/shell.h"
#include "chapters/engine/current_engine.h"

namespace {

// The current engine as the shell's target; `sync` is --sync, applied to every write.
class EngineTarget final : public lsm::ShellTarget {
 public:
  EngineTarget(lsm::CurrentEngine& engine, bool sync)
      : engine_(engine), write_options_{.sync = sync} {}

  void Put(std::string_view key, std::string_view value) override {
    engine_.Put(key, value, write_options_);
  }
  void Remove(std::string_view key) override { engine_.Remove(key, write_options_); }
  std::optional<std::string> Get(std::string_view key) override { return engine_.Get(key); }

  std::size_t Scan(const lsm::KeyRange& range,
                   const std::function<void(std::string_view, std::string_view)>& visit) override {
    // Streaming: one entry at a time, however large the range. Nothing writes while it runs.
    const auto iterator = engine_.NewIterator(range);
    std::size_t count = 0;
    for (iterator->SeekToFirst(); iterator->Valid(); iterator->Next()) {
      visit(iterator->key(), iterator->value());
      ++count;
    }
    return count;
  }

  void Flush() override { engine_.Flush(); }
  void Compact() override { engine_.Compact(); }
  lsm::TreeStats tree_stats() override { return engine_.stats().tree; }

  void PrintStats(std::ostream& out) override {
    const lsm::DbStats stats = engine_.stats();
    lsm::PrintTreeStats(stats.tree, out);
    out << "log: " << stats.log_file << ", " << stats.log_bytes << " bytes, sync "
        << (write_options_.sync ? "on" : "off") << "\n"
        << "last sequence: " << stats.last_sequence << "\n"
        << "manifest: log-number " << stats.manifest.log_number << ", last-sequence "
        << stats.manifest.last_sequence << "\n";
    const lsm::RecoveryReport& recovery = engine_.recovery();
    std::uint64_t dropped = 0;
    for (const auto& [log, stretch] : recovery.dropped) dropped += stretch.bytes;
    out << "recovered at open: " << recovery.logs.size() << " logs, " << recovery.batches
        << " batches, " << recovery.entries << " entries, " << dropped << " bytes dropped\n";
  }

 private:
  lsm::CurrentEngine& engine_;
  lsm::WriteOptions write_options_;
};

// Writes `label` and `text`, wrapped at word boundaries to lines of at most 92 columns (a
// longer word gets a line of its own), the lines after the first indented under the text.
void PrintWrapped(std::ostream& out, std::string_view label, std::string_view text) {
  constexpr std::size_t kWidth = 92;
  const std::string indent(label.size(), ' ');
  out << label;
  std::size_t column = label.size();
  bool first_word = true;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (word.empty()) continue;
    if (!first_word && column + 1 + word.size() > kWidth) {
      out << "\n" << indent;
      column = indent.size();
    } else if (!first_word) {
      out << ' ';
      ++column;
    }
    out << word;
    column += word.size();
    first_word = false;
  }
  out << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  return lsm::ShellMain(argc, argv, [](const lsm::ShellArgs& args) {
    const auto engine = lsm::OpenCurrentEngine(args.directory);
    EngineTarget target(*engine, args.sync);
    const bool interactive = lsm::ShellIsInteractive();
    if (interactive) {
      std::cout << "lsm-shell on " << args.directory << " -- type help\n";
      PrintWrapped(std::cout, "engine: ", lsm::kCurrentEngineDescription);
      std::cout << (args.sync ? "writes: in the log and synced to the disk before ok (--sync)\n"
                              : "writes: in the log before ok (--sync also syncs each one)\n");
    }
    const int failures = lsm::RunShell(target, std::cin, std::cout, interactive ? "lsm> " : "");
    // No flush on the way out: the log holds every write, and the engine's destructor closes it.
    return failures > 0 && !interactive ? 1 : 0;
  });
}
