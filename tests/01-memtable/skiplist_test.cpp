// Chapter 1: the skip list on its own, so that a bug shows up where it is.

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "chapters/01-memtable/skiplist.h"
#include "common/random.h"

using lsm::SkipList;

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
  auto [b, b_inserted] = list.Insert("b");
  CHECK(b_inserted);
  CHECK(b->key() == "b");
  CHECK(list.Insert("a").second);
  CHECK(list.Insert("c").second);

  auto [again, again_inserted] = list.Insert("b");
  CHECK_FALSE(again_inserted);
  CHECK(again == b);  // the same node, not a copy
  CHECK(list.size() == 3);
  CHECK(Level0Keys(list) == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("searches agree with std::set on random keys", "[skiplist]") {
  SkipList list(11);
  std::set<std::string> model;
  lsm::Random random(5);
  for (int i = 0; i < 5000; ++i) {
    const std::string key = std::to_string(random.Uniform(20000));
    CHECK(list.Insert(key).second == model.insert(key).second);
  }
  REQUIRE(list.size() == model.size());
  CHECK(Level0Keys(list) == std::vector<std::string>(model.begin(), model.end()));
  CHECK(list.Last()->key() == *model.rbegin());

  for (int i = 0; i < 2000; ++i) {
    const std::string probe = std::to_string(random.Uniform(20000)) + (i % 2 ? "" : "5");
    const SkipList::Node* ge = list.FindGreaterOrEqual(probe);
    auto model_ge = model.lower_bound(probe);
    if (model_ge == model.end()) {
      CHECK(ge == nullptr);
    } else {
      REQUIRE(ge != nullptr);
      CHECK(ge->key() == *model_ge);
    }
    const SkipList::Node* lt = list.FindLessThan(probe);
    if (model_ge == model.begin()) {
      CHECK(lt == nullptr);
    } else {
      REQUIRE(lt != nullptr);
      CHECK(lt->key() == *std::prev(model_ge));
    }
  }
}

TEST_CASE("node heights follow the geometric distribution", "[skiplist]") {
  SkipList list(3);
  constexpr int kNodes = 20000;
  for (int i = 0; i < kNodes; ++i) list.Insert(std::to_string(i));

  int tallest = 0;
  int at_least_2 = 0;
  int at_least_3 = 0;
  for (const SkipList::Node* node = list.First(); node != nullptr; node = node->next(0)) {
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
  for (int i = 0; i < 3000; ++i) list.Insert(std::to_string(random.Next()));

  // Walk each level from the first node that reaches it (found on level 0).
  for (int level = 0; level < list.height(); ++level) {
    std::vector<const SkipList::Node*> tall_enough;
    for (const SkipList::Node* node = list.First(); node != nullptr; node = node->next(0)) {
      if (node->height > level) tall_enough.push_back(node);
    }
    REQUIRE_FALSE(tall_enough.empty());
    std::size_t i = 0;
    for (const SkipList::Node* node = tall_enough.front(); node != nullptr;
         node = node->next(level), ++i) {
      REQUIRE(i < tall_enough.size());
      CHECK(node == tall_enough[i]);
    }
    CHECK(i == tall_enough.size());
  }
}
