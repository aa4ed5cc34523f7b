// Quantity and UnitPrice: exact fixed-scale decimals with 6 fraction digits.
//
// Quantity counts units of a product (pieces, kg, hours); it carries no unit of measure,
// the product line does. UnitPrice is a price per unit with more precision than Money
// (0.333333 per piece); it carries no currency, the document it belongs to does.
// Both may be negative (returns, credit lines); callers that forbid that check it.
// Immutable value types; thread-safe to share. Default-constructed values are zero.
//
// Error message ids: decimal.* from ParseScaled (see decimal.h), quantity.overflow,
// unit_price.overflow, money.overflow (kInvalidArgument).
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/money.h"
#include "core/status.h"

namespace concord {

class Quantity {
 public:
  static constexpr int kScale = 6;

  constexpr Quantity() = default;
  // "2.5" is 2500000 scaled; at most 6 decimals.
  static Result<Quantity> Parse(std::string_view text);
  static constexpr Quantity FromScaled(int64_t scaled) { return Quantity(scaled); }
  // Whole units: FromUnits(3) is 3.000000. Fails on overflow.
  static Result<Quantity> FromUnits(int64_t units);

  constexpr int64_t scaled() const { return scaled_; }
  bool IsZero() const { return scaled_ == 0; }
  bool IsNegative() const { return scaled_ < 0; }

  std::string ToString() const;         // canonical, exactly 6 decimals: "2.500000"
  std::string ToTrimmedString() const;  // for display: "2.5", "3"

  Result<Quantity> Add(Quantity other) const;
  Result<Quantity> Sub(Quantity other) const;
  Result<Quantity> Negate() const;

  friend constexpr auto operator<=>(Quantity a, Quantity b) = default;

 private:
  constexpr explicit Quantity(int64_t scaled) : scaled_(scaled) {}
  int64_t scaled_ = 0;
};

class UnitPrice {
 public:
  static constexpr int kScale = 6;

  constexpr UnitPrice() = default;
  // "0.333333" is 333333 scaled; at most 6 decimals.
  static Result<UnitPrice> Parse(std::string_view text);
  static constexpr UnitPrice FromScaled(int64_t scaled) { return UnitPrice(scaled); }
  // The same amount as a unit price (12.50 USD -> 12.500000); drops the currency.
  static Result<UnitPrice> FromMoney(const Money& money);

  constexpr int64_t scaled() const { return scaled_; }
  std::string ToString() const;         // canonical, exactly 6 decimals: "0.333333"
  std::string ToTrimmedString() const;  // for display: "12.5"

  friend constexpr auto operator<=>(UnitPrice a, UnitPrice b) = default;

 private:
  constexpr explicit UnitPrice(int64_t scaled) : scaled_(scaled) {}
  int64_t scaled_ = 0;
};

// price × quantity in `currency`, computed exactly at scale 12 in 128 bits and rounded
// ONCE to the currency's minor unit with `mode`. E.g. 0.333333 × 3 = 0.999999 -> 1.00 USD
// (half-up). Fails with "money.overflow" if the result does not fit.
Result<Money> LineAmount(const UnitPrice& price, const Quantity& quantity, Currency currency,
                         RoundingMode mode);

}  // namespace concord
