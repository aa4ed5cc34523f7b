// The pure lead rules: status machine, scoring rule validation and evaluation, assignment.
#include "crm/lead_rules.h"

#include <gtest/gtest.h>

#include <set>

namespace concord::crm {
namespace {

using nlohmann::json;

std::set<std::pair<std::string, std::string>> Errors(const Status& st) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& e : st.field_errors()) out.emplace(e.field, e.code);
  return out;
}

LeadFacts Facts(json fields, int64_t done = 0, bool responded = false) {
  LeadFacts f;
  f.fields = std::move(fields);
  f.activities_done = done;
  f.campaign_responded = responded;
  return f;
}

TEST(LeadRulesTest, StatusMachine) {
  EXPECT_TRUE(LeadTransitionAllowed("new", "contacted"));
  EXPECT_TRUE(LeadTransitionAllowed("contacted", "qualified"));
  EXPECT_TRUE(LeadTransitionAllowed("qualified", "disqualified"));
  EXPECT_TRUE(LeadTransitionAllowed("disqualified", "contacted"));
  EXPECT_FALSE(LeadTransitionAllowed("qualified", "contacted"));
  EXPECT_FALSE(LeadTransitionAllowed("new", "new"));
  EXPECT_FALSE(LeadTransitionAllowed("new", "converted")) << "only through conversion";
  EXPECT_FALSE(LeadTransitionAllowed("converted", "disqualified"));
  EXPECT_FALSE(LeadTransitionAllowed("converted", "qualified"));
  EXPECT_TRUE(LeadConvertible("qualified"));
  EXPECT_TRUE(LeadConvertible("new"));
  EXPECT_FALSE(LeadConvertible("disqualified"));
  EXPECT_FALSE(LeadConvertible("converted"));
}

TEST(LeadRulesTest, TheDefaultRulesAreValid) {
  EXPECT_TRUE(ValidateScoringRules(DefaultScoringRules()).ok());
  EXPECT_TRUE(ValidateAssignmentRules(DefaultAssignmentRules()).ok());
}

TEST(LeadRulesTest, ScoreAddsFitAndEngagementAndExplainsIt) {
  json rules = json::parse(R"({
    "fit": [{"field": "employees", "op": ">=", "value": 100, "points": 20},
            {"field": "country", "op": "in", "value": ["CN", "US"], "points": 10},
            {"field": "source", "op": "=", "value": "referral", "points": 15},
            {"field": "email", "op": "present", "points": 5},
            {"field": "phone", "op": "present", "points": 7},
            {"field": "estimated_value", "op": ">", "value": "999.99", "points": 3}],
    "engagement": [{"signal": "activities_done", "op": ">=", "value": 2, "points": 10},
                   {"signal": "campaign_responded", "points": 15, "label": "Answered"}]})");
  ASSERT_TRUE(ValidateScoringRules(rules).ok()) << ValidateScoringRules(rules).ToString();
  LeadFacts f = Facts({{"employees", 100},
                       {"country", "cn"},
                       {"source", "referral"},
                       {"email", "a@b.cn"},
                       {"phone", nullptr},
                       {"estimated_value", "1000.00"}},
                      2, true);
  LeadScore s = EvaluateScore(rules, f);
  EXPECT_EQ(s.points, 20 + 10 + 15 + 5 + 3 + 10 + 15);
  ASSERT_EQ(s.detail.size(), 7u) << s.detail.dump();
  EXPECT_EQ(s.detail[0], json({{"group", "fit"},
                               {"field", "employees"},
                               {"op", ">="},
                               {"value", 100},
                               {"points", 20}}));
  EXPECT_EQ(s.detail[6]["signal"], "campaign_responded");
  EXPECT_EQ(s.detail[6]["label"], "Answered");

  LeadFacts weak = Facts({{"employees", 99}, {"country", "DE"}, {"source", "web"}}, 1, false);
  LeadScore w = EvaluateScore(rules, weak);
  EXPECT_EQ(w.points, 0) << w.detail.dump();
  EXPECT_TRUE(w.detail.empty());
}

TEST(LeadRulesTest, OperatorsOnMissingAndNegatedValues) {
  json rules = {{"fit",
                 {{{"field", "city"}, {"op", "absent"}, {"points", -5}},
                  {{"field", "industry"}, {"op", "not_in"}, {"value", {"retail"}}, {"points", 4}},
                  {{"field", "employees"}, {"op", "<"}, {"value", 10}, {"points", -3}},
                  {{"field", "estimated_value"}, {"op", "<="}, {"value", 5}, {"points", 2}}}}};
  ASSERT_TRUE(ValidateScoringRules(rules).ok());
  // An empty string counts as absent; a missing value never satisfies a comparison.
  LeadScore s = EvaluateScore(rules, Facts({{"city", ""}, {"industry", "Retail"}}));
  EXPECT_EQ(s.points, -5);
  s = EvaluateScore(rules, Facts({{"city", "Shanghai"},
                                  {"industry", "steel"},
                                  {"employees", 3},
                                  {"estimated_value", "5.000"}}));
  EXPECT_EQ(s.points, 4 - 3 + 2);
}

