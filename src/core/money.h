// Money: an exact amount in integer minor units of one currency (cents for USD, yen for
// JPY, fils for KWD). Immutable value type; thread-safe to share.
//
// Arithmetic is checked: anything that could overflow int64 or mix currencies returns a
// Result. Operations that need rounding (multiply, convert) take an explicit RoundingMode
// and round exactly once, from a 128-bit intermediate.
//
// Error message ids (all Code::kInvalidArgument): money.currency_mismatch, money.overflow,
// money.invalid_rate, money.split_no_weights, money.split_negative_weight,
// money.split_zero_weights, plus decimal.* from ParseScaled and currency.unknown.
#pragma once

#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/status.h"

namespace concord {

class Money {
 public:
  // Parses a plain decimal with at most currency.minor_units() decimals (see decimal.h):
  // "12.50" USD is 1250 cents; "100.5" JPY fails with "decimal.too_many_decimals".
  static Result<Money> Parse(std::string_view amount, std::string_view currency_code);
  static Result<Money> Parse(std::string_view amount, Currency currency);
  static Money FromMinor(int64_t minor, Currency currency) { return Money(minor, currency); }
  static Money Zero(Currency currency) { return Money(0, currency); }

  int64_t minor() const { return minor_; }
  Currency currency() const { return currency_; }
  bool IsZero() const { return minor_ == 0; }
  bool IsNegative() const { return minor_ < 0; }

  // Canonical decimal string without the currency code, exactly minor_units() decimals:
  // "12.50", "-0.05", "100" (JPY), "1.250" (KWD).
  std::string ToString() const;

  Result<Money> Add(const Money& other) const;
  Result<Money> Sub(const Money& other) const;
  Result<Money> Negate() const;  // fails only for INT64_MIN minor units

  // Same currency and same amount.
  friend bool operator==(const Money& a, const Money& b) = default;
  // Precondition: same currency (asserted in debug builds). Amounts in different
  // currencies have no order; use Compare() when the currencies may differ. Release builds
  // fall back to ordering by currency code, then amount, to stay a strict weak order.
  friend std::strong_ordering operator<=>(const Money& a, const Money& b);

 private:
  Money(int64_t minor, Currency currency) : minor_(minor), currency_(currency) {}

  int64_t minor_;
  Currency currency_;
};

// -1, 0 or 1; "money.currency_mismatch" if the currencies differ.
Result<int> Compare(const Money& a, const Money& b);

// Sum of `items`, all in `currency`; Zero(currency) for an empty span.
Result<Money> Sum(std::span<const Money> items, Currency currency);

// money × (factor_scaled / 10^scale), rounded once to the currency's minor unit. E.g. a
// 12.5% share of 10.00 USD: MultiplyRounded(m, 125, 3, kHalfUp) = 1.25. scale in [0, 18].
Result<Money> MultiplyRounded(const Money& money, int64_t factor_scaled, int scale,
                              RoundingMode mode);

// Converts to another currency. rate = units of `to` per 1 unit of money's currency,
// given as rate_scaled / 10^rate_scale (rate_scale in [0, 18]; rate must be > 0, else
// "money.invalid_rate"). Rounded once to `to`'s minor unit.
// E.g. 100.00 USD at 7.1234 CNY/USD (71234, 4) = 712.34 CNY.
Result<Money> Convert(const Money& money, Currency to, int64_t rate_scaled, int rate_scale,
                      RoundingMode mode);

// Distributes `total` over `weights` in proportion (largest remainder method): every part
// gets floor(|total| × w / Σw) minor units, and the leftover units go one each to the parts
// with the largest fractional remainder (ties: the earlier part). The parts always sum
// exactly to `total`; a negative total splits like its absolute value, negated. Weights must
// be non-negative with a positive sum. E.g. 100.00 over {1, 1, 1} = 33.34, 33.33, 33.33.
Result<std::vector<Money>> Split(const Money& total, std::span<const int64_t> weights);

}  // namespace concord
