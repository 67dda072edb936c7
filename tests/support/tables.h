// Writing a model out as an SSTable and opening it, every call inside an assertion: a writer or
// reader that throws (a stub, a bug) is reported with the call, the table and the entry, e.g.
//
//     REQUIRE_NOTHROW( writer.Add(key, value.value_or(""), !value.has_value()) )
//     due to unexpected exception with messages:
//       writing .../table.sst: Add("k00", "v0"), entry 0 of 37
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>

#include "chapters/02-sstable/filter_policy.h"
#include "chapters/02-sstable/sstable_reader.h"
#include "chapters/02-sstable/sstable_writer.h"
#include "common/file_system.h"
#include "tests/support/model.h"
#include "tests/support/printing.h"

namespace lsm::testing {

/// Writes `model` (key order; nullopt: a tombstone) as a finished SSTable at `path`.
inline void WriteModel(const std::string& path, const Model& model,
                       const SSTableOptions& options = {}) {
  INFO("writing " << path);
  std::optional<SSTableWriter> writer;
  REQUIRE_NOTHROW(writer.emplace(path, options));
  std::size_t entry = 0;
  for (const auto& [key, value] : model) {
    INFO((value ? "Add(" + ShowBytes(key) + ", " + ShowBytes(*value) + ")"
                : "Add(" + ShowBytes(key) + ", \"\", /*tombstone=*/true)")
         << ", entry " << entry++ << " of " << model.size());
    REQUIRE_NOTHROW(writer->Add(key, value.value_or(""), !value.has_value()));
  }
  REQUIRE_NOTHROW(writer->Finish());
}

/// SSTableReader::Open(path, file_system, filter_policy).
inline std::unique_ptr<SSTableReader> OpenTable(const std::string& path,
                                                FileSystem& file_system = FileSystem::Posix(),
                                                const FilterPolicy* filter_policy = nullptr) {
  INFO("opening " << path);
  std::unique_ptr<SSTableReader> table;
  REQUIRE_NOTHROW(table = SSTableReader::Open(path, file_system, filter_policy));
  return table;
}

}  // namespace lsm::testing
