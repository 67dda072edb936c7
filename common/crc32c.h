/// \file
/// CRC-32C (Castagnoli), the checksum LevelDB, RocksDB, ext4 and iSCSI use. It detects every
/// burst error of up to 32 bits and, in practice, every flipped or missing byte in the blocks
/// this project checks.
#pragma once

#include <cstdint>
#include <string_view>

namespace lsm {

/// CRC-32C of `data`, continuing from `crc` (pass 0 to start). Uses the CPU's CRC32
/// instruction (x86-64 SSE4.2) when it has one, else Crc32cSoftware().
[[nodiscard]] std::uint32_t Crc32c(std::string_view data, std::uint32_t crc = 0) noexcept;

/// The same checksum computed with tables, eight bytes per step ("slicing-by-8"): portable, and
/// about a third of the speed of the instruction. Crc32c() falls back to it.
[[nodiscard]] std::uint32_t Crc32cSoftware(std::string_view data, std::uint32_t crc = 0) noexcept;

/// True if Crc32c() uses the CPU's CRC32 instruction on this machine.
[[nodiscard]] bool Crc32cUsesHardware() noexcept;

}  // namespace lsm
