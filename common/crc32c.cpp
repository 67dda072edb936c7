#include "common/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace lsm {
namespace {

// Reflected polynomial of CRC-32C.
constexpr std::uint32_t kPolynomial = 0x82f63b78;

// kTables[0] is the classic byte-at-a-time table; kTables[k][b] is the CRC of byte b followed by
// k zero bytes, which lets the loop below fold eight bytes per step ("slicing-by-8").
constexpr std::array<std::array<std::uint32_t, 256>, 8> MakeTables() {
  std::array<std::array<std::uint32_t, 256>, 8> tables{};
  for (std::uint32_t byte = 0; byte < 256; ++byte) {
    std::uint32_t crc = byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1) ? kPolynomial : 0);
    tables[0][byte] = crc;
  }
  for (std::size_t k = 1; k < 8; ++k) {
    for (std::size_t byte = 0; byte < 256; ++byte) {
      const std::uint32_t previous = tables[k - 1][byte];
      tables[k][byte] = (previous >> 8) ^ tables[0][previous & 0xff];
    }
  }
  return tables;
}

constexpr auto kTables = MakeTables();

}  // namespace

std::uint32_t Crc32cSoftware(std::string_view data, std::uint32_t crc) noexcept {
  crc = ~crc;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t n = data.size();
  while (n >= 8) {
    const std::uint32_t low = crc ^ (std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 |
                                     std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24);
    crc = kTables[7][low & 0xff] ^ kTables[6][(low >> 8) & 0xff] ^ kTables[5][(low >> 16) & 0xff] ^
          kTables[4][low >> 24] ^ kTables[3][p[4]] ^ kTables[2][p[5]] ^ kTables[1][p[6]] ^
          kTables[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) crc = (crc >> 8) ^ kTables[0][(crc ^ *p++) & 0xff];
  return ~crc;
}

#if defined(__x86_64__)
namespace {

// The SSE4.2 CRC32 instruction computes exactly CRC-32C, eight bytes at a time. Compiled for
// SSE4.2 whatever the build's target, and called only after the CPU said it has it.
__attribute__((target("sse4.2"))) std::uint32_t Crc32cHardware(std::string_view data,
                                                               std::uint32_t crc) noexcept {
  std::uint64_t state = ~crc;
  const char* p = data.data();
  std::size_t n = data.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, 8);  // unaligned load; x86-64 is little-endian, as the CRC wants
    state = _mm_crc32_u64(state, word);
  }
  auto state32 = static_cast<std::uint32_t>(state);
  for (; n > 0; ++p, --n) state32 = _mm_crc32_u8(state32, static_cast<unsigned char>(*p));
  return ~state32;
}

}  // namespace

bool Crc32cUsesHardware() noexcept {
  static const bool has_sse42 = __builtin_cpu_supports("sse4.2") != 0;
  return has_sse42;
}

std::uint32_t Crc32c(std::string_view data, std::uint32_t crc) noexcept {
  return Crc32cUsesHardware() ? Crc32cHardware(data, crc) : Crc32cSoftware(data, crc);
}
#else
bool Crc32cUsesHardware() noexcept { return false; }

std::uint32_t Crc32c(std::string_view data, std::uint32_t crc) noexcept {
  return Crc32cSoftware(data, crc);
}
#endif

}  // namespace lsm
