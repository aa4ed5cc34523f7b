#include "core/decimal.h"

#include <array>
#include <cassert>
#include <limits>

namespace concord {
namespace {

using Uint128 = unsigned __int128;

constexpr std::array<int64_t, kMaxScale + 1> kPow10 = [] {
  std::array<int64_t, kMaxScale + 1> table{};
  int64_t p = 1;
  for (auto& entry : table) {
    entry = p;
    if (p <= std::numeric_limits<int64_t>::max() / 10) p *= 10;
  }
  return table;
}();

// Magnitude limits of an int64: |INT64_MIN| is one more than INT64_MAX.
constexpr Uint128 kMaxPositive = static_cast<Uint128>(std::numeric_limits<int64_t>::max());
constexpr Uint128 kMaxNegative = kMaxPositive + 1;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

Status Malformed() {
  return InvalidArgument("decimal.malformed",
                         "Not a decimal number; expected digits like 1234.50 or -0.5.");
}

Status Overflow() { return InvalidArgument("decimal.overflow", "The number is too large."); }

Status InvalidScale(int scale) {
  return InvalidArgument(
      "decimal.invalid_scale",
      "Scale " + std::to_string(scale) + " is outside 0.." + std::to_string(kMaxScale) + ".");
}

// Recognizes the common foreign notations so the user gets a specific message.
Status CheckNotation(std::string_view text) {
  bool has_comma = false;
  bool has_exponent = false;
  bool has_digit = false;
  bool other = false;
  for (char c : text) {
    if (c == ',')
      has_comma = true;
    else if (c == 'e' || c == 'E')
      has_exponent = true;
    else if (IsDigit(c))
      has_digit = true;
    else if (c != '.' && c != '-' && c != '+')
      other = true;
  }
  if (other || !has_digit) return Malformed();
  if (has_comma && !has_exponent) {
    return InvalidArgument("decimal.comma_not_allowed",
                           "Use '.' as the decimal point and no thousands separators.");
  }
  if (has_exponent && !has_comma) {
    return InvalidArgument("decimal.exponent_not_allowed",
                           "Exponent notation (like 1e3) is not allowed; write the digits.");
  }
  if (has_comma || has_exponent) return Malformed();
  return Status::Ok();
}

// Returns the magnitude (|value| × 10^scale); may exceed int64 range, capped past it.
Result<Uint128> ScaledMagnitude(std::string_view int_part, std::string_view frac_part, int scale) {
  Uint128 magnitude = 0;
  for (char c : int_part) {
    magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
    if (magnitude > kMaxNegative) return Overflow();
  }
  for (size_t i = static_cast<size_t>(scale); i < frac_part.size(); ++i) {
    if (frac_part[i] != '0') {
      return InvalidArgument("decimal.too_many_decimals",
                             "At most " + std::to_string(scale) + " decimal places are allowed.");
    }
  }
  for (int i = 0; i < scale; ++i) {
    size_t idx = static_cast<size_t>(i);
    unsigned digit = idx < frac_part.size() ? static_cast<unsigned>(frac_part[idx] - '0') : 0;
    magnitude = magnitude * 10 + digit;
    if (magnitude > kMaxNegative) return Overflow();
  }
  return magnitude;
}

Uint128 Magnitude(__int128 v) {
  return v < 0 ? Uint128{0} - static_cast<Uint128>(v) : static_cast<Uint128>(v);
}

bool RoundAwayFromZero(Uint128 quotient, Uint128 remainder, Uint128 divisor, bool negative,
                       RoundingMode mode) {
  if (remainder == 0) return false;
  Uint128 rest = divisor - remainder;  // distance to the next multiple
  switch (mode) {
    case RoundingMode::kHalfUp: return remainder >= rest;
    case RoundingMode::kHalfEven:
      return remainder > rest || (remainder == rest && (quotient & 1) != 0);
    case RoundingMode::kDown: return false;
    case RoundingMode::kUp: return true;
    case RoundingMode::kFloor: return negative;
    case RoundingMode::kCeiling: return !negative;
  }
  return false;
}

}  // namespace

const char* RoundingModeName(RoundingMode mode) {
  switch (mode) {
    case RoundingMode::kHalfUp: return "half_up";
    case RoundingMode::kHalfEven: return "half_even";
    case RoundingMode::kDown: return "down";
    case RoundingMode::kUp: return "up";
    case RoundingMode::kFloor: return "floor";
    case RoundingMode::kCeiling: return "ceiling";
  }
  return "unknown";
}

Result<RoundingMode> ParseRoundingMode(std::string_view name) {
  for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kDown,
                            RoundingMode::kUp, RoundingMode::kFloor, RoundingMode::kCeiling}) {
    if (name == RoundingModeName(mode)) return mode;
  }
  return InvalidArgument("decimal.unknown_rounding_mode",
                         "Unknown rounding mode '" + std::string(name) + "'.");
}

