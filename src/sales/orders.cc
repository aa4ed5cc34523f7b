// Sales orders: list, read, create, update and re-price drafts.
#include "sales/orders.h"

#include "core/decimal_fields.h"
#include "invoicing/terms.h"
#include "party/facts.h"
#include "party/ownership.h"
#include "sales/settings.h"
#include "security/company.h"
#include "store/row_json.h"
#include "store/sequence.h"

namespace concord::sales {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "id, company_id, number, party_id, quote_id, owner_user_id, department_id, currency, "
    "price_list_id, payment_term_id, advance_required, invoice_policy, allow_partial, "
    "warehouse_id, date, state, billing_address, shipping_address, credit_override_by, "
    "confirmed_at, untaxed, tax, total, total_company, invoiced_company, notes, version, "
    "created_at, updated_at";

json OrderJson(const store::Record& r) {
  json j = store::RowJson(r);
  std::string cur = r.Text("currency");
  for (const char* k : {"untaxed", "tax", "total"}) j[k] = MoneyText(r.Int(k), cur);
  j.erase("total_company");
  j.erase("invoiced_company");
  j["advance_required"] = r.Int("advance_required") != 0;
  j["allow_partial"] = r.Int("allow_partial") != 0;
  j["billing_address"] = json::parse(r.Text("billing_address"));
  j["shipping_address"] = json::parse(r.Text("shipping_address"));
  return j;
}

// Delivery and invoice progress of the lines: "nothing" | "partial" | "full".
std::string Progress(const std::vector<Line>& lines, bool invoiced) {
  bool any = false, all = true;
  for (const auto& l : lines) {
    Quantity q = invoiced ? l.invoiced : l.delivered;
    if (q.scaled() > 0) any = true;
    if (q < l.quantity_product) all = false;
  }
  return all ? "full" : any ? "partial" : "nothing";
}

}  // namespace

Result<json> Orders::Load(store::Tx& tx, int64_t company_id, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kColumns +
                                        " FROM sales_orders WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("sales_order");
  json out = OrderJson(*row);
  ASSIGN_OR_RETURN(auto lines, LoadLines(tx, "order_id", id));
  out["lines"] = json::array();
  for (const auto& l : lines) out["lines"].push_back(LineJson(l, row->Text("currency")));
  out["delivery_status"] = Progress(lines, false);
  out["invoice_status"] = Progress(lines, true);
  return out;
}

Result<json> Orders::LoadVisible(store::Tx& tx, const security::Access& who, int64_t id,
                                 const std::string& permission) const {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT company_id, owner_user_id, department_id FROM "
                                    "sales_orders WHERE id = ?",
                                    id));
  if (!row) return NotFound("sales_order");
  RETURN_IF_ERROR(who.CheckRecord(permission, {row->Int(0), row->OptInt(1), row->OptInt(2)},
                                  "sales_order"));
  return Load(tx, who.company_id(), id);
}

const http::SortSpec Orders::kSorts = {"id",
                                       {{"number", "number", http::SortKind::kText},
                                        {"date", "date", http::SortKind::kTimestamp},
                                        {"total", "total", http::SortKind::kMinorUnits},
                                        {"state", "state", http::SortKind::kText}}};

Result<json> Orders::List(store::Tx& tx, const security::Access& who, const OrderFilter& f,
                          const http::ListPage& page) const {
  RETURN_IF_ERROR(who.Require("sales.order.read"));
  auto vis = who.Visible("sales.order.read");
  std::vector<store::Value> p = vis.params;
  std::string sql =
      page.Select(std::string("SELECT ") + kColumns + " FROM sales_orders WHERE " + vis.sql) +
      page.After(p);
  if (f.party_id) {
    sql += " AND party_id = ?";
    p.emplace_back(*f.party_id);
  }
  if (!f.state.empty()) {
    sql += " AND state = ?";
    p.emplace_back(f.state);
  }
  sql += page.OrderLimit(p);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  json items = json::array();
  for (const auto& r : rows) items.push_back(OrderJson(r));
  return page.Body(std::move(items), rows);
}

Result<json> Orders::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(json out, LoadVisible(tx, who, id, "sales.order.read"));
  ASSIGN_OR_RETURN(out["transfers"], d_.stock.TransfersOf(tx, who.company_id(), "sales_order", id));
  ASSIGN_OR_RETURN(out["invoices"],
                   d_.invoices.InvoicesOf(tx, who.company_id(), "sales_order", id));
  return out;
}

