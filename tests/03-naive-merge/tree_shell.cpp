// ch03_tree_shell [-h|--help] [--] DIR: chapter 3's shell over chapter 3's LsmTree, for chapter
// 3's tests of two processes on one tree (lsm-shell itself runs the current engine, a Db with a
// write-ahead log, whose directories a plain tree refuses). Exit status as lsm-shell's.

#include <unistd.h>

#include <iostream>

#include "chapters/03-naive-merge/shell.h"
#include "common/errors.h"

int main(int argc, char** argv) {
  lsm::ShellArgs args;
  try {
    args = lsm::ParseShellArgs(argc, argv);
  } catch (const lsm::InvalidArgumentError& error) {
    std::cerr << "lsm-shell: " << error.what() << "\n" << lsm::ShellUsage();
    return 2;
  }
  if (args.help) {
    std::cout << lsm::ShellHelp();
    return 0;
  }
  try {
    auto tree = lsm::LsmTree::Open(args.directory);
    const bool interactive = ::isatty(STDIN_FILENO) != 0;
    if (interactive) std::cout << "lsm-shell on " << args.directory << " -- type help\n";
    const int failures = lsm::RunShell(*tree, std::cin, std::cout, interactive ? "lsm> " : "");
    // A clean exit keeps what was typed. A kill loses the memtable: no write-ahead log yet.
    tree->Flush();
    return failures > 0 && !interactive ? 1 : 0;
  } catch (const lsm::Error& error) {
    std::cerr << "lsm-shell: " << error.what() << "\n";
    return 1;
  }
}
