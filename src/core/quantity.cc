#include "core/quantity.h"

#include <limits>

namespace concord {
namespace {

Status QuantityOverflow() {
  return InvalidArgument("quantity.overflow", "The quantity is too large.");
}

}  // namespace

Result<Quantity> Quantity::Parse(std::string_view text) {
  ASSIGN_OR_RETURN(int64_t scaled, ParseScaled(text, kScale));
  return Quantity(scaled);
}

Result<Quantity> Quantity::FromUnits(int64_t units) {
  int64_t scaled;
  if (__builtin_mul_overflow(units, Pow10(kScale), &scaled)) return QuantityOverflow();
  return Quantity(scaled);
}

std::string Quantity::ToString() const { return FormatScaled(scaled_, kScale); }
std::string Quantity::ToTrimmedString() const { return FormatScaledTrimmed(scaled_, kScale); }

Result<Quantity> Quantity::Add(Quantity other) const {
  int64_t sum;
  if (__builtin_add_overflow(scaled_, other.scaled_, &sum)) return QuantityOverflow();
  return Quantity(sum);
}

Result<Quantity> Quantity::Sub(Quantity other) const {
  int64_t difference;
  if (__builtin_sub_overflow(scaled_, other.scaled_, &difference)) return QuantityOverflow();
  return Quantity(difference);
}

Result<Quantity> Quantity::Negate() const {
  if (scaled_ == std::numeric_limits<int64_t>::min()) return QuantityOverflow();
  return Quantity(-scaled_);
}

Result<UnitPrice> UnitPrice::Parse(std::string_view text) {
  ASSIGN_OR_RETURN(int64_t scaled, ParseScaled(text, kScale));
  return UnitPrice(scaled);
}

Result<UnitPrice> UnitPrice::FromMoney(const Money& money) {
  int64_t factor = Pow10(kScale - money.currency().minor_units());
  int64_t scaled;
  if (__builtin_mul_overflow(money.minor(), factor, &scaled)) {
    return InvalidArgument("unit_price.overflow", "The unit price is too large.");
  }
  return UnitPrice(scaled);
}

std::string UnitPrice::ToString() const { return FormatScaled(scaled_, kScale); }
std::string UnitPrice::ToTrimmedString() const { return FormatScaledTrimmed(scaled_, kScale); }

Result<Money> LineAmount(const UnitPrice& price, const Quantity& quantity, Currency currency,
                         RoundingMode mode) {
  // Scale 6 × scale 6 = scale 12; |product| < 2^126 so 128 bits cannot overflow.
  __int128 product = static_cast<__int128>(price.scaled()) * quantity.scaled();
  int drop = UnitPrice::kScale + Quantity::kScale - currency.minor_units();
  Result<int64_t> minor = DivRound(product, Pow10(drop), mode);
  if (!minor.ok()) return InvalidArgument("money.overflow", "The line amount is too large.");
  return Money::FromMinor(*minor, currency);
}

}  // namespace concord
