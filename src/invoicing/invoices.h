// Customer invoices and credit notes: the documents that post receivables, revenue and output
// tax into the ledger, and the service interface the sales area invoices through.
//
// State machine (kTransitions in invoices.cc): draft → posted (Post) → paid (allocations bring
// the residual to 0) ⇄ posted (an allocation undone); draft → cancelled (Cancel). Drafts are
// edited freely; a posted invoice is frozen and corrected by a credit note, never edited.
//
// Amounts. A line's untaxed amount is LineNet(): price × quantity rounded once (half up) to the
// document currency (core LineAmount), then less its discount, rounded once more (half up).
// Taxes come from the accounting tax engine (Taxes rounding setting: per line or per
// document). A foreign-currency document is converted at the accounting rate of its date:
// total_company = round_half_up(total × rate); the revenue and tax lines share total_company
// in proportion to their document amounts (largest remainder, core Money::Split), and
// so do the instalments, so every posting balances exactly in both currencies. Amounts and
// quantities of a credit note are positive on the document; its posting is the mirror.
//
// Posting (one transaction with the caller's): journal "sale", entry ref = the number
// ("INV-000001" / "CN-000001", gap-free per company and kind, store::NextNumber "invoice" /
// "credit_note"): Dr receivable per instalment (party, due date) / Cr revenue per line / Cr
// tax per tax (TaxPostingLines). Any ledger refusal (closed period, inactive account ...)
// fails the call with the ledger's error and nothing of the posting is written.
//
// Snapshots: the billing name and address (given, or read from the party at creation), each
// line's price, discount and taxes (code, rate, amount), the tax totals and the rate.
//
// Thread-safety: listeners are added while wiring, before serving; afterwards the object is
// immutable and every method runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounting/ledger.h"
#include "core/quantity.h"
#include "core/status.h"
#include "core/time.h"
#include "http/list_sort.h"
#include "invoicing/terms.h"
#include "party/service.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::invoicing {

struct InvoiceLineInput {
  std::optional<int64_t> product_id;      // stored as given (the caller validated it)
  std::string description;                // 1..1000 characters
  Quantity quantity;                      // > 0
  std::string uom_code;                   // free text, e.g. "pcs"
  UnitPrice unit_price;                   // >= 0, document currency
  int64_t discount_ppm = 0;               // percent × 10^4: "12.5%" is 125000; 0..1000000
  std::vector<int64_t> tax_ids;           // active accounting taxes of the company, no repeats
  std::optional<int64_t> account_id;      // revenue account; default: role "revenue"
  std::optional<int64_t> origin_line_id;  // e.g. the sales order line
};

struct InvoiceInput {
  int64_t company_id = 0;
  std::string kind = "invoice";  // invoice | credit_note
  int64_t party_id = 0;
  std::string currency;  // ISO 4217; empty: the company currency
  Date date;
  std::optional<int64_t> payment_term_id;  // default: the company's default term
  nlohmann::json address;                  // snapshot; null → from the party
  std::string origin_type;                 // e.g. "sales_order"; empty: none
  std::optional<int64_t> origin_id;
  std::string origin_ref;  // e.g. the order number, printed
  std::optional<int64_t> department_id;
  std::vector<InvoiceLineInput> lines;  // 1..500
  std::optional<int64_t> credit_of_id;  // a credit note: the posted invoice it corrects
};

struct InvoiceLineAmount {
  std::optional<int64_t> origin_line_id;
  int64_t untaxed = 0;          // minor units, document currency
  int64_t untaxed_company = 0;  // company currency (for margins)
};

struct CreatedInvoice {
  int64_t id = 0;
  std::string number;                    // empty while a draft
  int64_t total = 0;                     // minor units, document currency
  std::vector<InvoiceLineAmount> lines;  // in line order
};

// What a posted-invoice listener learns, inside the posting transaction. Amounts and
// quantities are as on the document (positive for credit notes too): sign() is -1 for a credit
// note, so `sign() × untaxed_company` is the line's effect on revenue.
struct PostedInvoiceLine {
  int64_t invoice_line_id = 0;
  std::optional<int64_t> origin_line_id;
  std::optional<int64_t> product_id;
  Quantity quantity;
  std::string uom_code;
  int64_t untaxed = 0;          // document currency, minor units
  int64_t untaxed_company = 0;  // company currency, minor units
};

struct PostedInvoice {
  int64_t company_id = 0;
  int64_t invoice_id = 0;
  std::string kind;  // invoice | credit_note
  std::string number;
  int64_t party_id = 0;
  std::string currency;  // the document's
  Date date;
  std::string origin_type;
  std::optional<int64_t> origin_id;
  std::optional<int64_t> credit_of_id;
  int64_t entry_id = 0;
  int64_t total = 0;          // document currency
  int64_t total_company = 0;  // company currency
  std::vector<PostedInvoiceLine> lines;
  int sign() const { return kind == "credit_note" ? -1 : 1; }
};

