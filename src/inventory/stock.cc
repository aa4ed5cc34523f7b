#include "inventory/stock.h"

#include <map>

#include "inventory/transfers.h"
#include "party/service.h"

namespace concord::inventory {
namespace {

using nlohmann::json;

Status InvalidFields() {
  return Status(Code::kInvalidArgument, "validation.failed", "The request has invalid fields.");
}

// Sums one column of a query with parameters (0 when no rows).
Result<int64_t> Sum(store::Tx& tx, const std::string& sql, std::vector<store::Value> params) {
  ASSIGN_OR_RETURN(auto row, tx.OneV(sql, std::move(params)));
  return row && !row->IsNull(0) ? row->Int(0) : 0;
}

}  // namespace

Result<int64_t> Stock::DefaultWarehouse(store::Tx& tx, int64_t company_id) const {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM warehouses WHERE company_id = ? AND active = "
                                    "1 ORDER BY id LIMIT 1",
                                    company_id));
  if (!row) return NotFound("warehouse");
  return row->Int(0);
}

Result<Availability> Stock::Available(store::Tx& tx, int64_t company_id, int64_t warehouse_id,
                                      int64_t product_id, Date date) const {
  RETURN_IF_ERROR(LoadWarehouse(tx, company_id, warehouse_id).status());
  RETURN_IF_ERROR(products_.Info(tx, company_id, product_id).status());
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT COALESCE(SUM(q.quantity), 0), COALESCE(SUM("
                                    "q.reserved), 0) FROM stock_quants q JOIN stock_locations l "
                                    "ON l.id = q.location_id WHERE q.company_id = ? AND "
                                    "q.product_id = ? AND l.warehouse_id = ? AND l.kind = "
                                    "'internal'",
                                    company_id, product_id, warehouse_id));
  // Moves crossing the warehouse's boundary, not done yet, due by `date`.
  const std::string moves =
      "SELECT COALESCE(SUM(m.quantity), 0) FROM stock_moves m JOIN stock_locations s ON s.id = "
      "m.source_location_id JOIN stock_locations d ON d.id = m.dest_location_id WHERE "
      "m.company_id = ? AND m.product_id = ? AND m.date <= ? AND ";
  const std::string inside_src = "(s.warehouse_id = ? AND s.kind = 'internal')";
  const std::string inside_dst = "(d.warehouse_id = ? AND d.kind = 'internal')";
  std::vector<store::Value> p = {company_id, product_id, date.ToString(), warehouse_id,
                                 warehouse_id};
  ASSIGN_OR_RETURN(int64_t incoming, Sum(tx,
                                         moves + "m.state IN ('draft', 'reserved') AND " +
                                             inside_dst + " AND NOT " + inside_src,
                                         p));
  ASSIGN_OR_RETURN(
      int64_t outgoing,
      Sum(tx, moves + "m.state = 'draft' AND " + inside_src + " AND NOT " + inside_dst, p));
  Availability a;
  a.on_hand = Quantity::FromScaled(row->Int(0));
  a.reserved = Quantity::FromScaled(row->Int(1));
  a.available = Quantity::FromScaled(row->Int(0) - row->Int(1));
  a.incoming = Quantity::FromScaled(incoming);
  a.outgoing = Quantity::FromScaled(outgoing);
  a.projected = Quantity::FromScaled(a.available.scaled() + incoming - outgoing);
  return a;
}

