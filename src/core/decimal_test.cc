#include "core/decimal.h"

#include <gtest/gtest.h>

#include <limits>

namespace concord {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

std::string ParseErrorId(std::string_view text, int scale) {
  Result<int64_t> r = ParseScaled(text, scale);
  EXPECT_FALSE(r.ok()) << "'" << text << "' parsed as " << (r.ok() ? *r : 0);
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  }
  return r.status().message_id();
}

int64_t ParseOk(std::string_view text, int scale) {
  Result<int64_t> r = ParseScaled(text, scale);
  EXPECT_TRUE(r.ok()) << "'" << text << "': " << r.status().ToString();
  return r.ok() ? *r : -999;
}

TEST(ParseScaledTest, AcceptsPlainDecimals) {
  EXPECT_EQ(ParseOk("1234.50", 2), 123450);
  EXPECT_EQ(ParseOk("1234.5", 2), 123450);
  EXPECT_EQ(ParseOk("12", 2), 1200);
  EXPECT_EQ(ParseOk("0", 2), 0);
  EXPECT_EQ(ParseOk("-0.5", 2), -50);
  EXPECT_EQ(ParseOk("-0", 2), 0);
  EXPECT_EQ(ParseOk("-0.00", 2), 0);
  EXPECT_EQ(ParseOk("007.50", 2), 750);
  EXPECT_EQ(ParseOk("100", 0), 100);
  EXPECT_EQ(ParseOk("1.234", 3), 1234);
  EXPECT_EQ(ParseOk("0.000001", 6), 1);
}

TEST(ParseScaledTest, AcceptsExtraZeroDecimalsOnly) {
  EXPECT_EQ(ParseOk("1.500", 2), 150);
  EXPECT_EQ(ParseOk("100.000", 0), 100);
  EXPECT_EQ(ParseErrorId("1.501", 2), "decimal.too_many_decimals");
}

TEST(ParseScaledTest, RejectsTooManyDecimalsWithoutRounding) {
  EXPECT_EQ(ParseErrorId("-0.005", 2), "decimal.too_many_decimals");
  EXPECT_EQ(ParseErrorId("0.125", 2), "decimal.too_many_decimals");
  EXPECT_EQ(ParseErrorId("100.5", 0), "decimal.too_many_decimals");
  EXPECT_EQ(ParseErrorId("1.0000001", 6), "decimal.too_many_decimals");
}

TEST(ParseScaledTest, RejectsMalformedInputWithSpecificIds) {
  EXPECT_EQ(ParseErrorId("", 2), "decimal.empty");
  EXPECT_EQ(ParseErrorId("1e3", 2), "decimal.exponent_not_allowed");
  EXPECT_EQ(ParseErrorId("1E-3", 2), "decimal.exponent_not_allowed");
  EXPECT_EQ(ParseErrorId("12,5", 2), "decimal.comma_not_allowed");
  EXPECT_EQ(ParseErrorId("1,234.50", 2), "decimal.comma_not_allowed");
  for (const char* bad : {"abc", " 1", "1 ", "+1", "+", "-", "1.2.3", "--1", ".5", "5.", "1-",
                          "0x10", "e", "1.-5", "\xd9\xa1\xd9\xa2"}) {
    EXPECT_EQ(ParseErrorId(bad, 2), "decimal.malformed") << bad;
  }
}

TEST(ParseScaledTest, AcceptsFullInt64RangeAndRejectsBeyond) {
  EXPECT_EQ(ParseOk("92233720368547758.07", 2), kMax);
  EXPECT_EQ(ParseOk("-92233720368547758.08", 2), kMin);
  EXPECT_EQ(ParseErrorId("92233720368547758.08", 2), "decimal.overflow");
  EXPECT_EQ(ParseErrorId("-92233720368547758.09", 2), "decimal.overflow");
  EXPECT_EQ(ParseErrorId("99999999999999999999999999999999999999999", 0), "decimal.overflow");
  EXPECT_EQ(ParseErrorId("10000000000000", 6), "decimal.overflow");
}

TEST(ParseScaledTest, RejectsInvalidScale) {
  EXPECT_EQ(ParseErrorId("1", -1), "decimal.invalid_scale");
  EXPECT_EQ(ParseErrorId("1", 19), "decimal.invalid_scale");
}

TEST(FormatScaledTest, CanonicalFixedScale) {
  EXPECT_EQ(FormatScaled(-123450, 2), "-1234.50");
  EXPECT_EQ(FormatScaled(5, 2), "0.05");
  EXPECT_EQ(FormatScaled(-5, 2), "-0.05");
  EXPECT_EQ(FormatScaled(0, 2), "0.00");
  EXPECT_EQ(FormatScaled(100, 0), "100");
  EXPECT_EQ(FormatScaled(1250, 3), "1.250");
  EXPECT_EQ(FormatScaled(kMax, 2), "92233720368547758.07");
  EXPECT_EQ(FormatScaled(kMin, 2), "-92233720368547758.08");
  EXPECT_EQ(FormatScaled(kMin, 18), "-9.223372036854775808");
}

TEST(FormatScaledTest, RoundTripsThroughParse) {
  for (int64_t v :
       {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{999}, int64_t{-1000001}, kMax, kMin}) {
    for (int scale : {0, 2, 3, 6, 18}) {
      EXPECT_EQ(ParseOk(FormatScaled(v, scale), scale), v) << v << " @" << scale;
    }
  }
}