// A listener's error aborts the posting (the caller's transaction fails with it).
using PostedListener = std::function<Status(store::Tx&, const PostedInvoice&)>;

// The untaxed amount of a line in `currency` (minor units), as described above. Sales can
// quote with the same arithmetic. InvalidArgument "money.overflow" when it does not fit.
Result<int64_t> LineNet(const UnitPrice& price, const Quantity& quantity, int64_t discount_ppm,
                        const std::string& currency);

struct InvoiceFilter {
  std::optional<int64_t> party_id;
  std::string state;  // draft | posted | paid | cancelled
  std::string kind;   // invoice | credit_note
  std::string origin_type;
  std::optional<int64_t> origin_id;
  std::optional<Date> from, to;
};

class Invoices {
 public:
  Invoices(const Clock& clock, const accounting::Ledger& ledger, const party::Parties& parties)
      : clock_(clock), ledger_(ledger), parties_(parties) {}

  // Before serving only.
  void AddPostedListener(PostedListener fn) { listeners_.push_back(std::move(fn)); }

  // --- the service interface (the caller checked permissions) -----------------------------
  // Validates (InvalidArgument with every field error: "party_id", "lines/0/tax_ids/1" ...),
  // stores a draft and, with `post`, posts it. Audited ("invoice.created", "invoice.posted").
  Result<CreatedInvoice> Create(store::Tx& tx, const InvoiceInput& in, bool post,
                                int64_t user_id) const;
  // Posts a draft: amounts recomputed with the taxes and rate of now, numbered, posted to the
  // ledger, listeners called. NotFound for another company's invoice, FailedPrecondition
  // "invoicing.not_draft" otherwise.
  Result<CreatedInvoice> Post(store::Tx& tx, int64_t company_id, int64_t invoice_id,
                              int64_t user_id) const;
  // Open receivable of a party in company currency (Σ residual of its posted lines on the
  // receivable accounts, debit positive: payments not yet allocated reduce it).
  Result<int64_t> OpenReceivable(store::Tx& tx, int64_t company_id, int64_t party_id) const;
  // Σ of inbound payments allocated (and not undone) to the invoices of an origin, in the
  // invoices' currency (an origin's invoices share its currency). Credit notes do not count.
  Result<int64_t> PaidForOrigin(store::Tx& tx, int64_t company_id, const std::string& origin_type,
                                int64_t origin_id) const;
  // The invoices and credit notes of an origin, oldest first, as in List (no lines).
  Result<nlohmann::json> InvoicesOf(store::Tx& tx, int64_t company_id,
                                    const std::string& origin_type, int64_t origin_id) const;

  // --- the API (invoicing.invoice.*; company-wide documents) ---------------------------------
  // Body: see InvoiceInput (decimals as strings, discount_percent, "post": true needs approve).
  Result<nlohmann::json> ApiCreate(store::Tx& tx, const security::Access& who,
                                   const nlohmann::json& body) const;
  // Drafts only (FailedPrecondition "invoicing.not_draft" → 409); fields given replace.
  Result<nlohmann::json> ApiUpdate(store::Tx& tx, const security::Access& who, int64_t id,
                                   const nlohmann::json& body, const VersionCheck& check) const;
  Result<nlohmann::json> ApiPost(store::Tx& tx, const security::Access& who, int64_t id,
                                 const VersionCheck& check) const;
  Result<nlohmann::json> ApiCancel(store::Tx& tx, const security::Access& who, int64_t id,
                                   const VersionCheck& check) const;
  // Body {date?, post?}: a draft credit note of a posted invoice, with its lines and prices.
  Result<nlohmann::json> ApiCredit(store::Tx& tx, const security::Access& who, int64_t id,
                                   const nlohmann::json& body) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // What List sorts by: number (drafts have none: ""), date, due_date (the last instalment's;
  // the date without instalments), total (document currency), state.
  static const http::SortSpec kSorts;
  // One page of invoice headers (no lines): {"items", "next_cursor"}.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, const InvoiceFilter& f,
                              const http::ListPage& page) const;
  // A printable HTML page (every value escaped).
  Result<std::string> Print(store::Tx& tx, const security::Access& who, int64_t id) const;

 private:
  // Validates, computes and writes a draft (a new one, or replacing draft `id`).
  Result<CreatedInvoice> Store(store::Tx& tx, const InvoiceInput& in, std::optional<int64_t> id,
                               int64_t user_id) const;
  Status Notify(store::Tx& tx, const PostedInvoice& posted) const;

  const Clock& clock_;
  const accounting::Ledger& ledger_;
  const party::Parties& parties_;
  std::vector<PostedListener> listeners_;
};

}  // namespace concord::invoicing
