// Tx helpers that need no database: Record accessors and the Changes() diff.
#include "store/tx.h"

#include <gtest/gtest.h>

namespace concord::store {
namespace {

TEST(ChangesTest, ListsChangedAddedAndRemovedFields) {
  nlohmann::json before = {{"name", "a"}, {"qty", 1}, {"gone", true}, {"same", "s"}};
  nlohmann::json after = {{"name", "b"}, {"qty", 1}, {"new", 5}, {"same", "s"}};
  EXPECT_EQ(
      Changes(before, after),
      nlohmann::json({{"name", {"a", "b"}}, {"new", {nullptr, 5}}, {"gone", {true, nullptr}}}));
  EXPECT_EQ(Changes(after, after), nlohmann::json::object());
  EXPECT_EQ(Changes(nlohmann::json::object(), {{"id", 1}}), nlohmann::json({{"id", {nullptr, 1}}}));
}

TEST(RecordTest, AccessorsByIndexAndName) {
  auto names = std::make_shared<const std::vector<std::string>>(
      std::vector<std::string>{"id", "name", "missing", "qty"});
  Record r(names, {Value(int64_t{42}), Value(std::string("pen")), Value(nullptr),
                   Value(std::string("-7"))});
  EXPECT_EQ(r.size(), 4);
  EXPECT_EQ(r.Int(0), 42);
  EXPECT_EQ(r.Int("qty"), -7);  // text is parsed
  EXPECT_EQ(r.Text("name"), "pen");
  EXPECT_TRUE(r.IsNull("missing"));
  EXPECT_FALSE(r.IsNull("id"));
  EXPECT_EQ(r.Int("missing"), 0);
  EXPECT_EQ(r.Text("missing"), "");
  EXPECT_EQ(r.OptInt("missing"), std::nullopt);
  EXPECT_EQ(r.OptText("missing"), std::nullopt);
  EXPECT_EQ(r.OptInt("qty"), -7);
  EXPECT_EQ(r.OptText("id"), "42");
  EXPECT_EQ(r.OptText(1), "pen");
}

}  // namespace
}  // namespace concord::store
