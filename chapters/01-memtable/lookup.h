/// \file
/// The answer to a point lookup in one source of an LSM tree.
#pragma once

#include <string>
#include <utility>

namespace lsm {

/// A lookup in one source has three outcomes, and an LSM tree needs all three: *found* ends
/// the search with a value, *deleted* ends it with "no such key" (a tombstone shadows every
/// older source), and *absent* means "ask the next older source".
class LookupResult {
 public:
  enum class Status { kFound, kDeleted, kAbsent };

  [[nodiscard]] static LookupResult Found(std::string value) {
    return LookupResult(Status::kFound, std::move(value));
  }
  [[nodiscard]] static LookupResult Deleted() { return LookupResult(Status::kDeleted, {}); }
  [[nodiscard]] static LookupResult Absent() { return LookupResult(Status::kAbsent, {}); }

  [[nodiscard]] Status status() const noexcept { return status_; }
  [[nodiscard]] bool found() const noexcept { return status_ == Status::kFound; }
  [[nodiscard]] bool deleted() const noexcept { return status_ == Status::kDeleted; }
  [[nodiscard]] bool absent() const noexcept { return status_ == Status::kAbsent; }

  /// The value when found(); empty otherwise.
  [[nodiscard]] const std::string& value() const noexcept { return value_; }

  friend bool operator==(const LookupResult&, const LookupResult&) = default;

 private:
  LookupResult(Status status, std::string value) : status_(status), value_(std::move(value)) {}

  Status status_;
  std::string value_;
};

}  // namespace lsm
