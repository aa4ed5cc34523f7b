// Routes and schemas of taxes, tax groups, accounting settings, the tax calculator, the tax
// report, budgets and the budget-vs-actual report.
#include <memory>

#include "accounting/accounting.h"
#include "accounting/budgets.h"
#include "accounting/taxes.h"
#include "security/api.h"

namespace concord::accounting {
namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::ListOf;
using security::OptionalVersion;
using security::Ref;
using security::RequiredVersion;
using security::Versioned;

struct TaxBudgetApi {
  Taxes taxes;
  Budgets budgets;
};

Result<Response> ListTaxes(TaxBudgetApi& a, Ctx& c) {
  bool inactive = c.req().Query("inactive").value_or("") == "true";
  ASSIGN_OR_RETURN(auto out, a.taxes.List(c.tx(), c.access(), inactive));
  return Response::Json(200, out);
}
Result<Response> GetTax(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.taxes.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}
Result<Response> CreateTax(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.taxes.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}
Result<Response> UpdateTax(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.taxes.Update(c.tx(), c.access(), id, body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}
Result<Response> ListGroups(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, a.taxes.ListGroups(c.tx(), c.access()));
  return Response::Json(200, out);
}
Result<Response> CreateGroup(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.taxes.CreateGroup(c.tx(), c.access(), body));
  return Versioned(201, out);
}
Result<Response> GetSettings(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, a.taxes.Settings(c.tx(), c.access()));
  return Versioned(200, out);
}
Result<Response> UpdateSettings(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.taxes.UpdateSettings(c.tx(), c.access(), body, OptionalVersion(c, &body)));
  return Versioned(200, out);
}
Result<Response> Compute(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.taxes.Calculate(c.tx(), c.access(), body));
  return Response::Json(200, out);
}

Result<Date> RequiredDate(Ctx& c, const std::string& name) {
  auto text = c.req().Query(name);
  auto d = Date::Parse(text.value_or(""));
  if (!d.ok()) return InvalidField(name, "date", name + " is required, YYYY-MM-DD.");
  return *d;
}
Result<Response> TaxReportRoute(TaxBudgetApi&, Ctx& c) {
  TaxReportParams p;
  ASSIGN_OR_RETURN(p.from, RequiredDate(c, "from"));
  ASSIGN_OR_RETURN(p.to, RequiredDate(c, "to"));
  ASSIGN_OR_RETURN(auto out, TaxReport(c.tx(), c.access(), p));
  return Response::Json(200, out);
}

Result<Response> ListBudgets(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, a.budgets.List(c.tx(), c.access()));
  return Response::Json(200, out);
}
Result<Response> GetBudget(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.budgets.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}
Result<Response> CreateBudget(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.budgets.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}
Result<Response> PutBudgetLines(TaxBudgetApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.budgets.ReplaceLines(c.tx(), c.access(), id, body, OptionalVersion(c, &body)));
  return Versioned(200, out);
}
Result<Response> BudgetVsActual(TaxBudgetApi& a, Ctx& c) {
  BudgetReportParams p;
  ASSIGN_OR_RETURN(auto budget, c.QueryId("budget_id"));
  if (!budget) return InvalidField("budget_id", "required", "budget_id is required.");
  p.budget_id = *budget;
  ASSIGN_OR_RETURN(p.from_period_id, c.QueryId("from_period_id"));
  ASSIGN_OR_RETURN(p.to_period_id, c.QueryId("to_period_id"));
  if (auto d = c.req().Query("department_id")) {
    if (*d == "0") {
      p.department_id = 0;
    } else {
      ASSIGN_OR_RETURN(p.department_id, c.QueryId("department_id"));
    }
  }
  ASSIGN_OR_RETURN(auto out, a.budgets.VersusActual(c.tx(), c.access(), p));
  return Response::Json(200, out);
}

