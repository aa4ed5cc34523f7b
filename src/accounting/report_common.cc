// What the report files share: the chart, ledger_daily sums, the section tree, formatting.
#include <set>

#include "accounting/report_internal.h"
#include "core/money.h"
#include "security/company.h"

namespace concord::accounting::internal {

Result<Currency> CurrencyOf(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(std::string code, security::CompanyCurrency(tx, company_id));
  return Currency::FromCode(code);
}

Result<std::vector<ChartAccount>> LoadChart(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, parent_id, code, name, name_zh, type, role, "
                                      "is_group FROM accounts WHERE company_id = ? ORDER BY code",
                                      company_id));
  std::vector<ChartAccount> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.OptInt(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6),
                   r.Int(7) != 0});
  }
  return out;
}

Result<std::map<int64_t, Sums>> DailySums(store::Tx& tx, int64_t company_id,
                                          std::optional<Date> from, std::optional<Date> to,
                                          std::optional<int64_t> department_id) {
  std::string sql =
      "SELECT account_id, CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT) "
      "FROM ledger_daily WHERE company_id = ?";
  std::vector<store::Value> params = {company_id};
  if (from) {
    sql += " AND date >= ?";
    params.emplace_back(from->ToString());
  }
  if (to) {
    sql += " AND date <= ?";
    params.emplace_back(to->ToString());
  }
  if (department_id) {
    sql += " AND department_id = ?";
    params.emplace_back(*department_id);
  }
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " GROUP BY account_id", std::move(params)));
  std::map<int64_t, Sums> out;
  for (const auto& r : rows) out[r.Int(0)] = {r.Int(1), r.Int(2)};
  return out;
}

Result<std::map<int64_t, Sums>> ClosingSums(store::Tx& tx, int64_t company_id, Date from, Date to,
                                            std::optional<int64_t> department_id) {
  std::string sql =
      "SELECT l.account_id, CAST(SUM(l.debit) AS BIGINT), CAST(SUM(l.credit) AS BIGINT) "
      "FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id "
      "WHERE e.company_id = ? AND e.kind = 'closing' AND e.state = 'posted' AND e.date >= ? "
      "AND e.date <= ? AND l.posted = 1";
  std::vector<store::Value> params = {company_id, from.ToString(), to.ToString()};
  if (department_id && *department_id == 0) {
    sql += " AND l.department_id IS NULL";
  } else if (department_id) {
    sql += " AND l.department_id = ?";
    params.emplace_back(*department_id);
  }
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " GROUP BY l.account_id", std::move(params)));
  std::map<int64_t, Sums> out;
  for (const auto& r : rows) out[r.Int(0)] = {r.Int(1), r.Int(2)};
  return out;
}

Result<std::optional<Date>> FiscalYearStart(store::Tx& tx, int64_t company_id, Date date) {
  std::string d = date.ToString();
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT start_date FROM fiscal_years WHERE company_id = ? "
                                    "AND start_date <= ? AND end_date >= ? "
                                    "ORDER BY start_date DESC LIMIT 1",
                                    company_id, d, d));
  if (!row) return std::optional<Date>();
  ASSIGN_OR_RETURN(Date start, Date::Parse(row->Text(0)));
  return std::optional<Date>(start);
}

namespace {

struct TreeBuilder {
  const std::vector<ChartAccount>& chart;
  const std::map<int64_t, std::vector<int64_t>>& values;
  size_t columns;
  std::map<int64_t, std::vector<size_t>> children;
  std::set<int64_t> visited;
  std::vector<TreeRow> out;

  // Appends the rows of account `i` and its descendants; adds their total to `totals`.
  // False when nothing below (or at) `i` has a value.
  bool Visit(size_t i, int level, std::vector<int64_t>& totals) {
    const ChartAccount& a = chart[i];
    if (!visited.insert(a.id).second) return false;  // a cycle in parent_id
    size_t at = out.size();
    out.push_back({&a, level, std::vector<int64_t>(columns, 0)});
    bool any = false;
    if (auto it = values.find(a.id); it != values.end()) {
      for (size_t c = 0; c < columns; ++c) {
        out[at].values[c] += it->second[c];
        any = any || it->second[c] != 0;
      }
    }
    if (auto it = children.find(a.id); it != children.end()) {
      for (size_t child : it->second) {
        std::vector<int64_t> sub(columns, 0);
        if (!Visit(child, level + 1, sub)) continue;
        any = true;
        for (size_t c = 0; c < columns; ++c) out[at].values[c] += sub[c];
      }
    }
    if (!any) {
      out.resize(at);
      return false;
    }
    for (size_t c = 0; c < columns; ++c) totals[c] += out[at].values[c];
    return true;
  }
};

}  // namespace

std::vector<TreeRow> BuildTree(const std::vector<ChartAccount>& chart,
                               const std::map<int64_t, std::vector<int64_t>>& values,
                               size_t columns) {
  TreeBuilder b{chart, values, columns, {}, {}, {}};
  std::map<int64_t, size_t> index;
  for (size_t i = 0; i < chart.size(); ++i) index[chart[i].id] = i;
  std::vector<size_t> roots;
  for (size_t i = 0; i < chart.size(); ++i) {
    const auto& parent = chart[i].parent_id;
    if (parent && *parent != chart[i].id && index.count(*parent)) {
      b.children[*parent].push_back(i);
    } else {
      roots.push_back(i);
    }
  }
  std::vector<int64_t> totals(columns, 0);
  for (size_t r : roots) b.Visit(r, 0, totals);
  // Accounts caught in a parent cycle are unreachable from the roots: list them at the top
  // level rather than lose their amounts.
  for (size_t i = 0; i < chart.size(); ++i) {
    if (!b.visited.count(chart[i].id) && values.count(chart[i].id)) b.Visit(i, 0, totals);
  }
  return std::move(b.out);
}

nlohmann::json TreeRowJson(const TreeRow& row, Currency currency, bool compare) {
  const ChartAccount& a = *row.account;
  nlohmann::json out = AccountJson(a);
  out["is_group"] = a.is_group;
  out["level"] = row.level;
  out["parent_id"] = a.parent_id ? nlohmann::json(*a.parent_id) : nlohmann::json();
  out["amount"] = Amount(row.values[0], currency);
  if (compare) {
    out["compare"] = Amount(row.values[1], currency);
    out["variance"] = Amount(row.values[0] - row.values[1], currency);
  }
  return out;
}

std::string Amount(int64_t minor, Currency currency) {
  return Money::FromMinor(minor, currency).ToString();
}

nlohmann::json AccountJson(const ChartAccount& a) {
  return {
      {"id", a.id}, {"code", a.code}, {"name", a.name}, {"name_zh", a.name_zh}, {"type", a.type}};
}

Status CheckRange(const std::optional<Date>& from, Date to, const std::string& to_field) {
  if (from && to < *from) {
    return InvalidField(to_field, "range", to_field + " is on or after the first day.");
  }
  return Status::Ok();
}

}  // namespace concord::accounting::internal
