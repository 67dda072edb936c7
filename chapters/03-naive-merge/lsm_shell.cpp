// lsm-shell [-h|--help] [--] DIR: an interactive shell over the tree in DIR. Reads commands from
// the terminal or from a piped script (`lsm-shell DIR < script.txt`); type `help` for the
// commands. Exit status: 0, or 1 if the tree failed or a script's command failed, 2 on a usage
// error.

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