TEST(LeadRulesTest, ValidationNamesEveryBadField) {
  json rules = json::parse(R"({
    "fit": [{"field": "shoe_size", "op": "=", "value": 42, "points": 1},
            {"field": "country", "op": "~", "value": "CN", "points": 1},
            {"field": "country", "op": ">", "value": "CN", "points": 1},
            {"field": "employees", "op": ">=", "value": "many", "points": 1},
            {"field": "email", "op": "present", "value": "x", "points": 1},
            {"field": "country", "op": "in", "value": [], "points": 1},
            {"field": "estimated_value", "op": ">", "value": "1,5", "points": 1},
            {"field": "source", "op": "=", "value": "web", "points": 5000},
            {"field": "source", "op": "=", "value": "web", "points": 1, "weight": 2},
            {"op": "=", "value": "web", "points": 1}],
    "engagement": [{"signal": "likes", "op": ">=", "value": 1, "points": 1},
                   {"signal": "campaign_responded", "value": true, "points": 1},
                   {"signal": "activities_done", "op": "in", "value": [1.5], "points": 1}],
    "extra": []})");
  auto errors = Errors(ValidateScoringRules(rules, "value/"));
  std::set<std::pair<std::string, std::string>> want = {{"value/fit/0/field", "unknown"},
                                                        {"value/fit/1/op", "unknown"},
                                                        {"value/fit/2/op", "unknown"},
                                                        {"value/fit/3/value", "type"},
                                                        {"value/fit/4/value", "not_allowed"},
                                                        {"value/fit/5/value", "type"},
                                                        {"value/fit/6/value", "type"},
                                                        {"value/fit/7/points", "range"},
                                                        {"value/fit/8/weight", "unknown_field"},
                                                        {"value/fit/9/field", "required"},
                                                        {"value/engagement/0/signal", "unknown"},
                                                        {"value/engagement/1/value", "not_allowed"},
                                                        {"value/engagement/2/value/0", "type"},
                                                        {"value/extra", "unknown_field"}};
  EXPECT_EQ(errors, want);
  EXPECT_FALSE(ValidateScoringRules(json::array()).ok());
  EXPECT_FALSE(ValidateScoringRules({{"fit", "all"}}).ok());
}

TEST(LeadRulesTest, AssignmentValidation) {
  EXPECT_TRUE(ValidateAssignmentRules({{"mode", "round_robin"}, {"users", {5, 7}}}).ok());
  EXPECT_TRUE(ValidateAssignmentRules(json::parse(R"({"mode": "criteria",
      "rules": [{"when": {"country": "CN", "source": ["web", "event"]}, "user_id": 5}],
      "fallback_users": [7]})"))
                  .ok());
  auto errors = Errors(ValidateAssignmentRules(json::parse(R"({"mode": "criteria",
      "rules": [{"when": {"shoe": "42"}, "user_id": 5}, {"when": {}, "user_id": "x"},
                {"when": {"country": "CN"}, "user_id": 5, "weight": 1}],
      "fallback_users": [7, 7, -1]})")));
  std::set<std::pair<std::string, std::string>> want = {
      {"rules/0/when/shoe", "unknown_field"}, {"rules/1/when", "type"},
      {"rules/1/user_id", "required"},        {"rules/2/weight", "unknown_field"},
      {"fallback_users/1", "duplicate"},      {"fallback_users/2", "type"}};
  EXPECT_EQ(errors, want);
  EXPECT_EQ(Errors(ValidateAssignmentRules({{"mode", "round_robin"}, {"users", json::array()}})),
            (std::set<std::pair<std::string, std::string>>{{"users", "type"}}));
  EXPECT_EQ(Errors(ValidateAssignmentRules({{"mode", "lottery"}})),
            (std::set<std::pair<std::string, std::string>>{{"mode", "enum"}}));
  EXPECT_EQ(Errors(ValidateAssignmentRules({{"mode", "none"}, {"users", {1}}})),
            (std::set<std::pair<std::string, std::string>>{{"users", "unknown_field"}}));
}

TEST(LeadRulesTest, AssignmentChoosesFirstMatchingRuleElseRotates) {
  json rules = json::parse(R"({"mode": "criteria",
      "rules": [{"when": {"country": "CN", "source": "web"}, "user_id": 5},
                {"when": {"source": ["event", "partner"]}, "user_id": 6}],
      "fallback_users": [7, 8]})");
  auto refs = AssignmentUserRefs(rules, "value/");
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[0], (std::pair<std::string, int64_t>{"value/fallback_users/0", 7}));
  EXPECT_EQ(refs[3], (std::pair<std::string, int64_t>{"value/rules/1/user_id", 6}));

  EXPECT_EQ(ChooseAssignee(rules, {{"country", "cn"}, {"source", "web"}}).user_id, 5);
  EXPECT_EQ(ChooseAssignee(rules, {{"country", "US"}, {"source", "partner"}}).user_id, 6);
  auto none = ChooseAssignee(rules, {{"country", "CN"}, {"source", "referral"}});
  EXPECT_FALSE(none.user_id.has_value());
  EXPECT_EQ(none.rotation, (std::vector<int64_t>{7, 8}));

  auto rr = ChooseAssignee({{"mode", "round_robin"}, {"users", {1, 2, 3}}}, json::object());
  EXPECT_EQ(rr.rotation, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(RotationOrder({1, 2, 3}, 4), (std::vector<int64_t>{2, 3, 1}));
  EXPECT_TRUE(RotationOrder({}, 4).empty());
  EXPECT_TRUE(ChooseAssignee(DefaultAssignmentRules(), json::object()).rotation.empty());
}

}  // namespace
}  // namespace concord::crm
