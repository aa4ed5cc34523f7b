#include "accounting/budgets.h"

#include <map>
#include <set>
#include <tuple>

#include "accounting/report_internal.h"
#include "core/decimal.h"
#include "core/json_input.h"
#include "core/money.h"
#include "security/company.h"
#include "store/row_json.h"

namespace concord::accounting {
namespace {

using nlohmann::json;

Result<json> LoadBudget(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, name, fiscal_year_id, version, created_at, "
                                    "updated_at FROM budgets WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("budget");
  return store::RowJson(*row);
}

struct BudgetLine {
  int64_t account_id = 0;
  int64_t department_id = 0;
  int64_t period_id = 0;
  int64_t amount = 0;
};

Result<std::vector<BudgetLine>> ReadLines(const json& body, Currency currency) {
  Fields f(body);
  f.Ignore("version");
  std::vector<BudgetLine> out;
  const json* lines = f.Raw("lines");
  if (!lines || !lines->is_array() || lines->size() > 10000) {
    f.Error("lines", "type", "lines is a list of at most 10000 lines.");
  } else {
    for (size_t i = 0; i < lines->size(); ++i) {
      std::string at = "lines/" + std::to_string(i) + "/";
      if (!(*lines)[i].is_object()) {
        f.Error(at, "type", "A line is an object.");
        continue;
      }
      Fields g((*lines)[i]);
      BudgetLine l;
      l.account_id = g.Int("account_id", true).value_or(0);
      l.department_id = g.Int("department_id", false, 0).value_or(0);
      l.period_id = g.Int("period_id", true).value_or(0);
      if (auto text = g.Text("amount", {.required = true, .max_chars = 30})) {
        auto m = Money::Parse(*text, currency);
        if (m.ok())
          l.amount = m->minor();
        else
          g.Error("amount", m.status().message_id(), "amount is a decimal amount.");
      }
      Status st = g.Finish();
      for (const auto& e : st.field_errors()) f.Error(at + e.field, e.code, e.message);
      out.push_back(l);
    }
  }
  RETURN_IF_ERROR(f.Finish());
  return out;
}

// Every line names an account of the company, a period of the budget's year, a department of
// the company (or 0), and no two lines the same (account, department, period).
Status CheckLines(store::Tx& tx, int64_t company_id, int64_t year_id,
                  const std::vector<BudgetLine>& lines) {
  std::set<std::tuple<int64_t, int64_t, int64_t>> seen;
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    std::string at = "lines/" + std::to_string(i) + "/";
    ASSIGN_OR_RETURN(auto a, tx.One("SELECT id FROM accounts WHERE id = ? AND company_id = ?",
                                    l.account_id, company_id));
    if (!a) return InvalidField(at + "account_id", "not_found", "No such account.");
    ASSIGN_OR_RETURN(auto p, tx.One("SELECT id FROM fiscal_periods WHERE id = ? AND "
                                    "fiscal_year_id = ? AND company_id = ?",
                                    l.period_id, year_id, company_id));
    if (!p) return InvalidField(at + "period_id", "not_found", "No such period in the year.");
    if (l.department_id != 0) {
      ASSIGN_OR_RETURN(bool d, security::DepartmentInCompany(tx, company_id, l.department_id));
      if (!d) return InvalidField(at + "department_id", "not_found", "No such department.");
    }
    if (!seen.insert({l.account_id, l.department_id, l.period_id}).second) {
      return InvalidField(at + "account_id", "duplicate", "Two lines for the same cell.");
    }
  }
  return Status::Ok();
}

Result<json> BudgetWithLines(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(json out, LoadBudget(tx, company_id, id));
  ASSIGN_OR_RETURN(Currency currency, internal::CurrencyOf(tx, company_id));
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT l.id, l.account_id, a.code AS account_code, "
                                      "l.department_id, l.period_id, p.name AS period_name, "
                                      "l.amount FROM budget_lines l JOIN accounts a ON a.id = "
                                      "l.account_id JOIN fiscal_periods p ON p.id = l.period_id "
                                      "WHERE l.budget_id = ? ORDER BY a.code, p.start_date, "
                                      "l.department_id",
                                      id));
  out["currency"] = std::string(currency.code());
  out["lines"] = json::array();
  for (const auto& r : rows) {
    json j = store::RowJson(r);
    j["amount"] = internal::Amount(r.Int("amount"), currency);
    out["lines"].push_back(std::move(j));
  }
  return out;
}

