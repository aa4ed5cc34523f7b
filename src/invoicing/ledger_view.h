// The invoicing area's reads of ledger lines: the open amounts of the receivable lines its
// documents posted. Accounting has no read service for line residuals yet, so these few
// read-only queries over journal_lines live here, in one place, always filtered by company,
// and nothing else in the area touches accounting's tables (writes go through Ledger and
// Matching).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "store/tx.h"

namespace concord::invoicing::ledger_view {

struct LineState {
  int64_t id = 0;
  int64_t residual = 0;           // company currency, debit positive
  int64_t residual_currency = 0;  // the line's currency, debit positive
  Date date;
  std::optional<Date> due_date;
};

// The lines (of the company) with these ids, oldest due first (due date, else date; then id).
Result<std::vector<LineState>> Lines(store::Tx& tx, int64_t company_id,
                                     const std::vector<int64_t>& ids);
// The ids of an entry's lines by line_no.
Result<std::vector<int64_t>> EntryLineIds(store::Tx& tx, int64_t company_id, int64_t entry_id);
// Per invoice: Σ residual_currency and Σ residual of its instalments' receivable lines.
struct Open {
  int64_t currency = 0;
  int64_t company = 0;
};
Result<std::map<int64_t, Open>> InvoiceResiduals(store::Tx& tx, int64_t company_id,
                                                 const std::vector<int64_t>& invoice_ids);
// Σ residual (company currency, debit positive) of the party's posted lines on reconcilable
// accounts with role "receivable".
Result<int64_t> PartyReceivable(store::Tx& tx, int64_t company_id, int64_t party_id);

}  // namespace concord::invoicing::ledger_view
