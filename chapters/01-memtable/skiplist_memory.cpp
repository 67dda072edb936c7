// How skip-list nodes are allocated and freed. Shared by the exercise and the solution: the
// learner writes the search and insertion (skiplist.cpp), not the memory layout.

#include <cstring>
#include <new>

#include "chapters/01-memtable/skiplist.h"

namespace lsm {

// Layout of one allocation:  [ Node | Node* links[height] | key bytes ]
// sizeof(Node) is a multiple of alignof(Node*), so the links start properly aligned.
static_assert(sizeof(SkipList::Node) % alignof(SkipList::Node*) == 0);

SkipList::Node** SkipList::Node::links() const noexcept {
  auto* self = const_cast<Node*>(this);  // the links belong to the node, not to *this
  return std::launder(reinterpret_cast<Node**>(self + 1));
}

std::string_view SkipList::Node::key() const noexcept {
  return {reinterpret_cast<const char*>(links() + height), key_size};
}

SkipList::Node* SkipList::NewNode(std::string_view key, int height) {
  const auto links = static_cast<std::size_t>(height);
  // NOLINTNEXTLINE(bugprone-sizeof-expression): the links are pointers, sizeof(Node*) is meant
  void* memory = ::operator new(sizeof(Node) + sizeof(Node*) * links + key.size());
  Node* node = new (memory) Node(height, key.size());
  Node** first_link = new (node + 1) Node* [links] {};  // every link starts null
  if (!key.empty()) std::memcpy(first_link + links, key.data(), key.size());
  return node;
}

void SkipList::DeleteNode(Node* node) noexcept {
  node->~Node();
  ::operator delete(node);
}

SkipList::SkipList(std::uint64_t seed) : head_(NewNode({}, kMaxHeight)), random_(seed) {}

SkipList::~SkipList() {
  Node* node = head_;
  while (node != nullptr) {
    Node* next = node->next(0);
    DeleteNode(node);
    node = next;
  }
}

}  // namespace lsm
