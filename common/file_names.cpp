#include "common/file_names.h"

#include <charconv>
#include <cstdio>

namespace lsm {

std::string NumberedFileName(std::uint64_t number, std::string_view suffix) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(number));
  return std::string(digits) + std::string(suffix);
}

std::optional<std::uint64_t> ParseNumberedFileName(std::string_view name, std::string_view suffix) {
  if (name.size() <= suffix.size() || !name.ends_with(suffix)) return std::nullopt;
  const std::string_view digits = name.substr(0, name.size() - suffix.size());
  std::uint64_t number = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (NumberedFileName(number, suffix) != name) return std::nullopt;  // canonical names only
  return number;
}

}  // namespace lsm
