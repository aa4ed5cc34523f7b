#include "invoicing/terms.h"

#include <gtest/gtest.h>

#include "core/quantity.h"
#include "invoicing/invoices.h"

namespace concord::invoicing {
namespace {

using nlohmann::json;

Date D(const char* s) { return Date::Parse(s).value(); }

TEST(PaymentTerms, ParsesAndRoundTripsLines) {
  auto lines = ParseTermLines(json::parse(R"([{"percent": "30", "days": 0},
      {"percent": "balance", "days": 30, "end_of_month": true}])"));
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].percent, 300000);
  EXPECT_FALSE((*lines)[1].percent.has_value());
  EXPECT_EQ(TermLinesJson(*lines),
            json::parse(R"([{"percent": "30", "days": 0, "end_of_month": false},
                            {"percent": "balance", "days": 30, "end_of_month": true}])"));
}

TEST(PaymentTerms, RefusesBadLinesWithFieldErrors) {
  auto fields = [](const char* text) {
    std::set<std::pair<std::string, std::string>> out;
    auto r = ParseTermLines(json::parse(text));
    for (const auto& e : r.status().field_errors()) out.emplace(e.field, e.code);
    return out;
  };
  EXPECT_TRUE(fields("[]").count({"lines", "type"}));
  EXPECT_TRUE(fields(R"([{"percent": "balance", "days": 0}, {"percent": "50", "days": 1}])")
                  .count({"lines/0/percent", "invoicing.balance_not_last"}));
  EXPECT_TRUE(fields(R"([{"percent": "60", "days": 0}, {"percent": "50", "days": 1}])")
                  .count({"lines", "invoicing.percent_sum"}));
  EXPECT_TRUE(fields(R"([{"percent": "100", "days": 0}, {"percent": "balance", "days": 1}])")
                  .count({"lines", "invoicing.percent_sum"}));
  EXPECT_TRUE(fields(R"([{"percent": "0", "days": 0}, {"percent": "balance", "days": 1}])")
                  .count({"lines/0/percent", "invoicing.percent"}));
  EXPECT_TRUE(fields(R"([{"percent": 50, "days": -1}, {"percent": "balance", "days": 1}])")
                  .count({"lines/0/days", "range"}));
  EXPECT_TRUE(fields(R"([{"percent": "balance", "days": 1, "extra": 1}])")
                  .count({"lines/0/extra", "unknown_field"}));
}

TEST(PaymentTerms, SplitsExactlyWithTheRemainderLast) {
  std::vector<TermLine> half = {{500000, 0, false}, {std::nullopt, 60, false}};
  auto parts = SplitByTerm(half, 10001, D("2026-10-15"));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].amount, 5001);  // 50.005 rounds half up
  EXPECT_EQ(parts[1].amount, 5000);
  EXPECT_EQ(parts[0].due_date, D("2026-10-15"));
  EXPECT_EQ(parts[1].due_date, D("2026-12-14"));
  // Thirds: cumulative rounding never overshoots and always sums to the total.
  std::vector<TermLine> thirds = {
      {333333, 0, false}, {333333, 30, false}, {std::nullopt, 60, false}};
  for (int64_t total : {1, 2, 100, 101, 99999, 1000000007}) {
    auto p = SplitByTerm(thirds, total, D("2026-01-31"));
    int64_t sum = 0;
    for (const auto& i : p) {
      EXPECT_GT(i.amount, 0);
      sum += i.amount;
    }
    EXPECT_EQ(sum, total) << total;
  }
}

TEST(PaymentTerms, EndOfMonthMovesToTheLastDay) {
  std::vector<TermLine> eom = {{std::nullopt, 30, true}};
  EXPECT_EQ(SplitByTerm(eom, 100, D("2026-01-31"))[0].due_date, D("2026-03-31"));
  EXPECT_EQ(SplitByTerm(eom, 100, D("2028-01-30"))[0].due_date, D("2028-02-29"));
  EXPECT_TRUE(SplitByTerm(eom, 0, D("2026-01-31")).empty());
}

TEST(InvoiceAmounts, LineNetRoundsTheGrossThenTheDiscount) {
  auto q = Quantity::Parse("3").value();
  auto p = UnitPrice::Parse("33.33").value();
  EXPECT_EQ(LineNet(p, q, 0, "CNY").value(), 9999);
  EXPECT_EQ(LineNet(p, q, 100000, "CNY").value(), 8999);  // 89.991 -> 89.99
  EXPECT_EQ(LineNet(UnitPrice::Parse("0.333333").value(), q, 0, "USD").value(), 100);
  EXPECT_EQ(LineNet(p, q, 1000000, "CNY").value(), 0);
  EXPECT_EQ(
      LineNet(UnitPrice::Parse("1.5").value(), Quantity::Parse("1").value(), 0, "JPY").value(), 2);
  EXPECT_FALSE(LineNet(p, q, 0, "XXQ").ok());
}

}  // namespace
}  // namespace concord::invoicing
