// Shared by the fuzz targets and make_corpus: writing files, the tree target's input format, and
// the checksum repair that lets mutated inputs reach the parsers behind the checksums.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chapters/02-sstable/format.h"
#include "common/coding.h"
#include "common/crc32c.h"
#include "tests/support/checksum_repair.h"

namespace lsm::fuzz {

/// Reports a broken expectation (a wrong read, not a typed error) and aborts, so that libFuzzer
/// saves the input as a crash.
[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "\n*** fuzz: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

/// Fails with `what` unless `condition` holds.
inline void Require(bool condition, const std::string& what) {
  if (!condition) Fail(what);
}

/// Writes `bytes` to `path`, replacing it. A failure here is the machine's, not the code's
/// under test: it aborts.
inline void WriteFile(const std::string& path, std::string_view bytes) {
  // A new file, not a truncated one: ext4 flushes a file rewritten after truncation on close.
  std::remove(path.c_str());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) Fail("cannot write " + path);
}

// ---------------------------------------------------------------------------------------------
// The input format of fuzz_tree_open: a tree directory as one byte string.
//
//   <contents of MANIFEST>
//   "\n@@file " <name> "\n" <contents of the file>     repeated for every other file
//
// The MANIFEST part may be empty: then the directory has no MANIFEST file. A name is 1 to 64
// characters of [A-Za-z0-9._-] (not "." or ".."); a part with any other name is skipped. A later
// part with the same name replaces an earlier one. The separator must not occur inside a file:
// make_corpus checks that its seeds never contain it, and for mutated inputs the split is simply
// whatever the bytes say.
// ---------------------------------------------------------------------------------------------

/// Starts every file after the MANIFEST in a tree input.
inline constexpr std::string_view kFileSeparator = "\n@@file ";

/// One file of a tree directory: name and contents.
using NamedFile = std::pair<std::string, std::string>;

/// True for names a tree input may create.
inline bool IsAllowedFileName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name == "." || name == "..") return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

/// Splits a tree input into the files of the directory (MANIFEST first if present).
inline std::vector<NamedFile> DecodeTreeInput(std::string_view input) {
  std::vector<NamedFile> files;
  auto add = [&files](std::string name, std::string_view contents) {
    for (NamedFile& file : files) {
      if (file.first == name) {
        file.second = std::string(contents);
        return;
      }
    }
    files.emplace_back(std::move(name), std::string(contents));
  };
  std::size_t end = input.find(kFileSeparator);
  const std::string_view manifest = input.substr(0, end);  // npos: the whole input
  if (!manifest.empty()) add("MANIFEST", manifest);
  while (end != std::string_view::npos) {
    const std::size_t name_begin = end + kFileSeparator.size();
    const std::size_t name_end = input.find('\n', name_begin);
    if (name_end == std::string_view::npos) break;  // a name without contents: ignored
    const std::size_t contents_begin = name_end + 1;
    end = input.find(kFileSeparator, contents_begin);
    const std::string_view name = input.substr(name_begin, name_end - name_begin);
    const std::string_view contents =
        input.substr(contents_begin, end == std::string_view::npos ? end : end - contents_begin);
    if (IsAllowedFileName(name)) add(std::string(name), contents);
  }
  return files;
}

/// The inverse of DecodeTreeInput() for files whose contents hold no separator (and a MANIFEST
/// that is not empty, if present). Aborts if a file holds the separator.
inline std::string EncodeTreeInput(const std::vector<NamedFile>& files) {
  std::string out;
  for (const auto& [name, contents] : files) {
    if (name == "MANIFEST") out.insert(0, contents);
  }
  for (const auto& [name, contents] : files) {
    Require(contents.find(kFileSeparator) == std::string::npos,
            name + " holds the tree input's file separator");
    if (name == "MANIFEST") continue;
    out.append(kFileSeparator).append(name).append("\n").append(contents);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checksum repair. A random mutation almost always breaks a CRC-32C, and the reader then stops at
// the checksum check, so the decoding behind it would hardly be fuzzed. Each target therefore
// runs every input twice: as given, and with every checksum it can locate recomputed (when that
// changes anything). The repair trusts nothing: it only ever writes inside the input.
// ---------------------------------------------------------------------------------------------

using testing::RepairLogChecksums;
using testing::RepairManifestChecksum;
using testing::RepairTableChecksums;

/// Every file of a tree directory with its checksums repaired: the MANIFEST's, and every
/// ".sst" file's (RepairTableChecksums).
inline std::vector<NamedFile> RepairTreeChecksums(std::vector<NamedFile> files) {
  for (auto& [name, contents] : files) {
    if (name == "MANIFEST") {
      contents = RepairManifestChecksum(contents);
    } else if (name.ends_with(".sst")) {
      contents = RepairTableChecksums(std::move(contents));
    } else if (name.ends_with(".log")) {
      contents = RepairLogChecksums(std::move(contents));
    }
  }
  return files;
}

}  // namespace lsm::fuzz
