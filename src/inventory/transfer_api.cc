// Routes of transfers, stock moves and lots: parse, call the service.
#include <memory>

#include "inventory/inventory.h"
#include "inventory/lots.h"
#include "inventory/reports.h"
#include "inventory/transfers.h"
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
using security::Versioned;

struct TransferApi {
  Transfers transfers;
  Reports reports;
  Lots lots;
};

Result<json> BodyOrEmpty(Ctx& c) {
  if (c.req().body.empty()) return json::object();
  return c.Body();
}

Result<std::string> QueryWord(Ctx& c, const std::string& name) {
  std::string v = c.req().Query(name).value_or("");
  if (v.size() > 40) return InvalidField(name, "too_long", name + " is at most 40 characters.");
  return v;
}

Result<Response> ListTransfers(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.SortedPaging(Transfers::kSorts));
  TransferFilter f;
  ASSIGN_OR_RETURN(f.kind, QueryWord(c, "kind"));
  ASSIGN_OR_RETURN(f.state, QueryWord(c, "state"));
  ASSIGN_OR_RETURN(f.origin_type, QueryWord(c, "origin_type"));
  ASSIGN_OR_RETURN(f.origin_id, c.QueryId("origin_id"));
  ASSIGN_OR_RETURN(f.party_id, c.QueryId("party_id"));
  ASSIGN_OR_RETURN(f.warehouse_id, c.QueryId("warehouse_id"));
  ASSIGN_OR_RETURN(auto out, a.transfers.List(c.tx(), c.access(), f, page));
  return Response::Json(200, out);
}

Result<Response> GetTransfer(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.transfers.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateTransfer(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.transfers.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> ReserveTransfer(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, BodyOrEmpty(c));
  ASSIGN_OR_RETURN(auto out,
                   a.transfers.Reserve(c.tx(), c.access(), id, body, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> UnreserveTransfer(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out,
                   a.transfers.Unreserve(c.tx(), c.access(), id, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> ValidateTransfer(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, BodyOrEmpty(c));
  ASSIGN_OR_RETURN(auto out,
                   a.transfers.Validate(c.tx(), c.access(), id, body, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> CancelTransfer(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out,
                   a.transfers.Cancel(c.tx(), c.access(), id, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> ReturnTransfer(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.transfers.CreateReturn(c.tx(), c.access(), id, body));
  return Versioned(201, out);
}

Result<Response> ListMoves(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  MoveFilter f;
  ASSIGN_OR_RETURN(f.product_id, c.QueryId("product_id"));
  ASSIGN_OR_RETURN(f.location_id, c.QueryId("location_id"));
  ASSIGN_OR_RETURN(f.transfer_id, c.QueryId("transfer_id"));
  ASSIGN_OR_RETURN(f.count_id, c.QueryId("count_id"));
  ASSIGN_OR_RETURN(f.origin_id, c.QueryId("origin_id"));
  ASSIGN_OR_RETURN(f.state, QueryWord(c, "state"));
  ASSIGN_OR_RETURN(f.origin_type, QueryWord(c, "origin_type"));
  ASSIGN_OR_RETURN(auto items, a.reports.MoveList(c.tx(), c.access(), f, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> ListLots(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto product_id, c.QueryId("product_id"));
  ASSIGN_OR_RETURN(std::string q, QueryWord(c, "q"));
  ASSIGN_OR_RETURN(auto items,
                   a.lots.List(c.tx(), c.access(), product_id, q, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> GetLot(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.lots.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateLot(TransferApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.lots.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

}  // namespace

void RegisterTransferRoutes(http::Api& api, Services& s) {
  auto a = std::make_shared<TransferApi>(
      TransferApi{Transfers(s.stock), Reports(s.stock), Lots(s.stock.clock(), s.stock.products())});
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(TransferApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  const std::string t = "/api/v1/transfers";
  add("GET", t, "inventory.transfer.read",
      {"Transfers (receipts, deliveries, returns, internal)",
       "inventory",
       nullptr,
       ListOf("TransferSummary"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"kind", "string", "receipt | delivery | return | internal"},
        {"state", "string", "draft | waiting | ready | done | cancelled"},
        {"origin_type", "string", "e.g. sales_order"},
        {"origin_id", "integer", "The origin document"},
        {"party_id", "integer", "Only this party's"},
        {"warehouse_id", "integer", "Only this warehouse's"},
        http::SortParam(Transfers::kSorts)}},
      ListTransfers);
  add("POST", t, "inventory.transfer.create",
      {"Create a draft receipt, delivery or internal transfer", "inventory", Ref("TransferInput"),
       Ref("Transfer"), 201},
      CreateTransfer);
  add("GET", t + "/{id}", "inventory.transfer.read",
      {"A transfer with its moves", "inventory", nullptr, Ref("Transfer")}, GetTransfer);
  add("POST", t + "/{id}/reserve", "inventory.transfer.update",
      {"Reserve stock for the open moves: ready when all is reserved, waiting otherwise",
       "inventory", Ref("TransferReserve"), Ref("Transfer")},
      ReserveTransfer);
  add("POST", t + "/{id}/unreserve", "inventory.transfer.update",
      {"Release the reservations of the open moves", "inventory", nullptr, Ref("Transfer")},
      UnreserveTransfer);
  add("POST", t + "/{id}/validate", "inventory.transfer.approve",
      {"Make done quantities per move done; the rest goes to a back order or is cancelled",
       "inventory", Ref("TransferValidate"), Ref("Transfer")},
      ValidateTransfer);
  add("POST", t + "/{id}/cancel", "inventory.transfer.update",
      {"Cancel an open transfer and release its reservations", "inventory", nullptr,
       Ref("Transfer")},
      CancelTransfer);
  add("POST", t + "/{id}/return", "inventory.transfer.create",
      {"Create a customer return of a done delivery (re-enters at the original cost)", "inventory",
       Ref("TransferReturn"), Ref("Transfer"), 201},
      ReturnTransfer);
  add("GET", "/api/v1/stock-moves", "inventory.transfer.read",
      {"Stock moves",
       "inventory",
       nullptr,
       ListOf("StockMove"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"product_id", "integer", "Only this product"},
        {"location_id", "integer", "From or to this location"},
        {"transfer_id", "integer", "Only this transfer's"},
        {"count_id", "integer", "Only this inventory count's"},
        {"state", "string", "draft | reserved | done | cancelled"},
        {"origin_type", "string", "e.g. sales_order"},
        {"origin_id", "integer", "The origin document"}}},
      ListMoves);
  add("GET", "/api/v1/lots", "inventory.transfer.read",
      {"Lots and serial numbers",
       "inventory",
       nullptr,
       ListOf("Lot"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"product_id", "integer", "Only this product's"},
        {"q", "string", "Name prefix"}}},
      ListLots);
  add("POST", "/api/v1/lots", "inventory.transfer.create",
      {"Create a lot or serial number", "inventory", Ref("LotInput"), Ref("Lot"), 201}, CreateLot);
  add("GET", "/api/v1/lots/{id}", "inventory.transfer.read",
      {"A lot or serial number", "inventory", nullptr, Ref("Lot")}, GetLot);
}

}  // namespace concord::inventory
