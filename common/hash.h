/// \file
/// A 64-bit hash of a byte string, for Bloom filters.
#pragma once

#include <cstdint>
#include <string_view>

namespace lsm {

/// Hashes `bytes`: 8 bytes at a time, each word folded into the state and scrambled by the
/// SplitMix64 finalizer (common/random.h), the length mixed in first so that inputs differing
/// only by trailing zero bytes differ. Not cryptographic; stable across platforms (words are
/// read little-endian), so a filter written on one machine answers the same on another.
[[nodiscard]] std::uint64_t Hash64(std::string_view bytes, std::uint64_t seed = 0) noexcept;

}  // namespace lsm
