#include "invoicing/ledger_view.h"

namespace concord::invoicing::ledger_view {
namespace {

std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace

Result<std::vector<LineState>> Lines(store::Tx& tx, int64_t company_id,
                                     const std::vector<int64_t>& ids) {
  std::vector<LineState> out;
  if (ids.empty()) return out;
  std::vector<store::Value> p = {company_id};
  for (int64_t id : ids) p.emplace_back(id);
  ASSIGN_OR_RETURN(
      auto rows, tx.RowsV("SELECT id, residual, residual_currency, date, due_date "
                          "FROM journal_lines WHERE company_id = ? AND id IN (" +
                              Placeholders(ids.size()) + ") ORDER BY COALESCE(due_date, date), id",
                          p));
  for (const auto& r : rows) {
    LineState l{r.Int(0), r.Int(1), r.Int(2), {}, std::nullopt};
    ASSIGN_OR_RETURN(l.date, Date::Parse(r.Text(3)));
    if (!r.IsNull(4)) {
      ASSIGN_OR_RETURN(Date due, Date::Parse(r.Text(4)));
      l.due_date = due;
    }
    out.push_back(l);
  }
  return out;
}

Result<std::vector<int64_t>> EntryLineIds(store::Tx& tx, int64_t company_id, int64_t entry_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id FROM journal_lines WHERE company_id = ? AND "
                                      "entry_id = ? ORDER BY line_no",
                                      company_id, entry_id));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<std::map<int64_t, Open>> InvoiceResiduals(store::Tx& tx, int64_t company_id,
                                                 const std::vector<int64_t>& invoice_ids) {
  std::map<int64_t, Open> out;
  if (invoice_ids.empty()) return out;
  std::vector<store::Value> p = {company_id, company_id};
  for (int64_t id : invoice_ids) p.emplace_back(id);
  ASSIGN_OR_RETURN(auto rows,
                   tx.RowsV("SELECT i.invoice_id, SUM(l.residual_currency), SUM(l.residual) FROM "
                            "invoice_instalments i JOIN journal_lines l ON l.id = i.line_id AND "
                            "l.company_id = ? WHERE i.company_id = ? AND i.invoice_id IN (" +
                                Placeholders(invoice_ids.size()) + ") GROUP BY i.invoice_id",
                            p));
  for (const auto& r : rows) out[r.Int(0)] = {r.Int(1), r.Int(2)};
  return out;
}

Result<int64_t> PartyReceivable(store::Tx& tx, int64_t company_id, int64_t party_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT COALESCE(SUM(l.residual), 0) FROM journal_lines l "
                                    "JOIN accounts a ON a.id = l.account_id WHERE l.company_id = "
                                    "? AND l.party_id = ? AND l.posted = 1 AND a.reconcilable = "
                                    "1 AND a.role = 'receivable' AND l.residual <> 0",
                                    company_id, party_id));
  return row ? row->Int(0) : 0;
}

}  // namespace concord::invoicing::ledger_view
