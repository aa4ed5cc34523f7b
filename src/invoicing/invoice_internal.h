// Shared by the invoicing area's files: validation and amounts of an invoice, its posting
// entry, row loading, allocation state updates. Not for other areas.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounting/currency_rates.h"
#include "accounting/ledger.h"
#include "accounting/taxes.h"
#include "invoicing/invoices.h"
#include "invoicing/terms.h"
#include "party/service.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::invoicing::internal {

// An Access for reads through other areas' services on behalf of the invoicing area (party
// snapshot, accounts, journals): company-wide read rights only, in `company_id`.
security::Access SystemAccess(int64_t company_id, int64_t user_id);

inline store::Value OptValue(const std::optional<int64_t>& v) {
  return v ? store::Value(*v) : store::Value(nullptr);
}
inline store::Value UserValue(int64_t user_id) {
  return user_id > 0 ? store::Value(user_id) : store::Value(nullptr);
}
// "12.50" in `currency` (the raw number if the code is unknown).
std::string Fmt(int64_t minor, const std::string& currency);
// At most `max_bytes` of `s`, cut at a UTF-8 character boundary.
std::string Truncate(const std::string& s, size_t max_bytes);
// The error of `st` moved under `field` (a field error keeps its code).
Status AsField(const Status& st, const std::string& field);

// What validation resolved.
struct Resolved {
  std::string currency;              // the document's
  std::string company_currency;      // the company's
  std::vector<int64_t> account_ids;  // per line
  int64_t term_id = 0;
  std::vector<TermLine> term;
  nlohmann::json address;  // the snapshot
};
Result<Resolved> Validate(store::Tx& tx, const InvoiceInput& in, const party::Parties& parties,
                          const Clock& clock);

struct ComputedLine {
  int64_t untaxed = 0, tax = 0, total = 0, untaxed_company = 0;
  nlohmann::json taxes = nlohmann::json::array();  // [{tax_id, code, rate, amount}]
};
struct ComputedTax {
  int64_t tax_id = 0;
  std::string code, rate;
  bool included = false;
  int64_t base = 0, amount = 0, base_company = 0, amount_company = 0;
};
struct ComputedInstalment {
  Date due_date;
  int64_t amount = 0, amount_company = 0;
};
struct Computed {
  std::optional<accounting::Rate> rate;  // foreign documents only
  std::vector<ComputedLine> lines;
  std::vector<ComputedTax> taxes;
  std::vector<ComputedInstalment> instalments;
  int64_t untaxed = 0, tax = 0, total = 0, total_company = 0;
  std::vector<accounting::TaxDef> defs;
  accounting::TaxResult result;  // the engine's, document currency, positive
};
// Amounts of a validated input (the taxes and rate of now). Field errors for a missing rate.
Result<Computed> Compute(store::Tx& tx, const Clock& clock, const InvoiceInput& in,
                         const Resolved& r);

// The ledger entry of an invoice: receivable lines first (line_no 1..k: the instalments with a
// non-zero company amount, in order), then revenue lines, then tax lines.
Result<accounting::PostingEntry> BuildEntry(store::Tx& tx, const InvoiceInput& in,
                                            const Resolved& r, const Computed& c, int64_t id,
                                            const std::string& number, const std::string& name);

// A stored invoice back as input (for posting, editing, credit notes), with its state,
// version and number.
struct Stored {
  InvoiceInput input;
  std::string state, number;
  int64_t version = 0;
  std::optional<int64_t> entry_id;
};
Result<Stored> LoadStored(store::Tx& tx, int64_t company_id, int64_t id);

// Moves a posted invoice to paid when its receivable lines have nothing open left, and a paid
// one back to posted otherwise; audited when the state changes.
Status RefreshPaid(store::Tx& tx, const Clock& clock, int64_t company_id, int64_t invoice_id);
// OK if `verb` may move an invoice out of state `from`; FailedPrecondition otherwise
// ("invoicing.not_draft" for the verbs of drafts).
Status CheckTransition(const std::string& from, const std::string& verb);

// The allocations touching document (`type` invoice | payment, `id`), oldest first.
Result<nlohmann::json> AllocationsJson(store::Tx& tx, int64_t company_id, const std::string& type,
                                       int64_t id);
// A page of invoice headers (no lines) in `page`'s order: {"items", "next_cursor"}.
Result<nlohmann::json> ListJson(store::Tx& tx, int64_t company_id, const InvoiceFilter& f,
                                const http::ListPage& page);
// The invoice JSON of the API (with lines, taxes, instalments, allocations when `full`).
Result<nlohmann::json> InvoiceJson(store::Tx& tx, int64_t company_id, int64_t id, bool full);

}  // namespace concord::invoicing::internal