// Net debit of an account over the range: its own figure, or its descendants' for a group.
int64_t NetDebit(const std::map<int64_t, std::vector<int64_t>>& children,
                 const std::map<int64_t, internal::Sums>& sums, int64_t id, int depth = 0) {
  int64_t net = 0;
  if (auto it = sums.find(id); it != sums.end()) net += it->second.net();
  if (auto it = children.find(id); it != children.end() && depth < 20) {
    for (int64_t c : it->second) net += NetDebit(children, sums, c, depth + 1);
  }
  return net;
}

json Figures(int64_t budget, int64_t actual, Currency c) {
  int64_t variance = actual - budget;
  json pct = nullptr;
  if (budget != 0) {
    auto v = DivRound(static_cast<__int128>(variance) * 1000, budget < 0 ? -budget : budget,
                      RoundingMode::kHalfUp);
    if (v.ok()) pct = FormatScaled(*v, 1);
  }
  return {{"budget", internal::Amount(budget, c)},
          {"actual", internal::Amount(actual, c)},
          {"variance", internal::Amount(variance, c)},
          {"variance_pct", pct}};
}

struct PeriodRange {
  int64_t from_id = 0, to_id = 0;
  std::string from, to;  // first and last day
};

Result<PeriodRange> ResolvePeriods(store::Tx& tx, int64_t year_id, const BudgetReportParams& p) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, start_date, end_date FROM fiscal_periods WHERE "
                                      "fiscal_year_id = ? ORDER BY start_date",
                                      year_id));
  if (rows.empty()) return FailedPrecondition("accounting.no_period", "The year has no periods.");
  PeriodRange r{rows.front().Int(0), rows.back().Int(0), rows.front().Text(1), rows.back().Text(2)};
  bool from_ok = !p.from_period_id, to_ok = !p.to_period_id;
  for (const auto& row : rows) {
    if (p.from_period_id == row.Int(0)) {
      r.from_id = row.Int(0);
      r.from = row.Text(1);
      from_ok = true;
    }
    if (p.to_period_id == row.Int(0)) {
      r.to_id = row.Int(0);
      r.to = row.Text(2);
      to_ok = true;
    }
  }
  if (!from_ok) return InvalidField("from_period_id", "not_found", "No such period in the year.");
  if (!to_ok) return InvalidField("to_period_id", "not_found", "No such period in the year.");
  if (r.from > r.to) return InvalidField("to_period_id", "range", "to is before from.");
  return r;
}

}  // namespace

Result<json> Budgets::List(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(who.Require("accounting.budget.read"));
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, name, fiscal_year_id, version, created_at, "
                                      "updated_at FROM budgets WHERE company_id = ? ORDER BY name",
                                      who.company_id()));
  json items = json::array();
  for (const auto& r : rows) items.push_back(store::RowJson(r));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> Budgets::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("accounting.budget.read"));
  return BudgetWithLines(tx, who.company_id(), id);
}

Result<json> Budgets::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.budget.create"));
  Fields f(body);
  auto name = f.Text("name", {.required = true, .max_chars = 200});
  auto year = f.Int("fiscal_year_id", true);
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto y, tx.One("SELECT id FROM fiscal_years WHERE id = ? AND company_id = ?",
                                  *year, who.company_id()));
  if (!y) return InvalidField("fiscal_year_id", "not_found", "No such fiscal year.");
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT id FROM budgets WHERE company_id = ? AND name = ?",
                                    who.company_id(), *name));
  if (dup) return InvalidField("name", "taken", "A budget named " + *name + " exists.");
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO budgets (company_id, name, fiscal_year_id, "
                                         "created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                                         "RETURNING id",
                                         who.company_id(), *name, *year, now, now));
  ASSIGN_OR_RETURN(json out, BudgetWithLines(tx, who.company_id(), id));
  tx.Audit({"budget", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"budget.created", "budget", id, out});
  return out;
}

