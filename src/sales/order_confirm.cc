// Confirming and cancelling sales orders: the credit check, the stock reservation through the
// inventory area, the frozen addresses, the advance invoice, and availability per line.
#include "accounting/currency_rates.h"
#include "core/decimal_fields.h"
#include "party/facts.h"
#include "sales/orders.h"
#include "security/company.h"
#include "store/row_json.h"

namespace concord::sales {
namespace {

using nlohmann::json;

// Σ (total − invoiced) of the party's confirmed orders, company currency.
Result<int64_t> UnbilledOrders(store::Tx& tx, int64_t company_id, int64_t party_id,
                               int64_t exclude) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT COALESCE(SUM(total_company - invoiced_company), 0) "
                                    "FROM sales_orders WHERE company_id = ? AND party_id = ? AND "
                                    "state = 'confirmed' AND id <> ? AND total_company > "
                                    "invoiced_company",
                                    company_id, party_id, exclude));
  return row ? row->Int(0) : 0;
}

Result<int64_t> ToCompany(store::Tx& tx, int64_t company_id, int64_t amount,
                          const std::string& currency, Date day) {
  return accounting::ConvertOn(tx, company_id, amount, currency, day);
}

}  // namespace

Status Orders::CheckCredit(store::Tx& tx, const security::Access& who, const json& order,
                           bool override_credit) const {
  int64_t co = who.company_id();
  int64_t party_id = order["party_id"];
  ASSIGN_OR_RETURN(auto facts, party::Facts(tx, co, party_id));
  if (!facts.credit_limit) return Status::Ok();
  ASSIGN_OR_RETURN(auto company_currency, security::CompanyCurrency(tx, co));
  std::string limit_currency = facts.currency.empty() ? company_currency : facts.currency;
  ASSIGN_OR_RETURN(auto limit_money, Money::Parse(*facts.credit_limit, limit_currency));
  ASSIGN_OR_RETURN(auto today, security::CompanyToday(tx, co, d_.clock));
  ASSIGN_OR_RETURN(int64_t limit, ToCompany(tx, co, limit_money.minor(), limit_currency, today));
  ASSIGN_OR_RETURN(int64_t open, d_.invoices.OpenReceivable(tx, co, party_id));
  ASSIGN_OR_RETURN(int64_t unbilled, UnbilledOrders(tx, co, party_id, order["id"]));
  ASSIGN_OR_RETURN(auto this_order, tx.One("SELECT total_company FROM sales_orders WHERE id = ?",
                                           order["id"].get<int64_t>()));
  int64_t mine = this_order ? this_order->Int(0) : 0;
  int64_t exposure = open + unbilled + mine;
  if (exposure <= limit) return Status::Ok();
  json figures = {{"currency", company_currency},
                  {"credit_limit", MoneyText(limit, company_currency)},
                  {"open_receivable", MoneyText(open, company_currency)},
                  {"unbilled_orders", MoneyText(unbilled, company_currency)},
                  {"this_order", MoneyText(mine, company_currency)},
                  {"excess", MoneyText(exposure - limit, company_currency)}};
  if (!override_credit) {
    Status st(Code::kConflict, "sales.credit_limit",
              "The order exceeds the customer's credit limit by " + figures["excess"].get<std::string>() +
                  " " + company_currency + "; a user with sales.credit.approve may override it.");
    json workflow = {{"key", "credit_override"},
                     {"start", "POST /api/v1/workflow-instances"},
                     {"body", {{"key", "credit_override"},
                               {"document_type", "sales_order"},
                               {"document_id", order["id"]}}}};
    st.SetExtra(json{{"credit", figures}, {"workflow", workflow}}.dump());
    return st;
  }
  RETURN_IF_ERROR(who.Require("sales.credit.approve"));
  tx.Audit({"sales_order", order["id"].get<int64_t>(), "credit_override", figures});
  return tx.Exec("UPDATE sales_orders SET credit_override_by = ? WHERE id = ?", who.user_id(),
                 order["id"].get<int64_t>())
      .status();
}

