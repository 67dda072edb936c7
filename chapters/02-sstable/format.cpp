// The SSTable format, versions 1 and 2: encoding, and every check a reader makes before it trusts a
// byte. Shared by the exercise and the solution.

#include "chapters/02-sstable/format.h"

#include <limits>

#include "chapters/02-sstable/sparse_index.h"
#include "common/buffered_reader.h"
#include "common/coding.h"
#include "common/crc32c.h"
#include "common/errors.h"

namespace lsm::sst {
namespace {

constexpr std::uint64_t kMaxFieldSize = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kFooterFilterFields = kFilterFooterSize - kFooterSize;  // v2's 12 bytes
// From the end of the file, in both versions: version u32 | footer_crc u32 | magic u64.
constexpr std::size_t kVersionFromEnd = 16;
constexpr std::size_t kCrcFromEnd = 12;
constexpr std::size_t kMagicFromEnd = 8;

void CheckFieldSize(std::string_view what, std::size_t size) {
  if (size > kMaxFieldSize) {
    throw InvalidArgumentError(std::string(what) + " of " + std::to_string(size) +
                               " bytes: the format allows at most 4 GiB - 1");
  }
}

}  // namespace

void EncodeEntry(std::string& out, std::string_view key, std::string_view value, bool tombstone) {
  CheckFieldSize("key", key.size());
  CheckFieldSize("value", value.size());
  out.push_back(static_cast<char>(tombstone ? kTombstoneFlag : 0));
  PutFixed32(out, static_cast<std::uint32_t>(key.size()));
  PutFixed32(out, static_cast<std::uint32_t>(value.size()));
  out.append(key);
  out.append(value);
}

void EncodeIndexEntry(std::string& out, std::string_view first_key, std::uint64_t group_offset) {
  CheckFieldSize("key", first_key.size());
  PutFixed32(out, static_cast<std::uint32_t>(first_key.size()));
  out.append(first_key);
  PutFixed64(out, group_offset);
}

std::string EncodeFooter(const Footer& footer) {
  std::string out;
  if (footer.filter_size > 0) {
    PutFixed64(out, footer.filter_size);
    PutFixed32(out, footer.filter_crc);
  }
  PutFixed64(out, footer.index_offset);
  PutFixed64(out, footer.index_size);
  PutFixed64(out, footer.entry_count);
  PutFixed32(out, footer.index_interval);
  PutFixed32(out, footer.index_crc);
  PutFixed32(out, footer.version());
  PutFixed32(out, Crc32c(out));  // covers every footer byte before it
  PutFixed64(out, kMagic);
  return out;
}

Footer DecodeFooter(std::string_view tail, const std::string& file, std::uint64_t file_size) {
  if (tail.size() < kFooterSize || tail.size() > file_size) {
    throw CorruptionError(file, 0,
                          "footer: expected at least " + std::to_string(kFooterSize) + " bytes");
  }
  const char* end = tail.data() + tail.size();
  std::uint64_t at = file_size - kFooterSize;
  auto fail = [&](const std::string& why) { throw CorruptionError(file, at, "footer: " + why); };
  if (DecodeFixed64(end - kMagicFromEnd) != kMagic) {
    fail("bad magic number (not an SSTable, or truncated)");
  }
  const std::uint32_t version = DecodeFixed32(end - kVersionFromEnd);
  std::size_t footer_size = kFooterSize;
  if (version == kFilterFormatVersion) {
    footer_size = kFilterFooterSize;
  } else if (version != kFormatVersion) {
    fail("unsupported format version " + std::to_string(version));
  }
  if (tail.size() < footer_size) fail("file too short for a version 2 footer");
  at = file_size - footer_size;
  const std::string_view bytes(end - footer_size, footer_size);
  if (DecodeFixed32(end - kCrcFromEnd) != Crc32c(bytes.substr(0, footer_size - kCrcFromEnd))) {
    fail("bad checksum");
  }

  Footer footer;
  const char* p = bytes.data();
  if (version == kFilterFormatVersion) {
    footer.filter_size = DecodeFixed64(p);
    footer.filter_crc = DecodeFixed32(p + 8);
    p += kFooterFilterFields;
    if (footer.filter_size == 0) fail("version 2 without a filter block");
  }
  footer.index_offset = DecodeFixed64(p);
  footer.index_size = DecodeFixed64(p + 8);
  footer.entry_count = DecodeFixed64(p + 16);
  footer.index_interval = DecodeFixed32(p + 24);
  footer.index_crc = DecodeFixed32(p + 28);
  if (footer.index_interval == 0) fail("index interval is 0");
  if (footer.entry_count > footer.index_offset / kEntryHeaderSize) {
    fail(std::to_string(footer.entry_count) + " entries cannot fit in " +
         std::to_string(footer.index_offset) + " bytes of data");
  }
  if (footer.entry_count == 0 && footer.index_offset != 0) fail("data but no entries");
  if (footer.index_offset > at || footer.index_size > at - footer.index_offset ||
      footer.filter_size != at - footer.index_offset - footer.index_size) {
    fail("index [" + std::to_string(footer.index_offset) + ", +" +
         std::to_string(footer.index_size) + ") and filter (" + std::to_string(footer.filter_size) +
         " bytes) do not end where the footer starts");
  }
  return footer;
}

Footer ReadFooter(const RandomAccessFile& file) {
  if (file.size() < kFooterSize) {
    throw CorruptionError(file.path(), 0,
                          "file of " + std::to_string(file.size()) + " bytes is too short for a " +
                              std::to_string(kFooterSize) + "-byte footer");
  }
  const std::size_t tail = file.size() < kFilterFooterSize ? file.size() : kFilterFooterSize;
  char scratch[kFilterFooterSize];
  return DecodeFooter(file.Read(file.size() - tail, tail, scratch), file.path(), file.size());
}

Group DecodeGroup(std::vector<char> bytes, std::uint64_t offset, std::uint64_t expected_entries,
                  const std::string& file) {
  if (bytes.size() < kChecksumSize) {
    throw CorruptionError(file, offset, "group of " + std::to_string(bytes.size()) + " bytes");
  }
  const std::size_t data_size = bytes.size() - kChecksumSize;
  const std::string_view data(bytes.data(), data_size);
  if (DecodeFixed32(bytes.data() + data_size) != Crc32c(data)) {
    throw CorruptionError(file, offset, "group checksum mismatch");
  }

  Group group;
  group.offset = offset;
  group.bytes = std::move(bytes);
  group.bytes.resize(data_size);
  if (expected_entries > data_size / kEntryHeaderSize) {
    throw CorruptionError(file, offset,
                          "group of " + std::to_string(data_size) + " bytes cannot hold " +
                              std::to_string(expected_entries) + " entries");
  }
  group.entries.reserve(expected_entries);
  const std::string_view view(group.bytes.data(), group.bytes.size());
  std::size_t pos = 0;
  while (pos < view.size()) {
    auto fail = [&](const std::string& why) { throw CorruptionError(file, offset + pos, why); };
    if (view.size() - pos < kEntryHeaderSize) fail("truncated entry header");
    const auto flags = static_cast<std::uint8_t>(view[pos]);
    const std::uint64_t key_size = DecodeFixed32(view.data() + pos + 1);
    const std::uint64_t value_size = DecodeFixed32(view.data() + pos + 5);
    if ((flags & ~kTombstoneFlag) != 0) fail("unknown entry flags " + std::to_string(flags));
    if (key_size + value_size > view.size() - pos - kEntryHeaderSize) fail("entry overruns group");
    EntryView entry;
    entry.tombstone = (flags & kTombstoneFlag) != 0;
    entry.key = view.substr(pos + kEntryHeaderSize, key_size);
    entry.value = view.substr(pos + kEntryHeaderSize + key_size, value_size);
    if (!group.entries.empty() && !(group.entries.back().key < entry.key)) {
      fail("keys out of order");
    }
    if (entry.tombstone && !entry.value.empty()) fail("tombstone with a value");
    group.entries.push_back(entry);
    pos += kEntryHeaderSize + key_size + value_size;
  }
  if (group.entries.size() != expected_entries) {
    throw CorruptionError(file, offset,
                          "group holds " + std::to_string(group.entries.size()) +
                              " entries, expected " + std::to_string(expected_entries));
  }
  return group;
}

Group ReadGroup(const RandomAccessFile& file, std::uint64_t begin, std::uint64_t end,
                std::uint64_t expected_entries) {
  std::vector<char> bytes(end - begin);
  static_cast<void>(file.Read(begin, bytes.size(), bytes.data()));
  return DecodeGroup(std::move(bytes), begin, expected_entries, file.path());
}

}  // namespace lsm::sst