int64_t Pow10(int exponent) {
  assert(exponent >= 0 && exponent <= kMaxScale);
  return kPow10[static_cast<size_t>(exponent)];
}

__int128 Pow10Wide(int exponent) {
  assert(exponent >= 0 && exponent <= 38);
  __int128 p = 1;
  for (int i = 0; i < exponent; ++i) p *= 10;
  return p;
}

Result<int64_t> ParseScaled(std::string_view text, int scale) {
  if (scale < 0 || scale > kMaxScale) return InvalidScale(scale);
  if (text.empty()) return InvalidArgument("decimal.empty", "A number is required.");
  RETURN_IF_ERROR(CheckNotation(text));

  const bool negative = text.front() == '-';
  std::string_view body = negative ? text.substr(1) : text;
  size_t point = body.find('.');
  std::string_view int_part = body.substr(0, point);
  std::string_view frac_part =
      point == std::string_view::npos ? std::string_view() : body.substr(point + 1);
  bool valid = !int_part.empty() && AllDigits(int_part) &&
               (point == std::string_view::npos || (!frac_part.empty() && AllDigits(frac_part)));
  if (!valid) return Malformed();

  ASSIGN_OR_RETURN(Uint128 magnitude, ScaledMagnitude(int_part, frac_part, scale));
  if (magnitude > (negative ? kMaxNegative : kMaxPositive)) return Overflow();
  if (!negative) return static_cast<int64_t>(magnitude);
  return static_cast<int64_t>(Uint128{0} - magnitude);  // two's complement; exact for INT64_MIN
}

std::string FormatScaled(int64_t value, int scale) {
  assert(scale >= 0 && scale <= kMaxScale);
  uint64_t magnitude =
      value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  const size_t width = static_cast<size_t>(scale);
  if (width > 0) {
    if (digits.size() <= width) digits.insert(0, width + 1 - digits.size(), '0');
    digits.insert(digits.size() - width, 1, '.');
  }
  if (value < 0) digits.insert(0, 1, '-');
  return digits;
}

std::string FormatScaledTrimmed(int64_t value, int scale) {
  std::string text = FormatScaled(value, scale);
  if (scale == 0) return text;
  size_t end = text.find_last_not_of('0');
  if (text[end] == '.') --end;
  text.resize(end + 1);
  return text;
}

Result<int64_t> DivRound(__int128 numerator, __int128 denominator, RoundingMode mode) {
  if (denominator == 0) {
    return InvalidArgument("decimal.division_by_zero", "Division by zero.");
  }
  const bool negative = (numerator < 0) != (denominator < 0);
  const Uint128 divisor = Magnitude(denominator);
  const Uint128 dividend = Magnitude(numerator);
  Uint128 quotient = dividend / divisor;
  Uint128 remainder = dividend % divisor;
  if (RoundAwayFromZero(quotient, remainder, divisor, negative, mode)) ++quotient;
  if (quotient > (negative ? kMaxNegative : kMaxPositive)) return Overflow();
  if (!negative) return static_cast<int64_t>(quotient);
  return static_cast<int64_t>(Uint128{0} - quotient);
}

Result<int64_t> Rescale(int64_t value, int from_scale, int to_scale, RoundingMode mode) {
  if (from_scale < 0 || from_scale > kMaxScale) return InvalidScale(from_scale);
  if (to_scale < 0 || to_scale > kMaxScale) return InvalidScale(to_scale);
  if (to_scale >= from_scale) {
    __int128 widened = static_cast<__int128>(value) * Pow10(to_scale - from_scale);
    return DivRound(widened, 1, mode);  // range check only
  }
  return DivRound(value, Pow10(from_scale - to_scale), mode);
}

}  // namespace concord
