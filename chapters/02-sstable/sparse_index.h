/// \file
/// Chapter 2: the sparse index, held in memory while an SSTable is open.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/02-sstable/format.h"

namespace lsm {

/// The first key and file offset of every group of an SSTable: one record per
/// `index_interval` entries, so n / interval keys in memory instead of n.
///
/// Invariants (checked by Read): first keys strictly increase; offsets strictly increase,
/// the first is 0, and every group ends before the data ends. Group g spans
/// [group_begin(g), group_end(g)) in the file.
class SparseIndex {
 public:
  /// Returned by FindGroup() when no group can hold the key.
  static constexpr std::size_t kNoGroup = std::numeric_limits<std::size_t>::max();

  /// An index of no groups (an empty table).
  SparseIndex() = default;

  /// Reads and checks the index of the table in `file` described by `footer`. The index is
  /// read in chunks and decoded as it comes, so opening a table needs no more memory than the
  /// decoded index itself.
  /// \throws CorruptionError naming the file and the offset of the bad record if a record is
  ///         malformed, out of order or points outside the data, if the record count does not
  ///         match the footer, or if the checksum does not.
  [[nodiscard]] static SparseIndex Read(const RandomAccessFile& file, const sst::Footer& footer);

  /// The group that holds `key` if the table holds it: the last group whose first key is
  /// <= `key`, found by binary search. kNoGroup if `key` sorts before the first group's first
  /// key, or the index is empty.
  [[nodiscard]] std::size_t FindGroup(std::string_view key) const;

  /// Reads group `group` (< size()) of `file` and checks it against the index: its checksum and
  /// entry count (sst::ReadGroup), that it starts with its index key and that it ends before the
  /// next group's, so keys increase across groups too.
  /// \throws CorruptionError naming the file and the group's offset.
  [[nodiscard]] sst::Group ReadGroup(const RandomAccessFile& file, const sst::Footer& footer,
                                     std::size_t group) const;

  /// Number of groups.
  [[nodiscard]] std::size_t size() const noexcept { return offsets_.size(); }

  /// The first key of group `group` (< size()).
  [[nodiscard]] std::string_view first_key(std::size_t group) const noexcept {
    const std::size_t begin = group == 0 ? 0 : key_ends_[group - 1];
    return std::string_view(key_bytes_).substr(begin, key_ends_[group] - begin);
  }

  /// File offset where group `group` starts.
  [[nodiscard]] std::uint64_t group_begin(std::size_t group) const noexcept {
    return offsets_[group];
  }

  /// File offset where group `group` ends (its checksum included).
  [[nodiscard]] std::uint64_t group_end(std::size_t group) const noexcept {
    return group + 1 < offsets_.size() ? offsets_[group + 1] : data_end_;
  }

  /// Heap bytes this index holds.
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return key_bytes_.capacity() + key_ends_.capacity() * sizeof(std::size_t) +
           offsets_.capacity() * sizeof(std::uint64_t);
  }

 private:
  std::string key_bytes_;              // every group's first key, back to back
  std::vector<std::size_t> key_ends_;  // key g ends at key_ends_[g] in key_bytes_
  std::vector<std::uint64_t> offsets_;
  std::uint64_t data_end_ = 0;
};

}  // namespace lsm
