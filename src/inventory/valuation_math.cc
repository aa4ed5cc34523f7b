#include "inventory/valuation_math.h"

#include <algorithm>
#include <numeric>

#include "core/decimal.h"

namespace concord::inventory {
namespace {

Status OutOfSync() {
  return Status(Code::kInternal, "inventory.valuation_out_of_sync",
                "The valuation layers hold less than the stock that leaves.");
}

// Spreads `total` over `weights` (non-negative, positive sum) in proportion, by largest
// remainder; the parts sum exactly to `total`.
Result<std::vector<int64_t>> Spread(int64_t total, const std::vector<int64_t>& weights) {
  __int128 sum = 0;
  for (int64_t w : weights) sum += w;
  std::vector<int64_t> parts(weights.size(), 0);
  if (sum <= 0) return parts;
  bool negative = total < 0;
  __int128 abs_total = negative ? -static_cast<__int128>(total) : total;
  __int128 given = 0;
  std::vector<std::pair<__int128, size_t>> remainders;
  for (size_t i = 0; i < weights.size(); ++i) {
    __int128 n = abs_total * weights[i];
    parts[i] = static_cast<int64_t>(n / sum);
    given += parts[i];
    remainders.emplace_back(n % sum, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < abs_total && k < remainders.size(); ++k, ++given) {
    ++parts[remainders[k].second];
  }
  if (negative) {
    for (auto& p : parts) p = -p;
  }
  return parts;
}

}  // namespace

Result<Consumption> ConsumeFifo(const std::vector<OpenLayer>& layers, int64_t qty) {
  Consumption out;
  int64_t need = qty;
  for (const auto& l : layers) {
    if (need == 0) break;
    if (l.remaining_qty <= 0) continue;
    int64_t take = std::min(need, l.remaining_qty);
    int64_t value = l.remaining_value;
    if (take < l.remaining_qty) {
      ASSIGN_OR_RETURN(value, ShareOf(l.remaining_value, take, l.remaining_qty));
    }
    out.value += value;
    out.changed.push_back({l.id, l.remaining_qty - take, l.remaining_value - value});
    need -= take;
  }
  if (need != 0) return OutOfSync();
  return out;
}

Result<Consumption> ConsumePool(const std::vector<OpenLayer>& layers, int64_t qty,
                                int64_t out_value) {
  int64_t pool_value = 0;
  std::vector<int64_t> left;
  int64_t need = qty;
  for (const auto& l : layers) {
    int64_t take = std::min(need, std::max<int64_t>(l.remaining_qty, 0));
    need -= take;
    left.push_back(l.remaining_qty - take);
    pool_value += l.remaining_value;
  }
  if (need != 0) return OutOfSync();
  ASSIGN_OR_RETURN(auto values, Spread(pool_value - out_value, left));
  Consumption out;
  out.value = out_value;
  for (size_t i = 0; i < layers.size(); ++i) {
    if (left[i] != layers[i].remaining_qty || values[i] != layers[i].remaining_value) {
      out.changed.push_back({layers[i].id, left[i], values[i]});
    }
  }
  return out;
}

Result<int64_t> AverageValue(int64_t pool_qty, int64_t pool_value, int64_t qty) {
  if (pool_qty <= 0 || qty > pool_qty) return OutOfSync();
  if (qty == pool_qty) return pool_value;
  return ShareOf(pool_value, qty, pool_qty);
}

Result<int64_t> ValueAt(int64_t unit_cost, int64_t qty, int minor_units) {
  __int128 product = static_cast<__int128>(unit_cost) * qty;
  return DivRound(product, Pow10(12 - minor_units), RoundingMode::kHalfUp);
}

Result<int64_t> UnitCostOf(int64_t value, int64_t qty, int minor_units) {
  if (qty == 0) return int64_t{0};
  __int128 n = static_cast<__int128>(value) * Pow10(12 - minor_units);
  return DivRound(n, qty, RoundingMode::kHalfUp);
}

Result<int64_t> ShareOf(int64_t value, int64_t part, int64_t whole) {
  if (whole == 0) return int64_t{0};
  return DivRound(static_cast<__int128>(value) * part, whole, RoundingMode::kHalfUp);
}

}  // namespace concord::inventory
