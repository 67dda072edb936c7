#include "common/hash.h"

#include "common/coding.h"
#include "common/random.h"

namespace lsm {

std::uint64_t Hash64(std::string_view bytes, std::uint64_t seed) noexcept {
  std::uint64_t state = Mix64(seed ^ (bytes.size() * 0x9e3779b97f4a7c15ULL));
  std::size_t pos = 0;
  for (; pos + 8 <= bytes.size(); pos += 8)
    state = Mix64(state ^ DecodeFixed64(bytes.data() + pos));
  std::uint64_t tail = 0;
  for (std::size_t i = 0; pos + i < bytes.size(); ++i) {
    tail |= std::uint64_t{static_cast<unsigned char>(bytes[pos + i])} << (8 * i);
  }
  return Mix64(state ^ tail);
}

}  // namespace lsm
