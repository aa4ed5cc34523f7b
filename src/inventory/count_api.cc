// Routes of inventory counts and stock valuation: parse, call the service.
#include <memory>

#include "inventory/counts.h"
#include "inventory/inventory.h"
#include "inventory/reports.h"
#include "security/api.h"

namespace concord::inventory {
namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::ListOf;
using security::OptionalVersion;
using security::Ref;
using security::RequiredVersion;
using security::Versioned;

struct CountApi {
  Counts counts;
  Reports reports;
};

Result<Response> ListCounts(CountApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  std::string state = c.req().Query("state").value_or("");
  if (state.size() > 20) return InvalidField("state", "too_long", "state is a count state.");
  ASSIGN_OR_RETURN(auto location_id, c.QueryId("location_id"));
  ASSIGN_OR_RETURN(auto items,
                   a.counts.List(c.tx(), c.access(), state, location_id, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> GetCount(CountApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.counts.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateCount(CountApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.counts.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdateCount(CountApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.counts.Update(c.tx(), c.access(), id, body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> ValidateCount(CountApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out,
                   a.counts.Validate(c.tx(), c.access(), id, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> CancelCount(CountApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.counts.Cancel(c.tx(), c.access(), id, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> GetValuation(CountApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto product_id, c.QueryId("product_id"));
  ASSIGN_OR_RETURN(auto items,
                   a.reports.Valuation(c.tx(), c.access(), product_id, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> Layers(CountApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto product_id, c.QueryId("product_id"));
  if (!product_id) return InvalidField("product_id", "required", "product_id is required.");
  ASSIGN_OR_RETURN(auto items,
                   a.reports.Layers(c.tx(), c.access(), *product_id, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

}  // namespace

void RegisterCountRoutes(http::Api& api, Services& s) {
  auto a = std::make_shared<CountApi>(CountApi{Counts(s.stock), Reports(s.stock)});
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(CountApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  const std::string counts = "/api/v1/inventory-counts";
  add("GET", counts, "inventory.count.read",
      {"Inventory counts",
       "inventory",
       nullptr,
       ListOf("InventoryCountSummary"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"state", "string", "draft | done | cancelled"},
        {"location_id", "integer", "Only this location's"}}},
      ListCounts);
  add("POST", counts, "inventory.count.create",
      {"Create a draft count of an internal location", "inventory", Ref("InventoryCountInput"),
       Ref("InventoryCount"), 201},
      CreateCount);
  add("GET", counts + "/{id}", "inventory.count.read",
      {"A count with its lines", "inventory", nullptr, Ref("InventoryCount")}, GetCount);
  add("PATCH", counts + "/{id}", "inventory.count.create",
      {"Replace a draft count's lines or note (If-Match required)", "inventory",
       Ref("InventoryCountUpdate"), Ref("InventoryCount")},
      UpdateCount);
  add("POST", counts + "/{id}/validate", "inventory.count.approve",
      {"Post the differences as moves to or from inventory loss", "inventory", nullptr,
       Ref("InventoryCount")},
      ValidateCount);
  add("POST", counts + "/{id}/cancel", "inventory.count.create",
      {"Cancel a draft count", "inventory", nullptr, Ref("InventoryCount")}, CancelCount);
  add("GET", "/api/v1/stock-valuation", "inventory.valuation.read",
      {"Stock valuation per product: quantity, value, unit cost",
       "inventory",
       nullptr,
       ListOf("StockValuation"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"product_id", "integer", "Only this product"}}},
      GetValuation);
  add("GET", "/api/v1/stock-valuation/layers", "inventory.valuation.read",
      {"The valuation layers of a product, oldest first",
       "inventory",
       nullptr,
       ListOf("ValuationLayer"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"product_id", "integer", "The product (required)"}}},
      Layers);
}

}  // namespace concord::inventory
