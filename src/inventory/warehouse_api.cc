// Routes of warehouses, stock locations, stock on hand and availability: parse, call the
// service.
#include <memory>

#include "inventory/inventory.h"
#include "inventory/locations.h"
#include "inventory/reports.h"
#include "security/api.h"

namespace concord::inventory {
namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::ListOf;
using security::Ref;
using security::RequiredVersion;
using security::Versioned;

struct WarehouseApi {
  Locations locations;
  Reports reports;
};

Result<Response> ListWarehouses(WarehouseApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, a.locations.ListWarehouses(c.tx(), c.access()));
  return Response::Json(200, out);
}

Result<Response> GetWarehouse(WarehouseApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.locations.GetWarehouse(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateWarehouse(WarehouseApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.locations.CreateWarehouse(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdateWarehouse(WarehouseApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.locations.UpdateWarehouse(c.tx(), c.access(), id, body,
                                                         RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> ListLocations(WarehouseApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto warehouse_id, c.QueryId("warehouse_id"));
  std::string kind = c.req().Query("kind").value_or("");
  if (kind.size() > 20) return InvalidField("kind", "too_long", "kind is a location kind.");
  ASSIGN_OR_RETURN(auto items, a.locations.ListLocations(c.tx(), c.access(), warehouse_id, kind,
                                                         page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> GetLocation(WarehouseApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.locations.GetLocation(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateLocation(WarehouseApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.locations.CreateLocation(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> OnHand(WarehouseApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  StockFilter f;
  ASSIGN_OR_RETURN(f.product_id, c.QueryId("product_id"));
  ASSIGN_OR_RETURN(f.location_id, c.QueryId("location_id"));
  ASSIGN_OR_RETURN(f.warehouse_id, c.QueryId("warehouse_id"));
  ASSIGN_OR_RETURN(f.lot_id, c.QueryId("lot_id"));
  ASSIGN_OR_RETURN(auto items, a.reports.OnHand(c.tx(), c.access(), f, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> GetAvailability(WarehouseApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto product_id, c.QueryId("product_id"));
  if (!product_id) return InvalidField("product_id", "required", "product_id is required.");
  ASSIGN_OR_RETURN(auto warehouse_id, c.QueryId("warehouse_id"));
  ASSIGN_OR_RETURN(auto date, c.QueryDate("date"));
  ASSIGN_OR_RETURN(auto out,
                   a.reports.Availability(c.tx(), c.access(), *product_id, warehouse_id, date));
  return Response::Json(200, out);
}

}  // namespace

void RegisterWarehouseRoutes(http::Api& api, Services& s) {
  auto a = std::make_shared<WarehouseApi>(WarehouseApi{Locations(s.clock), Reports(s.stock)});
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(WarehouseApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  const std::string wh = "/api/v1/warehouses";
  add("GET", wh, "inventory.warehouse.read",
      {"Warehouses", "inventory", nullptr, ListOf("Warehouse")}, ListWarehouses);
  add("POST", wh, "inventory.warehouse.create",
      {"Create a warehouse with its view and stock locations", "inventory", Ref("WarehouseInput"),
       Ref("Warehouse"), 201},
      CreateWarehouse);
  add("GET", wh + "/{id}", "inventory.warehouse.read",
      {"A warehouse", "inventory", nullptr, Ref("Warehouse")}, GetWarehouse);
  add("PATCH", wh + "/{id}", "inventory.warehouse.update",
      {"Rename or (de)activate a warehouse (If-Match required)", "inventory", Ref("WarehouseInput"),
       Ref("Warehouse")},
      UpdateWarehouse);
  const std::string loc = "/api/v1/stock-locations";
  add("GET", loc, "inventory.warehouse.read",
      {"Stock locations",
       "inventory",
       nullptr,
       ListOf("StockLocation"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"warehouse_id", "integer", "Only this warehouse's"},
        {"kind", "string", "internal | view | customer | supplier | inventory_loss | transit"}}},
      ListLocations);
  add("POST", loc, "inventory.warehouse.create",
      {"Create an internal or view location under a warehouse location", "inventory",
       Ref("StockLocationInput"), Ref("StockLocation"), 201},
      CreateLocation);
  add("GET", loc + "/{id}", "inventory.warehouse.read",
      {"A stock location", "inventory", nullptr, Ref("StockLocation")}, GetLocation);
  add("GET", "/api/v1/stock", "inventory.warehouse.read",
      {"Stock on hand and reserved per product, internal location and lot",
       "inventory",
       nullptr,
       ListOf("StockQuant"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"product_id", "integer", "Only this product"},
        {"location_id", "integer", "Only this location and the locations under it"},
        {"warehouse_id", "integer", "Only this warehouse"},
        {"lot_id", "integer", "Only this lot"}}},
      OnHand);
  add("GET", "/api/v1/stock/availability", "inventory.warehouse.read",
      {"On hand, reserved, available, incoming, outgoing and projected stock of a product",
       "inventory",
       nullptr,
       Ref("StockAvailability"),
       200,
       {{"product_id", "integer", "The product (required)"},
        {"warehouse_id", "integer", "The warehouse (default: the first)"},
        {"date", "string", "Count moves due by this day (YYYY-MM-DD, default today)"}}},
      GetAvailability);
}

}  // namespace concord::inventory
