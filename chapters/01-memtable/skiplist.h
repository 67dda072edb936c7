/// \file
/// The skip list behind the memtable (W. Pugh, "Skip Lists: A Probabilistic Alternative to
/// Balanced Trees", 1990). LevelDB's db/skiplist.h is the classic implementation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "common/generators.h"
#include "common/random.h"

namespace lsm {

/// A sorted set of nodes, one per distinct key, searchable in O(log n) expected time.
///
/// Level 0 links every node in key order. Each higher level links a random subset of the
/// level below it -- a node reaches level h+1 with probability 1/kBranching -- so a search
/// starts at the top, runs right while the next key is smaller than the target, and drops a
/// level when it would overshoot: about kBranching steps per level, log_kBranching(n) levels.
///
/// Invariants:
///  - on every level, keys strictly increase from the head to the end (nullptr);
///  - a node of height h is linked on levels 0 .. h-1 and on no other level;
///  - `height_` is the height of the tallest node (1 when empty); head links above it are null.
///
/// Nodes are never removed or moved while the list lives (deletion is a tombstone one level
/// up, in MemTable), so a Node* stays valid until the list is destroyed.
/// Not thread-safe.
class SkipList {
 public:
  static constexpr int kMaxHeight = 12;      ///< enough for 4^12 = 16 million nodes
  static constexpr unsigned kBranching = 4;  ///< 1 in kBranching nodes grows one level taller

  /// One key and the entry stored under it. One allocation holds the node, its `height`
  /// links and the key's bytes (see NewNode): a search step touches one cache line or two,
  /// not a node plus a separately allocated key.
  struct Node {
    /// Only NewNode() constructs nodes, inside an allocation sized for links and key.
    Node(int node_height, std::size_t node_key_size) noexcept
        : height(node_height), key_size(node_key_size) {}

    std::string value;           ///< the memtable's value (empty for a tombstone)
    bool tombstone = false;      ///< true when the entry records a deletion
    const int height;            ///< number of levels this node is linked on, 1 .. kMaxHeight
    const std::size_t key_size;  ///< bytes in key()

    /// The key; it never changes after insertion.
    [[nodiscard]] std::string_view key() const noexcept;
    /// The next node on `level` (0 <= level < height), or nullptr at the end.
    [[nodiscard]] Node* next(int level) const noexcept { return links()[level]; }
    /// Links `node` after this one on `level` (0 <= level < height).
    void set_next(int level, Node* node) noexcept { links()[level] = node; }

   private:
    [[nodiscard]] Node** links() const noexcept;
  };

  /// \param seed seeds the random node heights, so a run is repeatable.
  explicit SkipList(std::uint64_t seed = kDefaultSeed);
  ~SkipList();
  SkipList(const SkipList&) = delete;
  SkipList& operator=(const SkipList&) = delete;

  /// Finds the node for `key`, or inserts a new one (empty value, not a tombstone) at a random
  /// height. Returns the node and whether it was inserted.
  std::pair<Node*, bool> Insert(std::string_view key);

  /// The first node whose key is >= `key`, or nullptr if there is none.
  [[nodiscard]] Node* FindGreaterOrEqual(std::string_view key) const {
    return FindGreaterOrEqual(key, nullptr);
  }

  /// The last node whose key is < `key`, or nullptr if there is none.
  [[nodiscard]] Node* FindLessThan(std::string_view key) const;

  /// The node with the smallest key, or nullptr if the list is empty.
  [[nodiscard]] Node* First() const noexcept { return head_->next(0); }

  /// The node with the largest key, or nullptr if the list is empty.
  [[nodiscard]] Node* Last() const;

  /// Number of nodes.
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  /// Height of the tallest node (1 when empty).
  [[nodiscard]] int height() const noexcept { return height_; }

 private:
  /// A height in 1 .. kMaxHeight: h with probability (1/kBranching)^(h-1) * (1 - 1/kBranching).
  int RandomHeight();

  /// The first node with key >= `key`, or nullptr. If `prev` is not null, sets prev[level] to
  /// the last node before that position on every level 0 .. kMaxHeight-1 (the head where no
  /// node precedes it) -- exactly the nodes an insertion must relink.
  Node* FindGreaterOrEqual(std::string_view key, Node** prev) const;

  /// Allocates a node of `height` holding `key`, with null links, in one allocation.
  static Node* NewNode(std::string_view key, int height);
  static void DeleteNode(Node* node) noexcept;

  Node* const head_;  ///< sentinel of height kMaxHeight; its key is never compared
  int height_ = 1;
  std::size_t size_ = 0;
  Random random_;
};

}  // namespace lsm