Status Orders::ApplySettings(store::Tx& tx, int64_t company_id, int64_t id,
                             const json& settings) const {
  if (settings.contains("warehouse_id")) {
    int64_t warehouse = settings["warehouse_id"];
    ASSIGN_OR_RETURN(auto fallback, d_.stock.DefaultWarehouse(tx, company_id));
    if (warehouse != fallback) {
      // Availability of any product answers NotFound for another company's warehouse.
      ASSIGN_OR_RETURN(auto line, tx.One("SELECT product_id FROM sales_lines WHERE order_id = ? "
                                         "ORDER BY sequence",
                                         id));
      if (line && !d_.stock.Available(tx, company_id, warehouse, line->Int(0), Date()).ok()) {
        return InvalidField("warehouse_id", "not_found", "No such warehouse.");
      }
    }
    RETURN_IF_ERROR(
        tx.Exec("UPDATE sales_orders SET warehouse_id = ? WHERE id = ?", warehouse, id).status());
  }
  if (settings.contains("allow_partial")) {
    RETURN_IF_ERROR(tx.Exec("UPDATE sales_orders SET allow_partial = ? WHERE id = ?",
                            static_cast<int64_t>(settings["allow_partial"].get<bool>()), id)
                        .status());
  }
  return Status::Ok();
}

Status Orders::StoreDraft(store::Tx& tx, int64_t id, int64_t company_id, std::vector<Line>& lines,
                          const std::string& currency) const {
  ASSIGN_OR_RETURN(auto totals, ComputeTotals(tx, d_.clock, company_id, currency, lines));
  RETURN_IF_ERROR(SaveLines(tx, company_id, "order_id", id, lines));
  return tx.Exec("UPDATE sales_orders SET untaxed = ?, tax = ?, total = ? WHERE id = ?",
                 totals.untaxed, totals.tax, totals.total, id)
      .status();
}

Result<int64_t> Orders::CreateFromDraft(store::Tx& tx, const security::Access& who,
                                        OrderDraft draft) const {
  int64_t co = who.company_id();
  ASSIGN_OR_RETURN(auto settings, LoadSettings(tx, co));
  if (!draft.payment_term_id) {
    ASSIGN_OR_RETURN(auto term, invoicing::DefaultPaymentTerm(tx, co));
    draft.payment_term_id = term;
  }
  ASSIGN_OR_RETURN(auto term, invoicing::PaymentTerm(tx, co, *draft.payment_term_id));
  ASSIGN_OR_RETURN(auto warehouse, d_.stock.DefaultWarehouse(tx, co));
  ASSIGN_OR_RETURN(auto number, store::NextNumber(tx, co, "sales_order", "SO-"));
  std::string now = d_.clock.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO sales_orders (company_id, number, party_id, quote_id, owner_user_id, "
                "department_id, currency, price_list_id, payment_term_id, advance_required, "
                "invoice_policy, warehouse_id, date, state, notes, created_at, updated_at) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?) RETURNING id",
                co, number, draft.party_id, draft.quote_id, draft.owner_user_id,
                draft.department_id, draft.currency, draft.price_list_id, *draft.payment_term_id,
                static_cast<int64_t>(term.advance_required),
                term.advance_required ? std::string("ordered") : settings.invoice_policy,
                warehouse, draft.date.ToString(), draft.notes, now, now));
  RETURN_IF_ERROR(StoreDraft(tx, id, co, draft.lines, draft.currency));
  ASSIGN_OR_RETURN(json out, Load(tx, co, id));
  tx.Audit({"sales_order", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"sales_order.created", "sales_order", id, out});
  return id;
}

Result<json> Orders::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("sales.order.create"));
  int64_t co = who.company_id();
  Fields f(body);
  auto party_id = f.Int("party_id", true);
  auto currency = f.Text("currency", {.max_chars = 3});
  auto date = f.Day("date");
  auto price_list = f.Int("price_list_id");
  auto term = f.Int("payment_term_id");
  auto owner = f.Int("owner_user_id");
  auto notes = f.Text("notes", {.max_chars = 4000, .allow_empty = true});
  auto partial = f.Bool("allow_partial");
  auto warehouse = f.Int("warehouse_id");
  const json* lines = f.Raw("lines");
  RETURN_IF_ERROR(f.Finish());
  RETURN_IF_ERROR(d_.parties.CheckLink(tx, who, *party_id, "party_id", "party.party.read"));
  if (term && !invoicing::PaymentTerm(tx, co, *term).ok()) {
    return InvalidField("payment_term_id", "not_found", "No such payment term.");
  }
  ASSIGN_OR_RETURN(auto facts, party::Facts(tx, co, *party_id));
  ASSIGN_OR_RETURN(auto company_currency, security::CompanyCurrency(tx, co));
  OrderDraft draft;
  draft.party_id = *party_id;
  draft.currency = currency.value_or(facts.currency.empty() ? company_currency : facts.currency);
  if (!Currency::FromCode(draft.currency).ok()) {
    return InvalidField("currency", "currency.unknown", "Not an ISO 4217 currency code.");
  }
  if (date) {
    draft.date = *date;
  } else {
    ASSIGN_OR_RETURN(draft.date, security::CompanyToday(tx, co, d_.clock));
  }
  draft.price_list_id = price_list;
  draft.payment_term_id = term;
  draft.notes = notes.value_or("");
  ASSIGN_OR_RETURN(auto own, party::ResolveOwner(tx, who, "sales.order.create", owner));
  draft.owner_user_id = own.user_id;
  draft.department_id = own.department_id;
  PricingContext ctx{co, *party_id, draft.currency, draft.date, draft.price_list_id};
  ASSIGN_OR_RETURN(draft.lines, ReadLines(tx, d_.pricing, d_.products, ctx,
                                          lines ? *lines : json()));
  ASSIGN_OR_RETURN(int64_t id, CreateFromDraft(tx, who, std::move(draft)));
  if (partial || warehouse) {
    json settings = json::object();
    if (partial) settings["allow_partial"] = *partial;
    if (warehouse) settings["warehouse_id"] = *warehouse;
    RETURN_IF_ERROR(ApplySettings(tx, co, id, settings));
  }
  return Load(tx, co, id);
}

