/// \file
/// Chapter 2's extension point for table filters. A filter summarises a table's keys so that a
/// lookup can learn "definitely not in this table" without reading the table. Chapter 2 only
/// carries filters; chapter 6 implements one (a Bloom filter). A table written without a policy
/// has no filter and keeps format version 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace lsm {

/// Collects the keys of one table while it is written and encodes the filter block.
class FilterBuilder {
 public:
  virtual ~FilterBuilder() = default;

  /// Adds one key of the table. Keys arrive in increasing order, each once.
  virtual void AddKey(std::string_view key) = 0;

  /// The encoded filter over every key added. Called once, when the table is finished.
  [[nodiscard]] virtual std::string Finish() = 0;
};

/// A table's filter, loaded into memory when the table is opened.
class KeyFilter {
 public:
  virtual ~KeyFilter() = default;

  /// False only if `key` is certainly not in the table: no false negatives, ever. True means
  /// "maybe": the table must be read to know.
  [[nodiscard]] virtual bool MayContain(std::string_view key) const = 0;

  /// Heap bytes the loaded filter holds.
  [[nodiscard]] virtual std::size_t memory_bytes() const = 0;
};

/// Makes filter builders for writers and loads filter blocks for readers.
class FilterPolicy {
 public:
  virtual ~FilterPolicy() = default;

  /// A builder for one table.
  [[nodiscard]] virtual std::unique_ptr<FilterBuilder> NewBuilder() const = 0;

  /// Decodes a filter block that passed its checksum, or returns nullptr if the block is of a
  /// format this policy does not know (another hash, say): such a filter must not be used,
  /// since its bits could rule out keys the table holds. The table then reads without one.
  /// \throws CorruptionError naming `file` and the offset of the damage if the block claims
  ///         this policy's format but is malformed.
  [[nodiscard]] virtual std::unique_ptr<KeyFilter> Load(std::string block, const std::string& file,
                                                        std::uint64_t offset) const = 0;
};

}  // namespace lsm
