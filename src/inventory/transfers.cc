#include "inventory/transfers.h"

#include <map>
#include <tuple>

#include "party/service.h"

namespace concord::inventory {
namespace {

using nlohmann::json;

Status InvalidFields() {
  return Status(Code::kInvalidArgument, "validation.failed", "The request has invalid fields.");
}

// An active internal location of the company (of `warehouse_id` when given).
bool UsableInternal(const Result<Location>& l, std::optional<int64_t> warehouse_id) {
  if (!l.ok() || !l->internal() || !l->active) return false;
  return !warehouse_id || l->warehouse_id == warehouse_id;
}

// The product of a line: active and not a service; otherwise a field error on product_id.
std::optional<catalog::ProductInfo> LineProduct(store::Tx& tx, const catalog::Products& products,
                                                int64_t company_id, int64_t product_id, Fields& g) {
  auto p = products.Info(tx, company_id, product_id);
  if (!p.ok()) {
    g.Error("product_id", "not_found", "No such product.");
  } else if (p->kind == "service") {
    g.Error("product_id", "inventory.service_product", "Services are not stocked.");
  } else if (!p->active) {
    g.Error("product_id", "inventory.product_archived", "The product is archived.");
  } else {
    return *p;
  }
  return std::nullopt;
}

// `qty` of `uom_id` in the product's unit; a field error (and nullopt) when it does not convert.
std::optional<int64_t> InProductUom(store::Tx& tx, const catalog::ProductInfo& product,
                                    int64_t uom_id, int64_t qty, Fields& g) {
  auto c = catalog::Uoms::Convert(tx, product.company_id, Quantity::FromScaled(qty), uom_id,
                                  product.uom_id);
  if (!c.ok()) {
    bool missing = c.status().code() == Code::kNotFound;
    g.Error("uom_id", missing ? "not_found" : "uom.category_mismatch",
            missing ? "No such unit of measure." : c.status().message());
  } else if (c->scaled() <= 0 || c->scaled() > kMaxQuantity) {
    g.Error("quantity", "out_of_range", "The converted quantity is out of range.");
  } else {
    return c->scaled();
  }
  return std::nullopt;
}

}  // namespace

const http::SortSpec Transfers::kSorts = {
    "s.id",
    {{"date", "COALESCE(s.done_date, s.date)", http::SortKind::kTimestamp},
     {"number", "s.number", http::SortKind::kText}}};

Result<json> Transfers::List(store::Tx& tx, const security::Access& who, const TransferFilter& f,
                             const http::ListPage& page) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.read"));
  std::vector<store::Value> p = {who.company_id()};
  std::string sql = page.Select(std::string("SELECT ") + kTransferColumns +
                                " FROM stock_transfers s WHERE s.company_id = ?") +
                    page.After(p);
  auto add = [&](const char* cond, store::Value v) {
    sql += std::string(" AND ") + cond;
    p.push_back(std::move(v));
  };
  if (!f.kind.empty()) add("s.kind = ?", f.kind);
  if (!f.state.empty()) add("s.state = ?", f.state);
  if (!f.origin_type.empty()) add("s.origin_type = ?", f.origin_type);
  if (f.origin_id) add("s.origin_id = ?", *f.origin_id);
  if (f.party_id) add("s.party_id = ?", *f.party_id);
  if (f.warehouse_id) add("s.warehouse_id = ?", *f.warehouse_id);
  sql += page.OrderLimit(p);  // before p is passed: it adds the limit
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  json items = json::array();
  for (const auto& r : rows) items.push_back(TransferRowJson(r));
  return page.Body(std::move(items), rows);
}

Result<json> Transfers::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.read"));
  return TransferJson(tx, stock_.products(), who.company_id(), id);
}

