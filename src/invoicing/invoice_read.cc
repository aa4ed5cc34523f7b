// Reading invoices: the JSON of one (lines, taxes, instalments with residuals, allocations),
// lists with filters, the invoices of an origin, the printable page.
#include "core/decimal.h"
#include "invoicing/invoice_internal.h"
#include "invoicing/ledger_view.h"
#include "security/company.h"
#include "store/row_json.h"

namespace concord::invoicing {

using nlohmann::json;

namespace internal {
namespace {

constexpr const char* kHeaderColumns =
    "i.id, i.kind, i.number, i.state, i.party_id, i.currency, i.rate, i.date, "
    "i.payment_term_id, i.address, i.origin_type, i.origin_id, i.origin_ref, i.department_id, "
    "i.credit_of_id, i.untaxed, i.tax, i.total, i.total_company, i.entry_id, i.entry_number, "
    "i.posted_at, i.version, i.created_at, i.updated_at";

json HeaderJson(const store::Record& r, const std::string& own, const ledger_view::Open* open) {
  json j = store::RowJson(r);
  std::string cur = r.Text("currency");
  for (const char* k : {"untaxed", "tax", "total"}) j[k] = Fmt(r.Int(k), cur);
  j["total_company"] = Fmt(r.Int("total_company"), own);
  j["company_currency"] = own;
  json address = json::parse(r.Text("address"), nullptr, false);
  j["address"] = address.is_discarded() ? json::object() : address;
  j["party_name"] = j["address"].value("name", "");
  bool open_state = r.Text("state") == "posted" || r.Text("state") == "paid";
  // A credit note's open amount is a credit: shown positive, as its total is.
  int64_t sign = r.Text("kind") == "credit_note" ? -1 : 1;
  j["residual"] = open_state && open ? json(Fmt(sign * open->currency, cur)) : json(nullptr);
  j["residual_company"] = open_state && open ? json(Fmt(sign * open->company, own)) : json(nullptr);
  return j;
}

json LineJson(const store::Record& r, const std::string& cur) {
  json taxes = json::parse(r.Text("taxes"), nullptr, false);
  json tax_ids = json::parse(r.Text("tax_ids"), nullptr, false);
  return {{"id", r.Int("id")},
          {"line_no", r.Int("line_no")},
          {"product_id", r.IsNull("product_id") ? json() : json(r.Int("product_id"))},
          {"description", r.Text("description")},
          {"quantity", Quantity::FromScaled(r.Int("quantity")).ToTrimmedString()},
          {"uom_code", r.Text("uom_code")},
          {"unit_price", UnitPrice::FromScaled(r.Int("unit_price")).ToTrimmedString()},
          {"discount_percent", FormatScaledTrimmed(r.Int("discount_ppm"), 4)},
          {"tax_ids", tax_ids.is_discarded() ? json::array() : tax_ids},
          {"account_id", r.Int("account_id")},
          {"origin_line_id", r.IsNull("origin_line_id") ? json() : json(r.Int("origin_line_id"))},
          {"untaxed", Fmt(r.Int("untaxed"), cur)},
          {"tax", Fmt(r.Int("tax"), cur)},
          {"total", Fmt(r.Int("total"), cur)},
          {"taxes", taxes.is_discarded() ? json::array() : taxes}};
}

Result<json> TaxesJson(store::Tx& tx, int64_t id, const std::string& cur, const std::string& own) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT tax_id, code, rate, included, base, amount, "
                                      "base_company, amount_company FROM invoice_taxes WHERE "
                                      "invoice_id = ? ORDER BY id",
                                      id));
  json out = json::array();
  for (const auto& r : rows) {
    out.push_back({{"tax_id", r.Int(0)},
                   {"code", r.Text(1)},
                   {"rate", r.Text(2)},
                   {"included", r.Int(3) != 0},
                   {"base", Fmt(r.Int(4), cur)},
                   {"amount", Fmt(r.Int(5), cur)},
                   {"base_company", Fmt(r.Int(6), own)},
                   {"amount_company", Fmt(r.Int(7), own)}});
  }
  return out;
}

Result<json> InstalmentsJson(store::Tx& tx, int64_t company_id, int64_t id, const std::string& cur,
                             int64_t sign) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT seq, due_date, amount, line_id FROM "
                                      "invoice_instalments WHERE invoice_id = ? ORDER BY seq",
                                      id));
  std::vector<int64_t> line_ids;
  for (const auto& r : rows) {
    if (!r.IsNull(3)) line_ids.push_back(r.Int(3));
  }
  ASSIGN_OR_RETURN(auto lines, ledger_view::Lines(tx, company_id, line_ids));
  json out = json::array();
  for (const auto& r : rows) {
    json residual = nullptr;
    for (const auto& l : lines) {
      if (!r.IsNull(3) && l.id == r.Int(3)) residual = Fmt(sign * l.residual_currency, cur);
    }
    out.push_back({{"seq", r.Int(0)},
                   {"due_date", r.Text(1)},
                   {"amount", Fmt(r.Int(2), cur)},
                   {"residual", residual},
                   {"line_id", r.IsNull(3) ? json() : json(r.Int(3))}});
  }
  return out;
}

}  // namespace

