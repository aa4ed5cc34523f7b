#include "core/money.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <numeric>

namespace concord {
namespace {

using Uint128 = unsigned __int128;

Status Mismatch(const Money& a, const Money& b) {
  return InvalidArgument("money.currency_mismatch", "Cannot combine amounts in " +
                                                        std::string(a.currency().code()) + " and " +
                                                        std::string(b.currency().code()) + ".");
}

Status Overflow() { return InvalidArgument("money.overflow", "The amount is too large."); }

// Maps decimal.overflow (from DivRound) to the money-level id; other errors pass through.
Result<Money> FromQuotient(Result<int64_t> quotient, Currency currency) {
  if (!quotient.ok()) {
    if (quotient.status().message_id() == "decimal.overflow") return Overflow();
    return quotient.status();
  }
  return Money::FromMinor(*quotient, currency);
}

Status ValidateWeights(std::span<const int64_t> weights, __int128* sum) {
  if (weights.empty()) {
    return InvalidArgument("money.split_no_weights", "At least one share is required.");
  }
  *sum = 0;
  for (int64_t w : weights) {
    if (w < 0) {
      return InvalidArgument("money.split_negative_weight", "Shares must not be negative.");
    }
    *sum += w;
  }
  if (*sum == 0) {
    return InvalidArgument("money.split_zero_weights", "At least one share must be positive.");
  }
  return Status::Ok();
}

}  // namespace

Result<Money> Money::Parse(std::string_view amount, std::string_view currency_code) {
  ASSIGN_OR_RETURN(Currency currency, Currency::FromCode(currency_code));
  return Parse(amount, currency);
}

Result<Money> Money::Parse(std::string_view amount, Currency currency) {
  ASSIGN_OR_RETURN(int64_t minor, ParseScaled(amount, currency.minor_units()));
  return Money(minor, currency);
}

std::string Money::ToString() const { return FormatScaled(minor_, currency_.minor_units()); }

Result<Money> Money::Add(const Money& other) const {
  if (currency_ != other.currency_) return Mismatch(*this, other);
  int64_t sum;
  if (__builtin_add_overflow(minor_, other.minor_, &sum)) return Overflow();
  return Money(sum, currency_);
}

Result<Money> Money::Sub(const Money& other) const {
  if (currency_ != other.currency_) return Mismatch(*this, other);
  int64_t difference;
  if (__builtin_sub_overflow(minor_, other.minor_, &difference)) return Overflow();
  return Money(difference, currency_);
}

Result<Money> Money::Negate() const {
  if (minor_ == std::numeric_limits<int64_t>::min()) return Overflow();
  return Money(-minor_, currency_);
}

std::strong_ordering operator<=>(const Money& a, const Money& b) {
  assert(a.currency_ == b.currency_ && "comparing Money in different currencies");
  if (auto c = a.currency_ <=> b.currency_; c != 0) return c;
  return a.minor_ <=> b.minor_;
}

Result<int> Compare(const Money& a, const Money& b) {
  if (a.currency() != b.currency()) return Mismatch(a, b);
  return a.minor() < b.minor() ? -1 : (a.minor() > b.minor() ? 1 : 0);
}

Result<Money> Sum(std::span<const Money> items, Currency currency) {
  Money total = Money::Zero(currency);
  for (const Money& item : items) {
    ASSIGN_OR_RETURN(total, total.Add(item));
  }
  return total;
}

Result<Money> MultiplyRounded(const Money& money, int64_t factor_scaled, int scale,
                              RoundingMode mode) {
  if (scale < 0 || scale > kMaxScale) {
    return InvalidArgument("decimal.invalid_scale", "Scale is outside 0..18.");
  }
  // |minor × factor| < 2^126: cannot overflow 128 bits.
  __int128 product = static_cast<__int128>(money.minor()) * factor_scaled;
  return FromQuotient(DivRound(product, Pow10(scale), mode), money.currency());
}

Result<Money> Convert(const Money& money, Currency to, int64_t rate_scaled, int rate_scale,
                      RoundingMode mode) {
  if (rate_scaled <= 0 || rate_scale < 0 || rate_scale > kMaxScale) {
    return InvalidArgument("money.invalid_rate", "The exchange rate must be positive.");
  }
  // to_minor = from_minor × rate × 10^to_units / 10^(rate_scale + from_units).
  __int128 numerator = static_cast<__int128>(money.minor()) * rate_scaled;
  if (__builtin_mul_overflow(numerator, Pow10Wide(to.minor_units()), &numerator)) {
    return Overflow();
  }
  __int128 denominator = Pow10Wide(rate_scale + money.currency().minor_units());
  return FromQuotient(DivRound(numerator, denominator, mode), to);
}

Result<std::vector<Money>> Split(const Money& total, std::span<const int64_t> weights) {
  __int128 weight_sum = 0;
  RETURN_IF_ERROR(ValidateWeights(weights, &weight_sum));
  const bool negative = total.minor() < 0;
  const Uint128 magnitude = negative ? Uint128{0} - static_cast<Uint128>(total.minor())
                                     : static_cast<Uint128>(total.minor());
  const Uint128 divisor = static_cast<Uint128>(weight_sum);

  std::vector<Uint128> shares(weights.size());
  std::vector<Uint128> remainders(weights.size());
  Uint128 allocated = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    Uint128 exact = magnitude * static_cast<Uint128>(weights[i]);  // < 2^126
    shares[i] = exact / divisor;
    remainders[i] = exact % divisor;
    allocated += shares[i];
  }
  // The leftover is < number of parts with a non-zero remainder, so zero-weight parts
  // (remainder 0) never receive a unit.
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (Uint128 left = magnitude - allocated, k = 0; left > 0; --left, ++k) {
    ++shares[order[static_cast<size_t>(k)]];
  }

  std::vector<Money> parts;
  parts.reserve(weights.size());
  for (Uint128 share : shares) {
    // share <= magnitude <= |INT64_MIN|, so the cast is exact in two's complement.
    int64_t minor =
        negative ? static_cast<int64_t>(Uint128{0} - share) : static_cast<int64_t>(share);
    parts.push_back(Money::FromMinor(minor, total.currency()));
  }
  return parts;
}

}  // namespace concord
