// Routes of the accounting reports and of the hledger export: parse the query, call Reports.
#include "accounting/hledger.h"
#include "accounting/reports.h"
#include "http/api.h"
#include "security/api.h"

namespace concord::accounting {
namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::Ref;

constexpr char kRead[] = "accounting.report.read";
constexpr char kExport[] = "accounting.entry.export";

Result<Date> RequiredDate(Ctx& c, const std::string& name) {
  ASSIGN_OR_RETURN(auto d, c.QueryDate(name));
  if (!d) return InvalidField(name, "required", name + " is required (YYYY-MM-DD).");
  return *d;
}

Result<bool> QueryBool(Ctx& c, const std::string& name) {
  std::string v = c.req().Query(name).value_or("false");
  if (v != "true" && v != "false")
    return InvalidField(name, "boolean", name + " is true or false.");
  return v == "true";
}

const Reports kReports{};

Result<Response> TrialBalance(Ctx& c) {
  TrialBalanceParams p;
  ASSIGN_OR_RETURN(p.from, c.QueryDate("from"));
  ASSIGN_OR_RETURN(p.to, RequiredDate(c, "to"));
  ASSIGN_OR_RETURN(p.department_id, c.QueryId("department_id"));
  ASSIGN_OR_RETURN(p.all, QueryBool(c, "all"));
  ASSIGN_OR_RETURN(auto out, kReports.TrialBalance(c.tx(), c.access(), p));
  return Response::Json(200, out);
}

Result<Response> GeneralLedger(Ctx& c) {
  GeneralLedgerParams p;
  ASSIGN_OR_RETURN(auto account, c.QueryId("account_id"));
  if (!account || *account == 0) {
    return InvalidField("account_id", "required", "account_id is required.");
  }
  p.account_id = *account;
  ASSIGN_OR_RETURN(p.from, c.QueryDate("from"));
  ASSIGN_OR_RETURN(p.to, c.QueryDate("to"));
  ASSIGN_OR_RETURN(auto page, c.Paging());
  p.limit = page.limit;
  p.after = page.after;
  ASSIGN_OR_RETURN(auto out, kReports.GeneralLedger(c.tx(), c.access(), p));
  return Response::Json(200, out);
}

Result<Response> ProfitAndLoss(Ctx& c) {
  ProfitAndLossParams p;
  ASSIGN_OR_RETURN(p.from, RequiredDate(c, "from"));
  ASSIGN_OR_RETURN(p.to, RequiredDate(c, "to"));
  ASSIGN_OR_RETURN(p.compare_from, c.QueryDate("compare_from"));
  ASSIGN_OR_RETURN(p.compare_to, c.QueryDate("compare_to"));
  ASSIGN_OR_RETURN(p.department_id, c.QueryId("department_id"));
  ASSIGN_OR_RETURN(auto out, kReports.ProfitAndLoss(c.tx(), c.access(), p));
  return Response::Json(200, out);
}

Result<Response> BalanceSheet(Ctx& c) {
  BalanceSheetParams p;
  ASSIGN_OR_RETURN(p.date, RequiredDate(c, "date"));
  ASSIGN_OR_RETURN(p.compare_date, c.QueryDate("compare_date"));
  ASSIGN_OR_RETURN(auto out, kReports.BalanceSheet(c.tx(), c.access(), p));
  return Response::Json(200, out);
}

Result<Response> CashFlow(Ctx& c) {
  CashFlowParams p;
  ASSIGN_OR_RETURN(p.from, RequiredDate(c, "from"));
  ASSIGN_OR_RETURN(p.to, RequiredDate(c, "to"));
  ASSIGN_OR_RETURN(auto out, kReports.CashFlow(c.tx(), c.access(), p));
  return Response::Json(200, out);
}

Result<Response> ExportHledger(Ctx& c) {
  ASSIGN_OR_RETURN(auto from, c.QueryDate("from"));
  ASSIGN_OR_RETURN(auto to, c.QueryDate("to"));
  if (from && to && *to < *from) return InvalidField("to", "range", "to is on or after from.");
  ASSIGN_OR_RETURN(std::string text, HledgerJournal(c.tx(), c.access().company_id(), from, to));
  Response r;
  r.status = 200;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(text);
  r.Header("Content-Disposition", "attachment; filename=\"ledger.hledger\"");
  return r;
}

json MoneySchema() { return {{"type", "string"}, {"description", "decimal, company currency"}}; }

json Object(json properties) { return {{"type", "object"}, {"properties", std::move(properties)}}; }

json ArrayOf(json item) { return {{"type", "array"}, {"items", std::move(item)}}; }

void RegisterSchemas(http::Api& api) {
  json date = {{"type", "string"}, {"format", "date"}};
  json account = {{"id", {{"type", "integer"}}},
                  {"code", {{"type", "string"}}},
                  {"name", {{"type", "string"}}},
                  {"name_zh", {{"type", "string"}}},
                  {"type", {{"type", "string"}}}};
  json tb_row = account;
  for (const char* k : {"opening", "debit", "credit", "closing"}) tb_row[k] = MoneySchema();
  api.AddSchema("TrialBalance",
                Object({{"from", date},
                        {"to", date},
                        {"currency", {{"type", "string"}}},
                        {"accounts", ArrayOf(Object(tb_row))},
                        {"totals", Object({{"debit", MoneySchema()}, {"credit", MoneySchema()}})},
                        {"balanced", {{"type", "boolean"}}}}));
  json gl_line = Object({{"id", {{"type", "integer"}}},
                         {"date", date},
                         {"entry_id", {{"type", "integer"}}},
                         {"number", {{"type", "string"}}},
                         {"ref", {{"type", "string"}}},
                         {"description", {{"type", "string"}}},
                         {"party_id", {{"type", "integer"}, {"nullable", true}}},
                         {"debit", MoneySchema()},
                         {"credit", MoneySchema()},
                         {"balance", MoneySchema()}});
  api.AddSchema("GeneralLedger",
                Object({{"account", Object(account)},
                        {"opening", MoneySchema()},
                        {"closing", MoneySchema()},
                        {"balance_before", MoneySchema()},
                        {"items", ArrayOf(gl_line)},
                        {"next_cursor", {{"type", "string"}, {"nullable", true}}}}));
  json row = account;
  row["is_group"] = {{"type", "boolean"}};
  row["level"] = {{"type", "integer"}};
  row["amount"] = MoneySchema();
  row["compare"] = MoneySchema();
  row["variance"] = MoneySchema();
  json section = Object({{"rows", ArrayOf(Object(row))}, {"total", MoneySchema()}});
  api.AddSchema("ProfitAndLoss", Object({{"from", date},
                                         {"to", date},
                                         {"income", section},
                                         {"expense", section},
                                         {"net_profit", MoneySchema()}}));
  api.AddSchema("BalanceSheet", Object({{"date", date},
                                        {"assets", section},
                                        {"liabilities", section},
                                        {"equity", section},
                                        {"balanced", {{"type", "boolean"}}}}));
  json flow =
      Object({{"inflow", MoneySchema()}, {"outflow", MoneySchema()}, {"net", MoneySchema()}});
  api.AddSchema("CashFlow", Object({{"opening", MoneySchema()},
                                    {"closing", MoneySchema()},
                                    {"operating", flow},
                                    {"investing", flow},
                                    {"financing", flow},
                                    {"reconciled", {{"type", "boolean"}}}}));
}

}  // namespace

