#include "catalog/internal.h"

#include <gtest/gtest.h>

namespace concord::catalog {
namespace {

TEST(Gtin, CheckDigitsOfEachLength) {
  EXPECT_TRUE(ValidGtin("4006381333931"));   // GTIN-13
  EXPECT_TRUE(ValidGtin("96385074"));        // GTIN-8
  EXPECT_TRUE(ValidGtin("036000291452"));    // GTIN-12 (UPC-A)
  EXPECT_TRUE(ValidGtin("10012345678902"));  // GTIN-14
  EXPECT_FALSE(ValidGtin("4006381333932"));  // wrong check digit
  EXPECT_FALSE(ValidGtin("400638133393"));   // 12 digits, wrong check
  EXPECT_FALSE(ValidGtin("40063813339a1"));
  EXPECT_FALSE(ValidGtin("123"));
  EXPECT_FALSE(ValidGtin(""));
}

TEST(DecimalFields, ScaledTextKeepsTheMinimumDecimals) {
  EXPECT_EQ(ScaledText(12500000), "12.50");
  EXPECT_EQ(ScaledText(333333), "0.333333");
  EXPECT_EQ(ScaledText(3000000, 0), "3");
  EXPECT_EQ(ScaledText(-1500000, 0), "-1.5");
  EXPECT_EQ(ScaledText(0), "0.00");
}

TEST(DecimalFields, ParsesAndRejects) {
  nlohmann::json body = {{"a", "12.5"}, {"b", 3}, {"c", "-1"}, {"d", "1.1234567"},
                         {"p", "12.25"}, {"q", "101"}};
  Fields f(body);
  EXPECT_EQ(ScaledField(f, "a"), 12500000);
  EXPECT_EQ(ScaledField(f, "b"), std::nullopt);
  EXPECT_EQ(ScaledField(f, "c"), std::nullopt);
  EXPECT_EQ(ScaledField(f, "d"), std::nullopt);
  EXPECT_EQ(PercentField(f, "p"), 122500);
  EXPECT_EQ(PercentField(f, "q"), std::nullopt);
  EXPECT_EQ(ScaledField(f, "missing", true), std::nullopt);
  Status st = f.Finish();
  EXPECT_FALSE(st.ok());
}

}  // namespace
}  // namespace concord::catalog
