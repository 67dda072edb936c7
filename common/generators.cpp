#include "common/generators.h"

#include "common/errors.h"
#include "common/random.h"

namespace lsm {
namespace {

constexpr std::size_t kHashDigits = 16;  // hex digits of one 64-bit hash
constexpr std::size_t kValueBufferBytes = 1 << 20;

}  // namespace

KeyGenerator::KeyGenerator(std::size_t key_size, std::uint64_t seed)
    : key_size_(key_size), seed_(Mix64(seed)) {
  if (key_size < kHashDigits) {
    throw InvalidArgumentError("KeyGenerator: key_size must be at least 16 bytes, got " +
                               std::to_string(key_size));
  }
}

std::string KeyGenerator::RandomKey(std::uint64_t index) const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key(key_size_, '.');
  // index + seed is a bijection of index, and Mix64 is a bijection: distinct indexes give
  // distinct hashes, hence distinct keys.
  std::uint64_t hash = Mix64(index + seed_);
  for (std::size_t i = kHashDigits; i-- > 0;) {
    key[i] = kHex[hash & 0xf];
    hash >>= 4;
  }
  return key;
}

std::string KeyGenerator::SequentialKey(std::uint64_t index) const {
  std::string digits = std::to_string(index);
  if (digits.size() > key_size_) {
    throw InvalidArgumentError("KeyGenerator: index " + digits + " does not fit in " +
                               std::to_string(key_size_) + " digits");
  }
  return std::string(key_size_ - digits.size(), '0') + digits;
}

std::vector<std::string> KeyGenerator::RandomKeys(std::uint64_t n) const {
  std::vector<std::string> keys;
  keys.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) keys.push_back(RandomKey(i));
  return keys;
}

ValueGenerator::ValueGenerator(std::size_t value_size, std::uint64_t seed)
    : value_size_(value_size) {
  Random random(seed);
  buffer_.resize(kValueBufferBytes + value_size);
  for (char& c : buffer_) c = static_cast<char>('a' + random.Uniform(26));
}

std::string_view ValueGenerator::Value(std::uint64_t index) const noexcept {
  const std::uint64_t start = Mix64(index) % kValueBufferBytes;
  return std::string_view(buffer_).substr(start, value_size_);
}

}  // namespace lsm
