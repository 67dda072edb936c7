// ch03_tree_shell [-h|--help] [--] DIR: chapter 3's shell over chapter 3's LsmTree, for chapter
// 3's tests of two processes on one tree (lsm-shell itself runs the current engine, a Db with a
// write-ahead log, whose directories a plain tree refuses). Exit status as lsm-shell's.

#include <iostream>

#include "chapters/03-naive-merge/shell.h"

int main(int argc, char** argv) {
  return lsm::ShellMain(argc, argv, [](const lsm::ShellArgs& args) {
    auto tree = lsm::LsmTree::Open(args.directory);
    const bool interactive = lsm::ShellIsInteractive();
    if (interactive) std::cout << "lsm-shell on " << args.directory << " -- type help\n";
    const int failures = lsm::RunShell(*tree, std::cin, std::cout, interactive ? "lsm> " : "");
    // A clean exit keeps what was typed. A kill loses the memtable: no write-ahead log here.
    tree->Flush();
    return failures > 0 && !interactive ? 1 : 0;
  });
}
