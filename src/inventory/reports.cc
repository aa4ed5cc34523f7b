#include "inventory/reports.h"

#include "inventory/moves.h"
#include "inventory/valuation_math.h"
#include "store/row_json.h"

namespace concord::inventory {
namespace {

using nlohmann::json;

}  // namespace

Status Reports::CheckFilters(store::Tx& tx, int64_t company_id, std::optional<int64_t> product_id,
                             std::optional<int64_t> location_id,
                             std::optional<int64_t> warehouse_id) const {
  if (product_id) RETURN_IF_ERROR(stock_.products().Info(tx, company_id, *product_id).status());
  if (location_id) RETURN_IF_ERROR(LoadLocation(tx, company_id, *location_id).status());
  if (warehouse_id) RETURN_IF_ERROR(LoadWarehouse(tx, company_id, *warehouse_id).status());
  return Status::Ok();
}

Result<json> Reports::OnHand(store::Tx& tx, const security::Access& who, const StockFilter& f,
                             int64_t limit, int64_t after) const {
  RETURN_IF_ERROR(who.Require("inventory.warehouse.read"));
  RETURN_IF_ERROR(CheckFilters(tx, who.company_id(), f.product_id, f.location_id, f.warehouse_id));
  std::string sql =
      "SELECT q.id, q.product_id, q.location_id, l.name AS location_name, l.warehouse_id, "
      "t.id AS lot_id, t.name AS lot_name, t.expiry_date, q.quantity, q.reserved FROM "
      "stock_quants q JOIN stock_locations l ON l.id = q.location_id LEFT JOIN stock_lots t ON "
      "t.id = q.lot_id WHERE q.company_id = ? AND q.id > ? AND (q.quantity <> 0 OR q.reserved "
      "<> 0)";
  std::vector<store::Value> p = {who.company_id(), after};
  if (f.product_id) {
    sql += " AND q.product_id = ?";
    p.emplace_back(*f.product_id);
  }
  if (f.location_id) {
    ASSIGN_OR_RETURN(Location root, LoadLocation(tx, who.company_id(), *f.location_id));
    sql += " AND l.path LIKE ?";
    p.emplace_back(root.path + "%");
  }
  if (f.warehouse_id) {
    sql += " AND l.warehouse_id = ?";
    p.emplace_back(*f.warehouse_id);
  }
  if (f.lot_id) {
    sql += " AND q.lot_id = ?";
    p.emplace_back(*f.lot_id);
  }
  p.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY q.id LIMIT ?", p));
  json items = json::array();
  for (const auto& r : rows) {
    json j = store::RowJson(r);
    j["quantity"] = Qty(r.Int("quantity"));
    j["reserved"] = Qty(r.Int("reserved"));
    j["available"] = Qty(r.Int("quantity") - r.Int("reserved"));
    items.push_back(std::move(j));
  }
  RETURN_IF_ERROR(AddProductNames(tx, stock_.products(), who.company_id(), items));
  return items;
}

Result<json> Reports::Availability(store::Tx& tx, const security::Access& who, int64_t product_id,
                                   std::optional<int64_t> warehouse_id,
                                   std::optional<Date> date) const {
  RETURN_IF_ERROR(who.Require("inventory.warehouse.read"));
  int64_t wh = 0;
  if (warehouse_id) {
    wh = *warehouse_id;
  } else {
    ASSIGN_OR_RETURN(wh, stock_.DefaultWarehouse(tx, who.company_id()));
  }
  if (!date) {
    ASSIGN_OR_RETURN(date, Today(tx, stock_.clock(), who.company_id()));
  }
  ASSIGN_OR_RETURN(auto a, stock_.Available(tx, who.company_id(), wh, product_id, *date));
  return json{{"product_id", product_id},           {"warehouse_id", wh},
              {"date", date->ToString()},           {"on_hand", a.on_hand.ToString()},
              {"reserved", a.reserved.ToString()},  {"available", a.available.ToString()},
              {"incoming", a.incoming.ToString()},  {"outgoing", a.outgoing.ToString()},
              {"projected", a.projected.ToString()}};
}

Result<json> Reports::MoveList(store::Tx& tx, const security::Access& who, const MoveFilter& f,
                               int64_t limit, int64_t after) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.read"));
  RETURN_IF_ERROR(CheckFilters(tx, who.company_id(), f.product_id, f.location_id, std::nullopt));
  std::string sql =
      std::string("SELECT ") + kMoveColumns + kMoveFrom + " WHERE m.company_id = ? AND m.id > ?";
  std::vector<store::Value> p = {who.company_id(), after};
  auto add = [&](const char* cond, store::Value v) {
    sql += std::string(" AND ") + cond;
    p.push_back(std::move(v));
  };
  if (f.product_id) add("m.product_id = ?", *f.product_id);
  if (f.transfer_id) add("m.transfer_id = ?", *f.transfer_id);
  if (f.count_id) add("m.count_id = ?", *f.count_id);
  if (!f.state.empty()) add("m.state = ?", f.state);
  if (!f.origin_type.empty()) add("m.origin_type = ?", f.origin_type);
  if (f.origin_id) add("m.origin_id = ?", *f.origin_id);
  if (f.location_id) {
    sql += " AND (m.source_location_id = ? OR m.dest_location_id = ?)";
    p.emplace_back(*f.location_id);
    p.emplace_back(*f.location_id);
  }
  p.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY m.id LIMIT ?", p));
  ASSIGN_OR_RETURN(Currency currency, CompanyCurrencyOf(tx, who.company_id()));
  json items = json::array();
  for (const auto& r : rows) items.push_back(MoveJson(r, currency));
  RETURN_IF_ERROR(AddProductNames(tx, stock_.products(), who.company_id(), items));
  return items;
}