json Obj(json props) { return {{"type", "object"}, {"properties", std::move(props)}}; }
const json kStr = {{"type", "string"}};
const json kInt = {{"type", "integer"}, {"format", "int64"}};
const json kBool = {{"type", "boolean"}};
const json kNullInt = {{"type", "integer"}, {"format", "int64"}, {"nullable", true}};
json ArrayOf(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

void AddSchemas(http::Api& api) {
  json tax = {{"code", kStr},
              {"name", kStr},
              {"name_zh", kStr},
              {"rate", {{"type", "string"}, {"description", "Percent, 0..100, <= 4 decimals"}}},
              {"included", kBool},
              {"collected_account_id", kNullInt},
              {"paid_account_id", kNullInt},
              {"active", kBool}};
  api.AddSchema("TaxInput", Obj(tax));
  tax["id"] = kInt;
  tax["version"] = kInt;
  api.AddSchema("Tax", Obj(tax));
  api.AddSchema("TaxGroupInput", Obj({{"code", kStr}, {"name", kStr}, {"tax_ids", ArrayOf(kInt)}}));
  api.AddSchema(
      "TaxGroup",
      Obj({{"id", kInt},
           {"code", kStr},
           {"name", kStr},
           {"version", kInt},
           {"taxes", ArrayOf(Obj({{"tax_id", kInt}, {"code", kStr}, {"sequence", kInt}}))}}));
  api.AddSchema("AccountingSettings", Obj({{"company_id", kInt},
                                           {"chart_template", kStr},
                                           {"tax_rounding", kStr},
                                           {"version", kInt}}));
  api.AddSchema(
      "TaxComputeInput",
      Obj({{"side", kStr},
           {"lines",
            ArrayOf(Obj({{"amount", kStr}, {"tax_ids", ArrayOf(kInt)}, {"group_id", kInt}}))}}));
  api.AddSchema("TaxComputation", Obj({{"base", kStr},
                                       {"tax", kStr},
                                       {"total", kStr},
                                       {"rounding", kStr},
                                       {"lines", ArrayOf(Obj({}))},
                                       {"taxes", ArrayOf(Obj({}))},
                                       {"posting_lines", ArrayOf(Obj({}))}}));
  api.AddSchema("TaxReport", Obj({{"from", kStr}, {"to", kStr}, {"taxes", ArrayOf(Obj({}))}}));
  api.AddSchema("BudgetInput", Obj({{"name", kStr}, {"fiscal_year_id", kInt}}));
  api.AddSchema("BudgetLinesInput", Obj({{"lines", ArrayOf(Obj({{"account_id", kInt},
                                                                {"department_id", kInt},
                                                                {"period_id", kInt},
                                                                {"amount", kStr}}))}}));
  api.AddSchema("Budget", Obj({{"id", kInt},
                               {"name", kStr},
                               {"fiscal_year_id", kInt},
                               {"version", kInt},
                               {"lines", ArrayOf(Obj({}))}}));
  api.AddSchema("BudgetVsActual", Obj({{"rows", ArrayOf(Obj({}))}, {"totals", Obj({})}}));
}

}  // namespace

void RegisterTaxBudgetRoutes(http::Api& api, const Clock& clock) {
  AddSchemas(api);
  auto a = std::make_shared<TaxBudgetApi>(TaxBudgetApi{Taxes(clock), Budgets(clock)});
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(TaxBudgetApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  const std::string t = "/api/v1/taxes", g = "/api/v1/tax-groups", b = "/api/v1/budgets";
  add("GET", t, "accounting.tax.read",
      {"Tax definitions",
       "accounting",
       nullptr,
       ListOf("Tax"),
       200,
       {{"inactive", "boolean", "true: inactive taxes too"}}},
      ListTaxes);
  add("POST", t, "accounting.tax.create",
      {"Create a tax", "accounting", Ref("TaxInput"), Ref("Tax"), 201}, CreateTax);
  add("GET", t + "/{id}", "accounting.tax.read", {"Read a tax", "accounting", nullptr, Ref("Tax")},
      GetTax);
  add("PATCH", t + "/{id}", "accounting.tax.update",
      {"Update a tax (If-Match required)", "accounting", Ref("TaxInput"), Ref("Tax")}, UpdateTax);
  add("POST", t + "/compute", "accounting.tax.read",
      {"Tax calculator: lines in, per-line and per-tax breakdown and tax posting lines out",
       "accounting", Ref("TaxComputeInput"), Ref("TaxComputation")},
      Compute);
  add("GET", g, "accounting.tax.read",
      {"Tax groups with their ordered taxes", "accounting", nullptr, ListOf("TaxGroup")},
      ListGroups);
  add("POST", g, "accounting.tax.create",
      {"Create a tax group", "accounting", Ref("TaxGroupInput"), Ref("TaxGroup"), 201},
      CreateGroup);
  add("GET", "/api/v1/accounting-settings", "accounting.tax.read",
      {"The company's accounting settings", "accounting", nullptr, Ref("AccountingSettings")},
      GetSettings);
  add("PATCH", "/api/v1/accounting-settings", "accounting.tax.update",
      {"Set tax_rounding (line | document)", "accounting", Ref("AccountingSettings"),
       Ref("AccountingSettings")},
      UpdateSettings);
  add("GET", "/api/v1/reports/tax", "accounting.report.read",
      {"Tax collected and paid per tax over a period",
       "accounting",
       nullptr,
       Ref("TaxReport"),
       200,
       {{"from", "string", "First day, required"}, {"to", "string", "Last day, required"}}},
      TaxReportRoute);
  add("GET", b, "accounting.budget.read", {"Budgets", "accounting", nullptr, ListOf("Budget")},
      ListBudgets);
  add("POST", b, "accounting.budget.create",
      {"Create a budget for a fiscal year", "accounting", Ref("BudgetInput"), Ref("Budget"), 201},
      CreateBudget);
  add("GET", b + "/{id}", "accounting.budget.read",
      {"A budget with its lines", "accounting", nullptr, Ref("Budget")}, GetBudget);
  add("PUT", b + "/{id}/lines", "accounting.budget.update",
      {"Replace a budget's lines", "accounting", Ref("BudgetLinesInput"), Ref("Budget")},
      PutBudgetLines);
  add("GET", "/api/v1/reports/budget-vs-actual", "accounting.report.read",
      {"Budget vs actual per account with variances",
       "accounting",
       nullptr,
       Ref("BudgetVsActual"),
       200,
       {{"budget_id", "integer", "Required"},
        {"from_period_id", "integer", "Default: the year's first period"},
        {"to_period_id", "integer", "Default: its last"},
        {"department_id", "integer", "Only this department (0: lines without one)"}}},
      BudgetVsActual);
}

}  // namespace concord::accounting