Status Transfers::ResolveLocations(store::Tx& tx, const security::Access& who, Fields& f,
                                   TransferHeader& h) const {
  auto src_id = f.Int("source_location_id");
  auto dst_id = f.Int("dest_location_id");
  auto warehouse_id = f.Int("warehouse_id");
  if (h.kind == "internal") {
    if (!src_id) f.Error("source_location_id", "required", "An internal transfer needs it.");
    if (!dst_id) f.Error("dest_location_id", "required", "An internal transfer needs it.");
    if (!src_id || !dst_id) return Status::Ok();
    auto src = LoadLocation(tx, who.company_id(), *src_id);
    auto dst = LoadLocation(tx, who.company_id(), *dst_id);
    if (!UsableInternal(src, std::nullopt)) {
      f.Error("source_location_id", "not_found", "No such active internal location.");
    }
    if (!UsableInternal(dst, std::nullopt)) {
      f.Error("dest_location_id", "not_found", "No such active internal location.");
    }
    if (src_id == dst_id) f.Error("dest_location_id", "same", "Source and destination differ.");
    if (!src.ok() || !src->warehouse_id) return Status::Ok();
    h.warehouse_id = *src->warehouse_id;
    h.source = *src_id;
    h.dest = *dst_id;
    return Status::Ok();
  }
  if (warehouse_id) {
    auto wh = LoadWarehouse(tx, who.company_id(), *warehouse_id);
    if (!wh.ok() || !wh->active) {
      f.Error("warehouse_id", "not_found", "No such active warehouse.");
      return Status::Ok();
    }
    h.warehouse_id = *warehouse_id;
  } else {
    ASSIGN_OR_RETURN(h.warehouse_id, stock_.DefaultWarehouse(tx, who.company_id()));
  }
  ASSIGN_OR_RETURN(Warehouse wh, LoadWarehouse(tx, who.company_id(), h.warehouse_id));
  bool receipt = h.kind == "receipt";
  auto own = receipt ? dst_id : src_id;
  const char* own_field = receipt ? "dest_location_id" : "source_location_id";
  const char* fixed_field = receipt ? "source_location_id" : "dest_location_id";
  if (receipt ? src_id.has_value() : dst_id.has_value()) {
    f.Error(fixed_field, "not_allowed", "This side of a " + h.kind + " is fixed.");
  }
  int64_t internal = wh.stock_location_id;
  if (own) {
    if (!UsableInternal(LoadLocation(tx, who.company_id(), *own), wh.id)) {
      f.Error(own_field, "not_found", "No such active internal location of the warehouse.");
    }
    internal = *own;
  }
  ASSIGN_OR_RETURN(int64_t partner,
                   VirtualLocation(tx, who.company_id(), receipt ? kSupplier : kCustomer));
  h.source = receipt ? partner : internal;
  h.dest = receipt ? internal : partner;
  return Status::Ok();
}

Status Transfers::ReadLine(store::Tx& tx, const security::Access& who, const TransferHeader& h,
                           const json& line, NewMove& m) const {
  if (!line.is_object()) return InvalidField("", "type", "A line is an object.");
  Fields g(line);
  auto product_id = g.Int("product_id", true);
  auto qty = QuantityField(g, "quantity", true);
  auto uom_id = g.Int("uom_id");
  auto lot_id = g.Int("lot_id");
  auto lot_name = g.Text("lot_name", {.max_chars = 100});
  auto expiry = g.Day("expiry_date");
  if (h.kind == "receipt") m.unit_cost = CostField(g, "unit_cost");
  if (lot_id && lot_name) g.Error("lot_name", "conflict", "Give lot_id or lot_name, not both.");
  if (expiry && !lot_name) g.Error("expiry_date", "not_allowed", "Only with a new lot_name.");
  std::optional<catalog::ProductInfo> product;
  if (product_id) product = LineProduct(tx, stock_.products(), who.company_id(), *product_id, g);
  if (product && qty && uom_id && *uom_id != product->uom_id) {
    qty = InProductUom(tx, *product, *uom_id, *qty, g);
  }
  if (product && (lot_id || lot_name) && product->tracking == "none") {
    g.Error(lot_id ? "lot_id" : "lot_name", "inventory.not_tracked", "The product has no lots.");
  } else if (product && lot_id && !Lots::Check(tx, who.company_id(), *lot_id, product->id).ok()) {
    g.Error("lot_id", "not_found", "No such lot of this product.");
  }
  if (product && product->tracking == "serial" && (lot_id || lot_name) && qty && *qty != kOne) {
    g.Error("quantity", "inventory.serial_quantity", "One unit per serial number.");
  }
  RETURN_IF_ERROR(g.Finish());
  if (lot_name) {
    ASSIGN_OR_RETURN(lot_id, lots_.FindOrCreate(tx, *product, *lot_name, expiry));
  }
  m.product_id = product->id;
  m.product_kind = product->kind;
  m.quantity = *qty;
  m.lot_id = lot_id;
  if (h.kind == "receipt" && !m.unit_cost) m.unit_cost = product->standard_cost.scaled();
  return Status::Ok();
}

