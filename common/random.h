/// \file
/// Deterministic pseudo-random numbers. Every test and benchmark seeds its generator with a
/// fixed value so that a run can be repeated exactly (and a failing seed replayed).
#pragma once

#include <cstdint>

namespace lsm {

/// The SplitMix64 finalizer: a bijection on 64-bit integers that scrambles its input well.
/// Distinct inputs always give distinct outputs, which the key generator relies on.
[[nodiscard]] constexpr std::uint64_t Mix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// xoshiro256** (Blackman and Vigna): small, fast, and good enough for tests and benchmarks.
class Random {
 public:
  /// The same seed always gives the same sequence.
  explicit constexpr Random(std::uint64_t seed) noexcept {
    for (std::uint64_t& word : state_) {
      seed = Mix64(seed);
      word = seed;
    }
  }

  /// The next 64 random bits.
  constexpr std::uint64_t Next() noexcept {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  /// Uniform in [0, n); n must be > 0. (The modulo bias is below n / 2^64: negligible here.)
  constexpr std::uint64_t Uniform(std::uint64_t n) noexcept { return Next() % n; }

  /// True with probability 1/n.
  constexpr bool OneIn(std::uint64_t n) noexcept { return Uniform(n) == 0; }

 private:
  static constexpr std::uint64_t Rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }

  std::uint64_t state_[4]{};
};

}  // namespace lsm
