// Shared by the report files (reports.cc, report_statements.cc, report_cashflow.cc): the chart
// of a company, sums over ledger_daily, the account hierarchy of a statement section, and
// formatting. Not for other areas.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/currency.h"
#include "core/status.h"
#include "core/time.h"
#include "store/tx.h"

namespace concord::accounting::internal {

struct ChartAccount {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string code;
  std::string name;
  std::string name_zh;
  std::string type;  // asset | liability | equity | income | expense
  std::string role;
  bool is_group = false;
};

// The company's currency.
Result<Currency> CurrencyOf(store::Tx& tx, int64_t company_id);

// Every account of the company, by code.
Result<std::vector<ChartAccount>> LoadChart(store::Tx& tx, int64_t company_id);

struct Sums {
  int64_t debit = 0;
  int64_t credit = 0;
  int64_t net() const { return debit - credit; }
};

// Posted debits and credits per account from ledger_daily, for the days in [from, to] (either
// end open when absent), optionally only one department (0: lines without a department).
Result<std::map<int64_t, Sums>> DailySums(store::Tx& tx, int64_t company_id,
                                          std::optional<Date> from, std::optional<Date> to,
                                          std::optional<int64_t> department_id);

// The lines of year-end closing entries dated in [from, to], per account: the profit and loss
// subtracts them, so that a closed year still shows its income and expenses.
Result<std::map<int64_t, Sums>> ClosingSums(store::Tx& tx, int64_t company_id, Date from, Date to,
                                            std::optional<int64_t> department_id);

// The first day of the fiscal year containing `date`, if there is one.
Result<std::optional<Date>> FiscalYearStart(store::Tx& tx, int64_t company_id, Date date);

// A statement section as a tree: values per postable account (one per column, e.g. the period
// and the comparison period), group rows carrying the totals of their descendants in the
// section. Rows are in pre-order by code; accounts whose every value is zero are left out,
// and so are groups without rows below them.
struct TreeRow {
  const ChartAccount* account = nullptr;
  int level = 0;
  std::vector<int64_t> values;
};
std::vector<TreeRow> BuildTree(const std::vector<ChartAccount>& chart,
                               const std::map<int64_t, std::vector<int64_t>>& values,
                               size_t columns);

// {id, code, name, name_zh, type, is_group, level, parent_id, amount} of a tree row, plus
// compare and variance (amount - compare) when `compare` (the row then has two values).
nlohmann::json TreeRowJson(const TreeRow& row, Currency currency, bool compare);

// Money as the canonical decimal string of the currency ("1234.50").
std::string Amount(int64_t minor, Currency currency);

// {"id", "code", "name", "name_zh", "type"} of an account.
nlohmann::json AccountJson(const ChartAccount& a);

// InvalidField(to_field, "range") unless from <= to.
Status CheckRange(const std::optional<Date>& from, Date to, const std::string& to_field = "to");

}  // namespace concord::accounting::internal
