// Accounting reports: trial balance, general ledger, profit and loss, balance sheet and a
// cash-flow summary. Read-only, through the one access layer: every report first requires
// "accounting.report.read" and works in the caller's company only (who.company_id(); no company
// id is ever taken from a request).
//
// Per-account figures add up ledger_daily (posted debits and credits per account, department
// and day), never journal lines, so a report over millions of lines reads at most one row per
// account, department and day. Only the general ledger lists lines (keyset paged), and the
// cash flow reads the lines of the entries that move cash.
//
// Amounts are decimal strings in the company currency ("1234.50"). Signs: the trial balance
// and the general ledger are debit-positive; the statements show each section positive in its
// natural direction (assets and expenses debit-positive, liabilities, equity and income
// credit-positive).
//
// Thread-safety: stateless; every method runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/status.h"
#include "core/time.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::http {
class Api;
}

namespace concord::accounting {

struct TrialBalanceParams {
  std::optional<Date> from;  // absent: since the first entry (the opening is then zero)
  Date to;
  std::optional<int64_t> department_id;  // only lines of this department (0: without one)
  bool all = false;                      // also postable accounts without any activity
};

struct GeneralLedgerParams {
  int64_t account_id = 0;
  std::optional<Date> from;
  std::optional<Date> to;
  int64_t limit = 50;  // 1..500
  int64_t after = 0;   // keyset cursor: the id of the last line of the previous page
};

struct ProfitAndLossParams {
  Date from;
  Date to;
  std::optional<Date> compare_from;  // both or neither
  std::optional<Date> compare_to;
  std::optional<int64_t> department_id;
};

struct BalanceSheetParams {
  Date date;
  std::optional<Date> compare_date;
};

struct CashFlowParams {
  Date from;
  Date to;
};

class Reports {
 public:
  // {from, to, department_id, currency, accounts: [{id, code, name, name_zh, type, opening,
  //  debit, credit, closing}], totals: {opening, debit, credit, closing}, balanced}
  // Postable accounts by code; `balanced` when total debit equals total credit and the
  // openings and closings each sum to zero (with a department filter the figures are that
  // department's lines only, which need not balance on their own).
  Result<nlohmann::json> TrialBalance(store::Tx& tx, const security::Access& who,
                                      const TrialBalanceParams& p) const;

  // {account, from, to, currency, opening, debit, credit, closing, balance_before,
  //  items: [{id, date, entry_id, number, ref, description, party_id, department_id, debit,
  //  credit, balance}], next_cursor}
  // Lines ordered by (date, entry id, line id); `balance` is the running balance after the
  // line; `balance_before` the running balance before the page's first line. NotFound for an
  // account of another company, InvalidField("account_id", "group") for a group account.
  Result<nlohmann::json> GeneralLedger(store::Tx& tx, const security::Access& who,
                                       const GeneralLedgerParams& p) const;

  // {from, to, compare_from?, compare_to?, department_id, currency,
  //  income: {rows, total}, expense: {rows, total}, net_profit}
  // Rows: {id, code, name, name_zh, is_group, level, parent_id, amount, compare?, variance?}.
  // Year-end closing entries are left out (they would zero a closed year).
  Result<nlohmann::json> ProfitAndLoss(store::Tx& tx, const security::Access& who,
                                       const ProfitAndLossParams& p) const;

  // {date, compare_date?, currency, assets, liabilities, equity: {rows, total},
  //  liabilities_and_equity, balanced}. Equity carries the unclosed profit as computed rows
  //  (code "", role "current_year_earnings" and, when earlier years were not closed,
  //  "prior_years_unclosed_earnings"), so assets = liabilities + equity.
  Result<nlohmann::json> BalanceSheet(store::Tx& tx, const security::Access& who,
                                      const BalanceSheetParams& p) const;

  // {from, to, currency, opening, closing, net_change, cash_accounts: [...],
  //  operating|investing|financing: {inflow, outflow, net, accounts: [...]}, reconciled}
  // See report_cashflow.cc for how counter-accounts are classified.
  Result<nlohmann::json> CashFlow(store::Tx& tx, const security::Access& who,
                                  const CashFlowParams& p) const;
};

// The report routes (GET /api/v1/reports/...) and the hledger export
// (GET /api/v1/exports/ledger.hledger). Permissions: accounting.report.read and
// accounting.entry.export.
void RegisterReportRoutes(http::Api& api);

}  // namespace concord::accounting