Result<json> Transfers::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.create"));
  Fields f(body);
  TransferHeader h;
  h.company_id = who.company_id();
  h.kind = f.Enum("kind", {"receipt", "delivery", "internal"}, true).value_or("");
  h.party_id = f.Int("party_id");
  auto date = f.Day("date");
  h.origin_ref = f.Text("origin_ref", {.max_chars = 100, .allow_empty = true}).value_or("");
  h.note = f.Text("note", {.max_chars = 2000, .allow_empty = true}).value_or("");
  if (!h.kind.empty()) {
    RETURN_IF_ERROR(ResolveLocations(tx, who, f, h));
  } else {
    for (const char* k : {"warehouse_id", "source_location_id", "dest_location_id"}) f.Ignore(k);
  }
  if (h.party_id) {
    auto owner = party::PartyOwnership(tx, *h.party_id);
    if (!owner.ok() || owner->company_id != who.company_id()) {
      f.Error("party_id", "not_found", "No such party.");
    }
  }
  const json* lines = f.Raw("lines");
  if (!lines || !lines->is_array() || lines->empty() || lines->size() > 500) {
    f.Error("lines", "type", "lines is a list of 1 to 500 lines.");
  }
  RETURN_IF_ERROR(f.Finish());
  if (date) {
    h.date = *date;
  } else {
    ASSIGN_OR_RETURN(h.date, Today(tx, stock_.clock(), who.company_id()));
  }
  std::vector<NewMove> moves(lines->size());
  Status errors = InvalidFields();
  for (size_t i = 0; i < lines->size(); ++i) {
    Status st = ReadLine(tx, who, h, (*lines)[i], moves[i]);
    if (st.ok()) continue;
    if (st.field_errors().empty()) return st;
    for (const auto& e : st.field_errors()) {
      errors.AddFieldError("lines/" + std::to_string(i) + (e.field.empty() ? "" : "/") + e.field,
                           e.code, e.message);
    }
  }
  if (!errors.field_errors().empty()) return errors;
  ASSIGN_OR_RETURN(int64_t id, InsertTransfer(tx, h, who.user_id(), stock_.clock()));
  for (auto& m : moves) {
    m.company_id = who.company_id();
    m.transfer_id = id;
    m.source = h.source;
    m.dest = h.dest;
    m.date = h.date;
    RETURN_IF_ERROR(moves_.Create(tx, m).status());
  }
  return TransferJson(tx, stock_.products(), who.company_id(), id);
}

Result<std::vector<Shortfall>> Transfers::Shortfalls(store::Tx& tx, int64_t company_id,
                                                     int64_t id) const {
  ASSIGN_OR_RETURN(auto ids, MoveIdsOf(tx, company_id, id, {kDraft}));
  // Moves that draw on the same stock (product, source, lot) are checked together.
  std::map<std::tuple<int64_t, int64_t, int64_t>, std::vector<Move>> groups;
  for (int64_t move_id : ids) {
    ASSIGN_OR_RETURN(Move m, LoadMove(tx, company_id, move_id));
    groups[{m.product_id, m.source, m.lot_id.value_or(-1)}].push_back(m);
  }
  std::vector<Shortfall> out;
  for (auto& [key, group] : groups) {
    Move all = group.front();
    all.quantity = 0;
    for (const auto& m : group) all.quantity += m.quantity;
    ASSIGN_OR_RETURN(int64_t free, moves_.Reservable(tx, all));
    for (const auto& m : group) {
      int64_t available = std::min(free, m.quantity);
      free -= available;
      if (available < m.quantity) {
        out.push_back({m.id, m.origin_line_id.value_or(0), m.product_id, m.quantity, available});
      }
    }
  }
  return out;
}

