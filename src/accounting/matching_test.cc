// The arithmetic of settlements (proportional company amounts, exchange differences) and of
// currency rates.
#include "accounting/matching.h"

#include <gtest/gtest.h>

#include "accounting/currency_rates.h"

namespace concord::accounting {
namespace {

TEST(Settle, CompanyCurrencyLinesMatchTheAmount) {
  // Same currency as the company: residual == currency residual, no difference.
  auto s = Settle(100000, 100000, 40000, 40000, 40000);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->matched, 40000);
  EXPECT_EQ(s->fx_difference, 0);
}

TEST(Settle, FullForeignSettlementGivesTheWholeDifference) {
  // Invoice 100.00 USD at 7.10 = 710.00; payment 100.00 USD at 7.20 = 720.00.
  auto s = Settle(71000, 10000, 72000, 10000, 10000);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->debit_settled, 71000);
  EXPECT_EQ(s->credit_settled, 72000);
  EXPECT_EQ(s->matched, 71000);
  EXPECT_EQ(s->fx_difference, -1000);  // credit side larger: a gain of 10.00
  // The other way round (a payable paid at a higher rate than booked): a loss.
  auto loss = Settle(72000, 10000, 71000, 10000, 10000);
  EXPECT_EQ(loss->fx_difference, 1000);
  EXPECT_EQ(loss->matched, 71000);
}

TEST(Settle, PartialSettlementIsProportionalAndRoundedOnce) {
  // 40.00 of 100.00 USD: 284.00 of 710.00 and 288.00 of 720.00.
  auto s = Settle(71000, 10000, 72000, 10000, 4000);
  EXPECT_EQ(s->debit_settled, 28400);
  EXPECT_EQ(s->credit_settled, 28800);
  EXPECT_EQ(s->fx_difference, -400);
  // 1/3 of 100.00 (33.33 of 100.00 USD at 7.1): 710.00 × 3333 / 10000 = 236.643 -> 236.64.
  auto third = Settle(71000, 10000, 71000, 10000, 3333);
  EXPECT_EQ(third->debit_settled, 23664);
  EXPECT_EQ(third->fx_difference, 0);
  // Half up: 0.05 × 1 / 2 = 0.025 -> 0.03.
  auto half = Settle(5, 2, 5, 2, 1);
  EXPECT_EQ(half->debit_settled, 3);
  // What is left settles exactly the rest: 710.00 - 236.64 = 473.36 for the 66.67 left.
  auto rest = Settle(71000 - 23664, 10000 - 3333, 71000 - 23664, 10000 - 3333, 10000 - 3333);
  EXPECT_EQ(rest->debit_settled, 47336);
}

TEST(Settle, RefusesOverAndNonPositiveAmounts) {
  EXPECT_FALSE(Settle(100, 100, 50, 50, 51).ok());
  EXPECT_FALSE(Settle(100, 100, 50, 50, 101).ok());
  EXPECT_FALSE(Settle(100, 100, 50, 50, 0).ok());
  EXPECT_FALSE(Settle(100, 100, 50, 50, -1).ok());
  EXPECT_FALSE(Settle(100, 0, 50, 50, 1).ok());
  // No overflow on large amounts: the product is computed in 128 bits.
  auto big = Settle(INT64_MAX / 2, INT64_MAX / 4, INT64_MAX / 2, INT64_MAX / 4, INT64_MAX / 8);
  ASSERT_TRUE(big.ok()) << big.status().ToString();
}

TEST(Rates, ParseAndConvert) {
  auto r = ParseRate("7.10");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "7.1");
  r->currency = "USD";
  EXPECT_EQ(*ToCompany(10000, *r, "CNY"), 71000);
  EXPECT_EQ(*ToCompany(-10000, *r, "CNY"), -71000);
  auto fine = ParseRate("7.12345");
  fine->currency = "USD";
  EXPECT_EQ(*ToCompany(1, *fine, "CNY"), 7);      // 0.01 USD = 0.0712345 -> 0.07
  EXPECT_EQ(*ToCompany(100, *fine, "CNY"), 712);  // 1.00 USD = 7.12345 -> 7.12
  auto yen = ParseRate("0.048");
  yen->currency = "JPY";  // no minor unit: 1000 JPY = 48.00 CNY
  EXPECT_EQ(*ToCompany(1000, *yen, "CNY"), 4800);
  for (const char* bad : {"0", "-1", "abc", "1e3", "7.12345678901", ""}) {
    EXPECT_FALSE(ParseRate(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace concord::accounting