namespace lsm {

SparseIndex SparseIndex::Read(const RandomAccessFile& file, const sst::Footer& footer) {
  constexpr std::size_t kIndexRecordOverhead = 4 + 8;  // key size + group offset
  constexpr std::size_t kChunkBytes = std::size_t{64} * 1024;
  const std::uint64_t groups = sst::GroupCount(footer.entry_count, footer.index_interval);
  const std::uint64_t end = footer.index_offset + footer.index_size;
  if (groups > footer.index_size / kIndexRecordOverhead + 1) {
    throw CorruptionError(file.path(), footer.index_offset,
                          "index: " + std::to_string(footer.index_size) + " bytes cannot hold " +
                              std::to_string(groups) + " groups");
  }

  SparseIndex index;
  index.data_end_ = footer.index_offset;
  index.offsets_.reserve(groups);
  index.key_ends_.reserve(groups);
  if (footer.index_size >= groups * kIndexRecordOverhead) {
    index.key_bytes_.reserve(footer.index_size - groups * kIndexRecordOverhead);  // exactly
  }
  BufferedReader reader(file, footer.index_offset, end, kChunkBytes);
  std::uint32_t crc = 0;
  while (!reader.AtEnd()) {
    const std::uint64_t at = reader.offset();
    auto fail = [&](const std::string& why) {
      throw CorruptionError(file.path(), at, "index: " + why);
    };
    if (end - at < kIndexRecordOverhead) fail("truncated record");
    const std::string_view size_bytes = reader.Read(4);
    crc = Crc32c(size_bytes, crc);
    const std::uint64_t key_size = DecodeFixed32(size_bytes.data());
    if (key_size > end - reader.offset() - 8) fail("record overruns the index");
    const std::string_view rest = reader.Read(key_size + 8);
    crc = Crc32c(rest, crc);
    const std::string_view key = rest.substr(0, key_size);
    const std::uint64_t offset = DecodeFixed64(rest.data() + key_size);
    if (index.offsets_.empty() ? offset != 0 : offset <= index.offsets_.back()) {
      fail("group offset " + std::to_string(offset) + " out of order");
    }
    if (offset >= index.data_end_) fail("group offset past the end of the data");
    if (!index.offsets_.empty() && !(index.first_key(index.size() - 1) < key)) {
      fail("first keys out of order");
    }
    if (index.size() == groups) fail("more records than the footer's entries need");
    index.key_bytes_.append(key);
    index.key_ends_.push_back(index.key_bytes_.size());
    index.offsets_.push_back(offset);
  }
  if (crc != footer.index_crc) {
    throw CorruptionError(file.path(), footer.index_offset, "index checksum mismatch");
  }
  if (index.size() != groups) {
    throw CorruptionError(file.path(), footer.index_offset,
                          "index has " + std::to_string(index.size()) + " groups, the footer's " +
                              std::to_string(footer.entry_count) + " entries need " +
                              std::to_string(groups));
  }
  if (groups == 0 && footer.index_offset != 0) {
    throw CorruptionError(file.path(), 0, "data without index entries");
  }
  return index;
}

sst::Group SparseIndex::ReadGroup(const RandomAccessFile& file, const sst::Footer& footer,
                                  std::size_t group) const {
  sst::Group read =
      sst::ReadGroup(file, group_begin(group), group_end(group),
                     sst::EntriesInGroup(group, footer.entry_count, footer.index_interval));
  if (read.entries.front().key != first_key(group)) {
    throw CorruptionError(file.path(), read.offset, "group's first key differs from the index");
  }
  if (group + 1 < size() && !(read.entries.back().key < first_key(group + 1))) {
    throw CorruptionError(file.path(), read.offset,
                          "group's last key is not before the next group");
  }
  return read;
}

}  // namespace lsm
