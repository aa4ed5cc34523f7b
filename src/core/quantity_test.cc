#include "core/quantity.h"

#include <gtest/gtest.h>

#include <limits>

namespace concord {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

const Currency kUsd = Currency::FromCodeOrDie("USD");
const Currency kJpy = Currency::FromCodeOrDie("JPY");
const Currency kKwd = Currency::FromCodeOrDie("KWD");

Quantity Qty(std::string_view text) { return *Quantity::Parse(text); }
UnitPrice Price(std::string_view text) { return *UnitPrice::Parse(text); }

TEST(QuantityTest, ParsesAndFormatsAtScaleSix) {
  EXPECT_EQ(Qty("2.5").scaled(), 2'500'000);
  EXPECT_EQ(Qty("2.5").ToString(), "2.500000");
  EXPECT_EQ(Qty("2.5").ToTrimmedString(), "2.5");
  EXPECT_EQ(Qty("-0.000001").scaled(), -1);
  EXPECT_EQ(Qty("3").ToTrimmedString(), "3");
  EXPECT_EQ(Quantity().scaled(), 0);
  EXPECT_TRUE(Quantity().IsZero());
  EXPECT_TRUE(Qty("-1").IsNegative());
}

TEST(QuantityTest, RejectsBadText) {
  EXPECT_EQ(Quantity::Parse("0.0000001").status().message_id(), "decimal.too_many_decimals");
  EXPECT_EQ(Quantity::Parse("1e3").status().message_id(), "decimal.exponent_not_allowed");
  EXPECT_EQ(Quantity::Parse("").status().message_id(), "decimal.empty");
  EXPECT_EQ(Quantity::Parse("10000000000000").status().message_id(), "decimal.overflow");
}

TEST(QuantityTest, CheckedArithmetic) {
  EXPECT_EQ(Qty("1.5").Add(Qty("2.25"))->ToString(), "3.750000");
  EXPECT_EQ(Qty("1.5").Sub(Qty("2.25"))->ToString(), "-0.750000");
  EXPECT_EQ(Qty("1.5").Negate()->scaled(), -1'500'000);
  EXPECT_EQ(Quantity::FromScaled(kMax).Add(Quantity::FromScaled(1)).status().message_id(),
            "quantity.overflow");
  EXPECT_EQ(Quantity::FromScaled(kMin).Sub(Quantity::FromScaled(1)).status().message_id(),
            "quantity.overflow");
  EXPECT_EQ(Quantity::FromScaled(kMin).Negate().status().message_id(), "quantity.overflow");
  EXPECT_EQ(Quantity::FromUnits(3)->scaled(), 3'000'000);
  EXPECT_EQ(Quantity::FromUnits(kMax / 10).status().message_id(), "quantity.overflow");
}

TEST(QuantityTest, Ordering) {
  EXPECT_LT(Qty("0.999999"), Qty("1"));
  EXPECT_GT(Qty("-1"), Qty("-1.000001"));
  EXPECT_EQ(Qty("1.50"), Qty("1.5"));
}

TEST(UnitPriceTest, ParsesAndConvertsFromMoney) {
  EXPECT_EQ(Price("0.333333").scaled(), 333'333);
  EXPECT_EQ(Price("12.5").ToString(), "12.500000");
  EXPECT_EQ(Price("12.5").ToTrimmedString(), "12.5");
  EXPECT_EQ(UnitPrice::Parse("0.3333333").status().message_id(), "decimal.too_many_decimals");
  EXPECT_EQ(UnitPrice::FromMoney(*Money::Parse("12.50", "USD"))->ToString(), "12.500000");
  EXPECT_EQ(UnitPrice::FromMoney(*Money::Parse("1500", "JPY"))->scaled(), 1'500'000'000);
  EXPECT_EQ(UnitPrice::FromMoney(Money::FromMinor(kMax, kUsd)).status().message_id(),
            "unit_price.overflow");
}

TEST(LineAmountTest, RoundsOnceToTheCurrencyMinorUnit) {
  // 3 × 0.333333 = 0.999999 -> 1.00, not 3 × 0.33 = 0.99.
  EXPECT_EQ(LineAmount(Price("0.333333"), Qty("3"), kUsd, RoundingMode::kHalfUp)->ToString(),
            "1.00");
  EXPECT_EQ(LineAmount(Price("0.333333"), Qty("3"), kUsd, RoundingMode::kDown)->ToString(), "0.99");
  // 2.5 kg × 1.99 = 4.975: a tie.
  EXPECT_EQ(LineAmount(Price("1.99"), Qty("2.5"), kUsd, RoundingMode::kHalfUp)->ToString(), "4.98");
  EXPECT_EQ(LineAmount(Price("1.99"), Qty("2.5"), kUsd, RoundingMode::kHalfEven)->ToString(),
            "4.98");
  EXPECT_EQ(LineAmount(Price("1.97"), Qty("2.5"), kUsd, RoundingMode::kHalfEven)->ToString(),
            "4.92");
  // Returns: a negative quantity gives a negative amount, rounded symmetrically.
  EXPECT_EQ(LineAmount(Price("1.99"), Qty("-2.5"), kUsd, RoundingMode::kHalfUp)->ToString(),
            "-4.98");
  EXPECT_EQ(LineAmount(Price("1.99"), Qty("-2.5"), kUsd, RoundingMode::kFloor)->ToString(),
            "-4.98");
  EXPECT_EQ(LineAmount(Price("1.99"), Qty("-2.5"), kUsd, RoundingMode::kCeiling)->ToString(),
            "-4.97");
}

TEST(LineAmountTest, UsesTheCurrencyScale) {
  Result<Money> yen = LineAmount(Price("99.5"), Qty("3"), kJpy, RoundingMode::kHalfUp);
  EXPECT_EQ(yen->minor(), 299);  // 298.5 -> 299
  EXPECT_EQ(yen->currency(), kJpy);
  EXPECT_EQ(LineAmount(Price("0.1235"), Qty("10"), kKwd, RoundingMode::kHalfUp)->ToString(),
            "1.235");
  EXPECT_EQ(LineAmount(Price("0.12345"), Qty("1"), kKwd, RoundingMode::kHalfEven)->ToString(),
            "0.123");
}

TEST(LineAmountTest, LargeValuesUse128BitsAndOverflowIsReported) {
  // 1,000,000 units × 1,000,000.00: scale-12 product is far beyond int64.
  EXPECT_EQ(LineAmount(Price("1000000"), Qty("1000000"), kUsd, RoundingMode::kHalfUp)->ToString(),
            "1000000000000.00");
  Result<Money> too_big =
      LineAmount(Price("9000000000000"), Qty("9000000000000"), kUsd, RoundingMode::kHalfUp);
  EXPECT_EQ(too_big.status().message_id(), "money.overflow");
}

}  // namespace
}  // namespace concord