TEST(FormatScaledTest, TrimmedDropsTrailingZeros) {
  EXPECT_EQ(FormatScaledTrimmed(1500000, 6), "1.5");
  EXPECT_EQ(FormatScaledTrimmed(3000000, 6), "3");
  EXPECT_EQ(FormatScaledTrimmed(-333, 6), "-0.000333");
  EXPECT_EQ(FormatScaledTrimmed(0, 6), "0");
  EXPECT_EQ(FormatScaledTrimmed(120, 0), "120");
}

// Divides by 1000 so that x.yz5 is a tie between two cents.
int64_t Round(int64_t thousandths, RoundingMode mode) {
  Result<int64_t> r = DivRound(thousandths, 10, mode);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : -999;
}

TEST(DivRoundTest, HalfUpRoundsTiesAwayFromZero) {
  EXPECT_EQ(Round(125, RoundingMode::kHalfUp), 13);
  EXPECT_EQ(Round(-125, RoundingMode::kHalfUp), -13);
  EXPECT_EQ(Round(124, RoundingMode::kHalfUp), 12);
  EXPECT_EQ(Round(-124, RoundingMode::kHalfUp), -12);
  EXPECT_EQ(Round(126, RoundingMode::kHalfUp), 13);
}

TEST(DivRoundTest, HalfEvenRoundsTiesToEven) {
  EXPECT_EQ(Round(125, RoundingMode::kHalfEven), 12);
  EXPECT_EQ(Round(135, RoundingMode::kHalfEven), 14);
  EXPECT_EQ(Round(-125, RoundingMode::kHalfEven), -12);
  EXPECT_EQ(Round(-135, RoundingMode::kHalfEven), -14);
  EXPECT_EQ(Round(126, RoundingMode::kHalfEven), 13);
  EXPECT_EQ(Round(124, RoundingMode::kHalfEven), 12);
}

TEST(DivRoundTest, DirectedModes) {
  EXPECT_EQ(Round(129, RoundingMode::kDown), 12);
  EXPECT_EQ(Round(-129, RoundingMode::kDown), -12);
  EXPECT_EQ(Round(121, RoundingMode::kUp), 13);
  EXPECT_EQ(Round(-121, RoundingMode::kUp), -13);
  EXPECT_EQ(Round(129, RoundingMode::kFloor), 12);
  EXPECT_EQ(Round(-121, RoundingMode::kFloor), -13);
  EXPECT_EQ(Round(121, RoundingMode::kCeiling), 13);
  EXPECT_EQ(Round(-129, RoundingMode::kCeiling), -12);
}

TEST(DivRoundTest, ExactQuotientsAreNeverAdjusted) {
  for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kDown,
                            RoundingMode::kUp, RoundingMode::kFloor, RoundingMode::kCeiling}) {
    EXPECT_EQ(Round(120, mode), 12) << RoundingModeName(mode);
    EXPECT_EQ(Round(-120, mode), -12) << RoundingModeName(mode);
    EXPECT_EQ(Round(0, mode), 0) << RoundingModeName(mode);
  }
}

TEST(DivRoundTest, NegativeDenominator) {
  EXPECT_EQ(*DivRound(125, -10, RoundingMode::kHalfUp), -13);
  EXPECT_EQ(*DivRound(-121, -10, RoundingMode::kFloor), 12);
  EXPECT_EQ(*DivRound(121, -10, RoundingMode::kFloor), -13);
}

TEST(DivRoundTest, DivisionByZeroAndOverflow) {
  EXPECT_EQ(DivRound(1, 0, RoundingMode::kHalfUp).status().message_id(),
            "decimal.division_by_zero");
  __int128 just_over = static_cast<__int128>(kMax) + 1;
  EXPECT_EQ(DivRound(just_over, 1, RoundingMode::kDown).status().message_id(), "decimal.overflow");
  EXPECT_EQ(*DivRound(-just_over, 1, RoundingMode::kDown), kMin);
  // Rounding itself can push the quotient over the edge.
  __int128 near = static_cast<__int128>(kMax) * 10 + 5;
  EXPECT_EQ(*DivRound(near, 10, RoundingMode::kDown), kMax);
  EXPECT_EQ(DivRound(near, 10, RoundingMode::kHalfUp).status().message_id(), "decimal.overflow");
}

TEST(RescaleTest, WidensExactlyAndNarrowsWithOneRounding) {
  EXPECT_EQ(*Rescale(1250, 2, 6, RoundingMode::kHalfUp), 12500000);
  EXPECT_EQ(*Rescale(1234567, 6, 2, RoundingMode::kHalfUp), 123);
  EXPECT_EQ(*Rescale(1235000, 6, 2, RoundingMode::kHalfEven), 124);
  EXPECT_EQ(Rescale(kMax, 0, 2, RoundingMode::kHalfUp).status().message_id(), "decimal.overflow");
}

TEST(RoundingModeTest, NamesRoundTrip) {
  for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kDown,
                            RoundingMode::kUp, RoundingMode::kFloor, RoundingMode::kCeiling}) {
    EXPECT_EQ(*ParseRoundingMode(RoundingModeName(mode)), mode);
  }
  EXPECT_EQ(ParseRoundingMode("HALF_UP").status().message_id(), "decimal.unknown_rounding_mode");
}

}  // namespace
}  // namespace concord
