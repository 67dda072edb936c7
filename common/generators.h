/// \file
/// Deterministic keys and values for tests, demos and benchmarks. The default workload is the
/// one LevelDB's db_bench made standard: 16-byte keys and 100-byte values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lsm {

inline constexpr std::size_t kDefaultKeySize = 16;     ///< bytes per generated key
inline constexpr std::size_t kDefaultValueSize = 100;  ///< bytes per generated value
inline constexpr std::uint64_t kDefaultSeed = 301;     ///< seed used when none is given

/// Makes the i-th key of a workload. Keys are fixed-width printable strings.
class KeyGenerator {
 public:
  /// \param key_size bytes per key; at least 16 so that every index gets a distinct key.
  /// \param seed     picks one of many key sequences; the same seed gives the same keys.
  /// \throws InvalidArgumentError if key_size < 16.
  explicit KeyGenerator(std::size_t key_size = kDefaultKeySize, std::uint64_t seed = kDefaultSeed);

  /// A random-looking key, distinct for every distinct index: 16 hex digits of a bijective hash
  /// of the index, padded to the key size. Keys for index >= n are absent from a table that
  /// holds indexes [0, n), which is how benchmarks make misses.
  [[nodiscard]] std::string RandomKey(std::uint64_t index) const;

  /// A key that sorts in index order: the index in decimal, zero-padded to the key size.
  [[nodiscard]] std::string SequentialKey(std::uint64_t index) const;

  /// RandomKey(0) ... RandomKey(n - 1), in index order (so not sorted).
  [[nodiscard]] std::vector<std::string> RandomKeys(std::uint64_t n) const;

  /// Bytes per key.
  [[nodiscard]] std::size_t key_size() const noexcept { return key_size_; }

 private:
  std::size_t key_size_;
  std::uint64_t seed_;
};

/// Makes values of a fixed size. Values are views into one pre-generated random buffer (as in
/// LevelDB's db_bench), so producing a value neither allocates nor costs measurable time.
class ValueGenerator {
 public:
  /// \param value_size bytes per value
  /// \param seed       fills the random buffer; the same seed gives the same values
  explicit ValueGenerator(std::size_t value_size = kDefaultValueSize,
                          std::uint64_t seed = kDefaultSeed);

  /// The value for the index-th entry; valid while the generator lives.
  [[nodiscard]] std::string_view Value(std::uint64_t index) const noexcept;

  /// Bytes per value.
  [[nodiscard]] std::size_t value_size() const noexcept { return value_size_; }

 private:
  std::size_t value_size_;
  std::string buffer_;
};

}  // namespace lsm
