// Invoicing sales orders and what flows back: invoices and credit notes from delivered,
// ordered or returned quantities; delivered quantities and cost from inventory; invoiced
// quantities and revenue from invoicing; the sales facts margins are computed from.
#include "core/decimal_fields.h"
#include "party/facts.h"
#include "sales/orders.h"
#include "security/company.h"

namespace concord::sales {
namespace {

using nlohmann::json;

struct OrderHead {
  int64_t id = 0, party_id = 0;
  std::optional<int64_t> owner, department;
  std::string state;
  bool advance_required = false;
  int64_t total = 0;
};

Result<std::optional<OrderHead>> Head(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto r, tx.One("SELECT id, party_id, owner_user_id, department_id, state, "
                                  "advance_required, total FROM sales_orders WHERE id = ? AND "
                                  "company_id = ?",
                                  id, company_id));
  if (!r) return std::optional<OrderHead>();
  return std::optional<OrderHead>(OrderHead{r->Int(0), r->Int(1), r->OptInt(2), r->OptInt(3),
                                            r->Text(4), r->Int(5) != 0, r->Int(6)});
}

// confirmed ⇄ done as lines become fully delivered and invoiced (or not any more).
Status UpdateState(store::Tx& tx, const catalog::Products& products, int64_t company_id,
                   const OrderHead& head, const Clock& clock) {
  if (head.state != "confirmed" && head.state != "done") return Status::Ok();
  ASSIGN_OR_RETURN(auto lines, LoadLines(tx, "order_id", head.id));
  bool done = true;
  for (const auto& l : lines) {
    ASSIGN_OR_RETURN(auto p, products.Info(tx, company_id, l.product_id));
    if (p.kind != "service" && l.delivered < l.quantity_product) done = false;
    if (l.invoiced < l.quantity_product) done = false;
  }
  std::string state = done ? "done" : "confirmed";
  if (state == head.state) return Status::Ok();
  RETURN_IF_ERROR(tx.Exec("UPDATE sales_orders SET state = ?, version = version + 1, updated_at "
                          "= ? WHERE id = ?",
                          state, clock.Now().ToIso(), head.id)
                      .status());
  tx.Audit({"sales_order", head.id, "state", {{"state", {head.state, state}}}});
  tx.Emit({"sales_order." + state, "sales_order", head.id, {{"state", state}}});
  return Status::Ok();
}

Status AddFact(store::Tx& tx, int64_t company_id, const OrderHead& head, int64_t line_id,
               int64_t product_id, Date date, const std::string& kind, int64_t qty,
               int64_t revenue, int64_t cost, const std::string& source_type, int64_t source_id) {
  return tx.Exec("INSERT INTO sales_facts (company_id, date, kind, order_id, line_id, party_id, "
                 "product_id, owner_user_id, department_id, quantity, revenue, cost, "
                 "source_type, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 company_id, date.ToString(), kind, head.id, line_id, head.party_id, product_id,
                 head.owner, head.department, qty, revenue, cost, source_type, source_id)
      .status();
}

}  // namespace

Result<json> Orders::InvoiceLines(store::Tx& tx, const security::Access& who, const json& order,
                                  bool credit, const json& body) const {
  RETURN_IF_ERROR(who.Require("invoicing.invoice.create"));
  Fields f(body);
  auto date = f.Day("date");
  bool post = f.Bool("post").value_or(true);
  RETURN_IF_ERROR(f.Finish());
  if (post) RETURN_IF_ERROR(who.Require("invoicing.invoice.approve"));
  int64_t co = who.company_id();
  int64_t id = order["id"];
  ASSIGN_OR_RETURN(json existing, d_.invoices.InvoicesOf(tx, co, "sales_order", id));
  for (const auto& inv : existing) {
    if (inv.value("state", "") == "draft") {
      return FailedPrecondition("sales.draft_invoice_exists",
                                "The order has a draft invoice: post or cancel it first.");
    }
  }
  invoicing::InvoiceInput in;
  in.company_id = co;
  in.kind = credit ? "credit_note" : "invoice";
  in.party_id = order["party_id"];
  in.currency = order["currency"];
  if (date) {
    in.date = *date;
  } else {
    ASSIGN_OR_RETURN(in.date, security::CompanyToday(tx, co, d_.clock));
  }
  if (order["payment_term_id"].is_number()) in.payment_term_id = order["payment_term_id"].get<int64_t>();
  in.address = order["billing_address"];
  in.origin_type = "sales_order";
  in.origin_id = id;
  in.origin_ref = order["number"];
  if (order["department_id"].is_number()) in.department_id = order["department_id"].get<int64_t>();
  ASSIGN_OR_RETURN(auto lines, LoadLines(tx, "order_id", id));
  bool ordered = order["invoice_policy"] == "ordered";
  for (const auto& l : lines) {
    ASSIGN_OR_RETURN(auto p, d_.products.Info(tx, co, l.product_id));
    int64_t qty = 0;
    if (credit) {
      qty = p.kind == "service" ? 0 : l.invoiced.scaled() - l.delivered.scaled();
    } else {
      int64_t basis = (ordered || p.kind == "service") ? l.quantity_product.scaled()
                                                        : l.delivered.scaled();
      qty = basis - l.invoiced.scaled();
    }
    if (qty <= 0) continue;
    ASSIGN_OR_RETURN(auto price, catalog::Uoms::ConvertPrice(tx, co, l.unit_price, l.uom_id,
                                                             p.uom_id));
    ASSIGN_OR_RETURN(auto uom, catalog::Uoms::CodeOf(tx, co, p.uom_id));
    invoicing::InvoiceLineInput il;
    il.product_id = l.product_id;
    il.description = l.description;
    il.quantity = Quantity::FromScaled(qty);
    il.uom_code = uom;
    il.unit_price = price;
    il.discount_ppm = l.discount;
    il.tax_ids = l.tax_ids;
    il.origin_line_id = l.id;
    in.lines.push_back(std::move(il));
  }
  if (in.lines.empty()) {
    return credit ? FailedPrecondition("sales.nothing_to_credit", "Nothing was returned after "
                                                                  "being invoiced.")
                  : FailedPrecondition("sales.nothing_to_invoice",
                                       "Nothing is delivered and not yet invoiced.");
  }
  ASSIGN_OR_RETURN(auto created, d_.invoices.Create(tx, in, post, who.user_id()));
  return json{{"invoice_id", created.id}, {"number", created.number},
              {"total", MoneyText(created.total, in.currency)}};
}