Result<json> Orders::Confirm(store::Tx& tx, const security::Access& who, int64_t id,
                             const json& body, const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, LoadVisible(tx, who, id, "sales.order.update"));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  Fields f(body);
  f.Ignore("version");
  bool override_credit = f.Bool("override_credit").value_or(false);
  RETURN_IF_ERROR(f.Finish());
  if (before["state"] != "draft") {
    return FailedPrecondition("sales.not_draft", "Only a draft order can be confirmed.");
  }
  int64_t co = who.company_id();
  ASSIGN_OR_RETURN(auto date, Date::Parse(before["date"].get<std::string>()));
  ASSIGN_OR_RETURN(auto total_row, tx.One("SELECT total FROM sales_orders WHERE id = ?", id));
  ASSIGN_OR_RETURN(int64_t total_company,
                   ToCompany(tx, co, total_row->Int(0), before["currency"], date));
  RETURN_IF_ERROR(
      tx.Exec("UPDATE sales_orders SET total_company = ? WHERE id = ?", total_company, id).status());
  RETURN_IF_ERROR(CheckCredit(tx, who, before, override_credit));
  // Frozen from here: addresses as they are today.
  int64_t party_id = before["party_id"];
  ASSIGN_OR_RETURN(auto billing, party::AddressSnapshot(tx, co, party_id, "billing", date));
  ASSIGN_OR_RETURN(auto shipping, party::AddressSnapshot(tx, co, party_id, "shipping", date));
  ASSIGN_OR_RETURN(auto lines, LoadLines(tx, "order_id", id));
  inventory::DeliveryRequest req;
  req.company_id = co;
  req.warehouse_id = before["warehouse_id"].is_number() ? before["warehouse_id"].get<int64_t>() : 0;
  req.party_id = party_id;
  req.origin_type = "sales_order";
  req.origin_id = id;
  req.origin_ref = before["number"];
  req.date = date;
  for (const auto& l : lines) {
    ASSIGN_OR_RETURN(auto product, d_.products.Info(tx, co, l.product_id));
    if (product.kind == "service") continue;
    req.lines.push_back({l.id, l.product_id, l.quantity_product});
  }
  if (!req.lines.empty()) {
    RETURN_IF_ERROR(d_.stock.CreateDelivery(tx, req, before["allow_partial"].get<bool>(),
                                            who.user_id())
                        .status());
  }
  std::string now = d_.clock.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE sales_orders SET state = 'confirmed', billing_address = ?, "
                          "shipping_address = ?, confirmed_at = ?, version = version + 1, "
                          "updated_at = ? WHERE id = ?",
                          billing.dump(), shipping.dump(), now, now, id)
                      .status());
  party::Purchase purchase{party_id, date, MoneyText(total_row->Int(0), before["currency"]),
                           before["currency"], "sales_order", id};
  RETURN_IF_ERROR(d_.lifecycle.RecordPurchase(tx, purchase));
  ASSIGN_OR_RETURN(json out, Load(tx, co, id));
  tx.Audit({"sales_order", id, "confirm", store::Changes(before, out)});
  tx.Emit({"sales_order.confirmed", "sales_order", id, out});
  if (before["advance_required"].get<bool>()) {
    // The advance: the whole order is invoiced now; delivery waits for its payment.
    RETURN_IF_ERROR(InvoiceLines(tx, who, out, false, json::object()).status());
    ASSIGN_OR_RETURN(out, Load(tx, co, id));
  }
  if (confirm_hook_) RETURN_IF_ERROR(confirm_hook_(tx, who, out));
  // The answer names the delivery it created, so a client can pick it without another read.
  ASSIGN_OR_RETURN(out["transfers"], d_.stock.TransfersOf(tx, co, "sales_order", id));
  return out;
}

Result<json> Orders::Cancel(store::Tx& tx, const security::Access& who, int64_t id,
                            const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, LoadVisible(tx, who, id, "sales.order.update"));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  std::string state = before["state"];
  if (state != "draft" && state != "confirmed") {
    return FailedPrecondition("sales.not_cancellable", "The order is " + state + ".");
  }
  if (before["delivery_status"] != "nothing" || before["invoice_status"] != "nothing") {
    return Status(Code::kConflict, "sales.order_in_progress",
                  "Goods were delivered or invoiced: return them and credit the invoice instead.");
  }
  int64_t co = who.company_id();
  if (state == "confirmed") {
    RETURN_IF_ERROR(d_.stock.CancelOrigin(tx, co, "sales_order", id, who.user_id()));
  }
  RETURN_IF_ERROR(tx.Exec("UPDATE sales_orders SET state = 'cancelled', version = version + 1, "
                          "updated_at = ? WHERE id = ?",
                          d_.clock.Now().ToIso(), id)
                      .status());
  ASSIGN_OR_RETURN(json out, Load(tx, co, id));
  tx.Audit({"sales_order", id, "cancel", store::Changes(before, out)});
  tx.Emit({"sales_order.cancelled", "sales_order", id, out});
  return out;
}

Result<json> Orders::Availability(store::Tx& tx, const security::Access& who, int64_t id,
                                  std::optional<Date> date) const {
  ASSIGN_OR_RETURN(json order, LoadVisible(tx, who, id, "sales.order.read"));
  int64_t co = who.company_id();
  ASSIGN_OR_RETURN(auto day, Date::Parse(order["date"].get<std::string>()));
  if (date) day = *date;
  int64_t warehouse = order["warehouse_id"].is_number() ? order["warehouse_id"].get<int64_t>() : 0;
  if (!warehouse) {
    ASSIGN_OR_RETURN(warehouse, d_.stock.DefaultWarehouse(tx, co));
  }
  ASSIGN_OR_RETURN(auto lines, LoadLines(tx, "order_id", id));
  json items = json::array();
  for (const auto& l : lines) {
    ASSIGN_OR_RETURN(auto product, d_.products.Info(tx, co, l.product_id));
    json item = {{"line_id", l.id}, {"product_id", l.product_id}, {"kind", product.kind},
                 {"quantity", ScaledText(l.quantity_product.scaled(), 0)}};
    if (product.kind != "service") {
      ASSIGN_OR_RETURN(auto a, d_.stock.Available(tx, co, warehouse, l.product_id, day));
      item["on_hand"] = ScaledText(a.on_hand.scaled(), 0);
      item["reserved"] = ScaledText(a.reserved.scaled(), 0);
      item["available"] = ScaledText(a.available.scaled(), 0);
      item["incoming"] = ScaledText(a.incoming.scaled(), 0);
      item["projected"] = ScaledText(a.projected.scaled(), 0);
      Quantity open = Quantity::FromScaled(l.quantity_product.scaled() - l.delivered.scaled());
      item["promisable"] = order["state"] == "draft" ? a.available >= open : true;
    }
    items.push_back(std::move(item));
  }
  return json{{"order_id", id}, {"date", day.ToString()}, {"warehouse_id", warehouse},
              {"lines", items}};
}

}  // namespace concord::sales
