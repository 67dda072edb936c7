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
  /// The three outcomes.
  enum class Status {
    kFound,    ///< the source holds a value for the key
    kDeleted,  ///< the source's newest entry for the key is a tombstone
    kAbsent,   ///< the source knows nothing of the key
  };

  /// The key has `value`.
  [[nodiscard]] static LookupResult Found(std::string value) {
    return LookupResult(Status::kFound, std::move(value));
  }
  /// The key was deleted: stop searching older sources.
  [[nodiscard]] static LookupResult Deleted() { return LookupResult(Status::kDeleted, {}); }
  /// The key is not here: search the next older source.
  [[nodiscard]] static LookupResult Absent() { return LookupResult(Status::kAbsent, {}); }

  /// Which outcome this is.
  [[nodiscard]] Status status() const noexcept { return status_; }
  /// True for Found.
  [[nodiscard]] bool found() const noexcept { return status_ == Status::kFound; }
  /// True for Deleted.
  [[nodiscard]] bool deleted() const noexcept { return status_ == Status::kDeleted; }
  /// True for Absent.
  [[nodiscard]] bool absent() const noexcept { return status_ == Status::kAbsent; }

  /// The value when found(); empty otherwise.
  [[nodiscard]] const std::string& value() const noexcept { return value_; }

  /// Same outcome and same value.
  friend bool operator==(const LookupResult&, const LookupResult&) = default;

 private:
  LookupResult(Status status, std::string value) : status_(status), value_(std::move(value)) {}

  Status status_;
  std::string value_;
};

}  // namespace lsm