void RegisterReportRoutes(http::Api& api) {
  RegisterSchemas(api);
  auto add = [&](std::string path, const char* perm, RouteDoc doc, Result<Response> (*fn)(Ctx&)) {
    api.Add({"GET", std::move(path), http::AuthKind::kPermission, perm, http::TxKind::kDefault,
             std::move(doc), fn});
  };
  const std::string base = "/api/v1/reports/";
  const http::QueryParamDoc from = {"from", "string", "First day (YYYY-MM-DD)"};
  const http::QueryParamDoc to = {"to", "string", "Last day (YYYY-MM-DD)"};
  const http::QueryParamDoc dept = {"department_id", "integer",
                                    "Only lines of this department (0: without one)"};
  add(base + "trial-balance", kRead,
      {"Trial balance: opening, debits, credits and closing per account",
       "accounting",
       nullptr,
       Ref("TrialBalance"),
       200,
       {{"from", "string", "First day (YYYY-MM-DD); absent: since the first entry"},
        {"to", "string", "Last day (YYYY-MM-DD), required"},
        dept,
        {"all", "boolean", "true: also accounts without activity"}}},
      TrialBalance);
  add(base + "general-ledger", kRead,
      {"The lines of one account with a running balance (keyset paged)",
       "accounting",
       nullptr,
       Ref("GeneralLedger"),
       200,
       {{"account_id", "integer", "The account, required"},
        from,
        to,
        {"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"}}},
      GeneralLedger);
  add(base + "profit-and-loss", kRead,
      {"Income and expenses by account hierarchy, optionally beside a comparison period",
       "accounting",
       nullptr,
       Ref("ProfitAndLoss"),
       200,
       {from,
        to,
        {"compare_from", "string", "First day of the comparison period"},
        {"compare_to", "string", "Last day of the comparison period"},
        dept}},
      ProfitAndLoss);
  add(base + "balance-sheet", kRead,
      {"Assets, liabilities and equity at a date, with the unclosed profit in equity",
       "accounting",
       nullptr,
       Ref("BalanceSheet"),
       200,
       {{"date", "string", "The date (YYYY-MM-DD), required"},
        {"compare_date", "string", "A date to compare with"}}},
      BalanceSheet);
  add(base + "cash-flow", kRead,
      {"Cash-flow summary: cash movements by the section of their counter-accounts",
       "accounting",
       nullptr,
       Ref("CashFlow"),
       200,
       {from, to}},
      CashFlow);
  add("/api/v1/exports/ledger.hledger", kExport,
      {"The posted ledger as an hledger journal (hledger check / bal verify it)",
       "accounting",
       nullptr,
       {{"type", "string"}},
       200,
       {from, to},
       "text/plain"},
      ExportHledger);
}

}  // namespace concord::accounting
