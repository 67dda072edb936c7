// Checksum repair: recomputes the checksums of a table or manifest after a test or a fuzzer has
// changed its bytes, so that the checks behind the checksums see a file that lies consistently.
// Used by the fuzz targets (tests/fuzz/) and by tests that forge files on purpose.
// RepairLogChecksums does the same for a write-ahead log (chapter 7).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/02-sstable/format.h"
#include "chapters/07-write-ahead-log/log_format.h"
#include "common/coding.h"
#include "common/crc32c.h"
#include "tests/support/files.h"

namespace lsm::testing {

/// Stores `value` little-endian at `p`.
inline void SetFixed32(char* p, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(value >> (8 * i));
}

/// `table` (an SSTable's bytes, chapters/02-sstable/format.h, either version) with the footer
/// checksum, and, if the footer places the index (and filter) right before itself, the filter
/// checksum, the index checksum and the checksum of every group the index records delimit,
/// recomputed. Anything else is left as it is.
inline std::string RepairTableChecksums(std::string table) {
  if (table.size() < sst::kFooterSize) return table;
  const std::size_t at = table.size() - sst::kFooterSize;  // the version 1 part of the footer
  const bool v2 = DecodeFixed32(table.data() + table.size() - 16) == sst::kFilterFormatVersion &&
                  table.size() >= sst::kFilterFooterSize;
  const std::size_t footer_at = v2 ? table.size() - sst::kFilterFooterSize : at;
  const std::uint64_t filter_size = v2 ? DecodeFixed64(table.data() + footer_at) : 0;
  const std::uint64_t index_offset = DecodeFixed64(table.data() + at);
  const std::uint64_t index_size = DecodeFixed64(table.data() + at + 8);
  if (filter_size <= footer_at && index_offset <= footer_at - filter_size &&
      index_size == footer_at - filter_size - index_offset) {
    const std::size_t index_end = footer_at - filter_size;
    std::vector<std::uint64_t> offsets;  // group starts, as the index records give them
    std::size_t pos = index_offset;
    while (index_end - pos >= 12) {
      const std::uint32_t key_size = DecodeFixed32(table.data() + pos);
      if (key_size > index_end - pos - 12) break;
      offsets.push_back(DecodeFixed64(table.data() + pos + 4 + key_size));
      pos += 12 + std::size_t{key_size};
    }
    for (std::size_t i = 0; i < offsets.size(); ++i) {
      const std::uint64_t begin = offsets[i];
      const std::uint64_t end = i + 1 < offsets.size() ? offsets[i + 1] : index_offset;
      if (begin < end && end <= index_offset && end - begin >= sst::kChecksumSize) {
        const std::string_view data(table.data() + begin, end - begin - sst::kChecksumSize);
        SetFixed32(table.data() + end - sst::kChecksumSize, Crc32c(data));
      }
    }
    const std::string_view index(table.data() + index_offset, index_size);
    SetFixed32(table.data() + at + 28, Crc32c(index));
    if (v2) {
      const std::string_view filter(table.data() + index_end, filter_size);
      SetFixed32(table.data() + footer_at + 8, Crc32c(filter));
    }
  }
  const std::size_t covered = table.size() - 12 - footer_at;  // every footer byte before its crc
  SetFixed32(table.data() + table.size() - 12,
             Crc32c(std::string_view(table.data() + footer_at, covered)));
  return table;
}

/// `text` (a MANIFEST, chapters/03-naive-merge/manifest.h) with its first "crc32c" line
/// rewritten to the checksum of everything before it.
inline std::string RepairManifestChecksum(const std::string& text) {
  const std::size_t newline = text.find("\ncrc32c ");
  if (newline == std::string::npos) return text;
  const std::size_t line = newline + 1;
  const std::size_t line_end = text.find('\n', line);
  char checksum[32];
  std::snprintf(checksum, sizeof checksum, "crc32c %08x",
                Crc32c(std::string_view(text).substr(0, line)));
  return text.substr(0, line) + checksum +
         (line_end == std::string::npos ? std::string() : text.substr(line_end));
}

/// Writes `directory`/MANIFEST saying `next_file` and `tables` (oldest first), with a valid
/// checksum whatever the numbers: a manifest that lies consistently.
inline void ForgeManifest(const std::string& directory, std::uint64_t next_file,
                          const std::vector<std::uint64_t>& tables) {
  std::string text = "lsm-tutorial manifest 1\nnext-file " + std::to_string(next_file) + "\n";
  for (std::uint64_t number : tables) {
    char name[32];
    std::snprintf(name, sizeof name, "%06llu.sst", static_cast<unsigned long long>(number));
    text += "table " + std::string(name) + "\n";
  }
  WriteFile(directory + "/MANIFEST", RepairManifestChecksum(text + "crc32c 00000000\n"));
}

/// `log` (a write-ahead log, chapters/07-write-ahead-log/log_format.h) with the checksum of every
/// physical record recomputed whose type is FULL, FIRST, MIDDLE or LAST. The walk goes as a
/// reader does, block by block: a header's length that fits in its block (and the file) moves
/// it past that record, whatever its type; one that does not, or fewer than a header's bytes
/// left, move it to the next block. Anything else is left as it is.
inline std::string RepairLogChecksums(std::string log) {
  using wal::kBlockSize;
  using wal::kHeaderSize;
  std::size_t at = 0;
  while (at < log.size()) {
    const std::size_t block_end = std::min(log.size(), at - at % kBlockSize + kBlockSize);
    if (block_end - at < kHeaderSize) {
      at = block_end;
      continue;
    }
    const std::size_t length =
        static_cast<unsigned char>(log[at + 4]) |
        (static_cast<std::size_t>(static_cast<unsigned char>(log[at + 5])) << 8);
    if (length > block_end - at - kHeaderSize) {
      at = block_end;
      continue;
    }
    const auto type = static_cast<std::uint8_t>(log[at + 6]);
    if (type >= 1 && type <= wal::kMaxRecordType) {
      const std::string_view fragment(log.data() + at + kHeaderSize, length);
      SetFixed32(log.data() + at, wal::RecordCrc(static_cast<wal::RecordType>(type), fragment));
    }
    at += kHeaderSize + length;
  }
  return log;
}

}  // namespace lsm::testing
