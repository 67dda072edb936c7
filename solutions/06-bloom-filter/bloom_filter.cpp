// Reference solution, chapter 6: the Bloom filter.

#include "chapters/06-bloom-filter/bloom_filter.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"
#include "common/hash.h"

namespace lsm {

//! [probes]
int BloomProbeCount(int bits_per_key) {
  const auto probes = static_cast<int>(std::lround(bits_per_key * std::log(2.0)));
  return std::clamp(probes, 1, kMaxBloomProbes);
}

std::uint64_t BloomProbeBit(std::uint64_t hash, int probe, std::uint64_t bit_count) {
  const std::uint64_t h2 = ((hash >> 32) | (hash << 32)) | 1;  // odd: probes never repeat early
  return (hash + static_cast<std::uint64_t>(probe) * h2) % bit_count;  // wraps mod 2^64: fine
}
//! [probes]

//! [build]
void BloomFilterBuilder::AddKey(std::string_view key) { hashes_.push_back(Hash64(key)); }

std::string BloomFilterBuilder::Finish() {
  const std::uint64_t wanted = hashes_.size() * static_cast<std::uint64_t>(bits_per_key_);
  const std::uint64_t bytes = (std::max(wanted, kMinBloomBits) + 7) / 8;
  const std::uint64_t bit_count = bytes * 8;
  const int probes = BloomProbeCount(bits_per_key_);

  std::string block(bytes + 2, '\0');
  for (const std::uint64_t hash : hashes_) {
    for (int i = 0; i < probes; ++i) {
      const std::uint64_t bit = BloomProbeBit(hash, i, bit_count);
      block[bit / 8] = static_cast<char>(block[bit / 8] | (1 << (bit % 8)));
    }
  }
  block[bytes] = static_cast<char>(probes);
  block[bytes + 1] = static_cast<char>(kBloomFormat);
  hashes_.clear();
  hashes_.shrink_to_fit();
  return block;
}
//! [build]

//! [query]
std::unique_ptr<BloomFilter> BloomFilter::Decode(std::string block, const std::string& file,
                                                 std::uint64_t offset) {
  if (block.size() < kMinBloomBits / 8 + 2) {
    throw CorruptionError(
        file, offset, "Bloom filter of " + std::to_string(block.size()) + " bytes is too short");
  }
  if (static_cast<unsigned char>(block.back()) != kBloomFormat) return nullptr;  // not ours
  const std::size_t probes_at = block.size() - 2;
  const int probes = static_cast<unsigned char>(block[probes_at]);
  if (probes < 1 || probes > kMaxBloomProbes) {
    throw CorruptionError(file, offset + probes_at,
                          "Bloom filter probe count " + std::to_string(probes) + " out of range");
  }
  const std::uint64_t bit_count = probes_at * 8;
  return std::unique_ptr<BloomFilter>(new BloomFilter(std::move(block), bit_count, probes));
}

bool BloomFilter::MayContain(std::string_view key) const {
  const std::uint64_t hash = Hash64(key);
  for (int i = 0; i < probe_count_; ++i) {
    const std::uint64_t bit = BloomProbeBit(hash, i, bit_count_);
    if ((static_cast<unsigned char>(block_[bit / 8]) & (1U << (bit % 8))) == 0) return false;
  }
  return true;
}
//! [query]

}  // namespace lsm
