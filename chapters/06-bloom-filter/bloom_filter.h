/// \file
/// Chapter 6: a Bloom filter per SSTable, so that looking up a key a table does not hold costs
/// a few bit tests in memory instead of an index search and a read.
///
/// A filter of m bits answers for n keys with k probes: adding a key sets k bits; a key whose
/// k bits are not all set was certainly never added. With b = m / n bits per key, the chance
/// that an absent key finds all its bits set is about (1 - e^(-k/b))^k, smallest at
/// k = b ln 2 (the book derives both).
///
/// Block layout (format version 2's filter block, chapters/02-sstable/format.h):
/// \code{.unparsed}
///   bit array: m / 8 bytes (bit i is bit i % 8 of byte i / 8) | probe count k: u8 | format: u8
/// \endcode
///
/// The format byte (kBloomFormat) names the hash and the probe sequence. Bits set by another
/// hash would rule out keys the table holds, so a filter of another format is never used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/02-sstable/filter_policy.h"

namespace lsm {

inline constexpr int kDefaultBloomBitsPerKey = 10;  ///< about 1% false positives
inline constexpr int kMaxBloomProbes = 30;          ///< more probes only cost time
inline constexpr std::uint64_t kMinBloomBits = 64;  ///< even an empty table's filter has these
/// The block's last byte: Hash64 and BloomProbeBit as they are. Change either, change this.
inline constexpr std::uint8_t kBloomFormat = 1;

/// The false-positive rate theory predicts for `bits_per_key` bits per key and `probes`
/// probes: (1 - e^(-probes / bits_per_key))^probes.
[[nodiscard]] double BloomFalsePositiveRate(double bits_per_key, int probes);

/// The probe count that minimises the false-positive rate, b · ln 2, rounded to the nearest
/// integer and kept within [1, kMaxBloomProbes].
[[nodiscard]] int BloomProbeCount(int bits_per_key);

/// Double hashing (Kirsch and Mitzenmacher): the bit that probe `probe` tests for a key whose
/// 64-bit hash is `hash`, in a filter of `bit_count` bits. Two hashes come from one: h1 = hash
/// and h2 = hash rotated by 32 bits, made odd; probe i tests (h1 + i · h2) mod bit_count, the sum
/// computed modulo 2^64 (unsigned wrap-around) before the mod bit_count.
[[nodiscard]] std::uint64_t BloomProbeBit(std::uint64_t hash, int probe, std::uint64_t bit_count);

/// Builds one table's filter. Keeps one 64-bit hash per key until Finish(), because the
/// filter's size depends on the number of keys, which a streaming writer learns only at the
/// end: 8 bytes per key of writer memory, about 6x the finished filter at 10 bits per key.
class BloomFilterBuilder final : public FilterBuilder {
 public:
  /// A builder for filters of `bits_per_key` bits per key (at least 1).
  /// \throws InvalidArgumentError if bits_per_key < 1.
  explicit BloomFilterBuilder(int bits_per_key = kDefaultBloomBitsPerKey);

  /// Remembers the key's hash (Hash64, common/hash.h).
  void AddKey(std::string_view key) override;

  /// The filter block: max(kMinBloomBits, keys × bits_per_key) bits rounded up to whole bytes,
  /// each key's BloomProbeCount() bits set, then the probe count byte and kBloomFormat.
  [[nodiscard]] std::string Finish() override;

 private:
  int bits_per_key_;
  std::vector<std::uint64_t> hashes_;
};

/// A loaded filter: answers MayContain() from the bit array, in memory.
class BloomFilter final : public KeyFilter {
 public:
  /// Checks and adopts a filter block (its checksum already verified by the table) that starts
  /// at `offset` in `file`. Returns nullptr if its last byte is not kBloomFormat: a filter this
  /// code did not write, which the table must then do without.
  /// \throws CorruptionError naming `file` if the block is shorter than kMinBloomBits / 8 + 2
  ///         bytes (at `offset`), or if its probe count is not in [1, kMaxBloomProbes] (at the
  ///         offset of the probe count byte, `offset` + size - 2).
  [[nodiscard]] static std::unique_ptr<BloomFilter> Decode(std::string block,
                                                           const std::string& file,
                                                           std::uint64_t offset);

  /// False if some probe bit of `key` is clear: then the key was never added.
  [[nodiscard]] bool MayContain(std::string_view key) const override;

  /// The block's heap bytes.
  [[nodiscard]] std::size_t memory_bytes() const override { return block_.capacity(); }

  /// Bits in the array (m).
  [[nodiscard]] std::uint64_t bit_count() const noexcept { return bit_count_; }

  /// Probes per key (k).
  [[nodiscard]] int probe_count() const noexcept { return probe_count_; }

 private:
  BloomFilter(std::string block, std::uint64_t bit_count, int probe_count)
      : block_(std::move(block)), bit_count_(bit_count), probe_count_(probe_count) {}

  std::string block_;  // the bit array, the probe count byte, the format byte
  std::uint64_t bit_count_;
  int probe_count_;
};

/// The policy to put in SSTableOptions::filter_policy: every table the writer finishes gets a
/// Bloom filter of `bits_per_key` bits per key, and tables opened with it load their filter.
class BloomFilterPolicy final : public FilterPolicy {
 public:
  /// \throws InvalidArgumentError if bits_per_key < 1.
  explicit BloomFilterPolicy(int bits_per_key = kDefaultBloomBitsPerKey);

  /// A BloomFilterBuilder with this policy's bits per key.
  [[nodiscard]] std::unique_ptr<FilterBuilder> NewBuilder() const override;

  /// BloomFilter::Decode(). A block written with other bits per key loads fine: the array
  /// size and the probe count are in the block. A block of another format gives nullptr.
  [[nodiscard]] std::unique_ptr<KeyFilter> Load(std::string block, const std::string& file,
                                                std::uint64_t offset) const override;

  /// Bits per key of the filters this policy builds.
  [[nodiscard]] int bits_per_key() const noexcept { return bits_per_key_; }

 private:
  int bits_per_key_;
};

}  // namespace lsm
