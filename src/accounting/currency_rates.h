// Exchange rates per company, currency and day, and conversion of foreign amounts into the
// company currency.
//
// A rate is "units of the company currency per 1 unit of `currency`", a decimal string > 0
// with at most 10 decimals (e.g. "7.1234"), valid from its date until the next rate of the
// same currency: RateOn(d) is the latest rate dated on or before d. Conversion goes through
// core/money.h Convert: exact 128-bit arithmetic, rounded once (half up) to the company
// currency's minor unit.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::accounting {

inline constexpr int kMaxRateDecimals = 10;

struct Rate {
  std::string currency;
  Date date;           // the day the rate took effect
  std::string text;    // canonical decimal, trailing zeros trimmed: "7.1"
  int64_t scaled = 0;  // rate × 10^scale
  int scale = 0;
};

// Parses a rate: a plain decimal > 0 with at most kMaxRateDecimals decimals.
// InvalidArgument "rate.invalid" otherwise.
Result<Rate> ParseRate(const std::string& text);

// The latest rate of `currency` dated on or before `day`; FailedPrecondition
// "accounting.no_rate" when there is none.
Result<Rate> RateOn(store::Tx& tx, int64_t company_id, const std::string& currency, Date day);

// `amount_minor` (signed, minor units of rate.currency) in the company currency's minor units
// at `rate`, rounded once half up (away from zero on ties, sign kept).
Result<int64_t> ToCompany(int64_t amount_minor, const Rate& rate,
                          const std::string& company_currency);

// The same at the rate of `day` (RateOn + ToCompany); an amount already in the company
// currency is returned as is.
Result<int64_t> ConvertOn(store::Tx& tx, int64_t company_id, int64_t amount_minor,
                          const std::string& currency, Date day);

// The API service: accounting.rate.read / accounting.rate.create.
class CurrencyRates {
 public:
  explicit CurrencyRates(const Clock& clock) : clock_(clock) {}

  // Body {currency, date, rate}. Conflict "accounting.rate_exists" if that currency already
  // has a rate on that day; the company currency itself has no rates.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // Rates, newest first, optionally of one currency; with `on`, only the rate in effect that
  // day (latest on or before it) of each currency.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who,
                              const std::string& currency, std::optional<Date> on) const;

 private:
  const Clock& clock_;
};

}  // namespace concord::accounting
