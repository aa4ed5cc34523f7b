#include <gtest/gtest.h>

#include "service/sla.h"

namespace concord::service {
namespace {

TEST(DecimalRatioTest, RoundsHalfUpToTwoPlaces) {
  EXPECT_EQ(DecimalRatio(1, 2), "0.50");
  EXPECT_EQ(DecimalRatio(2, 3), "0.67");
  EXPECT_EQ(DecimalRatio(1, 3), "0.33");
  EXPECT_EQ(DecimalRatio(1, 200), "0.01");  // 0.005 rounds up
  EXPECT_EQ(DecimalRatio(1, 201), "0.00");
  EXPECT_EQ(DecimalRatio(7, 2), "3.50");
  EXPECT_EQ(DecimalRatio(36000, 7200), "5.00");
  EXPECT_EQ(DecimalRatio(0, 5), "0.00");
  EXPECT_EQ(DecimalRatio(INT64_MAX, 1), "9223372036854775807.00");
  EXPECT_EQ(DecimalRatio(INT64_MAX, INT64_MAX), "1.00");
  EXPECT_EQ(DecimalRatio(3, 0), std::nullopt);
}

}  // namespace
}  // namespace concord::service
