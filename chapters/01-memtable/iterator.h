/// \file
/// The iteration contract shared by every stage: memtable, SSTable, merging iterator and tree.
/// It is defined once, here, so that no later chapter changes it.
#pragma once

#include <string_view>

namespace lsm {

/// A cursor over entries sorted by key (bytewise, unsigned), each key at most once.
///
/// An iterator is either *valid* -- standing on an entry -- or not (before the first or after
/// the last entry). A new iterator is not valid: position it with SeekToFirst(), SeekToLast()
/// or Seek(). Every other member requires Valid() and throws InvalidArgumentError otherwise.
///
/// Deleted keys are entries too: a tombstone has is_tombstone() true and an empty value.
/// Whether a stage shows tombstones or hides them is part of that stage's contract.
///
/// The views returned by key() and value() stay valid until the iterator moves or the
/// entry it stands on is overwritten.
class Iterator {
 public:
  virtual ~Iterator() = default;

  /// True when the iterator stands on an entry.
  [[nodiscard]] virtual bool Valid() const = 0;

  /// Moves to the entry with the smallest key (not valid if there is none).
  virtual void SeekToFirst() = 0;

  /// Moves to the entry with the largest key (not valid if there is none).
  virtual void SeekToLast() = 0;

  /// Moves to the first entry whose key is >= `target` (not valid if there is none).
  virtual void Seek(std::string_view target) = 0;

  /// Moves to the following entry; past the last entry the iterator becomes not valid.
  virtual void Next() = 0;

  /// Moves to the preceding entry; before the first entry the iterator becomes not valid.
  virtual void Prev() = 0;

  /// The current entry's key.
  [[nodiscard]] virtual std::string_view key() const = 0;

  /// The current entry's value (empty for a tombstone).
  [[nodiscard]] virtual std::string_view value() const = 0;

  /// True when the current entry records a deletion.
  [[nodiscard]] virtual bool is_tombstone() const = 0;

 protected:
  /// Only implementations construct (and copy) the base.
  Iterator() = default;
  /// \copydoc Iterator()
  Iterator(const Iterator&) = default;
  /// \copydoc Iterator()
  Iterator& operator=(const Iterator&) = default;
};

}  // namespace lsm
