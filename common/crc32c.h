/// \file
/// CRC-32C (Castagnoli), the checksum LevelDB, RocksDB, ext4 and iSCSI use. It detects every
/// burst error of up to 32 bits and, in practice, every flipped or missing byte in the blocks
/// this project checks.
#pragma once

#include <cstdint>
#include <string_view>

namespace lsm {

/// CRC-32C of `data`, continuing from `crc` (pass 0 to start).
[[nodiscard]] std::uint32_t Crc32c(std::string_view data, std::uint32_t crc = 0) noexcept;

}  // namespace lsm
