#pragma once

#include <string>

namespace lsm::testing {

/// Where a checking helper was called, for its failure messages: "bad_input_test.cpp:123".
/// Default it in a helper's signature (`Caller caller = {}`) and it records the call site.
///
/// std::source_location would do the same, but clang 14 with libstdc++ 12 (Debian 12's pair,
/// used by the fuzz preset) lacks the builtin it needs; __builtin_FILE and __builtin_LINE work
/// in both compilers.
struct Caller {
  const char* file = __builtin_FILE();
  int line = __builtin_LINE();

  std::string Where() const {
    std::string name = file;
    const auto slash = name.find_last_of('/');
    if (slash != std::string::npos) name.erase(0, slash + 1);
    return name + ":" + std::to_string(line);
  }
};

}  // namespace lsm::testing
