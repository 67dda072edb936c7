/// \file
/// Names of numbered files in a tree's directory: "000042.sst", "000043.log".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lsm {

/// `number` in at least six decimal digits, then `suffix`: NumberedFileName(42, ".sst") is
/// "000042.sst".
[[nodiscard]] std::string NumberedFileName(std::uint64_t number, std::string_view suffix);

/// The number of `name` if it is exactly NumberedFileName(number, suffix) for some number (so
/// "42.sst" and "0000042.sst" are not), else nullopt.
[[nodiscard]] std::optional<std::uint64_t> ParseNumberedFileName(std::string_view name,
                                                                 std::string_view suffix);

}  // namespace lsm
