// Routes and schemas of open items, matches, currency rates, revaluation, ageing and party
// statements: parse, call the service.
#include <memory>

#include "accounting/accounting.h"
#include "accounting/currency_rates.h"
#include "accounting/matching.h"
#include "security/api.h"

namespace concord::accounting {
namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::Ref;

struct MatchingApi {
  Matching matching;
  OpenItems open;
  CurrencyRates rates;
};

Result<std::optional<Date>> QueryDay(Ctx& c, const std::string& name) {
  auto text = c.req().Query(name);
  if (!text) return std::optional<Date>();
  auto d = Date::Parse(*text);
  if (!d.ok()) return InvalidField(name, d.status().message_id(), name + " is YYYY-MM-DD.");
  return std::optional<Date>(*d);
}

Result<std::string> QueryKind(Ctx& c, bool required) {
  std::string kind = c.req().Query("kind").value_or("");
  if ((required || !kind.empty()) && kind != "receivable" && kind != "payable") {
    return InvalidField("kind", "enum", "kind is receivable or payable.");
  }
  return kind;
}

Result<Response> ListOpenItems(MatchingApi& a, Ctx& c) {
  OpenItemFilter f;
  ASSIGN_OR_RETURN(f.party_id, c.QueryId("party_id"));
  ASSIGN_OR_RETURN(f.account_id, c.QueryId("account_id"));
  ASSIGN_OR_RETURN(f.kind, QueryKind(c, false));
  ASSIGN_OR_RETURN(f.as_of, QueryDay(c, "as_of"));
  ASSIGN_OR_RETURN(auto out, a.open.List(c.tx(), c.access(), f));
  return Response::Json(200, out);
}

Result<Response> CreateMatch(MatchingApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.matching.Create(c.tx(), c.access(), body));
  return Response::Json(201, out);
}

Result<Response> AutoMatch(MatchingApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.matching.Auto(c.tx(), c.access(), body));
  return Response::Json(200, out);
}

Result<Response> GetMatch(MatchingApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.matching.Get(c.tx(), c.access(), id));
  return Response::Json(200, out);
}

Result<Response> DeleteMatch(MatchingApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  RETURN_IF_ERROR(a.matching.Delete(c.tx(), c.access(), id));
  return Response::NoContent();
}

Result<Response> CreateRate(MatchingApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.rates.Create(c.tx(), c.access(), body));
  return Response::Json(201, out);
}

Result<Response> ListRates(MatchingApi& a, Ctx& c) {
  std::string currency = c.req().Query("currency").value_or("");
  if (currency.size() > 3) return InvalidField("currency", "too_long", "An ISO 4217 code.");
  ASSIGN_OR_RETURN(auto on, QueryDay(c, "date"));
  ASSIGN_OR_RETURN(auto out, a.rates.List(c.tx(), c.access(), currency, on));
  return Response::Json(200, out);
}

Result<Response> Revalue(MatchingApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.matching.Revalue(c.tx(), c.access(), body));
  return Response::Json(201, out);
}

Result<Response> Ageing(MatchingApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(std::string kind, QueryKind(c, true));
  ASSIGN_OR_RETURN(auto as_of, QueryDay(c, "as_of"));
  ASSIGN_OR_RETURN(auto out, a.open.Ageing(c.tx(), c.access(), kind, as_of));
  return Response::Json(200, out);
}

Result<Response> Statement(MatchingApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto from, QueryDay(c, "from"));
  ASSIGN_OR_RETURN(auto to, QueryDay(c, "to"));
  ASSIGN_OR_RETURN(auto out, a.open.Statement(c.tx(), c.access(), id, from, to));
  return Response::Json(200, out);
}

