// Catching one expected error type as a value, so that a test can check its fields.
#pragma once

#include <optional>

namespace lsm::testing {

/// The `Error` that `operation` throws, or nullopt if it throws none (any other exception
/// escapes).
template <typename Error, typename Operation>
std::optional<Error> ErrorOf(Operation&& operation) {
  try {
    operation();
  } catch (const Error& error) {
    return error;
  }
  return std::nullopt;
}

}  // namespace lsm::testing