Result<json> Budgets::ReplaceLines(store::Tx& tx, const security::Access& who, int64_t id,
                                   const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("accounting.budget.update"));
  ASSIGN_OR_RETURN(json before, BudgetWithLines(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  ASSIGN_OR_RETURN(Currency currency, internal::CurrencyOf(tx, who.company_id()));
  ASSIGN_OR_RETURN(auto lines, ReadLines(body, currency));
  RETURN_IF_ERROR(CheckLines(tx, who.company_id(), before["fiscal_year_id"].get<int64_t>(), lines));
  RETURN_IF_ERROR(tx.Exec("DELETE FROM budget_lines WHERE budget_id = ?", id).status());
  for (const auto& l : lines) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO budget_lines (company_id, budget_id, account_id, "
                            "department_id, period_id, amount) VALUES (?, ?, ?, ?, ?, ?)",
                            who.company_id(), id, l.account_id, l.department_id, l.period_id,
                            l.amount)
                        .status());
  }
  RETURN_IF_ERROR(tx.Exec("UPDATE budgets SET version = version + 1, updated_at = ? WHERE id = ?",
                          clock_.Now().ToIso(), id)
                      .status());
  ASSIGN_OR_RETURN(json out, BudgetWithLines(tx, who.company_id(), id));
  tx.Audit({"budget", id, "update", store::Changes(before, out)});
  tx.Emit({"budget.updated", "budget", id, out});
  return out;
}

}  // namespace concord::accounting

namespace concord::accounting {

Result<json> Budgets::VersusActual(store::Tx& tx, const security::Access& who,
                                   const BudgetReportParams& p) const {
  RETURN_IF_ERROR(who.Require("accounting.report.read"));
  int64_t company = who.company_id();
  ASSIGN_OR_RETURN(json budget, LoadBudget(tx, company, p.budget_id));
  ASSIGN_OR_RETURN(PeriodRange range,
                   ResolvePeriods(tx, budget["fiscal_year_id"].get<int64_t>(), p));
  ASSIGN_OR_RETURN(Currency currency, internal::CurrencyOf(tx, company));
  std::string sql =
      "SELECT l.account_id, CAST(SUM(l.amount) AS BIGINT) FROM budget_lines l JOIN "
      "fiscal_periods f ON f.id = l.period_id WHERE l.budget_id = ? AND f.start_date >= ? AND "
      "f.end_date <= ?";
  std::vector<store::Value> params = {p.budget_id, range.from, range.to};
  if (p.department_id) {
    sql += " AND l.department_id = ?";
    params.emplace_back(*p.department_id);
  }
  ASSIGN_OR_RETURN(auto planned, tx.RowsV(sql + " GROUP BY l.account_id", params));
  std::map<int64_t, int64_t> plan;
  for (const auto& r : planned) plan[r.Int(0)] = r.Int(1);
  ASSIGN_OR_RETURN(Date from, Date::Parse(range.from));
  ASSIGN_OR_RETURN(Date to, Date::Parse(range.to));
  ASSIGN_OR_RETURN(auto sums, internal::DailySums(tx, company, from, to, p.department_id));
  ASSIGN_OR_RETURN(auto closing, internal::ClosingSums(tx, company, from, to, p.department_id));
  for (const auto& [id, s] : closing) {
    sums[id].debit -= s.debit;
    sums[id].credit -= s.credit;
  }
  ASSIGN_OR_RETURN(auto chart, internal::LoadChart(tx, company));
  std::map<int64_t, std::vector<int64_t>> children;
  std::map<int64_t, std::optional<int64_t>> parent;
  for (const auto& a : chart) {
    if (a.parent_id) children[*a.parent_id].push_back(a.id);
    parent[a.id] = a.parent_id;
  }
  json rows = json::array();
  std::map<std::string, std::pair<int64_t, int64_t>> totals;  // type -> (budget, actual)
  for (const auto& a : chart) {
    auto it = plan.find(a.id);
    if (it == plan.end()) continue;
    bool debit_natured = a.type == "asset" || a.type == "expense";
    int64_t net = NetDebit(children, sums, a.id);
    int64_t actual = debit_natured ? net : -net;
    json row = internal::AccountJson(a);
    row["is_group"] = a.is_group;
    row.update(Figures(it->second, actual, currency));
    rows.push_back(std::move(row));
    bool nested = false;
    for (auto up = parent[a.id]; up && !nested; up = parent[*up]) nested = plan.count(*up) > 0;
    if (nested) continue;
    totals[a.type].first += it->second;
    totals[a.type].second += actual;
  }
  json out = {{"budget", budget},
              {"from_period_id", range.from_id},
              {"to_period_id", range.to_id},
              {"from", range.from},
              {"to", range.to},
              {"department_id", p.department_id ? json(*p.department_id) : json(nullptr)},
              {"currency", std::string(currency.code())},
              {"rows", rows},
              {"totals", json::object()}};
  for (const auto& [type, t] : totals) out["totals"][type] = Figures(t.first, t.second, currency);
  return out;
}

}  // namespace concord::accounting
