// Figures a test run reports about itself (operations model-checked, crash points covered),
// for the book's "How we know it works" page. Each line goes to the file named by the
// environment variable LSM_STATS_FILE, if set; otherwise nowhere.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

namespace lsm::testing {

inline void RecordStat(const std::string& line) {
  const char* path = std::getenv("LSM_STATS_FILE");
  if (path != nullptr && *path != '\0') std::ofstream(path, std::ios::app) << line << "\n";
}

}  // namespace lsm::testing
