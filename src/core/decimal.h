// Fixed-scale decimal arithmetic shared by Money, Quantity and UnitPrice.
//
// A "scaled" value is an int64 holding value × 10^scale, e.g. 1234.50 at scale 2 is 123450.
// Nothing here uses floating point. All functions are pure and thread-safe.
//
// Accepted text grammar (ParseScaled), deliberately strict so that what a user typed is
// exactly what is stored:
//   -?[0-9]+(\.[0-9]+)?
// * A leading '-' is allowed; a leading '+' is not. "-0" and "-0.00" parse as 0.
// * Leading zeros are accepted ("007.5" is 7.5): the value is unambiguous.
// * A bare leading or trailing point (".5", "5.") is rejected.
// * No whitespace, thousands separators, decimal commas or exponents.
// * More fraction digits than the scale are accepted only if every extra digit is 0
//   ("1.500" at scale 2 is 1.50); otherwise "decimal.too_many_decimals". Input is never
//   rounded silently.
//
// Error message ids (all Code::kInvalidArgument):
//   decimal.empty, decimal.malformed, decimal.exponent_not_allowed,
//   decimal.comma_not_allowed, decimal.too_many_decimals, decimal.overflow,
//   decimal.division_by_zero, decimal.invalid_scale, decimal.unknown_rounding_mode.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace concord {

// Largest scale for which 10^scale fits in an int64.
inline constexpr int kMaxScale = 18;

// How a quotient that is not exact becomes an integer. "Up"/"down" are about magnitude
// (away from / toward zero); floor/ceiling are about the number line.
enum class RoundingMode {
  kHalfUp,    // nearest; ties away from zero (commercial rounding): 0.125 -> 0.13, -0.125 -> -0.13
  kHalfEven,  // nearest; ties to the even neighbour (banker's): 0.125 -> 0.12, 0.135 -> 0.14
  kDown,      // toward zero (truncate)
  kUp,        // away from zero
  kFloor,     // toward negative infinity
  kCeiling,   // toward positive infinity
};

// Stable names for configuration and JSON: "half_up", "half_even", "down", "up", "floor",
// "ceiling".
const char* RoundingModeName(RoundingMode mode);
Result<RoundingMode> ParseRoundingMode(std::string_view name);

// 10^exponent. Precondition: 0 <= exponent <= kMaxScale.
int64_t Pow10(int exponent);

// 10^exponent as a 128-bit value. Precondition: 0 <= exponent <= 38.
__int128 Pow10Wide(int exponent);

// Parses `text` (grammar above) into value × 10^scale. `scale` must be in [0, kMaxScale]
// (otherwise "decimal.invalid_scale"). The full int64 range is accepted.
Result<int64_t> ParseScaled(std::string_view text, int scale);

// Canonical text: optional '-', integer digits, and exactly `scale` fraction digits
// (none and no point when scale is 0). Never "-0". E.g. FormatScaled(-123450, 2) is
// "-1234.50". Output always parses back to the same value. Precondition: scale in
// [0, kMaxScale].
std::string FormatScaled(int64_t value, int scale);

// Like FormatScaled but without trailing fraction zeros (and without a trailing point):
// 1500000 at scale 6 is "1.5", 3000000 is "3". For display only; not fixed width.
std::string FormatScaledTrimmed(int64_t value, int scale);

// numerator / denominator rounded once with `mode`. Exact for the whole 128-bit range.
// Errors: "decimal.division_by_zero"; "decimal.overflow" if the rounded quotient does not
// fit in an int64.
Result<int64_t> DivRound(__int128 numerator, __int128 denominator, RoundingMode mode);

// Changes the scale of a value: exact when widening (may overflow), rounded once with
// `mode` when narrowing. Errors: "decimal.overflow", "decimal.invalid_scale".
Result<int64_t> Rescale(int64_t value, int from_scale, int to_scale, RoundingMode mode);

}  // namespace concord
