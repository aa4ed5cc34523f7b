#include "inventory/valuation_math.h"

#include <gtest/gtest.h>

namespace concord::inventory {
namespace {

constexpr int64_t kUnit = 1000000;  // one unit, scaled

int64_t SumRemaining(const std::vector<OpenLayer>& layers) {
  int64_t v = 0;
  for (const auto& l : layers) v += l.remaining_value;
  return v;
}

std::vector<OpenLayer> Apply(std::vector<OpenLayer> layers, const Consumption& c) {
  for (const auto& ch : c.changed) {
    for (auto& l : layers) {
      if (l.id == ch.id) l = ch;
    }
  }
  return layers;
}

TEST(ValuationMath, FifoTakesOldestLayersFirst) {
  // 10 @ 8.00 then 10 @ 10.00 (cents).
  std::vector<OpenLayer> layers = {{1, 10 * kUnit, 8000}, {2, 10 * kUnit, 10000}};
  auto c = ConsumeFifo(layers, 12 * kUnit);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->value, 8000 + 2000);
  auto after = Apply(layers, *c);
  EXPECT_EQ(after[0].remaining_qty, 0);
  EXPECT_EQ(after[0].remaining_value, 0);
  EXPECT_EQ(after[1].remaining_qty, 8 * kUnit);
  EXPECT_EQ(after[1].remaining_value, 8000);
}

TEST(ValuationMath, FifoKeepsRoundingResidueInTheLayer) {
  // 3 units worth 10.00, each valued at the layer's remaining value per unit, half up:
  // 10.00 / 3 = 3.33, then 6.67 / 2 = 3.335 → 3.34, then the 3.33 left. Nothing is lost.
  std::vector<OpenLayer> layers = {{1, 3 * kUnit, 1000}};
  int64_t out = 0;
  for (int i = 0; i < 3; ++i) {
    auto c = ConsumeFifo(layers, kUnit);
    ASSERT_TRUE(c.ok());
    out += c->value;
    layers = Apply(layers, *c);
    EXPECT_EQ(c->value, i == 1 ? 334 : 333);
  }
  EXPECT_EQ(out, 1000);
  EXPECT_EQ(SumRemaining(layers), 0);
}

TEST(ValuationMath, FifoRefusesMoreThanTheLayersHold) {
  std::vector<OpenLayer> layers = {{1, kUnit, 100}};
  auto c = ConsumeFifo(layers, 2 * kUnit);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message_id(), "inventory.valuation_out_of_sync");
}

TEST(ValuationMath, AverageSpreadsThePoolOverTheLayersLeft) {
  // 10 @ 8.00 + 10 @ 10.00: average 9.00; 5 leave at 45.00, 15 stay worth 135.00.
  std::vector<OpenLayer> layers = {{1, 10 * kUnit, 8000}, {2, 10 * kUnit, 10000}};
  auto value = AverageValue(20 * kUnit, 18000, 5 * kUnit);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 4500);
  auto c = ConsumePool(layers, 5 * kUnit, *value);
  ASSERT_TRUE(c.ok());
  auto after = Apply(layers, *c);
  EXPECT_EQ(after[0].remaining_qty, 5 * kUnit);
  EXPECT_EQ(after[1].remaining_qty, 10 * kUnit);
  EXPECT_EQ(after[0].remaining_value, 4500);  // every layer at the pool cost 9.00
  EXPECT_EQ(after[1].remaining_value, 9000);
  EXPECT_EQ(SumRemaining(after), 18000 - 4500);
}

TEST(ValuationMath, AverageOfAThirdRoundsAndTheLastTakesTheRest) {
  // 3 units worth 10.00 at average: 3.33, then 6.67 / 2 → 3.34, then exactly what is left.
  std::vector<OpenLayer> layers = {{1, 3 * kUnit, 1000}};
  int64_t pool_qty = 3 * kUnit, pool_value = 1000;
  for (int i = 0; i < 3; ++i) {
    auto v = AverageValue(pool_qty, pool_value, kUnit);
    ASSERT_TRUE(v.ok());
    auto c = ConsumePool(layers, kUnit, *v);
    ASSERT_TRUE(c.ok());
    layers = Apply(layers, *c);
    pool_qty -= kUnit;
    pool_value -= *v;
    EXPECT_EQ(*v, i == 1 ? 334 : 333);
    EXPECT_EQ(SumRemaining(layers), pool_value);
  }
  EXPECT_EQ(layers[0].remaining_qty, 0);
  EXPECT_EQ(layers[0].remaining_value, 0);
}

TEST(ValuationMath, UnitCostsAndValues) {
  // 2.5 units at 3.333333 (CNY, 2 decimals) = 8.3333325 -> 8.33.
  auto v = ValueAt(3333333, 2500000, 2);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 833);
  auto u = UnitCostOf(1000, 3 * kUnit, 2);  // 10.00 / 3 = 3.333333
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(*u, 3333333);
  auto jpy = ValueAt(1500000, 3 * kUnit, 0);  // 1.5 yen x 3 = 4.5 -> 5 yen
  ASSERT_TRUE(jpy.ok());
  EXPECT_EQ(*jpy, 5);
  auto share = ShareOf(1000, kUnit, 3 * kUnit);
  ASSERT_TRUE(share.ok());
  EXPECT_EQ(*share, 333);
  EXPECT_EQ(*UnitCostOf(0, 0, 2), 0);
}

}  // namespace
}  // namespace concord::inventory
