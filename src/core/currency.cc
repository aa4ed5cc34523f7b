#include "core/currency.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iostream>
#include <string>

namespace concord {
namespace {

struct CurrencyEntry {
  std::string_view code;
  int minor_units;
};

// ISO 4217 minor units. Sorted by code: lookups binary-search and operator<=> relies on it.
constexpr std::array<CurrencyEntry, 59> kCurrencies = {{
    {"AED", 2}, {"ARS", 2}, {"AUD", 2}, {"BDT", 2}, {"BHD", 3}, {"BRL", 2}, {"CAD", 2}, {"CHF", 2},
    {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CZK", 2}, {"DKK", 2}, {"EGP", 2}, {"EUR", 2}, {"GBP", 2},
    {"HKD", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"ISK", 0}, {"JOD", 3},
    {"JPY", 0}, {"KES", 2}, {"KRW", 0}, {"KWD", 3}, {"KZT", 2}, {"LKR", 2}, {"LYD", 3}, {"MAD", 2},
    {"MXN", 2}, {"MYR", 2}, {"NGN", 2}, {"NOK", 2}, {"NZD", 2}, {"OMR", 3}, {"PEN", 2}, {"PHP", 2},
    {"PKR", 2}, {"PLN", 2}, {"QAR", 2}, {"RON", 2}, {"RUB", 2}, {"SAR", 2}, {"SEK", 2}, {"SGD", 2},
    {"THB", 2}, {"TND", 3}, {"TRY", 2}, {"TWD", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"VND", 0},
    {"XAF", 0}, {"XOF", 0}, {"ZAR", 2},
}};

constexpr bool IsSortedTable() {
  for (size_t i = 1; i < kCurrencies.size(); ++i) {
    if (!(kCurrencies[i - 1].code < kCurrencies[i].code)) return false;
  }
  return true;
}
static_assert(IsSortedTable(), "kCurrencies must be sorted by code");

}  // namespace

Result<Currency> Currency::FromCode(std::string_view code) {
  auto it = std::lower_bound(
      kCurrencies.begin(), kCurrencies.end(), code,
      [](const CurrencyEntry& entry, std::string_view key) { return entry.code < key; });
  if (it == kCurrencies.end() || it->code != code) {
    return InvalidArgument("currency.unknown",
                           "Unknown currency '" + std::string(code) +
                               "'; expected an upper-case ISO 4217 code such as USD.");
  }
  return Currency(static_cast<int>(it - kCurrencies.begin()));
}

Currency Currency::FromCodeOrDie(std::string_view code) {
  Result<Currency> currency = FromCode(code);
  if (!currency.ok()) {
    std::cerr << "FATAL: " << currency.status().ToString() << "\n";
    std::abort();
  }
  return *currency;
}

std::vector<Currency> Currency::All() {
  std::vector<Currency> all;
  all.reserve(kCurrencies.size());
  for (size_t i = 0; i < kCurrencies.size(); ++i) all.push_back(Currency(static_cast<int>(i)));
  return all;
}

std::string_view Currency::code() const { return kCurrencies[static_cast<size_t>(index_)].code; }

int Currency::minor_units() const { return kCurrencies[static_cast<size_t>(index_)].minor_units; }

}  // namespace concord
