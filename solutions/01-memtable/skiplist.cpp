// Reference solution, chapter 1: skip-list search and insertion.

#include "chapters/01-memtable/skiplist.h"

namespace lsm {

//! [random-height]
int SkipList::RandomHeight() {
  int height = 1;
  while (height < kMaxHeight && random_.OneIn(kBranching)) ++height;
  return height;
}
//! [random-height]

//! [find-greater-or-equal]
SkipList::Node* SkipList::FindGreaterOrEqual(std::string_view key, Node** prev) const {
  Node* node = head_;
  // The node that stopped us one level up is known to be >= key: when it is next again
  // on the level below (it often is), skip the comparison.
  const Node* known_not_less = nullptr;
  int level = height_ - 1;
  while (true) {
    Node* next = node->next(level);
    if (next != known_not_less && next != nullptr && next->key() < key) {
      node = next;  // still before `key`: keep going right on this level
    } else {
      if (prev != nullptr) prev[level] = node;
      if (level == 0) return next;
      known_not_less = next;
      --level;  // the next node is not before `key` (or there is none): drop a level
    }
  }
}
//! [find-greater-or-equal]

//! [insert]
std::pair<SkipList::Node*, bool> SkipList::Insert(std::string_view key) {
  Node* prev[kMaxHeight];
  Node* found = FindGreaterOrEqual(key, prev);
  if (found != nullptr && found->key() == key) return {found, false};

  const int height = RandomHeight();
  if (height > height_) {
    // Levels the list has not used yet: the new node comes right after the head there.
    for (int level = height_; level < height; ++level) prev[level] = head_;
    height_ = height;
  }
  Node* node = NewNode(key, height);
  for (int level = 0; level < height; ++level) {
    node->set_next(level, prev[level]->next(level));
    prev[level]->set_next(level, node);
  }
  ++size_;
  return {node, true};
}
//! [insert]

//! [find-less-than]
SkipList::Node* SkipList::FindLessThan(std::string_view key) const {
  Node* node = head_;
  for (int level = height_ - 1; level >= 0; --level) {
    for (Node* next = node->next(level); next != nullptr && next->key() < key;
         next = node->next(level)) {
      node = next;
    }
  }
  return node == head_ ? nullptr : node;
}

SkipList::Node* SkipList::Last() const {
  Node* node = head_;
  for (int level = height_ - 1; level >= 0; --level) {
    while (node->next(level) != nullptr) node = node->next(level);
  }
  return node == head_ ? nullptr : node;
}
//! [find-less-than]

}  // namespace lsm
