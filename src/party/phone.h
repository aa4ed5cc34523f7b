// Country calling codes (ITU-T E.164) shared by phone normalisation and search keys.
// NormalizePhone itself is declared in party/normalize.h and implemented in phone.cc.
// Pure functions over static tables; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace concord::party {

// Number of leading digits of `digits` (an E.164 number without "+") that form an assigned
// country calling code: 1, 2 or 3. Calling codes are prefix-free, so at most one matches.
// 0 when `digits` does not start with an assigned code.
std::size_t CallingCodeLength(std::string_view digits);

// The calling code ("86") of an ISO 3166-1 alpha-2 country ("CN" or "cn"); "" if the country
// is not in the table. The view refers to static storage.
std::string_view CallingCodeOf(std::string_view country);

}  // namespace concord::party
