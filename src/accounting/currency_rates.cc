#include "accounting/currency_rates.h"

#include "core/currency.h"
#include "core/decimal.h"
#include "core/json_input.h"
#include "core/money.h"
#include "security/company.h"

namespace concord::accounting {
namespace {

using nlohmann::json;

json RateJson(const store::Record& r) {
  return {{"id", r.Int(0)}, {"currency", r.Text(1)}, {"date", r.Text(2)}, {"rate", r.Text(3)}};
}

}  // namespace

Result<Rate> ParseRate(const std::string& text) {
  auto scaled = ParseScaled(text, kMaxRateDecimals);
  if (!scaled.ok() || *scaled <= 0) {
    return InvalidField("rate", "rate.invalid",
                        "rate is a decimal > 0 with at most 10 decimals, e.g. 7.1234.");
  }
  Rate r;
  r.scaled = *scaled;
  r.scale = kMaxRateDecimals;
  r.text = FormatScaledTrimmed(r.scaled, r.scale);
  return r;
}

Result<Rate> RateOn(store::Tx& tx, int64_t company_id, const std::string& currency, Date day) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT date, rate FROM currency_rates WHERE company_id = ? "
                                    "AND currency = ? AND date <= ? ORDER BY date DESC LIMIT 1",
                                    company_id, currency, day.ToString()));
  if (!row) {
    return FailedPrecondition("accounting.no_rate",
                              "No " + currency + " rate on or before " + day.ToString() + ".");
  }
  ASSIGN_OR_RETURN(Rate rate, ParseRate(row->Text(1)));
  ASSIGN_OR_RETURN(rate.date, Date::Parse(row->Text(0)));
  rate.currency = currency;
  return rate;
}

Result<int64_t> ToCompany(int64_t amount_minor, const Rate& rate,
                          const std::string& company_currency) {
  ASSIGN_OR_RETURN(Currency from, Currency::FromCode(rate.currency));
  ASSIGN_OR_RETURN(Currency to, Currency::FromCode(company_currency));
  ASSIGN_OR_RETURN(Money m, Convert(Money::FromMinor(amount_minor, from), to, rate.scaled,
                                    rate.scale, RoundingMode::kHalfUp));
  return m.minor();
}

Result<int64_t> ConvertOn(store::Tx& tx, int64_t company_id, int64_t amount_minor,
                          const std::string& currency, Date day) {
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, company_id));
  if (currency == own) return amount_minor;
  ASSIGN_OR_RETURN(Rate rate, RateOn(tx, company_id, currency, day));
  return ToCompany(amount_minor, rate, own);
}

Result<json> CurrencyRates::Create(store::Tx& tx, const security::Access& who,
                                   const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.rate.create"));
  Fields f(body);
  auto currency = f.Text("currency", {.required = true, .max_chars = 3});
  auto day = f.Day("date", true);
  auto text = f.Text("rate", {.required = true, .max_chars = 40});
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, who.company_id()));
  if (!Currency::FromCode(*currency).ok()) {
    return InvalidField("currency", "currency.unknown", "Not an ISO 4217 currency code.");
  }
  if (*currency == own) {
    return InvalidField("currency", "accounting.own_currency",
                        "The company currency has no rate: it is 1.");
  }
  ASSIGN_OR_RETURN(Rate rate, ParseRate(*text));
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT id FROM currency_rates WHERE company_id = ? AND "
                                    "currency = ? AND date = ?",
                                    who.company_id(), *currency, day->ToString()));
  if (dup) {
    return Conflict("accounting.rate_exists",
                    "There is already a " + *currency + " rate on " + day->ToString() + ".");
  }
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO currency_rates (company_id, currency, date, rate, "
                "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                who.company_id(), *currency, day->ToString(), rate.text, clock_.Now().ToIso()));
  json out = {{"id", id}, {"currency", *currency}, {"date", day->ToString()}, {"rate", rate.text}};
  tx.Audit({"currency_rate", id, "create", {{"rate", {nullptr, rate.text}}}});
  tx.Emit({"currency_rate.created", "currency_rate", id, out});
  return out;
}

Result<json> CurrencyRates::List(store::Tx& tx, const security::Access& who,
                                 const std::string& currency, std::optional<Date> on) const {
  RETURN_IF_ERROR(who.Require("accounting.rate.read"));
  std::string sql =
      "SELECT r.id, r.currency, r.date, r.rate FROM currency_rates r WHERE r.company_id = ?";
  std::vector<store::Value> p = {who.company_id()};
  if (!currency.empty()) {
    sql += " AND r.currency = ?";
    p.emplace_back(currency);
  }
  if (on) {
    sql +=
        " AND r.date = (SELECT MAX(o.date) FROM currency_rates o WHERE o.company_id = "
        "r.company_id AND o.currency = r.currency AND o.date <= ?)";
    p.emplace_back(on->ToString());
  }
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY r.currency, r.date DESC LIMIT 1000", p));
  json items = json::array();
  for (const auto& r : rows) items.push_back(RateJson(r));
  return json{{"items", items}};
}

}  // namespace concord::accounting
