#include "workflow/definition.h"

#include <gtest/gtest.h>

namespace concord::workflow {
namespace {

using nlohmann::json;

TEST(WorkflowCondition, ComparesDecimalsExactlyAndSkipsMissingFields) {
  json doc = {{"total", "10000.01"}, {"limit", "10000"}, {"state", "draft"}, {"none", nullptr}};
  EXPECT_TRUE(Holds({"total", ">", json("10000"), ""}, doc));
  EXPECT_FALSE(Holds({"total", "<=", json(10000), ""}, doc));
  EXPECT_TRUE(Holds({"total", ">", json(), "limit"}, doc));
  EXPECT_TRUE(Holds({"state", "==", json("draft"), ""}, doc));
  EXPECT_FALSE(Holds({"state", ">", json("a"), ""}, doc));  // no order on text
  EXPECT_FALSE(Holds({"none", "!=", json(1), ""}, doc));
  EXPECT_FALSE(Holds({"missing", "==", json(1), ""}, doc));
}

TEST(WorkflowDefinition, DefaultsToASequenceAndRefusesCycles) {
  auto yes = [](const std::string&) { return true; };
  json body = {{"key", "k"},
               {"document_type", "quote"},
               {"steps",
                {{{"key", "a"}, {"assignee", {{"user", 1}}}},
                 {{"key", "b"}, {"assignee", {{"user", 1}}}, {"due_hours", 2}}}}};
  auto d = ParseDefinition(body, yes, yes);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->steps[1].after, std::vector<std::string>{"a"});
  EXPECT_EQ(d->steps[1].on_timeout, "reject");
  body["steps"][0]["after"] = {"b"};
  EXPECT_FALSE(ParseDefinition(body, yes, yes).ok());
}

}  // namespace
}  // namespace concord::workflow