Result<json> Orders::Update(store::Tx& tx, const security::Access& who, int64_t id,
                            const json& body, const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, LoadVisible(tx, who, id, "sales.order.update"));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  if (before["state"] != "draft") {
    return Status(Code::kConflict, "sales.order_frozen",
                  "A confirmed order is frozen: cancel it or change it by a new order.");
  }
  int64_t co = who.company_id();
  Fields f(body);
  f.Ignore("version");
  auto notes = f.Text("notes", {.max_chars = 4000, .allow_empty = true});
  auto term = f.Int("payment_term_id");
  auto partial = f.Bool("allow_partial");
  auto warehouse = f.Int("warehouse_id");
  const json* lines = f.Raw("lines");
  RETURN_IF_ERROR(f.Finish());
  std::string currency = before["currency"];
  if (term) {
    auto t = invoicing::PaymentTerm(tx, co, *term);
    if (!t.ok()) return InvalidField("payment_term_id", "not_found", "No such payment term.");
    RETURN_IF_ERROR(tx.Exec("UPDATE sales_orders SET payment_term_id = ?, advance_required = ? "
                            "WHERE id = ?",
                            *term, static_cast<int64_t>(t->advance_required), id)
                        .status());
  }
  json settings = json::object();
  if (partial) settings["allow_partial"] = *partial;
  if (warehouse) settings["warehouse_id"] = *warehouse;
  RETURN_IF_ERROR(ApplySettings(tx, co, id, settings));
  if (notes) {
    RETURN_IF_ERROR(tx.Exec("UPDATE sales_orders SET notes = ? WHERE id = ?", *notes, id).status());
  }
  if (lines) {
    ASSIGN_OR_RETURN(auto date, Date::Parse(before["date"].get<std::string>()));
    PricingContext ctx{co, before["party_id"], currency, date,
                       before["price_list_id"].is_number()
                           ? std::optional<int64_t>(before["price_list_id"].get<int64_t>())
                           : std::nullopt};
    ASSIGN_OR_RETURN(auto parsed, ReadLines(tx, d_.pricing, d_.products, ctx, *lines));
    RETURN_IF_ERROR(StoreDraft(tx, id, co, parsed, currency));
  }
  RETURN_IF_ERROR(tx.Exec("UPDATE sales_orders SET version = version + 1, updated_at = ? WHERE "
                          "id = ?",
                          d_.clock.Now().ToIso(), id)
                      .status());
  ASSIGN_OR_RETURN(json out, Load(tx, co, id));
  tx.Audit({"sales_order", id, "update", store::Changes(before, out)});
  tx.Emit({"sales_order.updated", "sales_order", id, out});
  return out;
}

Result<json> Orders::Reprice(store::Tx& tx, const security::Access& who, int64_t id,
                             const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, LoadVisible(tx, who, id, "sales.order.update"));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  if (before["state"] != "draft") {
    return Status(Code::kConflict, "sales.order_frozen", "A confirmed order keeps its prices.");
  }
  int64_t co = who.company_id();
  ASSIGN_OR_RETURN(auto lines, LoadLines(tx, "order_id", id));
  ASSIGN_OR_RETURN(auto today, security::CompanyToday(tx, co, d_.clock));
  PricingContext ctx{co, before["party_id"], before["currency"], today,
                     before["price_list_id"].is_number()
                         ? std::optional<int64_t>(before["price_list_id"].get<int64_t>())
                         : std::nullopt};
  RETURN_IF_ERROR(sales::Reprice(tx, d_.pricing, d_.products, ctx, lines));
  RETURN_IF_ERROR(StoreDraft(tx, id, co, lines, before["currency"]));
  RETURN_IF_ERROR(tx.Exec("UPDATE sales_orders SET date = ?, version = version + 1, updated_at = "
                          "? WHERE id = ?",
                          today.ToString(), d_.clock.Now().ToIso(), id)
                      .status());
  ASSIGN_OR_RETURN(json out, Load(tx, co, id));
  tx.Audit({"sales_order", id, "reprice", store::Changes(before, out)});
  tx.Emit({"sales_order.updated", "sales_order", id, out});
  return out;
}

}  // namespace concord::sales