json Obj(json props, std::vector<std::string> required = {}) {
  json s = {{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) s["required"] = required;
  return s;
}
json Array(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
const json kStr = {{"type", "string"}};
const json kInt = {{"type", "integer"}, {"format", "int64"}};
const json kDec = {{"type", "string"}, {"description", "Decimal amount, e.g. 1234.50"}};
const json kDay = {{"type", "string"}, {"format", "date"}};

void AddSchemas(http::Api& api) {
  json item = Obj({{"line_id", kInt},
                   {"entry_id", kInt},
                   {"entry_number", kStr},
                   {"date", kDay},
                   {"due_date", kDay},
                   {"account_id", kInt},
                   {"account_code", kStr},
                   {"party_id", kInt},
                   {"party_name", kStr},
                   {"amount", kDec},
                   {"residual", kDec},
                   {"currency", kStr},
                   {"amount_currency", kDec},
                   {"residual_currency", kDec},
                   {"days_overdue", kInt}});
  api.AddSchema(
      "OpenItems",
      Obj({{"as_of", kDay}, {"currency", kStr}, {"total", kDec}, {"items", Array(item)}}));
  api.AddSchema("MatchInput",
                Obj({{"debit_line_id", kInt}, {"credit_line_id", kInt}, {"amount", kDec}},
                    {"debit_line_id", "credit_line_id"}));
  api.AddSchema("AutoMatchInput",
                Obj({{"party_id", kInt}, {"account_id", kInt}}, {"party_id", "account_id"}));
  json match = Obj({{"id", kInt},
                    {"debit_line_id", kInt},
                    {"credit_line_id", kInt},
                    {"amount", kDec},
                    {"amount_currency", kDec},
                    {"currency", kStr},
                    {"company_currency", kStr},
                    {"fx_entry_id", kInt},
                    {"created_at", kStr}});
  api.AddSchema("Match", match);
  api.AddSchema("MatchList", Obj({{"items", Array(Ref("Match"))}}));
  json rate = Obj({{"id", kInt}, {"currency", kStr}, {"date", kDay}, {"rate", kStr}});
  api.AddSchema("CurrencyRate", rate);
  api.AddSchema("CurrencyRateInput", Obj({{"currency", kStr}, {"date", kDay}, {"rate", kStr}},
                                         {"currency", "date", "rate"}));
  api.AddSchema("CurrencyRateList", Obj({{"items", Array(Ref("CurrencyRate"))}}));
  api.AddSchema("RevaluationInput", Obj({{"date", kDay}}, {"date"}));
  api.AddSchema("Revaluation", Obj({{"date", kDay},
                                    {"entry_id", kInt},
                                    {"number", kStr},
                                    {"reversal_id", kInt},
                                    {"reversal_number", kStr},
                                    {"gains", kDec},
                                    {"losses", kDec},
                                    {"items", Array(json::object())}}));
  json buckets = {{"current", kDec},    {"days_1_30", kDec}, {"days_31_60", kDec},
                  {"days_61_90", kDec}, {"over_90", kDec},   {"total", kDec}};
  json party = Obj(buckets);
  party["properties"]["party_id"] = kInt;
  party["properties"]["party_name"] = kStr;
  api.AddSchema("Ageing", Obj({{"kind", kStr},
                               {"as_of", kDay},
                               {"currency", kStr},
                               {"parties", Array(party)},
                               {"totals", Obj(buckets)},
                               {"control_balance", kDec}}));
  api.AddSchema("PartyStatement", Obj({{"party_id", kInt},
                                       {"from", kDay},
                                       {"to", kDay},
                                       {"currency", kStr},
                                       {"opening_balance", kDec},
                                       {"lines", Array(json::object())},
                                       {"closing_balance", kDec},
                                       {"open_items", Array(item)}}));
}

}  // namespace

void RegisterMatchingRoutes(http::Api& api, Services& s) {
  AddSchemas(api);
  auto a = std::make_shared<MatchingApi>(
      MatchingApi{Matching(s.clock, s.ledger), OpenItems(s.clock), CurrencyRates(s.clock)});
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(MatchingApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  const http::QueryParamDoc as_of = {"as_of", "string", "The day (YYYY-MM-DD); default today"};
  add("GET", "/api/v1/open-items", "accounting.match.read",
      {"Open items of reconcilable accounts as of a day",
       "accounting",
       nullptr,
       Ref("OpenItems"),
       200,
       {{"party_id", "integer", "Only this party's"},
        {"account_id", "integer", "Only this account's"},
        {"kind", "string", "receivable | payable"},
        as_of}},
      ListOpenItems);
  add("POST", "/api/v1/matches", "accounting.match.create",
      {"Match a debit line with a credit line (amount in the lines' currency; default the "
       "smaller open amount); books the realised exchange difference",
       "accounting", Ref("MatchInput"), Ref("Match"), 201},
      CreateMatch);
  add("POST", "/api/v1/matches/auto", "accounting.match.create",
      {"Match a party's open lines on an account, oldest due first", "accounting",
       Ref("AutoMatchInput"), Ref("MatchList")},
      AutoMatch);
  add("GET", "/api/v1/matches/{id}", "accounting.match.read",
      {"A match", "accounting", nullptr, Ref("Match")}, GetMatch);
  add("DELETE", "/api/v1/matches/{id}", "accounting.match.delete",
      {"Unmatch: restores the residuals and reverses the match's exchange-difference entry",
       "accounting", nullptr, nullptr, 204},
      DeleteMatch);
  add("GET", "/api/v1/currency-rates", "accounting.rate.read",
      {"Currency rates (units of the company currency per unit)",
       "accounting",
       nullptr,
       Ref("CurrencyRateList"),
       200,
       {{"currency", "string", "Only this currency's"},
        {"date", "string", "Only the rate in effect on this day"}}},
      ListRates);
  add("POST", "/api/v1/currency-rates", "accounting.rate.create",
      {"Add a currency rate from a day on", "accounting", Ref("CurrencyRateInput"),
       Ref("CurrencyRate"), 201},
      CreateRate);
  add("POST", "/api/v1/revaluations", "accounting.entry.approve",
      {"Revalue open foreign-currency items at a day's rates (reversed the next day)", "accounting",
       Ref("RevaluationInput"), Ref("Revaluation"), 201},
      Revalue);
  add("GET", "/api/v1/reports/ageing", "accounting.report.read",
      {"Receivables or payables by days past due, per party",
       "accounting",
       nullptr,
       Ref("Ageing"),
       200,
       {{"kind", "string", "receivable | payable (required)"}, as_of}},
      Ageing);
  add("GET", "/api/v1/parties/{id}/statement", "accounting.report.read",
      {"A party's statement: opening balance, lines with running balance, open items",
       "accounting",
       nullptr,
       Ref("PartyStatement"),
       200,
       {{"from", "string", "First day (default: 1 January of to's year)"},
        {"to", "string", "Last day (default: today)"}}},
      Statement);
}

}  // namespace concord::accounting