Result<json> Reports::Valuation(store::Tx& tx, const security::Access& who,
                                std::optional<int64_t> product_id, int64_t limit,
                                int64_t after) const {
  RETURN_IF_ERROR(who.Require("inventory.valuation.read"));
  RETURN_IF_ERROR(CheckFilters(tx, who.company_id(), product_id, std::nullopt, std::nullopt));
  std::string sql =
      "SELECT v.product_id, SUM(v.remaining_qty), SUM(v.remaining_value), MAX(c.unit_cost) FROM "
      "stock_valuation_layers v LEFT JOIN stock_product_costs c ON c.company_id = v.company_id "
      "AND c.product_id = v.product_id WHERE v.company_id = ? AND v.product_id > ?";
  std::vector<store::Value> p = {who.company_id(), after};
  if (product_id) {
    sql += " AND v.product_id = ?";
    p.emplace_back(*product_id);
  }
  p.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows,
                   tx.RowsV(sql + " GROUP BY v.product_id ORDER BY v.product_id LIMIT ?", p));
  ASSIGN_OR_RETURN(Currency currency, CompanyCurrencyOf(tx, who.company_id()));
  json items = json::array();
  for (const auto& r : rows) {
    int64_t qty = r.Int(1), value = r.Int(2);
    ASSIGN_OR_RETURN(int64_t unit, UnitCostOf(value, qty, currency.minor_units()));
    json j = {{"id", r.Int(0)},
              {"product_id", r.Int(0)},
              {"quantity", Qty(qty)},
              {"value", MoneyText(value, currency)},
              {"unit_cost", Qty(unit)},
              {"current_cost", r.IsNull(3) ? json() : json(Qty(r.Int(3)))},
              {"currency", std::string(currency.code())}};
    items.push_back(std::move(j));
  }
  RETURN_IF_ERROR(AddProductNames(tx, stock_.products(), who.company_id(), items));
  return items;
}

Result<json> Reports::Layers(store::Tx& tx, const security::Access& who, int64_t product_id,
                             int64_t limit, int64_t after) const {
  RETURN_IF_ERROR(who.Require("inventory.valuation.read"));
  RETURN_IF_ERROR(CheckFilters(tx, who.company_id(), product_id, std::nullopt, std::nullopt));
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, product_id, move_id, date, quantity, unit_cost, "
                                      "value, remaining_qty, remaining_value, created_at FROM "
                                      "stock_valuation_layers WHERE company_id = ? AND "
                                      "product_id = ? AND id > ? ORDER BY id LIMIT ?",
                                      who.company_id(), product_id, after, limit + 1));
  ASSIGN_OR_RETURN(Currency currency, CompanyCurrencyOf(tx, who.company_id()));
  json items = json::array();
  for (const auto& r : rows) {
    json j = store::RowJson(r);
    j["quantity"] = Qty(r.Int("quantity"));
    j["unit_cost"] = Qty(r.Int("unit_cost"));
    j["value"] = MoneyText(r.Int("value"), currency);
    j["remaining_qty"] = Qty(r.Int("remaining_qty"));
    j["remaining_value"] = MoneyText(r.Int("remaining_value"), currency);
    items.push_back(std::move(j));
  }
  return items;
}

}  // namespace concord::inventory
