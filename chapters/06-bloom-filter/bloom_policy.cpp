// The Bloom filter's given parts: the policy that plugs it into tables, the builder's
// constructor, and the false-positive formula. Shared by the exercise and the solution.

#include <cmath>

#include "chapters/06-bloom-filter/bloom_filter.h"
#include "common/errors.h"

namespace lsm {
namespace {

int CheckedBitsPerKey(int bits_per_key) {
  if (bits_per_key < 1) {
    throw InvalidArgumentError("Bloom filter: bits per key must be at least 1, got " +
                               std::to_string(bits_per_key));
  }
  return bits_per_key;
}

}  // namespace

//! [formula]
double BloomFalsePositiveRate(double bits_per_key, int probes) {
  // After n keys, each setting k bits of m, a given bit is still clear with probability
  // (1 - 1/m)^(kn) ~ e^(-kn/m) = e^(-k/b). An absent key is a false positive when all k of its
  // bits are set.
  return std::pow(1.0 - std::exp(-probes / bits_per_key), probes);
}
//! [formula]

BloomFilterBuilder::BloomFilterBuilder(int bits_per_key)
    : bits_per_key_(CheckedBitsPerKey(bits_per_key)) {}

BloomFilterPolicy::BloomFilterPolicy(int bits_per_key)
    : bits_per_key_(CheckedBitsPerKey(bits_per_key)) {}

std::unique_ptr<FilterBuilder> BloomFilterPolicy::NewBuilder() const {
  return std::make_unique<BloomFilterBuilder>(bits_per_key_);
}

std::unique_ptr<KeyFilter> BloomFilterPolicy::Load(std::string block, const std::string& file,
                                                   std::uint64_t offset) const {
  return BloomFilter::Decode(std::move(block), file, offset);
}

}  // namespace lsm
