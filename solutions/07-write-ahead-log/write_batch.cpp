// Reference solution, chapter 7: encoding and decoding a write batch.

#include "chapters/07-write-ahead-log/write_batch.h"

#include <limits>

#include "common/coding.h"
#include "common/errors.h"

namespace lsm {
namespace {

// Refuses an entry the encoding cannot hold, before anything is appended: a refused entry
// leaves the batch as it was.
void RequireEncodable(std::uint32_t count, std::string_view key, std::string_view value) {
  if (count == std::numeric_limits<std::uint32_t>::max()) {
    throw InvalidArgumentError("WriteBatch: 2^32 - 1 entries is the most a batch can count");
  }
  for (const std::string_view bytes : {key, value}) {
    if (bytes.size() > std::numeric_limits<std::uint32_t>::max()) {
      throw InvalidArgumentError("WriteBatch: a key or value of " + std::to_string(bytes.size()) +
                                 " bytes is longer than a varint32 length can say");
    }
  }
}

void PutLengthPrefixed(std::string& out, std::string_view bytes) {
  PutVarint32(out, static_cast<std::uint32_t>(bytes.size()));
  out.append(bytes);
}

// Reads a varint32 length and that many bytes from the front of `input`; nullopt if either runs
// past its end.
std::optional<std::string_view> GetLengthPrefixed(std::string_view& input) {
  std::string_view rest = input;
  const auto size = GetVarint32(rest);
  if (!size || *size > rest.size()) return std::nullopt;
  input = rest.substr(*size);
  return rest.substr(0, *size);
}

}  // namespace

//! [encode]
void WriteBatch::Put(std::string_view key, std::string_view value) {
  RequireEncodable(count(), key, value);
  rep_.push_back(kPutTag);
  PutLengthPrefixed(rep_, key);
  PutLengthPrefixed(rep_, value);
  SetCount(count() + 1);
}

void WriteBatch::Remove(std::string_view key) {
  RequireEncodable(count(), key, {});
  rep_.push_back(kRemoveTag);
  PutLengthPrefixed(rep_, key);
  SetCount(count() + 1);
}
//! [encode]

//! [decode]
std::vector<BatchEntry> WriteBatch::Entries() const {
  std::vector<BatchEntry> entries;
  std::string_view input = std::string_view(rep_).substr(kHeaderSize);  // the next entry
  auto bad = [&](const std::string& why) {
    return CorruptionError(
        origin_file_, origin_offset_,
        "write batch byte " + std::to_string(rep_.size() - input.size()) + ": " + why);
  };
  while (!input.empty()) {
    if (entries.size() == count()) throw bad("bytes after the last of the header's entries");
    const char tag = input.front();
    if (tag != kPutTag && tag != kRemoveTag) {
      throw bad("unknown entry type " + std::to_string(static_cast<unsigned char>(tag)));
    }
    std::string_view rest = input.substr(1);
    const auto key = GetLengthPrefixed(rest);
    if (!key) throw bad("the key runs past the end of the batch");
    BatchEntry entry{tag == kPutTag, *key, {}};
    if (entry.is_put) {
      const auto value = GetLengthPrefixed(rest);
      if (!value) throw bad("the value runs past the end of the batch");
      entry.value = *value;
    }
    entries.push_back(entry);
    input = rest;
  }
  if (entries.size() != count()) {
    throw bad("the header counts " + std::to_string(count()) + " entries, the batch holds " +
              std::to_string(entries.size()));
  }
  return entries;
}
//! [decode]

}  // namespace lsm