Result<json> Orders::Invoice(store::Tx& tx, const security::Access& who, int64_t id,
                             const json& body) const {
  ASSIGN_OR_RETURN(json order, LoadVisible(tx, who, id, "sales.order.update"));
  if (order["state"] != "confirmed") {
    return FailedPrecondition("sales.not_confirmed", "Only a confirmed order is invoiced.");
  }
  ASSIGN_OR_RETURN(json created, InvoiceLines(tx, who, order, false, body));
  ASSIGN_OR_RETURN(json out, Load(tx, who.company_id(), id));
  out["invoice"] = created;
  return out;
}

Result<json> Orders::CreditReturns(store::Tx& tx, const security::Access& who, int64_t id,
                                   const json& body) const {
  ASSIGN_OR_RETURN(json order, LoadVisible(tx, who, id, "sales.order.update"));
  if (order["state"] != "confirmed" && order["state"] != "done") {
    return FailedPrecondition("sales.not_confirmed", "Only a confirmed order has returns.");
  }
  ASSIGN_OR_RETURN(json created, InvoiceLines(tx, who, order, true, body));
  ASSIGN_OR_RETURN(json out, Load(tx, who.company_id(), id));
  out["credit_note"] = created;
  return out;
}

Status Orders::OnDoneMove(store::Tx& tx, const inventory::DoneMove& m) const {
  if (m.origin_type != "sales_order") return Status::Ok();
  ASSIGN_OR_RETURN(auto head, Head(tx, m.company_id, m.origin_id));
  if (!head) return Status::Ok();
  ASSIGN_OR_RETURN(auto line, tx.One("SELECT id FROM sales_lines WHERE id = ? AND order_id = ?",
                                     m.origin_line_id, head->id));
  if (!line) return Status::Ok();
  RETURN_IF_ERROR(tx.Exec("UPDATE sales_lines SET delivered = delivered + ? WHERE id = ?",
                          m.quantity.scaled(), m.origin_line_id)
                      .status());
  RETURN_IF_ERROR(AddFact(tx, m.company_id, *head, m.origin_line_id, m.product_id, m.date,
                          "delivered", m.quantity.scaled(), 0, m.value, "stock_move", m.move_id));
  return UpdateState(tx, d_.products, m.company_id, *head, d_.clock);
}

Status Orders::OnInvoicePosted(store::Tx& tx, const invoicing::PostedInvoice& inv) const {
  if (inv.origin_type != "sales_order" || !inv.origin_id) return Status::Ok();
  ASSIGN_OR_RETURN(auto head, Head(tx, inv.company_id, *inv.origin_id));
  if (!head) return Status::Ok();
  int sign = inv.sign();
  RETURN_IF_ERROR(tx.Exec("UPDATE sales_orders SET invoiced_company = invoiced_company + ? WHERE "
                          "id = ?",
                          sign * inv.total_company, head->id)
                      .status());
  for (const auto& l : inv.lines) {
    if (!l.origin_line_id) continue;
    ASSIGN_OR_RETURN(auto line, tx.One("SELECT product_id FROM sales_lines WHERE id = ? AND "
                                       "order_id = ?",
                                       *l.origin_line_id, head->id));
    if (!line) continue;
    RETURN_IF_ERROR(tx.Exec("UPDATE sales_lines SET invoiced = invoiced + ? WHERE id = ?",
                            sign * l.quantity.scaled(), *l.origin_line_id)
                        .status());
    RETURN_IF_ERROR(AddFact(tx, inv.company_id, *head, *l.origin_line_id, line->Int(0), inv.date,
                            "invoiced", sign * l.quantity.scaled(), sign * l.untaxed_company, 0,
                            "invoice", inv.invoice_id));
  }
  return UpdateState(tx, d_.products, inv.company_id, *head, d_.clock);
}

Status Orders::CheckDeliveryAllowed(store::Tx& tx, int64_t company_id,
                                    const std::string& origin_type, int64_t origin_id) const {
  if (origin_type != "sales_order") return Status::Ok();
  ASSIGN_OR_RETURN(auto head, Head(tx, company_id, origin_id));
  if (!head || !head->advance_required) return Status::Ok();
  ASSIGN_OR_RETURN(int64_t paid, d_.invoices.PaidForOrigin(tx, company_id, "sales_order",
                                                           origin_id));
  if (paid >= head->total) return Status::Ok();
  return Status(Code::kConflict, "sales.advance_pending",
                "The order requires an advance payment: delivery waits until its invoice is "
                "paid.");
}

}  // namespace concord::sales
