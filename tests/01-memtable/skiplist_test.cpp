// Chapter 1: the skip list on its own, so that a bug shows up where it is.

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "chapters/01-memtable/skiplist.h"
#include "common/random.h"
#include "tests/support/printing.h"

using lsm::SkipList;
using lsm::testing::AsBytes;
using lsm::testing::Bytes;
using lsm::testing::SameEntries;
using lsm::testing::ShowBytes;

namespace {

std::vector<std::string> Level0Keys(const SkipList& list) {
  std::vector<std::string> keys;
  for (const SkipList::Node* node = list.First(); node != nullptr; node = node->next(0)) {
    keys.emplace_back(node->key());
  }
  return keys;
}

}  // namespace

TEST_CASE("an empty skip list finds nothing", "[skiplist]") {
  SkipList list;
  CHECK(list.size() == 0);
  CHECK(list.First() == nullptr);
  CHECK(list.Last() == nullptr);
  CHECK(list.FindGreaterOrEqual("") == nullptr);
  CHECK(list.FindLessThan("\xff") == nullptr);
}

TEST_CASE("Insert keeps level 0 sorted and reports duplicates", "[skiplist]") {
  SkipList list;
  std::pair<SkipList::Node*, bool> b;
  REQUIRE_NOTHROW(b = list.Insert("b"));
  CHECK(b.second);
  REQUIRE(b.first != nullptr);
  CHECK(Bytes(b.first->key()) == Bytes("b"));
  CHECK(list.Insert("a").second);
  CHECK(list.Insert("c").second);

  std::pair<SkipList::Node*, bool> again;
  REQUIRE_NOTHROW(again = list.Insert("b"));
  CHECK_FALSE(again.second);
  CHECK(again.first == b.first);  // the same node, not a copy
  CHECK(list.size() == 3);
  CHECK(AsBytes(Level0Keys(list)) == AsBytes({"a", "b", "c"}));
}

TEST_CASE("searches agree with std::set on random keys", "[skiplist]") {
  SkipList list(11);
  std::set<std::string> model;
  lsm::Random random(5);
  for (int i = 0; i < 5000; ++i) {
    const std::string key = std::to_string(random.Uniform(20000));
    INFO("Insert(" << ShowBytes(key) << ")");
    CHECK(list.Insert(key).second == model.insert(key).second);
  }
  REQUIRE(list.size() == model.size());
  CHECK(SameEntries(AsBytes(Level0Keys(list)), AsBytes(model)));
  REQUIRE(list.Last() != nullptr);
  CHECK(Bytes(list.Last()->key()) == Bytes(*model.rbegin()));

  for (int i = 0; i < 2000; ++i) {
    const std::string probe = std::to_string(random.Uniform(20000)) + (i % 2 ? "" : "5");
    INFO("probe " << ShowBytes(probe));
    const SkipList::Node* ge = nullptr;
    REQUIRE_NOTHROW(ge = list.FindGreaterOrEqual(probe));
    auto model_ge = model.lower_bound(probe);
    if (model_ge == model.end()) {
      CHECK(ge == nullptr);
    } else {
      REQUIRE(ge != nullptr);
      CHECK(Bytes(ge->key()) == Bytes(*model_ge));
    }
    const SkipList::Node* lt = nullptr;
    REQUIRE_NOTHROW(lt = list.FindLessThan(probe));
    if (model_ge == model.begin()) {
      CHECK(lt == nullptr);
    } else {
      REQUIRE(lt != nullptr);
      CHECK(Bytes(lt->key()) == Bytes(*std::prev(model_ge)));
    }
  }
}

TEST_CASE("node heights follow the geometric distribution", "[skiplist]") {
  SkipList list(3);
  constexpr int kNodes = 20000;
  for (int i = 0; i < kNodes; ++i) REQUIRE_NOTHROW(list.Insert(std::to_string(i)));

  int tallest = 0;
  int at_least_2 = 0;
  int at_least_3 = 0;
  for (const SkipList::Node* node = list.First(); node != nullptr; node = node->next(0)) {
    INFO("node " << ShowBytes(node->key()));
    REQUIRE(node->height >= 1);
    REQUIRE(node->height <= SkipList::kMaxHeight);
    tallest = std::max(tallest, node->height);
    at_least_2 += node->height >= 2 ? 1 : 0;
    at_least_3 += node->height >= 3 ? 1 : 0;
  }
  CHECK(list.height() == tallest);
  // P(height >= 2) = 1/4 and P(height >= 3) = 1/16: expect 5000 and 1250, standard deviation
  // about 61 and 34, so these bounds hold for any correct implementation and any seed.
  CHECK(at_least_2 > 4500);
  CHECK(at_least_2 < 5500);
  CHECK(at_least_3 > 1000);
  CHECK(at_least_3 < 1500);
}

TEST_CASE("every level is sorted and holds exactly the nodes tall enough", "[skiplist]") {
  SkipList list(17);
  lsm::Random random(9);
  for (int i = 0; i < 3000; ++i) REQUIRE_NOTHROW(list.Insert(std::to_string(random.Next())));

  // Walk each level from the first node that reaches it (found on level 0).
  for (int level = 0; level < list.height(); ++level) {
    INFO("level " << level);
    std::vector<const SkipList::Node*> tall_enough;
    for (const SkipList::Node* node = list.First(); node != nullptr; node = node->next(0)) {
      if (node->height > level) tall_enough.push_back(node);
    }
    REQUIRE_FALSE(tall_enough.empty());
    std::size_t i = 0;
    for (const SkipList::Node* node = tall_enough.front(); node != nullptr;
         node = node->next(level), ++i) {
      REQUIRE(i < tall_enough.size());
      INFO("node " << i << " of the level: " << ShowBytes(node->key()) << ", expected "
                   << ShowBytes(tall_enough[i]->key()));
      CHECK(node == tall_enough[i]);
    }
    CHECK(i == tall_enough.size());
  }
}
