// The write batches of the golden log, data/leveldb-1.23.log: what make_leveldb_log gave
// LevelDB (one DB::Write each, in order) and what golden_test.cpp and leveldb_open_test.cpp
// expect back. Self-contained (the standard library only), so that the program that made the
// golden log links LevelDB and nothing of ours.
//
// Changing anything here changes the golden log: run make_leveldb_log again (see leveldb.cmake)
// and check the new data/leveldb-1.23.log in.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lsm::testing::golden {

/// One put or remove, as given to LevelDB's WriteBatch.
struct Entry {
  bool is_put = false;
  std::string key;
  std::string value;  // empty for a remove
};

/// One batch: one DB::Write, so one log record.
struct Batch {
  std::string name;            // for messages
  std::uint64_t sequence = 0;  // the first entry's sequence number, as LevelDB assigns it
  std::vector<Entry> entries;
};

// The log format's sizes (chapters/07-write-ahead-log/log_format.h, LevelDB's), repeated here so
// that this header needs nothing of ours.
inline constexpr std::uint64_t kBlock = 32768;
inline constexpr std::uint64_t kHeader = 7;

/// Bytes of the varint32 encoding of `n`.
inline std::uint64_t VarintBytes(std::uint64_t n) {
  std::uint64_t bytes = 1;
  for (; n >= 0x80; n >>= 7) ++bytes;
  return bytes;
}

/// Bytes of a batch's encoding: the 12-byte header, then per entry a tag, the length-prefixed
/// key and, for a put, the length-prefixed value.
inline std::uint64_t EncodedBytes(const std::vector<Entry>& entries) {
  std::uint64_t bytes = 12;
  for (const Entry& e : entries) {
    bytes += 1 + VarintBytes(e.key.size()) + e.key.size();
    if (e.is_put) bytes += VarintBytes(e.value.size()) + e.value.size();
  }
  return bytes;
}

/// Where a log ends after a record of `payload` bytes is appended to one of `size` bytes: a
/// trailer when fewer than a header's bytes are left, then fragments of at most what is left of
/// each block (one, possibly empty, fragment at least).
inline std::uint64_t LogSizeAfter(std::uint64_t size, std::uint64_t payload) {
  do {
    if (kBlock - size % kBlock < kHeader) size += kBlock - size % kBlock;
    const std::uint64_t fragment = std::min(payload, kBlock - size % kBlock - kHeader);
    size += kHeader + fragment;
    payload -= fragment;
  } while (payload > 0);
  return size;
}

/// A deterministic value of `n` bytes that runs through every byte value.
inline std::string Pattern(std::size_t n, unsigned seed) {
  std::string value(n, '\0');
  for (std::size_t i = 0; i < n; ++i) value[i] = static_cast<char>((i * 7 + seed) % 256);
  return value;
}

/// "k000" ... "k099".
inline std::string NumberedKey(const char* prefix, int i) {
  std::string digits = std::to_string(i);
  return prefix + std::string(3 - std::min<std::size_t>(3, digits.size()), '0') + digits;
}

/// Every batch, in the order written. Sequence numbers start at 1 and are consecutive: batch
/// i + 1 starts where batch i ended (an empty batch takes the next number and uses none, as
/// LevelDB's DB::Write numbers it).
inline std::vector<Batch> GoldenBatches() {
  std::vector<Batch> batches;
  std::uint64_t log_size = 0;  // of the log so far, to place the padding batches
  auto add = [&](std::string name, std::vector<Entry> entries) {
    batches.push_back(Batch{std::move(name), 0, std::move(entries)});
    log_size = LogSizeAfter(log_size, EncodedBytes(batches.back().entries));
  };
  // A one-put batch whose record ends at `block_offset` (of the current or the next block): the
  // layout corners below are placed on purpose, not by luck.
  auto pad_to = [&](std::string name, std::uint64_t block_offset) {
    const std::string key = "padding-" + std::to_string(batches.size());
    const std::uint64_t fixed = EncodedBytes({{true, key, ""}}) - 1;  // all but the value
    for (std::size_t n = 0;; ++n) {
      const std::uint64_t payload = fixed + VarintBytes(n) + n;
      if (LogSizeAfter(log_size, payload) % kBlock == block_offset) {
        add(std::move(name), {{true, key, Pattern(n, 3)}});
        return;
      }
    }
  };
  auto put = [](std::string key, std::string value) {
    return Entry{true, std::move(key), std::move(value)};
  };
  auto remove = [](std::string key) { return Entry{false, std::move(key), ""}; };

  add("one put", {put("apple", "red")});
  add("one remove of a key never put", {remove("never-put")});
  add("the empty key", {put("", "the empty key's value")});
  add("an empty value", {put("empty-value", "")});
  add("an empty batch", {});

  std::vector<Entry> mixed;  // 100 entries: every fourth removes the key put just before it
  for (int i = 0; i < 100; ++i) {
    mixed.push_back(i % 4 == 3 ? remove(NumberedKey("k", i - 1))
                               : put(NumberedKey("k", i), "value " + std::to_string(i)));
  }
  add("100 puts and removes", std::move(mixed));

  std::vector<Entry> bytes;  // every byte value in keys and in values, 0x00 and 0xff included
  std::string all(256, '\0');
  for (int b = 0; b < 256; ++b) all[static_cast<std::size_t>(b)] = static_cast<char>(b);
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    bytes.push_back(put(std::string("byte-") + c, std::string{c, c, static_cast<char>(255 - b)}));
  }
  bytes.push_back(put(all, std::string(all.rbegin(), all.rend())));
  add("every byte value", std::move(bytes));

  add("a 100,000-byte value", {put("large", Pattern(100000, 1))});
  add("a remove of a key that was put, an overwrite",
      {remove("apple"), put(NumberedKey("k", 0), "overwritten")});

  pad_to("padding: ends 3 bytes before a block's end", kBlock - 3);
  add("after a 3-byte trailer", {put("after-trailer", "t")});
  pad_to("padding: ends 7 bytes before a block's end", kBlock - kHeader);
  add("starts with an empty FIRST fragment", {put("after-empty-first", "f")});
  pad_to("padding: ends exactly at a block's end", 0);
  add("at the start of a block, no trailer", {put("block-start", "s")});

  std::vector<Entry> multi;  // 120 puts of 700 bytes: one record over 3 blocks and more
  for (int i = 0; i < 120; ++i) {
    multi.push_back(put(NumberedKey("multi-", i), Pattern(700, static_cast<unsigned>(i))));
  }
  add("a batch over several blocks", std::move(multi));
  add("the last batch", {put("zzz-last", "the end"), remove("never-put-either")});

  std::uint64_t next = 1;  // LevelDB's first sequence number in a new database
  for (Batch& batch : batches) {
    batch.sequence = next;
    next += batch.entries.size();
  }
  return batches;
}

}  // namespace lsm::testing::golden
