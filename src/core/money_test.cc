#include "core/money.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace concord {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

const Currency kUsd = Currency::FromCodeOrDie("USD");
const Currency kEur = Currency::FromCodeOrDie("EUR");
const Currency kCny = Currency::FromCodeOrDie("CNY");
const Currency kJpy = Currency::FromCodeOrDie("JPY");
const Currency kKwd = Currency::FromCodeOrDie("KWD");

Money Usd(int64_t cents) { return Money::FromMinor(cents, kUsd); }

std::vector<int64_t> Minors(const std::vector<Money>& parts) {
  std::vector<int64_t> out;
  for (const Money& m : parts) out.push_back(m.minor());
  return out;
}

TEST(CurrencyTest, KnowsMinorUnits) {
  EXPECT_EQ(kUsd.minor_units(), 2);
  EXPECT_EQ(kJpy.minor_units(), 0);
  EXPECT_EQ(kKwd.minor_units(), 3);
  EXPECT_EQ(Currency::FromCodeOrDie("KRW").minor_units(), 0);
  EXPECT_EQ(Currency::FromCodeOrDie("BHD").minor_units(), 3);
  EXPECT_EQ(Currency::FromCodeOrDie("CLP").minor_units(), 0);
  EXPECT_EQ(Currency::FromCodeOrDie("ISK").minor_units(), 0);
  EXPECT_EQ(Currency::FromCodeOrDie("VND").minor_units(), 0);
  EXPECT_EQ(kCny.code(), "CNY");
}

TEST(CurrencyTest, RejectsUnknownLowercaseAndWrongLength) {
  for (const char* bad : {"usd", "Usd", "US", "USDD", "XYZ", "", " USD", "USD "}) {
    Result<Currency> c = Currency::FromCode(bad);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(c.status().message_id(), "currency.unknown");
  }
}

TEST(CurrencyTest, AllIsSortedAndRoundTrips) {
  std::vector<Currency> all = Currency::All();
  ASSERT_GE(all.size(), 39u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(*Currency::FromCode(all[i].code()), all[i]);
    if (i > 0) {
      EXPECT_LT(all[i - 1].code(), all[i].code());
    }
  }
}

TEST(MoneyTest, ParsesAtTheCurrencyScale) {
  EXPECT_EQ(Money::Parse("12.50", "USD")->minor(), 1250);
  EXPECT_EQ(Money::Parse("12.5", "USD")->ToString(), "12.50");
  EXPECT_EQ(Money::Parse("100", "JPY")->minor(), 100);
  EXPECT_EQ(Money::Parse("100", "JPY")->ToString(), "100");
  EXPECT_EQ(Money::Parse("1.234", "KWD")->minor(), 1234);
  EXPECT_EQ(Money::Parse("1.25", "KWD")->ToString(), "1.250");
  EXPECT_EQ(Money::Parse("-0.05", kUsd)->ToString(), "-0.05");
}

TEST(MoneyTest, RejectsMoreDecimalsThanTheCurrencyHas) {
  EXPECT_EQ(Money::Parse("100.5", "JPY").status().message_id(), "decimal.too_many_decimals");
  EXPECT_EQ(Money::Parse("1.2345", "KWD").status().message_id(), "decimal.too_many_decimals");
  EXPECT_EQ(Money::Parse("-0.005", "USD").status().message_id(), "decimal.too_many_decimals");
  EXPECT_EQ(Money::Parse("12,50", "EUR").status().message_id(), "decimal.comma_not_allowed");
  EXPECT_EQ(Money::Parse("12.50", "usd").status().message_id(), "currency.unknown");
}