Result<std::string> Transfers::ReserveAll(store::Tx& tx, int64_t company_id, int64_t id,
                                          bool allow_partial) const {
  if (!allow_partial) {
    ASSIGN_OR_RETURN(auto shortfalls, Shortfalls(tx, company_id, id));
    if (!shortfalls.empty()) {
      json extra = json::array();
      for (const auto& s : shortfalls) {
        extra.push_back({{"move_id", s.move_id},
                         {"origin_line_id", s.origin_line_id},
                         {"product_id", s.product_id},
                         {"requested", Qty(s.requested)},
                         {"available", Qty(s.available)}});
      }
      Status st = FailedPrecondition("stock.insufficient", "Not enough stock to reserve.");
      st.SetExtra(json{{"shortfalls", extra}}.dump());
      return st;
    }
  }
  ASSIGN_OR_RETURN(auto ids, MoveIdsOf(tx, company_id, id, {kDraft}));
  for (int64_t move_id : ids) {
    RETURN_IF_ERROR(moves_.Reserve(tx, company_id, move_id, true).status());
  }
  return RefreshState(tx, company_id, id, true, stock_.clock());
}

Result<json> Transfers::Reserve(store::Tx& tx, const security::Access& who, int64_t id,
                                const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.update"));
  Fields f(body);
  bool allow_partial = f.Bool("allow_partial").value_or(true);
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(Transfer t, LoadTransfer(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(t.version));
  if (!t.open()) {
    return FailedPrecondition("inventory.transfer_closed", "The transfer is " + t.state + ".");
  }
  ASSIGN_OR_RETURN(std::string state, ReserveAll(tx, who.company_id(), id, allow_partial));
  RETURN_IF_ERROR(Touch(tx, id, stock_.clock()));
  JournalVerb(tx, who.company_id(), id, "reserved", t.state, state);
  return TransferJson(tx, stock_.products(), who.company_id(), id);
}

Result<json> Transfers::Unreserve(store::Tx& tx, const security::Access& who, int64_t id,
                                  const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.update"));
  ASSIGN_OR_RETURN(Transfer t, LoadTransfer(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(t.version));
  if (!t.open()) {
    return FailedPrecondition("inventory.transfer_closed", "The transfer is " + t.state + ".");
  }
  ASSIGN_OR_RETURN(auto ids, MoveIdsOf(tx, who.company_id(), id, {kReserved}));
  for (int64_t move_id : ids) RETURN_IF_ERROR(moves_.Unreserve(tx, who.company_id(), move_id));
  ASSIGN_OR_RETURN(std::string state,
                   RefreshState(tx, who.company_id(), id, false, stock_.clock()));
  RETURN_IF_ERROR(Touch(tx, id, stock_.clock()));
  JournalVerb(tx, who.company_id(), id, "unreserved", t.state, state);
  return TransferJson(tx, stock_.products(), who.company_id(), id);
}

Result<std::string> Transfers::CancelAll(store::Tx& tx, int64_t company_id, int64_t id) const {
  ASSIGN_OR_RETURN(Transfer t, LoadTransfer(tx, company_id, id));
  if (!t.open()) {
    return FailedPrecondition("inventory.transfer_closed", "The transfer is " + t.state + ".");
  }
  ASSIGN_OR_RETURN(auto ids, MoveIdsOf(tx, company_id, id, {kDraft, kReserved}));
  for (int64_t move_id : ids) RETURN_IF_ERROR(moves_.Cancel(tx, company_id, move_id));
  RETURN_IF_ERROR(tx.Exec("UPDATE stock_transfers SET state = 'cancelled', version = version + "
                          "1, updated_at = ? WHERE id = ?",
                          stock_.clock().Now().ToIso(), id)
                      .status());
  return t.state;
}

Result<json> Transfers::Cancel(store::Tx& tx, const security::Access& who, int64_t id,
                               const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.update"));
  ASSIGN_OR_RETURN(Transfer t, LoadTransfer(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(t.version));
  ASSIGN_OR_RETURN(std::string before, CancelAll(tx, who.company_id(), id));
  JournalVerb(tx, who.company_id(), id, "cancelled", before, kCancelled);
  return TransferJson(tx, stock_.products(), who.company_id(), id);
}

}  // namespace concord::inventory
