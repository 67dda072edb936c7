// Chapter 6 exercise: the Bloom filter.
//
// Replace each `throw NotImplementedError(...)` with your code. The book's chapter 6 page
// explains each task; the contracts and the block layout are in
// chapters/06-bloom-filter/bloom_filter.h. The policy, the builder's constructor and the
// false-positive formula are given in chapters/06-bloom-filter/bloom_policy.cpp; the table
// already calls your filter (SSTableWriter::Add, SSTableReader::Get in
// chapters/02-sstable/table_files.cpp). Check your work:  scripts/check 06

#include "chapters/06-bloom-filter/bloom_filter.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"
#include "common/hash.h"

namespace lsm {

int BloomProbeCount(int bits_per_key) {
  // TODO(ch06 task 1): bits_per_key · ln 2, rounded, clamped to [1, kMaxBloomProbes].
  throw NotImplementedError("BloomProbeCount", "book chapter 6, task 1: the probes");
}

std::uint64_t BloomProbeBit(std::uint64_t hash, int probe, std::uint64_t bit_count) {
  // TODO(ch06 task 1): h2 = hash rotated by 32 bits, with its lowest bit set;
  // (hash + probe · h2) mod bit_count.
  throw NotImplementedError("BloomProbeBit", "book chapter 6, task 1: the probes");
}

void BloomFilterBuilder::AddKey(std::string_view key) {
  // TODO(ch06 task 2): remember Hash64(key) in hashes_.
  throw NotImplementedError("BloomFilterBuilder::AddKey", "book chapter 6, task 2: building");
}

std::string BloomFilterBuilder::Finish() {
  // TODO(ch06 task 2): m = max(kMinBloomBits, keys × bits_per_key_) rounded up to whole bytes;
  // set every key's BloomProbeCount(bits_per_key_) bits; append the probe count as one byte,
  // then kBloomFormat.
  throw NotImplementedError("BloomFilterBuilder::Finish", "book chapter 6, task 2: building");
}

std::unique_ptr<BloomFilter> BloomFilter::Decode(std::string block, const std::string& file,
                                                 std::uint64_t offset) {
  // TODO(ch06 task 3): refuse a block shorter than kMinBloomBits / 8 + 2 bytes (CorruptionError
  // at `offset`); return nullptr if the last byte is not kBloomFormat; refuse a probe count (the
  // byte before it) outside [1, kMaxBloomProbes] (CorruptionError at that byte's offset). The
  // bit count is the rest of the block in bits. (The constructor is private: new BloomFilter.)
  throw NotImplementedError("BloomFilter::Decode", "book chapter 6, task 3: asking");
}

bool BloomFilter::MayContain(std::string_view key) const {
  // TODO(ch06 task 3): false as soon as one of the key's probe bits is clear.
  throw NotImplementedError("BloomFilter::MayContain", "book chapter 6, task 3: asking");
}

}  // namespace lsm