namespace {

// The products of a delivery's lines; field errors for missing products, services and
// quantities out of range.
Result<std::vector<catalog::ProductInfo>> DeliveryProducts(store::Tx& tx,
                                                           const catalog::Products& products,
                                                           const DeliveryRequest& request) {
  if (request.lines.empty()) return InvalidField("lines", "type", "A delivery has lines.");
  Status errors = InvalidFields();
  std::vector<catalog::ProductInfo> out;
  for (size_t i = 0; i < request.lines.size(); ++i) {
    const auto& l = request.lines[i];
    std::string at = "lines/" + std::to_string(i) + "/";
    if (l.quantity.scaled() <= 0 || l.quantity.scaled() > kMaxQuantity) {
      errors.AddFieldError(at + "quantity", "out_of_range", "The quantity is out of range.");
    }
    auto p = products.Info(tx, request.company_id, l.product_id);
    if (!p.ok()) {
      errors.AddFieldError(at + "product_id", "not_found", "No such product.");
    } else if (p->kind == "service") {
      errors.AddFieldError(at + "product_id", "inventory.service_product",
                           "Services are not delivered from stock.");
    } else {
      out.push_back(*p);
    }
  }
  if (!errors.field_errors().empty()) return errors;
  return out;
}

// FailedPrecondition "stock.insufficient" with the shortfall per line unless every stocked
// line can be reserved from `source` now. Reads only: the caller may go on after a refusal.
Status CheckAllAvailable(store::Tx& tx, const Stock& stock, const DeliveryRequest& request,
                         const std::vector<catalog::ProductInfo>& products, int64_t source) {
  std::map<int64_t, int64_t> free;  // product -> what is left to give out
  json shortfalls = json::array();
  for (size_t i = 0; i < request.lines.size(); ++i) {
    const auto& l = request.lines[i];
    const auto& p = products[i];
    if (p.kind != "stocked") continue;
    if (!free.count(p.id)) {
      Move probe;
      probe.company_id = request.company_id;
      probe.product_id = p.id;
      probe.product_kind = p.kind;
      probe.quantity = kMaxQuantity;
      probe.source = source;
      probe.date = request.date.ToString();
      ASSIGN_OR_RETURN(free[p.id], Moves(stock).Reservable(tx, probe));
    }
    int64_t available = std::min(free[p.id], l.quantity.scaled());
    free[p.id] -= available;
    if (available < l.quantity.scaled()) {
      shortfalls.push_back({{"origin_line_id", l.origin_line_id},
                            {"product_id", p.id},
                            {"requested", l.quantity.ToString()},
                            {"available", Qty(available)}});
    }
  }
  if (shortfalls.empty()) return Status::Ok();
  Status st = FailedPrecondition("stock.insufficient", "Not enough stock for the delivery.");
  st.SetExtra(json{{"shortfalls", shortfalls}}.dump());
  return st;
}

}  // namespace

Result<int64_t> Stock::CreateDelivery(store::Tx& tx, const DeliveryRequest& request,
                                      bool allow_partial, int64_t user_id) const {
  const int64_t company = request.company_id;
  TransferHeader h{company, "delivery", request.warehouse_id};
  if (h.warehouse_id == 0) {
    ASSIGN_OR_RETURN(h.warehouse_id, DefaultWarehouse(tx, company));
  }
  auto wh = LoadWarehouse(tx, company, h.warehouse_id);
  if (!wh.ok() || !wh->active) {
    return InvalidField("warehouse_id", "not_found", "No such active warehouse.");
  }
  if (request.party_id != 0) {
    auto owner = party::PartyOwnership(tx, request.party_id);
    if (!owner.ok() || owner->company_id != company) {
      return InvalidField("party_id", "not_found", "No such party.");
    }
    h.party_id = request.party_id;
  }
  ASSIGN_OR_RETURN(auto products, DeliveryProducts(tx, products_, request));
  if (!allow_partial) {
    RETURN_IF_ERROR(CheckAllAvailable(tx, *this, request, products, wh->stock_location_id));
  }
  h.source = wh->stock_location_id;
  ASSIGN_OR_RETURN(h.dest, VirtualLocation(tx, company, kCustomer));
  h.date = request.date;
  h.origin_type = request.origin_type;
  h.origin_id = request.origin_id;
  h.origin_ref = request.origin_ref;
  ASSIGN_OR_RETURN(int64_t id, InsertTransfer(tx, h, user_id, clock_));
  Transfers transfers(*this);
  for (size_t i = 0; i < request.lines.size(); ++i) {
    NewMove m{company,
              id,
              std::nullopt,
              products[i].id,
              products[i].kind,
              request.lines[i].quantity.scaled(),
              h.source,
              h.dest,
              std::nullopt,
              request.date,
              request.origin_type,
              request.origin_id,
              request.lines[i].origin_line_id};
    RETURN_IF_ERROR(transfers.moves().Create(tx, m).status());
  }
  ASSIGN_OR_RETURN(std::string state, transfers.ReserveAll(tx, company, id, true));
  JournalVerb(tx, company, id, "reserved", kDraft, state);
  return id;
}

Status Stock::CancelOrigin(store::Tx& tx, int64_t company_id, const std::string& origin_type,
                           int64_t origin_id, int64_t /*user_id*/) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id FROM stock_transfers WHERE company_id = ? AND "
                                      "origin_type = ? AND origin_id = ? AND state IN ('draft', "
                                      "'waiting', 'ready') ORDER BY id",
                                      company_id, origin_type, origin_id));
  Transfers transfers(*this);
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(std::string before, transfers.CancelAll(tx, company_id, r.Int(0)));
    JournalVerb(tx, company_id, r.Int(0), "cancelled", before, kCancelled);
  }
  return Status::Ok();
}

Result<json> Stock::TransfersOf(store::Tx& tx, int64_t company_id, const std::string& origin_type,
                                int64_t origin_id) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id FROM stock_transfers WHERE company_id = ? AND "
                                      "origin_type = ? AND origin_id = ? ORDER BY id",
                                      company_id, origin_type, origin_id));
  json out = json::array();
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(json t, TransferJson(tx, products_, company_id, r.Int(0)));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace concord::inventory
