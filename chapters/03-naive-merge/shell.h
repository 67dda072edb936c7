/// \file
/// Chapter 3: the interactive shell over a tree (`lsm-shell DIR`).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/03-naive-merge/lsm_tree.h"

namespace lsm {

/// Splits a command line into words. Words are separated by spaces; a word in double quotes may
/// hold spaces and the escapes \\\\, \\", \\n, \\t and \\xNN (any byte).
/// \throws InvalidArgumentError on an unterminated quote or a bad escape.
[[nodiscard]] std::vector<std::string> SplitCommandLine(std::string_view line);

/// Reads commands from `in` until it ends or `quit`, runs each on `tree`, and writes results
/// and errors to `out`. A bad command gets a one-line message and the shell goes on. Returns
/// the number of commands that failed. `prompt` is printed before each command (pass "" when
/// the input is not a terminal).
int RunShell(LsmTree& tree, std::istream& in, std::ostream& out, std::string_view prompt);

}  // namespace lsm
