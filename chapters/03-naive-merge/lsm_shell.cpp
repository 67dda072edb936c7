// lsm-shell DIR: an interactive shell over the tree in DIR. Reads commands from the terminal
// or from a piped script (`lsm-shell DIR < script.txt`); type `help` for the commands.
// With a script, the exit status is 1 if any command failed.

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "chapters/03-naive-merge/shell.h"
#include "common/errors.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: lsm-shell DIR   (then type help)\n");
    return 2;
  }
  try {
    auto tree = lsm::LsmTree::Open(argv[1]);
    const bool interactive = ::isatty(STDIN_FILENO) != 0;
    if (interactive) std::cout << "lsm-shell on " << argv[1] << " -- type help\n";
    const int failures = lsm::RunShell(*tree, std::cin, std::cout, interactive ? "lsm> " : "");
    tree->Flush();  // durability here is "flushed": keep what was typed
    return failures > 0 && !interactive ? 1 : 0;
  } catch (const lsm::Error& error) {
    std::fprintf(stderr, "lsm-shell: %s\n", error.what());
    return 1;
  }
}
