// Invoices and credit notes: storing drafts, posting, the paid state, the state machine.
#include "invoicing/invoices.h"

#include <algorithm>

#include "invoicing/invoice_internal.h"
#include "invoicing/ledger_view.h"
#include "store/sequence.h"

namespace concord::invoicing {

using nlohmann::json;

namespace internal {
namespace {

// The state machine as data: (from, verb, to).
struct Transition {
  const char* from;
  const char* verb;
  const char* to;
};
constexpr Transition kTransitions[] = {
    {"draft", "post", "posted"},  {"draft", "cancel", "cancelled"}, {"draft", "update", "draft"},
    {"posted", "settle", "paid"}, {"paid", "reopen", "posted"},
};

Result<std::vector<int64_t>> ParseIds(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  std::vector<int64_t> out;
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_number_integer()) out.push_back(v.get<int64_t>());
  }
  return out;
}

InvoiceLineInput LineFrom(const store::Record& r) {
  InvoiceLineInput l;
  l.product_id = r.OptInt("product_id");
  l.description = r.Text("description");
  l.quantity = Quantity::FromScaled(r.Int("quantity"));
  l.uom_code = r.Text("uom_code");
  l.unit_price = UnitPrice::FromScaled(r.Int("unit_price"));
  l.discount_ppm = r.Int("discount_ppm");
  l.tax_ids = ParseIds(r.Text("tax_ids")).value();
  l.account_id = r.Int("account_id");
  l.origin_line_id = r.OptInt("origin_line_id");
  return l;
}

}  // namespace

Status CheckTransition(const std::string& from, const std::string& verb) {
  for (const auto& t : kTransitions) {
    if (from == t.from && verb == t.verb) return Status::Ok();
  }
  if (from == "draft" || verb == "update" || verb == "cancel" || verb == "post") {
    return FailedPrecondition(
        "invoicing.not_draft",
        "The invoice is " + from + ": a posted invoice is frozen (correct it with a credit note).");
  }
  return FailedPrecondition("invoicing.state", "Not possible while the invoice is " + from + ".");
}

Result<Stored> LoadStored(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT kind, state, number, party_id, currency, date, "
                                    "payment_term_id, address, origin_type, origin_id, "
                                    "origin_ref, department_id, credit_of_id, version, entry_id "
                                    "FROM invoices WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("invoice");
  Stored s;
  auto& in = s.input;
  in.company_id = company_id;
  in.kind = row->Text(0);
  s.state = row->Text(1);
  s.number = row->OptText(2).value_or("");
  in.party_id = row->Int(3);
  in.currency = row->Text(4);
  ASSIGN_OR_RETURN(in.date, Date::Parse(row->Text(5)));
  in.payment_term_id = row->OptInt(6);
  in.address = json::parse(row->Text(7), nullptr, false);
  if (in.address.is_discarded()) in.address = nullptr;
  in.origin_type = row->Text(8);
  in.origin_id = row->OptInt(9);
  in.origin_ref = row->Text(10);
  in.department_id = row->OptInt(11);
  in.credit_of_id = row->OptInt(12);
  s.version = row->Int(13);
  s.entry_id = row->OptInt(14);
  ASSIGN_OR_RETURN(auto lines, tx.Rows("SELECT * FROM invoice_lines WHERE invoice_id = ? AND "
                                       "company_id = ? ORDER BY line_no",
                                       id, company_id));
  for (const auto& r : lines) in.lines.push_back(LineFrom(r));
  return s;
}

Status RefreshPaid(store::Tx& tx, const Clock& clock, int64_t company_id, int64_t invoice_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT state FROM invoices WHERE id = ? AND company_id = ?",
                                    invoice_id, company_id));
  if (!row) return NotFound("invoice");
  std::string from = row->Text(0);
  if (from != "posted" && from != "paid") return Status::Ok();
  ASSIGN_OR_RETURN(auto open, ledger_view::InvoiceResiduals(tx, company_id, {invoice_id}));
  bool settled = open[invoice_id].currency == 0;
  std::string to = settled ? "paid" : "posted";
  if (to == from) return Status::Ok();
  RETURN_IF_ERROR(CheckTransition(from, settled ? "settle" : "reopen"));
  RETURN_IF_ERROR(tx.Exec("UPDATE invoices SET state = ?, version = version + 1, updated_at = ? "
                          "WHERE id = ?",
                          to, clock.Now().ToIso(), invoice_id)
                      .status());
  tx.Audit({"invoice", invoice_id, settled ? "settle" : "reopen", {{"state", {from, to}}}});
  tx.Emit({settled ? "invoice.paid" : "invoice.reopened",
           "invoice",
           invoice_id,
           {{"id", invoice_id}, {"state", to}}});
  return Status::Ok();
}

}  // namespace internal

