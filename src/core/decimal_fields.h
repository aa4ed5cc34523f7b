// Decimal fields of API bodies and their display: scale-6 values (quantities, unit prices)
// and percentages (percent × 10^4), shared by every area that reads or shows them.
#pragma once

#include <optional>
#include <string>

#include "core/decimal.h"
#include "core/json_input.h"

namespace concord {

// A scale-6 value for display: trailing zeros trimmed, but at least `min_decimals` kept
// ("12.50", "0.333333", "3").
std::string ScaledText(int64_t scaled, int min_decimals = 2);

// Reads a non-negative decimal string (at most 6 decimals) into a scale-6 integer; records a
// field error and returns nullopt otherwise. `allow_negative` for signed amounts.
std::optional<int64_t> ScaledField(Fields& f, const std::string& name, bool required = false,
                                   bool allow_negative = false);
// A percentage "0".."100" (at most 4 decimals) as percent × 10^4.
std::optional<int64_t> PercentField(Fields& f, const std::string& name, bool required = false,
                                    int64_t max = 1000000);

}  // namespace concord
