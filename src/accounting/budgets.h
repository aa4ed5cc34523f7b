// Budgets (the profit plan): amounts per account (postable or group), fiscal period and
// department, and the budget-vs-actual report.
//
// Sign convention: a budget amount is positive in the account's natural direction: expected
// debit for asset and expense accounts, expected credit for liability, equity and income
// accounts. The actual figure is shown the same way (posted net debit, or net credit, from
// ledger_daily; year-end closing entries left out), so for every row
//   variance = actual − budget, variance_pct = variance / |budget| × 100 (1 decimal, half-up;
//   null when the budget is zero).
// A positive variance is an overspend on an expense and a beat on income.
// A group account's actual is the sum of its descendants; its budget is its own lines only
// (budget either a group or its children; the report shows both if both are given).
//
// Thread-safety: stateless apart from the clock; every method runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "accounting/fiscal.h"
#include "security/access.h"

namespace concord::accounting {

struct BudgetReportParams {
  int64_t budget_id = 0;
  std::optional<int64_t> from_period_id;  // default: the budget year's first period
  std::optional<int64_t> to_period_id;    // default: its last
  std::optional<int64_t> department_id;   // absent: every department; 0: lines without one
};

class Budgets {
 public:
  explicit Budgets(const Clock& clock) : clock_(clock) {}

  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who) const;
  // The budget with its lines.
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // Body {name, fiscal_year_id}.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // Body {lines: [{account_id, department_id?, period_id, amount}]}: replaces every line.
  Result<nlohmann::json> ReplaceLines(store::Tx& tx, const security::Access& who, int64_t id,
                                      const nlohmann::json& body, const VersionCheck& check) const;

  // {budget, from_period_id, to_period_id, from, to, department_id, currency,
  //  rows: [{id, code, name, name_zh, type, is_group, budget, actual, variance, variance_pct}],
  //  totals: {income|expense|...: {budget, actual, variance, variance_pct}}}
  // Totals per account type over the rows that have no budgeted ancestor row.
  // accounting.report.read.
  Result<nlohmann::json> VersusActual(store::Tx& tx, const security::Access& who,
                                      const BudgetReportParams& p) const;

 private:
  const Clock& clock_;
};

}  // namespace concord::accounting
