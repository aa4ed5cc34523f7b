// The profit and loss and the balance sheet: sections by account type, each a tree of the
// account hierarchy with group totals, optionally beside a comparison period or date.
#include "accounting/report_internal.h"
#include "accounting/reports.h"

namespace concord::accounting {

using internal::Amount;
using internal::ChartAccount;
using internal::Sums;
using nlohmann::json;

namespace {

constexpr char kRead[] = "accounting.report.read";

using Columns = std::map<int64_t, std::vector<int64_t>>;  // account id -> value per column

// A section: the tree rows of `values` and the column totals (over postable accounts only, so
// groups are not counted twice).
json Section(const std::vector<ChartAccount>& chart, const Columns& values, size_t columns,
             Currency cur, std::vector<int64_t>& totals) {
  totals.assign(columns, 0);
  for (const auto& [id, v] : values) {
    for (size_t c = 0; c < columns; ++c) totals[c] += v[c];
  }
  json rows = json::array();
  for (const auto& row : internal::BuildTree(chart, values, columns)) {
    rows.push_back(internal::TreeRowJson(row, cur, columns > 1));
  }
  json out = {{"rows", std::move(rows)}, {"total", Amount(totals[0], cur)}};
  if (columns > 1) {
    out["compare_total"] = Amount(totals[1], cur);
    out["variance"] = Amount(totals[0] - totals[1], cur);
  }
  return out;
}

// Income and expense per account over [from, to], closing entries left out.
Result<std::map<int64_t, Sums>> PeriodSums(store::Tx& tx, int64_t company_id, Date from, Date to,
                                           std::optional<int64_t> department_id) {
  ASSIGN_OR_RETURN(auto sums, internal::DailySums(tx, company_id, from, to, department_id));
  ASSIGN_OR_RETURN(auto closing, internal::ClosingSums(tx, company_id, from, to, department_id));
  for (const auto& [id, s] : closing) {
    sums[id].debit -= s.debit;
    sums[id].credit -= s.credit;
  }
  return sums;
}

// Puts `sign * net` of each postable account of `type` into column `col`.
void Fill(const std::vector<ChartAccount>& chart, const std::map<int64_t, Sums>& sums,
          const std::string& type, int sign, size_t col, size_t columns, Columns& out) {
  for (const auto& a : chart) {
    if (a.is_group || a.type != type) continue;
    auto it = sums.find(a.id);
    if (it == sums.end()) continue;
    auto& v = out[a.id];
    v.resize(columns, 0);
    v[col] = sign * it->second.net();
  }
}

}  // namespace

Result<json> Reports::ProfitAndLoss(store::Tx& tx, const security::Access& who,
                                    const ProfitAndLossParams& p) const {
  RETURN_IF_ERROR(who.Require(kRead));
  RETURN_IF_ERROR(internal::CheckRange(p.from, p.to));
  if (p.compare_from.has_value() != p.compare_to.has_value()) {
    return InvalidField(p.compare_from ? "compare_to" : "compare_from", "required",
                        "A comparison period needs compare_from and compare_to.");
  }
  if (p.compare_to)
    RETURN_IF_ERROR(internal::CheckRange(p.compare_from, *p.compare_to, "compare_to"));
  const int64_t company = who.company_id();
  ASSIGN_OR_RETURN(Currency cur, internal::CurrencyOf(tx, company));
  ASSIGN_OR_RETURN(auto chart, internal::LoadChart(tx, company));
  const size_t columns = p.compare_from ? 2 : 1;
  Columns income, expense;
  ASSIGN_OR_RETURN(auto sums, PeriodSums(tx, company, p.from, p.to, p.department_id));
  Fill(chart, sums, "income", -1, 0, columns, income);
  Fill(chart, sums, "expense", 1, 0, columns, expense);
  if (p.compare_from) {
    ASSIGN_OR_RETURN(auto cmp,
                     PeriodSums(tx, company, *p.compare_from, *p.compare_to, p.department_id));
    Fill(chart, cmp, "income", -1, 1, columns, income);
    Fill(chart, cmp, "expense", 1, 1, columns, expense);
  }
  std::vector<int64_t> t_income, t_expense;
  json out = {{"from", p.from.ToString()},
              {"to", p.to.ToString()},
              {"department_id", p.department_id ? json(*p.department_id) : json()},
              {"currency", std::string(cur.code())},
              {"income", Section(chart, income, columns, cur, t_income)},
              {"expense", Section(chart, expense, columns, cur, t_expense)}};
  out["net_profit"] = Amount(t_income[0] - t_expense[0], cur);
  if (p.compare_from) {
    out["compare_from"] = p.compare_from->ToString();
    out["compare_to"] = p.compare_to->ToString();
    out["compare_net_profit"] = Amount(t_income[1] - t_expense[1], cur);
    out["net_profit_variance"] =
        Amount((t_income[0] - t_expense[0]) - (t_income[1] - t_expense[1]), cur);
  }
  return out;
}

namespace {

// The balances at a date, and the profit not yet closed into equity: that of the fiscal year
// containing the date (since the first entry when there is no such year) and that of earlier
// years whose profit was never closed.
struct Position {
  std::map<int64_t, Sums> balances;
  int64_t current_earnings = 0;
  int64_t prior_earnings = 0;
};

bool IsProfitAndLoss(const ChartAccount& a) { return a.type == "income" || a.type == "expense"; }

Result<Position> PositionAt(store::Tx& tx, int64_t company_id,
                            const std::vector<ChartAccount>& chart, Date date) {
  Position pos;
  ASSIGN_OR_RETURN(pos.balances,
                   internal::DailySums(tx, company_id, std::nullopt, date, std::nullopt));
  ASSIGN_OR_RETURN(auto year_start, internal::FiscalYearStart(tx, company_id, date));
  std::map<int64_t, Sums> year = pos.balances;
  if (year_start) {
    ASSIGN_OR_RETURN(year, internal::DailySums(tx, company_id, year_start, date, std::nullopt));
  }
  for (const auto& a : chart) {
    if (a.is_group || !IsProfitAndLoss(a)) continue;
    auto all = pos.balances.find(a.id);
    auto cur = year.find(a.id);
    int64_t total = all == pos.balances.end() ? 0 : -all->second.net();
    int64_t current = cur == year.end() ? 0 : -cur->second.net();
    pos.current_earnings += current;
    pos.prior_earnings += total - current;
  }
  return pos;
}

json EarningsRow(const std::string& role, const std::string& name, const std::string& name_zh,
                 const std::vector<int64_t>& values, Currency cur) {
  json row = {{"id", nullptr},        {"code", ""},
              {"name", name},         {"name_zh", name_zh},
              {"type", "equity"},     {"role", role},
              {"is_group", false},    {"level", 0},
              {"parent_id", nullptr}, {"amount", Amount(values[0], cur)}};
  if (values.size() > 1) {
    row["compare"] = Amount(values[1], cur);
    row["variance"] = Amount(values[0] - values[1], cur);
  }
  return row;
}

// Appends the computed earnings rows to the equity section and its totals.
void AddEarnings(json& equity, std::vector<int64_t>& totals, const std::vector<Position>& pos,
                 Currency cur) {
  std::vector<int64_t> current, prior;
  bool any_prior = false;
  for (const auto& p : pos) {
    current.push_back(p.current_earnings);
    prior.push_back(p.prior_earnings);
    any_prior = any_prior || p.prior_earnings != 0;
  }
  equity["rows"].push_back(EarningsRow("current_year_earnings", "Current year earnings",
                                       "本年利润（未结转）", current, cur));
  if (any_prior) {
    equity["rows"].push_back(EarningsRow("prior_years_unclosed_earnings",
                                         "Unclosed earnings of prior years", "以前年度未结转损益",
                                         prior, cur));
  }
  for (size_t c = 0; c < pos.size(); ++c) totals[c] += current[c] + prior[c];
  equity["total"] = Amount(totals[0], cur);
  if (pos.size() > 1) {
    equity["compare_total"] = Amount(totals[1], cur);
    equity["variance"] = Amount(totals[0] - totals[1], cur);
  }
}

}  // namespace

Result<json> Reports::BalanceSheet(store::Tx& tx, const security::Access& who,
                                   const BalanceSheetParams& p) const {
  RETURN_IF_ERROR(who.Require(kRead));
  const int64_t company = who.company_id();
  ASSIGN_OR_RETURN(Currency cur, internal::CurrencyOf(tx, company));
  ASSIGN_OR_RETURN(auto chart, internal::LoadChart(tx, company));
  std::vector<Position> pos;
  ASSIGN_OR_RETURN(Position now, PositionAt(tx, company, chart, p.date));
  pos.push_back(std::move(now));
  if (p.compare_date) {
    ASSIGN_OR_RETURN(Position then, PositionAt(tx, company, chart, *p.compare_date));
    pos.push_back(std::move(then));
  }
  const size_t columns = pos.size();
  Columns assets, liabilities, equity;
  for (size_t c = 0; c < columns; ++c) {
    Fill(chart, pos[c].balances, "asset", 1, c, columns, assets);
    Fill(chart, pos[c].balances, "liability", -1, c, columns, liabilities);
    Fill(chart, pos[c].balances, "equity", -1, c, columns, equity);
  }
  std::vector<int64_t> t_assets, t_liabilities, t_equity;
  json out = {{"date", p.date.ToString()},
              {"currency", std::string(cur.code())},
              {"assets", Section(chart, assets, columns, cur, t_assets)},
              {"liabilities", Section(chart, liabilities, columns, cur, t_liabilities)},
              {"equity", Section(chart, equity, columns, cur, t_equity)}};
  AddEarnings(out["equity"], t_equity, pos, cur);
  bool balanced = true;
  for (size_t c = 0; c < columns; ++c) {
    balanced = balanced && t_assets[c] == t_liabilities[c] + t_equity[c];
  }
  out["liabilities_and_equity"] = Amount(t_liabilities[0] + t_equity[0], cur);
  if (p.compare_date) {
    out["compare_date"] = p.compare_date->ToString();
    out["compare_liabilities_and_equity"] = Amount(t_liabilities[1] + t_equity[1], cur);
  }
  out["balanced"] = balanced;
  return out;
}

}  // namespace concord::accounting