Result<json> AllocationsJson(store::Tx& tx, int64_t company_id, const std::string& type,
                             int64_t id) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, state, date, amount, currency, debit_type, "
                                      "debit_id, credit_type, credit_id, created_at, undone_at "
                                      "FROM allocations WHERE company_id = ? AND ((debit_type = "
                                      "? AND debit_id = ?) OR (credit_type = ? AND credit_id = "
                                      "?)) ORDER BY id",
                                      company_id, type, id, type, id));
  json out = json::array();
  for (const auto& r : rows) {
    bool we_are_debit = r.Text(5) == type && r.Int(6) == id;
    std::string other_type = we_are_debit ? r.Text(7) : r.Text(5);
    int64_t other_id = we_are_debit ? r.Int(8) : r.Int(6);
    std::string table = other_type == "invoice" ? "invoices" : "payments";
    ASSIGN_OR_RETURN(auto other, tx.One("SELECT number FROM " + table + " WHERE id = ?", other_id));
    out.push_back({{"id", r.Int(0)},
                   {"state", r.Text(1)},
                   {"date", r.Text(2)},
                   {"amount", Fmt(r.Int(3), r.Text(4))},
                   {"currency", r.Text(4)},
                   {"with_type", other_type},
                   {"with_id", other_id},
                   {"with_number", other && !other->IsNull(0) ? json(other->Text(0)) : json()},
                   {"created_at", r.Text(9)},
                   {"undone_at", r.IsNull(10) ? json() : json(r.Text(10))}});
  }
  return out;
}

Result<json> InvoiceJson(store::Tx& tx, int64_t company_id, int64_t id, bool full) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kHeaderColumns +
                                        " FROM invoices i WHERE i.id = ? AND i.company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("invoice");
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, company_id));
  ASSIGN_OR_RETURN(auto open, ledger_view::InvoiceResiduals(tx, company_id, {id}));
  auto it = open.find(id);
  json j = HeaderJson(*row, own, it == open.end() ? nullptr : &it->second);
  if (!full) return j;
  std::string cur = row->Text("currency");
  ASSIGN_OR_RETURN(auto lines, tx.Rows("SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER "
                                       "BY line_no",
                                       id));
  j["lines"] = json::array();
  for (const auto& l : lines) j["lines"].push_back(LineJson(l, cur));
  ASSIGN_OR_RETURN(j["taxes"], TaxesJson(tx, id, cur, own));
  int64_t sign = row->Text("kind") == "credit_note" ? -1 : 1;
  ASSIGN_OR_RETURN(j["instalments"], InstalmentsJson(tx, company_id, id, cur, sign));
  ASSIGN_OR_RETURN(j["allocations"], AllocationsJson(tx, company_id, "invoice", id));
  return j;
}

Result<json> ListJson(store::Tx& tx, int64_t company_id, const InvoiceFilter& f,
                      const http::ListPage& page) {
  std::vector<store::Value> p = {company_id};
  std::string sql = page.Select(std::string("SELECT ") + kHeaderColumns +
                                " FROM invoices i WHERE i.company_id = ?") +
                    page.After(p);
  auto add = [&](const std::string& cond, store::Value v) {
    sql += " AND " + cond;
    p.push_back(std::move(v));
  };
  if (f.party_id) add("i.party_id = ?", *f.party_id);
  if (!f.state.empty()) add("i.state = ?", f.state);
  if (!f.kind.empty()) add("i.kind = ?", f.kind);
  if (!f.origin_type.empty()) add("i.origin_type = ?", f.origin_type);
  if (f.origin_id) add("i.origin_id = ?", *f.origin_id);
  if (f.from) add("i.date >= ?", f.from->ToString());
  if (f.to) add("i.date <= ?", f.to->ToString());
  sql += page.OrderLimit(p);  // before p is passed: it adds the limit
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  std::vector<int64_t> ids;
  for (const auto& r : rows) ids.push_back(r.Int("id"));
  ASSIGN_OR_RETURN(auto open, ledger_view::InvoiceResiduals(tx, company_id, ids));
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, company_id));
  json items = json::array();
  for (const auto& r : rows) {
    auto it = open.find(r.Int("id"));
    items.push_back(HeaderJson(r, own, it == open.end() ? nullptr : &it->second));
  }
  return page.Body(std::move(items), rows);
}

}  // namespace internal

Result<json> Invoices::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("invoicing.invoice.read"));
  return internal::InvoiceJson(tx, who.company_id(), id, true);
}

const http::SortSpec Invoices::kSorts = {
    "i.id",
    {{"number", "COALESCE(i.number, '')", http::SortKind::kText},
     {"date", "i.date", http::SortKind::kTimestamp},
     {"due_date",
      "COALESCE((SELECT MAX(n.due_date) FROM invoice_instalments n WHERE n.invoice_id = i.id), "
      "i.date)",
      http::SortKind::kTimestamp},
     {"total", "i.total", http::SortKind::kMinorUnits},
     {"state", "i.state", http::SortKind::kText}}};

Result<json> Invoices::List(store::Tx& tx, const security::Access& who, const InvoiceFilter& f,
                            const http::ListPage& page) const {
  RETURN_IF_ERROR(who.Require("invoicing.invoice.read"));
  return internal::ListJson(tx, who.company_id(), f, page);
}

Result<json> Invoices::InvoicesOf(store::Tx& tx, int64_t company_id, const std::string& origin_type,
                                  int64_t origin_id) const {
  if (origin_type.empty()) return json::array();
  InvoiceFilter f;
  f.origin_type = origin_type;
  f.origin_id = origin_id;
  ASSIGN_OR_RETURN(json body,
                   internal::ListJson(tx, company_id, f, http::ListPage::ById(kSorts, 10000, 0)));
  return body["items"];
}

}  // namespace concord::invoicing
