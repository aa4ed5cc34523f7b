// Lifecycle status from synthetic purchase histories.
#include "party/lifecycle.h"

#include <gtest/gtest.h>

namespace concord::party {
namespace {

Date D(const char* text) { return *Date::Parse(text); }

std::vector<Date> Every(const char* first, int days, int count) {
  std::vector<Date> out;
  for (int i = 0; i < count; ++i) out.push_back(D(first).AddDays(i * days));
  return out;
}

TEST(Lifecycle, NoPurchaseIsProspect) {
  auto r = ComputeLifecycle({}, D("2026-11-22"), {});
  EXPECT_EQ(r.status, "prospect");
  EXPECT_EQ(r.purchases, 0);
}

TEST(Lifecycle, FirstPurchaseRecentlyIsNew) {
  auto r = ComputeLifecycle({D("2026-10-01")}, D("2026-11-22"), {});
  EXPECT_EQ(r.status, "new");
  EXPECT_EQ(r.days_since_last, 52);
  EXPECT_EQ(r.usual_interval_days, 90);  // the default with one purchase
}

TEST(Lifecycle, RegularBuyerIsActiveThenLoyal) {
  LifecycleRules rules;
  // Monthly for 4 months: active (not yet 5 purchases).
  auto active = ComputeLifecycle(Every("2026-06-01", 30, 4), D("2026-09-20"), rules);
  EXPECT_EQ(active.status, "active") << active.reason;
  EXPECT_EQ(active.usual_interval_days, 30);
  // Monthly for a year: loyal.
  auto loyal = ComputeLifecycle(Every("2025-11-01", 30, 12), D("2026-10-30"), rules);
  EXPECT_EQ(loyal.status, "loyal") << loyal.reason;
}

TEST(Lifecycle, GapBeyondUsualIntervalIsAtRiskThenChurned) {
  LifecycleRules rules;  // at risk beyond 2x, churned beyond 4x the usual interval
  auto history = Every("2025-01-10", 30, 12);  // last purchase 2025-12-06
  Date last = history.back();
  EXPECT_EQ(ComputeLifecycle(history, last.AddDays(60), rules).status, "loyal");
  EXPECT_EQ(ComputeLifecycle(history, last.AddDays(61), rules).status, "at_risk");
  EXPECT_EQ(ComputeLifecycle(history, last.AddDays(120), rules).status, "at_risk");
  auto churned = ComputeLifecycle(history, last.AddDays(121), rules);
  EXPECT_EQ(churned.status, "churned");
  EXPECT_EQ(churned.days_since_last, 121);
}

TEST(Lifecycle, ThresholdsAreConfigurable) {
  LifecycleRules rules;
  rules.at_risk_factor_pct = 150;
  auto history = Every("2026-01-01", 20, 6);
  Date last = history.back();
  EXPECT_EQ(ComputeLifecycle(history, last.AddDays(31), rules).status, "at_risk");
  rules.at_risk_factor_pct = 200;
  EXPECT_NE(ComputeLifecycle(history, last.AddDays(31), rules).status, "at_risk");
}

TEST(Lifecycle, AbsoluteChurnLimitAndSameDayPurchases) {
  LifecycleRules rules;
  rules.churn_days = 365;
  // Two purchases the same day count once; a yearly buyer silent for 366 days is churned even
  // though the gap is only 1x the usual interval.
  std::vector<Date> h = {D("2024-01-01"), D("2024-01-01"), D("2025-01-01")};
  auto r = ComputeLifecycle(h, D("2026-01-02"), rules);
  EXPECT_EQ(r.purchases, 2);
  EXPECT_EQ(r.status, "churned");
}

TEST(Lifecycle, MedianIntervalIgnoresOneLongPause) {
  // Weekly buyer with one 200-day pause: the usual interval stays a week.
  std::vector<Date> h = Every("2026-01-01", 7, 6);
  h.push_back(h.back().AddDays(200));
  for (int i = 1; i <= 4; ++i) h.push_back(h.back().AddDays(7));
  auto r = ComputeLifecycle(h, h.back().AddDays(10), {});
  EXPECT_EQ(r.usual_interval_days, 7);
  EXPECT_EQ(r.status, "loyal");
  EXPECT_EQ(ComputeLifecycle(h, h.back().AddDays(15), {}).status, "at_risk");
}

TEST(Lifecycle, RulesValidate) {
  EXPECT_TRUE(ParseLifecycleRules({{"at_risk_factor_pct", 150}}).ok());
  EXPECT_FALSE(ParseLifecycleRules({{"at_risk_factor_pct", 50}}).ok());
  EXPECT_FALSE(ParseLifecycleRules({{"churn_factor_pct", 150}, {"at_risk_factor_pct", 200}}).ok());
  EXPECT_FALSE(ParseLifecycleRules({{"unknown", 1}}).ok());
  EXPECT_FALSE(ParseLifecycleRules(nlohmann::json::array()).ok());
  auto r = ParseLifecycleRules(LifecycleRulesJson(LifecycleRules{}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->churn_days, 730);
}

}  // namespace
}  // namespace concord::party
