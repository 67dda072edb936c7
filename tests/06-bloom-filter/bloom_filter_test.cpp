// Chapter 6: the Bloom filter on its own -- probes, no false negatives, the false-positive rate
// against theory, and damaged blocks.

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <exception>
#include <set>
#include <string>

#include "chapters/06-bloom-filter/bloom_filter.h"
#include "common/crc32c.h"
#include "common/errors.h"
#include "common/generators.h"
#include "common/hash.h"
#include "common/random.h"
#include "tests/support/printing.h"

namespace {

using lsm::BloomFilter;
using lsm::BloomFilterBuilder;

// The block a builder of `bits_per_key` makes of `keys`, every call inside an assertion.
std::string BuildBlock(int bits_per_key, const std::vector<std::string>& keys) {
  BloomFilterBuilder builder(bits_per_key);
  for (const std::string& key : keys) {
    INFO("AddKey(" << lsm::testing::ShowBytes(key) << ")");
    REQUIRE_NOTHROW(builder.AddKey(key));
  }
  std::string block;
  REQUIRE_NOTHROW(block = builder.Finish());
  return block;
}

std::unique_ptr<BloomFilter> Build(int bits_per_key, const std::vector<std::string>& keys) {
  const std::string block = BuildBlock(bits_per_key, keys);
  std::unique_ptr<BloomFilter> filter;
  REQUIRE_NOTHROW(filter = BloomFilter::Decode(block, "test.filter", 0));
  REQUIRE(filter != nullptr);
  return filter;
}

std::vector<std::string> Keys(std::size_t n, std::uint64_t seed) {
  lsm::KeyGenerator generator(16, seed);
  std::vector<std::string> keys;
  keys.reserve(n);
  for (std::size_t i = 0; i < n; ++i) keys.push_back(generator.RandomKey(i));
  return keys;
}

}  // namespace

TEST_CASE("the probe count is bits per key times ln 2, kept within 1 and 30", "[bloom]") {
  CHECK(lsm::BloomProbeCount(1) == 1);
  CHECK(lsm::BloomProbeCount(2) == 1);    // 1.39
  CHECK(lsm::BloomProbeCount(3) == 2);    // 2.08
  CHECK(lsm::BloomProbeCount(10) == 7);   // 6.93
  CHECK(lsm::BloomProbeCount(16) == 11);  // 11.09
  CHECK(lsm::BloomProbeCount(20) == 14);  // 13.86
  CHECK(lsm::BloomProbeCount(100) == lsm::kMaxBloomProbes);
}