namespace {

using internal::Computed;
using internal::Resolved;

Status WriteLines(store::Tx& tx, const InvoiceInput& in, const Resolved& r, const Computed& c,
                  int64_t id) {
  for (size_t i = 0; i < in.lines.size(); ++i) {
    const auto& l = in.lines[i];
    const auto& a = c.lines[i];
    RETURN_IF_ERROR(
        tx.Exec("INSERT INTO invoice_lines (company_id, invoice_id, line_no, product_id, "
                "description, quantity, uom_code, unit_price, discount_ppm, tax_ids, account_id, "
                "origin_line_id, untaxed, tax, total, untaxed_company, taxes) VALUES (?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                in.company_id, id, static_cast<int64_t>(i + 1), internal::OptValue(l.product_id),
                l.description, l.quantity.scaled(), l.uom_code, l.unit_price.scaled(),
                l.discount_ppm, json(l.tax_ids).dump(), r.account_ids[i],
                internal::OptValue(l.origin_line_id), a.untaxed, a.tax, a.total, a.untaxed_company,
                a.taxes.dump())
            .status());
  }
  return Status::Ok();
}

// Replaces the lines, tax totals and instalments of invoice `id`. `line_ids`: the receivable
// line of each instalment once posted.
Status WriteChildren(store::Tx& tx, const InvoiceInput& in, const Resolved& r, const Computed& c,
                     int64_t id, const std::vector<int64_t>& line_ids) {
  for (const char* table : {"invoice_lines", "invoice_taxes", "invoice_instalments"}) {
    RETURN_IF_ERROR(
        tx.Exec(std::string("DELETE FROM ") + table + " WHERE invoice_id = ?", id).status());
  }
  RETURN_IF_ERROR(WriteLines(tx, in, r, c, id));
  for (const auto& t : c.taxes) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO invoice_taxes (company_id, invoice_id, tax_id, code, "
                            "rate, included, base, amount, base_company, amount_company) VALUES "
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            in.company_id, id, t.tax_id, t.code, t.rate, t.included, t.base,
                            t.amount, t.base_company, t.amount_company)
                        .status());
  }
  for (size_t k = 0; k < c.instalments.size(); ++k) {
    const auto& inst = c.instalments[k];
    store::Value line = k < line_ids.size() ? store::Value(line_ids[k]) : store::Value(nullptr);
    RETURN_IF_ERROR(tx.Exec("INSERT INTO invoice_instalments (company_id, invoice_id, seq, "
                            "due_date, amount, amount_company, line_id) VALUES (?, ?, ?, ?, ?, "
                            "?, ?)",
                            in.company_id, id, static_cast<int64_t>(k + 1),
                            inst.due_date.ToString(), inst.amount, inst.amount_company, line)
                        .status());
  }
  return Status::Ok();
}

store::Value RateValue(const Computed& c) {
  return c.rate ? store::Value(c.rate->text) : store::Value(nullptr);
}

CreatedInvoice Created(int64_t id, const std::string& number, const InvoiceInput& in,
                       const Computed& c) {
  CreatedInvoice out{id, number, c.total, {}};
  for (size_t i = 0; i < in.lines.size(); ++i) {
    out.lines.push_back(
        {in.lines[i].origin_line_id, c.lines[i].untaxed, c.lines[i].untaxed_company});
  }
  return out;
}

