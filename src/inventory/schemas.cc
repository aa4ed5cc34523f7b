// OpenAPI schemas of warehouses, locations, stock, transfers, moves, lots, counts and
// valuation.
#include "http/schema.h"
#include "inventory/inventory.h"
#include "security/api.h"

namespace concord::inventory {
namespace {

using nlohmann::json;
using security::Ref;
using namespace http::schema;  // NOLINT

const json kQty = {{"type", "string"}, {"description", "Decimal quantity, e.g. 2.500000"}};
const json kTransferKind = Enum({"receipt", "delivery", "return", "internal"});
const json kTransferState = Enum({"draft", "waiting", "ready", "done", "cancelled"});

json Warehouse() {
  return Obj({{"id", kInt},
              {"code", kStr},
              {"name", kStr},
              {"view_location_id", kInt},
              {"stock_location_id", kInt},
              {"active", kBool},
              {"version", kInt}});
}

json Location() {
  return Obj(
      {{"id", kInt},
       {"warehouse_id", Nullable(kInt)},
       {"parent_id", Nullable(kInt)},
       {"name", kStr},
       {"kind", Enum({"internal", "view", "customer", "supplier", "inventory_loss", "transit"})},
       {"active", kBool},
       {"version", kInt}});
}

json Move() {
  return Obj({{"id", kInt},
              {"transfer_id", Nullable(kInt)},
              {"count_id", Nullable(kInt)},
              {"product_id", kInt},
              {"sku", kStr},
              {"product_name", kStr},
              {"quantity", kQty},
              {"source_location_id", kInt},
              {"dest_location_id", kInt},
              {"lot_id", Nullable(kInt)},
              {"lot_name", Nullable(kStr)},
              {"state", Enum({"draft", "reserved", "done", "cancelled"})},
              {"date", kDate},
              {"origin_type", Nullable(kStr)},
              {"origin_id", Nullable(kInt)},
              {"origin_line_id", Nullable(kInt)},
              {"return_of_move_id", Nullable(kInt)},
              {"unit_cost", Nullable(kDecimal)},
              {"value", Nullable(kDecimal)},
              {"entry_id", Nullable(kInt)}});
}

json TransferSummary() {
  return Obj({{"id", kInt},
              {"number", kStr},
              {"kind", kTransferKind},
              {"state", kTransferState},
              {"warehouse_id", kInt},
              {"party_id", Nullable(kInt)},
              {"source_location_id", kInt},
              {"dest_location_id", kInt},
              {"date", kDate},
              {"done_date", Nullable(kDate)},
              {"origin_type", Nullable(kStr)},
              {"origin_id", Nullable(kInt)},
              {"origin_ref", kStr},
              {"backorder_of_id", Nullable(kInt)},
              {"return_of_id", Nullable(kInt)},
              {"note", kStr},
              {"version", kInt}});
}

json Transfer() {
  json t = TransferSummary();
  t["properties"]["moves"] = ArrayOf(Ref("StockMove"));
  t["properties"]["backorder_ids"] = ArrayOf(kInt);
  t["properties"]["return_ids"] = ArrayOf(kInt);
  t["properties"]["currency"] = kStr;
  return t;
}

json TransferInput() {
  json line = Obj({{"product_id", kInt},
                   {"quantity", kQty},
                   {"uom_id", kInt},
                   {"lot_id", kInt},
                   {"lot_name", kStr},
                   {"expiry_date", kDate},
                   {"unit_cost", kDecimal}},
                  {"product_id", "quantity"});
  return Obj({{"kind", Enum({"receipt", "delivery", "internal"})},
              {"warehouse_id", kInt},
              {"party_id", kInt},
              {"date", kDate},
              {"origin_ref", kStr},
              {"note", kStr},
              {"source_location_id", kInt},
              {"dest_location_id", kInt},
              {"lines", ArrayOf(line)}},
             {"kind", "lines"});
}

json CountInput(bool create) {
  json line = Obj({{"product_id", kInt},
                   {"lot_id", kInt},
                   {"lot_name", kStr},
                   {"expiry_date", kDate},
                   {"counted", kQty}},
                  {"product_id", "counted"});
  json props = {{"note", kStr}, {"lines", ArrayOf(line)}};
  if (!create) return Obj(props);
  props["location_id"] = kInt;
  props["date"] = kDate;
  return Obj(props, {"location_id", "lines"});
}

json Count(bool with_lines) {
  json c = Obj({{"id", kInt},
                {"number", kStr},
                {"location_id", kInt},
                {"state", Enum({"draft", "done", "cancelled"})},
                {"date", kDate},
                {"note", kStr},
                {"validated_at", Nullable(kTime)},
                {"version", kInt}});
  if (with_lines) {
    c["properties"]["lines"] = ArrayOf(Obj({{"id", kInt},
                                            {"product_id", kInt},
                                            {"sku", kStr},
                                            {"lot_id", Nullable(kInt)},
                                            {"lot_name", Nullable(kStr)},
                                            {"counted", kQty},
                                            {"expected", Nullable(kQty)},
                                            {"difference", Nullable(kQty)},
                                            {"move_id", Nullable(kInt)}}));
  }
  return c;
}

}  // namespace

void RegisterSchemas(http::Api& api) {
  api.AddSchema("Warehouse", Warehouse());
  api.AddSchema("WarehouseInput", Obj({{"code", kStr}, {"name", kStr}, {"active", kBool}}));
  api.AddSchema("StockLocation", Location());
  api.AddSchema("StockLocationInput",
                Obj({{"name", kStr}, {"parent_id", kInt}, {"kind", Enum({"internal", "view"})}},
                    {"name", "parent_id"}));
  api.AddSchema("StockQuant", Obj({{"id", kInt},
                                   {"product_id", kInt},
                                   {"sku", kStr},
                                   {"location_id", kInt},
                                   {"location_name", kStr},
                                   {"warehouse_id", Nullable(kInt)},
                                   {"lot_id", Nullable(kInt)},
                                   {"lot_name", Nullable(kStr)},
                                   {"expiry_date", Nullable(kDate)},
                                   {"quantity", kQty},
                                   {"reserved", kQty},
                                   {"available", kQty}}));
  api.AddSchema("StockAvailability", Obj({{"product_id", kInt},
                                          {"warehouse_id", kInt},
                                          {"date", kDate},
                                          {"on_hand", kQty},
                                          {"reserved", kQty},
                                          {"available", kQty},
                                          {"incoming", kQty},
                                          {"outgoing", kQty},
                                          {"projected", kQty}}));
  api.AddSchema("StockMove", Move());
  api.AddSchema("TransferSummary", TransferSummary());
  api.AddSchema("Transfer", Transfer());
  api.AddSchema("TransferInput", TransferInput());
  api.AddSchema("TransferReserve", Obj({{"allow_partial", kBool}}));
  api.AddSchema("TransferValidate", Obj({{"lines", ArrayOf(Obj({{"move_id", kInt},
                                                                {"quantity", kQty},
                                                                {"lot_id", kInt},
                                                                {"lot_name", kStr},
                                                                {"expiry_date", kDate}},
                                                               {"move_id", "quantity"}))},
                                         {"no_backorder", kBool},
                                         {"date", kDate}}));
  api.AddSchema("TransferReturn",
                Obj({{"lines", ArrayOf(Obj({{"move_id", kInt}, {"quantity", kQty}},
                                           {"move_id", "quantity"}))},
                     {"date", kDate},
                     {"note", kStr}},
                    {"lines"}));
  api.AddSchema("Lot", Obj({{"id", kInt},
                            {"product_id", kInt},
                            {"name", kStr},
                            {"expiry_date", Nullable(kDate)},
                            {"on_hand", kQty},
                            {"version", kInt}}));
  api.AddSchema("LotInput", Obj({{"product_id", kInt}, {"name", kStr}, {"expiry_date", kDate}},
                                {"product_id", "name"}));
  api.AddSchema("InventoryCountSummary", Count(false));
  api.AddSchema("InventoryCount", Count(true));
  api.AddSchema("InventoryCountInput", CountInput(true));
  api.AddSchema("InventoryCountUpdate", CountInput(false));
  api.AddSchema("StockValuation", Obj({{"id", kInt},
                                       {"product_id", kInt},
                                       {"sku", kStr},
                                       {"quantity", kQty},
                                       {"value", kDecimal},
                                       {"unit_cost", kDecimal},
                                       {"current_cost", Nullable(kDecimal)},
                                       {"currency", kStr}}));
  api.AddSchema("ValuationLayer", Obj({{"id", kInt},
                                       {"product_id", kInt},
                                       {"move_id", kInt},
                                       {"date", kDate},
                                       {"quantity", kQty},
                                       {"unit_cost", kDecimal},
                                       {"value", kDecimal},
                                       {"remaining_qty", kQty},
                                       {"remaining_value", kDecimal}}));
}

}  // namespace concord::inventory