TEST(MoneyTest, AddAndSubCheckCurrencyAndOverflow) {
  EXPECT_EQ(Usd(1250).Add(Usd(-50))->minor(), 1200);
  EXPECT_EQ(Usd(1250).Sub(Usd(1300))->ToString(), "-0.50");
  Result<Money> mixed = Usd(1).Add(Money::FromMinor(1, kEur));
  EXPECT_EQ(mixed.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(mixed.status().message_id(), "money.currency_mismatch");
  EXPECT_EQ(Usd(1).Sub(Money::FromMinor(1, kEur)).status().message_id(), "money.currency_mismatch");
  EXPECT_EQ(Usd(kMax).Add(Usd(1)).status().message_id(), "money.overflow");
  EXPECT_EQ(Usd(kMin).Sub(Usd(1)).status().message_id(), "money.overflow");
  EXPECT_EQ(Usd(kMax).Add(Usd(0))->minor(), kMax);
}

TEST(MoneyTest, Negate) {
  EXPECT_EQ(Usd(1250).Negate()->minor(), -1250);
  EXPECT_EQ(Usd(kMax).Negate()->minor(), -kMax);
  EXPECT_EQ(Usd(kMin).Negate().status().message_id(), "money.overflow");
}

TEST(MoneyTest, EqualityIncludesCurrencyAndOrderingIsByAmount) {
  EXPECT_EQ(Usd(100), Usd(100));
  EXPECT_NE(Usd(100), Money::FromMinor(100, kEur));
  EXPECT_LT(Usd(-1), Usd(0));
  EXPECT_GT(Usd(250), Usd(249));
  EXPECT_EQ(*Compare(Usd(5), Usd(7)), -1);
  EXPECT_EQ(*Compare(Usd(7), Usd(7)), 0);
  EXPECT_EQ(*Compare(Usd(8), Usd(7)), 1);
  EXPECT_EQ(Compare(Usd(1), Money::FromMinor(1, kJpy)).status().message_id(),
            "money.currency_mismatch");
}

TEST(MoneyTest, Sum) {
  std::vector<Money> items = {Usd(1), Usd(250), Usd(-51)};
  EXPECT_EQ(Sum(items, kUsd)->minor(), 200);
  EXPECT_EQ(Sum({}, kUsd)->minor(), 0);
  items.push_back(Money::FromMinor(1, kEur));
  EXPECT_EQ(Sum(items, kUsd).status().message_id(), "money.currency_mismatch");
  std::vector<Money> huge = {Usd(kMax), Usd(1)};
  EXPECT_EQ(Sum(huge, kUsd).status().message_id(), "money.overflow");
}

TEST(MultiplyRoundedTest, RoundsOnceWithTheGivenMode) {
  EXPECT_EQ(MultiplyRounded(Usd(1000), 125, 3, RoundingMode::kHalfUp)->minor(), 125);
  // 0.05 × 0.5 = 0.025: a tie.
  EXPECT_EQ(MultiplyRounded(Usd(5), 5, 1, RoundingMode::kHalfUp)->minor(), 3);
  EXPECT_EQ(MultiplyRounded(Usd(5), 5, 1, RoundingMode::kHalfEven)->minor(), 2);
  EXPECT_EQ(MultiplyRounded(Usd(-5), 5, 1, RoundingMode::kHalfUp)->minor(), -3);
  EXPECT_EQ(MultiplyRounded(Usd(-5), 5, 1, RoundingMode::kFloor)->minor(), -3);
  EXPECT_EQ(MultiplyRounded(Usd(-5), 5, 1, RoundingMode::kCeiling)->minor(), -2);
  // 19.99 × 3 units
  EXPECT_EQ(MultiplyRounded(Usd(1999), 3, 0, RoundingMode::kHalfUp)->ToString(), "59.97");
  EXPECT_EQ(MultiplyRounded(Usd(kMax), 2, 0, RoundingMode::kHalfUp).status().message_id(),
            "money.overflow");
  // The 128-bit intermediate survives a product far beyond int64.
  EXPECT_EQ(MultiplyRounded(Usd(kMax), 1'000'000'000'000'000'000, 18, RoundingMode::kDown)->minor(),
            kMax);
}

TEST(ConvertTest, UsesRateAndTargetMinorUnits) {
  // 100.00 USD at 7.1234 CNY/USD
  EXPECT_EQ(Convert(Usd(10000), kCny, 71234, 4, RoundingMode::kHalfUp)->ToString(), "712.34");
  // 10.00 USD at 150.05 JPY/USD = 1500.5 JPY, a tie.
  EXPECT_EQ(Convert(Usd(1000), kJpy, 15005, 2, RoundingMode::kHalfUp)->minor(), 1501);
  EXPECT_EQ(Convert(Usd(1000), kJpy, 15005, 2, RoundingMode::kHalfEven)->minor(), 1500);
  // 1000 JPY at 0.006667 USD/JPY = 6.667 USD
  Result<Money> usd = Convert(Money::FromMinor(1000, kJpy), kUsd, 6667, 6, RoundingMode::kHalfUp);
  EXPECT_EQ(usd->ToString(), "6.67");
  EXPECT_EQ(usd->currency(), kUsd);
  // 1.000 KWD at 3.254 USD/KWD; and back to 3 decimals.
  EXPECT_EQ(Convert(Money::FromMinor(1000, kKwd), kUsd, 3254, 3, RoundingMode::kDown)->minor(),
            325);
  EXPECT_EQ(Convert(Usd(100), kKwd, 307, 3, RoundingMode::kHalfUp)->ToString(), "0.307");
  // Negative amounts round symmetrically in half-up.
  EXPECT_EQ(Convert(Usd(-1000), kJpy, 15005, 2, RoundingMode::kHalfUp)->minor(), -1501);
}

TEST(ConvertTest, RejectsBadRatesAndOverflow) {
  EXPECT_EQ(Convert(Usd(1), kEur, 0, 2, RoundingMode::kHalfUp).status().message_id(),
            "money.invalid_rate");
  EXPECT_EQ(Convert(Usd(1), kEur, -5, 2, RoundingMode::kHalfUp).status().message_id(),
            "money.invalid_rate");
  EXPECT_EQ(Convert(Usd(1), kEur, 5, 19, RoundingMode::kHalfUp).status().message_id(),
            "money.invalid_rate");
  EXPECT_EQ(Convert(Usd(kMax), kKwd, kMax, 0, RoundingMode::kHalfUp).status().message_id(),
            "money.overflow");
  EXPECT_EQ(Convert(Usd(kMax), kKwd, 1, 0, RoundingMode::kHalfUp).status().message_id(),
            "money.overflow");
}

TEST(SplitTest, ThreeWaysSumsExactly) {
  Result<std::vector<Money>> parts = Split(Usd(10000), std::vector<int64_t>{1, 1, 1});
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ(Minors(*parts), (std::vector<int64_t>{3334, 3333, 3333}));
  EXPECT_EQ((*parts)[0].ToString(), "33.34");
  EXPECT_EQ((*parts)[0].currency(), kUsd);
}

TEST(SplitTest, LeftoverGoesToLargestRemainders) {
  // 1.00 over 1:2:3:4 is exact.
  EXPECT_EQ(Minors(*Split(Usd(100), std::vector<int64_t>{1, 2, 3, 4})),
            (std::vector<int64_t>{10, 20, 30, 40}));
  // 0.01 over 1:3: 0.0025 vs 0.0075, the larger remainder wins.
  EXPECT_EQ(Minors(*Split(Usd(1), std::vector<int64_t>{1, 3})), (std::vector<int64_t>{0, 1}));
  // 0.05 over six equal parts: ties go to the earlier parts.
  EXPECT_EQ(Minors(*Split(Usd(5), std::vector<int64_t>{1, 1, 1, 1, 1, 1})),
            (std::vector<int64_t>{1, 1, 1, 1, 1, 0}));
  // 10 JPY over 1:1:1:0 — a zero weight never gets a unit.
  EXPECT_EQ(Minors(*Split(Money::FromMinor(10, kJpy), std::vector<int64_t>{1, 1, 1, 0})),
            (std::vector<int64_t>{4, 3, 3, 0}));
}

TEST(SplitTest, NegativeTotalMirrorsPositive) {
  EXPECT_EQ(Minors(*Split(Usd(-10000), std::vector<int64_t>{1, 1, 1})),
            (std::vector<int64_t>{-3334, -3333, -3333}));
  EXPECT_EQ(Minors(*Split(Usd(kMin), std::vector<int64_t>{1})), (std::vector<int64_t>{kMin}));
}

TEST(SplitTest, ManyRandomSplitsSumExactly) {
  uint64_t seed = 42;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return seed >> 33;
  };
  for (int round = 0; round < 500; ++round) {
    int64_t total = static_cast<int64_t>(next() % 10'000'000) - 5'000'000;
    std::vector<int64_t> weights(1 + next() % 7);
    for (int64_t& w : weights) w = static_cast<int64_t>(next() % 1000);
    weights[0] += 1;
    Result<std::vector<Money>> parts = Split(Usd(total), weights);
    ASSERT_TRUE(parts.ok());
    int64_t sum = 0;
    for (const Money& p : *parts) sum += p.minor();
    ASSERT_EQ(sum, total);
  }
  EXPECT_EQ(Minors(*Split(Usd(kMax), std::vector<int64_t>{kMax, kMax})),
            (std::vector<int64_t>{kMax / 2 + 1, kMax / 2}));
}

TEST(SplitTest, RejectsBadWeights) {
  EXPECT_EQ(Split(Usd(100), std::vector<int64_t>{}).status().message_id(),
            "money.split_no_weights");
  EXPECT_EQ(Split(Usd(100), std::vector<int64_t>{1, -1}).status().message_id(),
            "money.split_negative_weight");
  EXPECT_EQ(Split(Usd(100), std::vector<int64_t>{0, 0}).status().message_id(),
            "money.split_zero_weights");
}

}  // namespace
}  // namespace concord