Result<PostedInvoice> PostedOf(store::Tx& tx, const InvoiceInput& in, const Computed& c, int64_t id,
                               const std::string& number, int64_t entry_id) {
  PostedInvoice p{in.company_id,   id,
                  in.kind,         number,
                  in.party_id,     in.currency,
                  in.date,         in.origin_type,
                  in.origin_id,    in.credit_of_id,
                  entry_id,        c.total,
                  c.total_company, {}};
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id FROM invoice_lines WHERE invoice_id = ? ORDER "
                                      "BY line_no",
                                      id));
  for (size_t i = 0; i < in.lines.size() && i < rows.size(); ++i) {
    const auto& l = in.lines[i];
    p.lines.push_back({rows[i].Int(0), l.origin_line_id, l.product_id, l.quantity, l.uom_code,
                       c.lines[i].untaxed, c.lines[i].untaxed_company});
  }
  return p;
}

}  // namespace

Result<CreatedInvoice> Invoices::Store(store::Tx& tx, const InvoiceInput& in,
                                       std::optional<int64_t> id, int64_t user_id) const {
  ASSIGN_OR_RETURN(Resolved r, internal::Validate(tx, in, parties_, clock_));
  ASSIGN_OR_RETURN(Computed c, internal::Compute(tx, clock_, in, r));
  std::string now = clock_.Now().ToIso();
  std::vector<store::Value> cols = {in.kind,
                                    in.party_id,
                                    r.currency,
                                    in.date.ToString(),
                                    r.term_id,
                                    r.address.dump(),
                                    in.origin_type,
                                    internal::OptValue(in.origin_id),
                                    in.origin_ref,
                                    internal::OptValue(in.department_id),
                                    internal::OptValue(in.credit_of_id),
                                    c.untaxed,
                                    c.tax,
                                    c.total,
                                    c.total_company,
                                    RateValue(c),
                                    now};
  if (id) {
    cols.emplace_back(*id);
    RETURN_IF_ERROR(tx.ExecV("UPDATE invoices SET kind = ?, party_id = ?, currency = ?, date = ?, "
                             "payment_term_id = ?, address = ?, origin_type = ?, origin_id = ?, "
                             "origin_ref = ?, department_id = ?, credit_of_id = ?, untaxed = ?, "
                             "tax = ?, total = ?, total_company = ?, rate = ?, updated_at = ?, "
                             "version = version + 1 WHERE id = ?",
                             cols)
                        .status());
  } else {
    cols.push_back(now);
    cols.push_back(internal::UserValue(user_id));
    cols.emplace_back(in.company_id);
    ASSIGN_OR_RETURN(
        id, tx.InsertV("INSERT INTO invoices (kind, party_id, currency, date, payment_term_id, "
                       "address, origin_type, origin_id, origin_ref, department_id, credit_of_id, "
                       "untaxed, tax, total, total_company, rate, updated_at, created_at, "
                       "created_by_user_id, company_id, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                       "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft') RETURNING id",
                       cols));
  }
  RETURN_IF_ERROR(WriteChildren(tx, in, r, c, *id, {}));
  return Created(*id, "", in, c);
}

Result<CreatedInvoice> Invoices::Create(store::Tx& tx, const InvoiceInput& in, bool post,
                                        int64_t user_id) const {
  ASSIGN_OR_RETURN(CreatedInvoice created, Store(tx, in, std::nullopt, user_id));
  int64_t id = created.id;
  tx.Audit({"invoice", id, "create", {{"state", {nullptr, "draft"}}}, in.company_id});
  tx.Emit({"invoice.created", "invoice", id, {{"id", id}, {"kind", in.kind}}, in.company_id});
  if (post) return Post(tx, in.company_id, id, user_id);
  return created;
}

