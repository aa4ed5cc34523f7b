// A customer's open credit and open receivable (GET /parties/{id}/credit).
#include "invoicing/allocations.h"
#include "invoicing/invoice_internal.h"
#include "invoicing/ledger_view.h"
#include "party/service.h"
#include "security/company.h"

namespace concord::invoicing {

using nlohmann::json;

namespace {

// Inbound payments with an unallocated amount; adds their company amount to `credit`.
Result<json> OpenPayments(store::Tx& tx, int64_t company_id, int64_t party_id,
                          const std::string& own, int64_t& credit) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, number, date, currency, line_id FROM payments "
                                      "WHERE company_id = ? AND party_id = ? AND state = "
                                      "'posted' AND direction = 'inbound' AND line_id IS NOT "
                                      "NULL ORDER BY id",
                                      company_id, party_id));
  std::vector<int64_t> line_ids;
  for (const auto& r : rows) line_ids.push_back(r.Int(4));
  ASSIGN_OR_RETURN(auto lines, ledger_view::Lines(tx, company_id, line_ids));
  json out = json::array();
  for (const auto& r : rows) {
    for (const auto& l : lines) {
      if (l.id != r.Int(4) || l.residual_currency >= 0) continue;
      credit -= l.residual;
      out.push_back({{"id", r.Int(0)},
                     {"number", r.Text(1)},
                     {"date", r.Text(2)},
                     {"currency", r.Text(3)},
                     {"unallocated", internal::Fmt(-l.residual_currency, r.Text(3))},
                     {"unallocated_company", internal::Fmt(-l.residual, own)}});
    }
  }
  return out;
}

Result<json> OpenCreditNotes(store::Tx& tx, int64_t company_id, int64_t party_id,
                             const std::string& own, int64_t& credit) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, number, date, currency FROM invoices WHERE "
                                      "company_id = ? AND party_id = ? AND kind = 'credit_note' "
                                      "AND state = 'posted' ORDER BY id",
                                      company_id, party_id));
  std::vector<int64_t> ids;
  for (const auto& r : rows) ids.push_back(r.Int(0));
  ASSIGN_OR_RETURN(auto open, ledger_view::InvoiceResiduals(tx, company_id, ids));
  json out = json::array();
  for (const auto& r : rows) {
    auto it = open.find(r.Int(0));
    if (it == open.end() || it->second.currency >= 0) continue;
    credit -= it->second.company;
    out.push_back({{"id", r.Int(0)},
                   {"number", r.Text(1)},
                   {"date", r.Text(2)},
                   {"currency", r.Text(3)},
                   {"residual", internal::Fmt(-it->second.currency, r.Text(3))},
                   {"residual_company", internal::Fmt(-it->second.company, own)}});
  }
  return out;
}

}  // namespace

Result<json> Allocations::Credit(store::Tx& tx, const security::Access& who,
                                 int64_t party_id) const {
  RETURN_IF_ERROR(who.Require("invoicing.invoice.read"));
  auto owner = party::PartyOwnership(tx, party_id);
  if (!owner.ok() || owner->company_id != who.company_id()) return NotFound("party");
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, who.company_id()));
  int64_t credit = 0;
  ASSIGN_OR_RETURN(json payments, OpenPayments(tx, who.company_id(), party_id, own, credit));
  ASSIGN_OR_RETURN(json notes, OpenCreditNotes(tx, who.company_id(), party_id, own, credit));
  ASSIGN_OR_RETURN(int64_t receivable,
                   ledger_view::PartyReceivable(tx, who.company_id(), party_id));
  return json{{"party_id", party_id},
              {"currency", own},
              {"open_receivable", internal::Fmt(receivable, own)},
              {"credit", internal::Fmt(credit, own)},
              {"payments", payments},
              {"credit_notes", notes}};
}

}  // namespace concord::invoicing