TEST_CASE("double hashing: probes stay in range and a key's probes hit distinct bits", "[bloom]") {
  lsm::Random random(6);
  for (int round = 0; round < 1000; ++round) {
    const std::uint64_t hash = random.Next();
    const std::uint64_t bit_count = 64 + random.Uniform(1'000'000);
    CAPTURE(hash, bit_count);
    std::set<std::uint64_t> bits;
    for (int probe = 0; probe < lsm::kMaxBloomProbes; ++probe) {
      std::uint64_t bit = 0;
      REQUIRE_NOTHROW(bit = lsm::BloomProbeBit(hash, probe, bit_count));
      REQUIRE(bit < bit_count);
      bits.insert(bit);
    }
    // h2 is odd and the bit count even or large: 30 probes almost never collide.
    CHECK(bits.size() >= lsm::kMaxBloomProbes - 1);
  }
  CHECK(lsm::BloomProbeBit(0x0123'4567'89ab'cdefULL, 0, 1000) == 0x0123'4567'89ab'cdefULL % 1000);
}

TEST_CASE("no false negatives: every added key may be contained, at every size", "[bloom]") {
  for (const int bits : {1, 2, 5, 10, 20}) {
    for (const std::size_t n :
         {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{20'000}}) {
      std::vector<std::string> keys = Keys(n, 100 + n);
      if (n > 0) keys.front() = "";  // the empty key, and keys with every byte value
      if (n > 1) keys[1] = std::string("\0\xff\x80", 3);
      const auto filter = Build(bits, keys);
      CAPTURE(bits, n);
      REQUIRE(filter->probe_count() == lsm::BloomProbeCount(bits));
      REQUIRE(filter->bit_count() >= std::max<std::uint64_t>(lsm::kMinBloomBits, n * bits));
      REQUIRE(filter->bit_count() % 8 == 0);
      for (const std::string& key : keys) {
        INFO("MayContain(" << lsm::testing::ShowBytes(key) << ")");
        REQUIRE(filter->MayContain(key));
      }
    }
  }
}

TEST_CASE("an empty filter says no to every key", "[bloom]") {
  const auto filter = Build(10, {});
  CHECK(filter->bit_count() == lsm::kMinBloomBits);
  for (const std::string& key : Keys(1000, 7)) {
    INFO("MayContain(" << lsm::testing::ShowBytes(key) << ")");
    CHECK_FALSE(filter->MayContain(key));
  }
}

// 100,000 keys, 1,000,000 absent keys asked. The stated tolerance: the measured rate p' is within
// 5 standard deviations of sampling noise plus 3% of the formula's p = (1 - e^(-k/b))^k:
// |p' - p| <= 5 sqrt(p (1 - p) / 1,000,000) + 0.03 p. That is 4% of p at b = 4, 9% at b = 10 and
// 18% at b = 14; a weak hash or a wrong probe sequence misses by far more (k = 1 at b = 10 gives
// 9.5% instead of 0.82%).
TEST_CASE("the false-positive rate on 100,000 keys matches theory within sampling noise",
          "[bloom]") {
  const std::vector<std::string> keys = Keys(100'000, 1);
  lsm::KeyGenerator absent(16, 2);  // another seed: other keys (checked below)
  const std::set<std::string> added(keys.begin(), keys.end());
  for (const int bits : {4, 8, 10, 14}) {
    const auto filter = Build(bits, keys);
    std::uint64_t false_positives = 0;
    constexpr std::uint64_t kAsked = 1'000'000;
    REQUIRE_NOTHROW(filter->MayContain(absent.RandomKey(0)));  // (not once per key: too slow)
    for (std::uint64_t i = 0; i < kAsked; ++i) {
      const std::string key = absent.RandomKey(i);
      if (filter->MayContain(key)) {
        REQUIRE(added.count(key) == 0);
        ++false_positives;
      }
    }
    const double measured = static_cast<double>(false_positives) / kAsked;
    const double theory = lsm::BloomFalsePositiveRate(bits, lsm::BloomProbeCount(bits));
    CAPTURE(bits, measured, theory);
    const double tolerance =
        5 * std::sqrt(theory * (1 - theory) / static_cast<double>(kAsked)) + 0.03 * theory;
    CHECK(std::abs(measured - theory) <= tolerance);
  }
}

TEST_CASE("a damaged filter block is a CorruptionError naming the file and offset", "[bloom]") {
  const std::string good = BuildBlock(10, Keys(100, 3));
  REQUIRE(good.size() == 127);  // 1,000 bits, the probe count, the format
  REQUIRE(BloomFilter::Decode(good, "t.sst", 500)->probe_count() == 7);

  auto expect_corruption = [](const char* what, std::string block, std::uint64_t offset) {
    INFO("Decode of " << what << " (" << block.size() << " bytes, at offset 500)");
    try {
      static_cast<void>(BloomFilter::Decode(std::move(block), "t.sst", 500));
      FAIL("no CorruptionError");
    } catch (const lsm::CorruptionError& error) {
      CAPTURE(error.what());
      CHECK(error.file() == "t.sst");
      CHECK(error.offset() == offset);
    } catch (const std::exception& error) {
      FAIL("Decode threw something else than a CorruptionError: " << error.what());
    }
  };
  std::string zero_probes = good;
  zero_probes[125] = 0;
  expect_corruption("a block whose probe count is 0", zero_probes, 625);  // the count's offset
  std::string many_probes = good;
  many_probes[125] = 31;
  expect_corruption("a block whose probe count is 31", many_probes, 625);
  expect_corruption("a 9-byte block, shorter than 64 bits + probe count + format",
                    good.substr(0, 9), 500);
  expect_corruption("an empty block", "", 500);

  // Another format (another hash, say): not an error, but the filter must not be used.
  std::string foreign = good;
  foreign.back() = static_cast<char>(lsm::kBloomFormat + 1);
  CHECK(BloomFilter::Decode(foreign, "t.sst", 500) == nullptr);
}

// The filter is stored on disk: a table written today must be read the same way tomorrow. These
// values pin the hash, the probe sequence and the bit order; if they change, kBloomFormat must.
TEST_CASE("the on-disk filter format is pinned: hash, probe sequence, bit order", "[bloom]") {
  CHECK(lsm::Hash64("") == 0xa706dd2f4d197e6fULL);
  CHECK(lsm::Hash64("key") == 0x50950e9d2f409166ULL);
  CHECK(lsm::Hash64("a 16-byte key...") == 0x3f7671518aa87b07ULL);
  const std::uint64_t hash = 0x0123'4567'89ab'cdefULL;
  CHECK(lsm::BloomProbeBit(hash, 1, 1000) == 870);
  CHECK(lsm::BloomProbeBit(hash, 2, 1000) == 229);
  CHECK(lsm::BloomProbeBit(hash, 3, 1000) == 204);
  CHECK(lsm::BloomProbeBit(~hash, 29, 65'536) == 21861);  // wraps modulo 2^64 first
  // The swapped halves are 2, an even step: h2 = 2 | 1 = 3, so probe 1 is 2^33 + 3 mod 1000.
  CHECK(lsm::BloomProbeBit(0x2'0000'0000ULL, 1, 1000) == 595);

  // The block, part by part, before its checksum pins every byte: 100 keys at 10 bits per key
  // fill 1,000 bits, and 7 keys fill 70 bits, rounded up to 72, which the probes must use.
  for (const std::size_t n : {std::size_t{100}, std::size_t{7}}) {
    const std::vector<std::string> keys = Keys(n, 3);
    const std::string block = BuildBlock(10, keys);
    const std::size_t bytes = (n * 10 + 7) / 8;
    INFO(n << " keys at 10 bits per key: " << bytes << " bytes of bits, the probe count, the "
           << "format byte");
    REQUIRE(block.size() == bytes + 2);
    CHECK(static_cast<int>(static_cast<unsigned char>(block[bytes])) == 7);
    CHECK(static_cast<int>(static_cast<unsigned char>(block[bytes + 1])) == lsm::kBloomFormat);
    const std::uint64_t bit_count = bytes * 8;
    std::set<std::uint64_t> probed;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      for (int i = 0; i < 7; ++i) {
        const std::uint64_t bit = lsm::BloomProbeBit(lsm::Hash64(keys[k]), i, bit_count);
        probed.insert(bit);
        INFO("key #" << k << " " << lsm::testing::ShowBytes(keys[k]) << ", probe " << i << ": bit "
                     << bit << " of m = " << bit_count << " (bit i is bit i % 8 of "
                     << "byte i / 8: bit " << bit % 8 << " of byte " << bit / 8 << ")");
        REQUIRE(((static_cast<unsigned char>(block[bit / 8]) >> (bit % 8)) & 1U) == 1U);
      }
    }
    std::size_t set_bits = 0;
    for (std::size_t b = 0; b < bytes; ++b) {
      set_bits += static_cast<std::size_t>(std::popcount(static_cast<unsigned char>(block[b])));
    }
    INFO("bits set beyond the keys' probes: none may be");
    CHECK(set_bits == probed.size());
  }
  CHECK(lsm::Crc32c(BuildBlock(10, Keys(100, 3))) == 0xb3a6a01eU);
}