namespace {

// Posts the entry of a computed invoice and rewrites its children with the receivable lines.
Result<accounting::Posted> PostEntry(store::Tx& tx, const accounting::Ledger& ledger,
                                     const InvoiceInput& in, const Resolved& r, const Computed& c,
                                     int64_t id, const std::string& number, int64_t user_id) {
  std::string name = r.address.value("name", "");
  ASSIGN_OR_RETURN(auto entry, internal::BuildEntry(tx, in, r, c, id, number, name));
  ASSIGN_OR_RETURN(accounting::Posted posted, ledger.Post(tx, entry, user_id));
  ASSIGN_OR_RETURN(auto line_ids, ledger_view::EntryLineIds(tx, in.company_id, posted.entry_id));
  line_ids.resize(std::min(line_ids.size(), c.instalments.size()));
  RETURN_IF_ERROR(WriteChildren(tx, in, r, c, id, line_ids));
  return posted;
}

Status MarkPosted(store::Tx& tx, const Clock& clock, const Resolved& r, const Computed& c,
                  int64_t id, const std::string& number, const accounting::Posted& posted,
                  int64_t user_id) {
  std::string now = clock.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE invoices SET state = 'posted', number = ?, "
                                      "entry_id = ?, entry_number = ?, untaxed = ?, tax = ?, "
                                      "total = ?, total_company = ?, rate = ?, address = ?, "
                                      "posted_by_user_id = ?, posted_at = ?, updated_at = ?, "
                                      "version = version + 1 WHERE id = ? AND state = 'draft'",
                                      number, posted.entry_id, posted.number, c.untaxed, c.tax,
                                      c.total, c.total_company, RateValue(c), r.address.dump(),
                                      internal::UserValue(user_id), now, now, id));
  if (n != 1) return Conflict("invoicing.stale", "The invoice changed meanwhile; read it again.");
  return Status::Ok();
}

}  // namespace

Result<CreatedInvoice> Invoices::Post(store::Tx& tx, int64_t company_id, int64_t invoice_id,
                                      int64_t user_id) const {
  ASSIGN_OR_RETURN(internal::Stored s, internal::LoadStored(tx, company_id, invoice_id));
  RETURN_IF_ERROR(internal::CheckTransition(s.state, "post"));
  const InvoiceInput& in = s.input;
  ASSIGN_OR_RETURN(Resolved r, internal::Validate(tx, in, parties_, clock_));
  ASSIGN_OR_RETURN(Computed c, internal::Compute(tx, clock_, in, r));
  if (c.total <= 0 || c.total_company <= 0) {
    return FailedPrecondition("invoicing.zero_total", "An invoice to post has a total above 0.");
  }
  ASSIGN_OR_RETURN(
      std::string number,
      store::NextNumber(tx, company_id, in.kind, in.kind == "credit_note" ? "CN-" : "INV-"));
  ASSIGN_OR_RETURN(auto posted, PostEntry(tx, ledger_, in, r, c, invoice_id, number, user_id));
  RETURN_IF_ERROR(MarkPosted(tx, clock_, r, c, invoice_id, number, posted, user_id));
  tx.Audit({"invoice",
            invoice_id,
            "post",
            {{"state", {"draft", "posted"}}, {"number", {nullptr, number}}},
            company_id});
  tx.Emit({"invoice.posted",
           "invoice",
           invoice_id,
           {{"id", invoice_id}, {"number", number}, {"entry_id", posted.entry_id}},
           company_id});
  ASSIGN_OR_RETURN(PostedInvoice p, PostedOf(tx, in, c, invoice_id, number, posted.entry_id));
  p.currency = r.currency;
  RETURN_IF_ERROR(Notify(tx, p));
  return Created(invoice_id, number, in, c);
}

Status Invoices::Notify(store::Tx& tx, const PostedInvoice& posted) const {
  for (const auto& fn : listeners_) RETURN_IF_ERROR(fn(tx, posted));
  return Status::Ok();
}

Result<int64_t> Invoices::OpenReceivable(store::Tx& tx, int64_t company_id,
                                         int64_t party_id) const {
  return ledger_view::PartyReceivable(tx, company_id, party_id);
}

Result<int64_t> Invoices::PaidForOrigin(store::Tx& tx, int64_t company_id,
                                        const std::string& origin_type, int64_t origin_id) const {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT COALESCE(SUM(a.amount), 0) FROM allocations a JOIN "
                                    "invoices i ON i.id = a.debit_id AND i.company_id = "
                                    "a.company_id WHERE a.company_id = ? AND a.state = 'active' "
                                    "AND a.debit_type = 'invoice' AND a.credit_type = 'payment' "
                                    "AND i.origin_type = ? AND i.origin_id = ?",
                                    company_id, origin_type, origin_id));
  return row ? row->Int(0) : 0;
}

}  // namespace concord::invoicing
