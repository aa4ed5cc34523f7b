#include "inventory/moves.h"

#include <map>
#include <set>

#include "inventory/quants.h"
#include "store/row_json.h"

namespace concord::inventory {

const char* const kMoveColumns =
    "m.id, m.transfer_id, m.count_id, m.product_id, m.quantity, m.source_location_id, "
    "m.dest_location_id, m.lot_id, t.name AS lot_name, t.expiry_date AS lot_expiry_date, "
    "m.state, m.date, m.origin_type, m.origin_id, m.origin_line_id, m.return_of_move_id, "
    "m.unit_cost, m.value, m.entry_id, m.done_at";
const char* const kMoveFrom = " FROM stock_moves m LEFT JOIN stock_lots t ON t.id = m.lot_id";

nlohmann::json MoveJson(const store::Record& r, Currency currency) {
  nlohmann::json j = store::RowJson(r);
  j["quantity"] = Qty(r.Int("quantity"));
  j["unit_cost"] =
      r.IsNull("unit_cost") ? nlohmann::json() : nlohmann::json(Qty(r.Int("unit_cost")));
  j["value"] =
      r.IsNull("value") ? nlohmann::json() : nlohmann::json(MoneyText(r.Int("value"), currency));
  if (j["origin_type"] == "") j["origin_type"] = nullptr;
  return j;
}

Status AddProductNames(store::Tx& tx, const catalog::Products& products, int64_t company_id,
                       nlohmann::json& items) {
  std::set<int64_t> ids;
  for (const auto& item : items) {
    if (item.contains("product_id") && item["product_id"].is_number_integer()) {
      ids.insert(item["product_id"].get<int64_t>());
    }
  }
  if (ids.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(auto infos, products.InfoMany(tx, company_id, {ids.begin(), ids.end()}));
  std::map<int64_t, const catalog::ProductInfo*> by_id;
  for (const auto& p : infos) by_id[p.id] = &p;
  for (auto& item : items) {
    if (!item.contains("product_id") || !item["product_id"].is_number_integer()) continue;
    auto it = by_id.find(item["product_id"].get<int64_t>());
    if (it == by_id.end()) continue;
    item["sku"] = it->second->sku;
    item["product_name"] = it->second->name;
  }
  return Status::Ok();
}

Result<int64_t> Moves::Create(store::Tx& tx, const NewMove& m) const {
  std::string now = stock_.clock().Now().ToIso();
  return tx.Insert(
      "INSERT INTO stock_moves (company_id, transfer_id, count_id, product_id, product_kind, "
      "quantity, source_location_id, dest_location_id, lot_id, state, date, origin_type, "
      "origin_id, origin_line_id, return_of_move_id, unit_cost, created_at, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      m.company_id, m.transfer_id, m.count_id, m.product_id, m.product_kind, m.quantity, m.source,
      m.dest, m.lot_id, m.state, m.date.ToString(), m.origin_type, m.origin_id, m.origin_line_id,
      m.return_of_move_id, m.unit_cost, now, now);
}

Result<int64_t> Moves::CreatePart(store::Tx& tx, const Move& m, int64_t quantity, int64_t source,
                                  std::optional<int64_t> lot, const std::string& state) const {
  NewMove part{m.company_id,
               m.transfer_id,
               m.count_id,
               m.product_id,
               m.product_kind,
               quantity,
               source,
               m.dest,
               lot,
               Date(),
               m.origin_type,
               m.origin_id,
               m.origin_line_id,
               m.return_of_move_id,
               m.unit_cost,
               state};
  ASSIGN_OR_RETURN(part.date, Date::Parse(m.date));
  return Create(tx, part);
}

Result<Moves::Plan> Moves::PlanReservation(store::Tx& tx, const Move& m) const {
  Plan plan;
  ASSIGN_OR_RETURN(Location src, LoadLocation(tx, m.company_id, m.source));
  if (m.product_kind != "stocked" || !src.internal()) {
    plan.takes.push_back({m.source, m.lot_id.value_or(0), m.quantity});
    return plan;
  }
  ASSIGN_OR_RETURN(auto product, stock_.products().Info(tx, m.company_id, m.product_id));
  std::optional<int64_t> lot = m.lot_id;
  if (!lot && product.tracking == "none") lot = 0;
  ASSIGN_OR_RETURN(Date date, Date::Parse(m.date));
  ASSIGN_OR_RETURN(auto free, FreeStock(tx, m.company_id, m.product_id, src, lot, date));
  int64_t need = m.quantity;
  for (const auto& q : free) {
    if (need == 0) break;
    int64_t take = std::min(need, q.free);
    // A serial number is one unit: a move of one serial takes it whole.
    plan.takes.push_back({q.location_id, q.lot_id, take});
    need -= take;
  }
  plan.shortfall = need;
  return plan;
}

Result<int64_t> Moves::Reservable(store::Tx& tx, const Move& m) const {
  ASSIGN_OR_RETURN(Plan plan, PlanReservation(tx, m));
  return m.quantity - plan.shortfall;
}

Result<Reservation> Moves::Reserve(store::Tx& tx, int64_t company_id, int64_t id,
                                   bool allow_partial) const {
  ASSIGN_OR_RETURN(Move m, LoadMove(tx, company_id, id));
  Reservation out;
  if (m.state == kReserved) {
    out.reserved_ids.push_back(id);
    out.reserved = m.quantity;
    return out;
  }
  if (m.state != kDraft) {
    return FailedPrecondition("inventory.move_closed", "The move is " + m.state + ".");
  }
  ASSIGN_OR_RETURN(Plan plan, PlanReservation(tx, m));
  if (plan.shortfall > 0 && !allow_partial) {
    return FailedPrecondition("stock.insufficient", "Not enough stock to reserve the move.");
  }
  ASSIGN_OR_RETURN(Location src, LoadLocation(tx, company_id, m.source));
  bool quants = m.product_kind == "stocked" && src.internal();
  for (size_t i = 0; i < plan.takes.size(); ++i) {
    const FreeQuant& q = plan.takes[i];
    std::optional<int64_t> lot = q.lot_id ? std::optional<int64_t>(q.lot_id) : std::nullopt;
    int64_t move_id = id;
    if (i == 0) {
      RETURN_IF_ERROR(tx.Exec("UPDATE stock_moves SET quantity = ?, source_location_id = ?, "
                              "lot_id = ?, state = 'reserved', updated_at = ? WHERE id = ?",
                              q.free, q.location_id, lot, stock_.clock().Now().ToIso(), id)
                          .status());
    } else {
      ASSIGN_OR_RETURN(move_id, CreatePart(tx, m, q.free, q.location_id, lot, kReserved));
    }
    if (quants) {
      RETURN_IF_ERROR(AddReserved(tx, {company_id, m.product_id, q.location_id, q.lot_id}, q.free));
    }
    out.reserved_ids.push_back(move_id);
    out.reserved += q.free;
  }
  out.shortfall = plan.shortfall;
  if (plan.shortfall > 0 && plan.takes.empty()) {
    out.waiting_id = id;  // nothing found: the move itself waits
  } else if (plan.shortfall > 0) {
    ASSIGN_OR_RETURN(out.waiting_id, CreatePart(tx, m, plan.shortfall, m.source, m.lot_id, kDraft));
  }
  return out;
}

Status Moves::ReserveExact(store::Tx& tx, int64_t company_id, int64_t id) const {
  ASSIGN_OR_RETURN(Move m, LoadMove(tx, company_id, id));
  if (m.state != kDraft) {
    return FailedPrecondition("inventory.move_closed", "The move is " + m.state + ".");
  }
  ASSIGN_OR_RETURN(Location src, LoadLocation(tx, company_id, m.source));
  if (m.product_kind == "stocked" && src.internal()) {
    RETURN_IF_ERROR(
        AddReserved(tx, {company_id, m.product_id, m.source, m.lot_id.value_or(0)}, m.quantity));
  }
  return tx
      .Exec("UPDATE stock_moves SET state = 'reserved', updated_at = ? WHERE id = ?",
            stock_.clock().Now().ToIso(), id)
      .status();
}

Status Moves::Unreserve(store::Tx& tx, int64_t company_id, int64_t id) const {
  ASSIGN_OR_RETURN(Move m, LoadMove(tx, company_id, id));
  if (m.state != kReserved) return Status::Ok();
  ASSIGN_OR_RETURN(Location src, LoadLocation(tx, company_id, m.source));
  if (m.product_kind == "stocked" && src.internal()) {
    RETURN_IF_ERROR(
        AddReserved(tx, {company_id, m.product_id, m.source, m.lot_id.value_or(0)}, -m.quantity));
  }
  return tx
      .Exec("UPDATE stock_moves SET state = 'draft', updated_at = ? WHERE id = ?",
            stock_.clock().Now().ToIso(), id)
      .status();
}

Result<int64_t> Moves::Split(store::Tx& tx, int64_t company_id, int64_t id, int64_t keep) const {
  ASSIGN_OR_RETURN(Move m, LoadMove(tx, company_id, id));
  if (keep <= 0 || keep >= m.quantity || (m.state != kDraft && m.state != kReserved)) {
    return Internal("split of a closed move or beyond its quantity");
  }
  RETURN_IF_ERROR(tx.Exec("UPDATE stock_moves SET quantity = ?, updated_at = ? WHERE id = ?", keep,
                          stock_.clock().Now().ToIso(), id)
                      .status());
  return CreatePart(tx, m, m.quantity - keep, m.source, m.lot_id, m.state);
}

Status Moves::SetLot(store::Tx& tx, int64_t company_id, int64_t id,
                     std::optional<int64_t> lot) const {
  ASSIGN_OR_RETURN(Move m, LoadMove(tx, company_id, id));
  if (m.lot_id == lot) return Status::Ok();
  if (m.state == kReserved) RETURN_IF_ERROR(Unreserve(tx, company_id, id));
  return tx
      .Exec("UPDATE stock_moves SET lot_id = ?, updated_at = ? WHERE id = ?", lot,
            stock_.clock().Now().ToIso(), id)
      .status();
}

Status Moves::Complete(store::Tx& tx, int64_t company_id, int64_t id, Date date,
                       const std::string& ref, int64_t user_id) const {
  ASSIGN_OR_RETURN(Reservation r, Reserve(tx, company_id, id, false));
  for (int64_t part : r.reserved_ids) {
    RETURN_IF_ERROR(Finish(tx, company_id, part, date, ref, user_id));
  }
  return Status::Ok();
}

Status Moves::Cancel(store::Tx& tx, int64_t company_id, int64_t id) const {
  ASSIGN_OR_RETURN(Move m, LoadMove(tx, company_id, id));
  if (m.state == kCancelled) return Status::Ok();
  if (m.state == kDone) {
    return FailedPrecondition("inventory.move_done", "A done move is returned, not cancelled.");
  }
  RETURN_IF_ERROR(Unreserve(tx, company_id, id));
  return tx
      .Exec("UPDATE stock_moves SET state = 'cancelled', updated_at = ? WHERE id = ?",
            stock_.clock().Now().ToIso(), id)
      .status();
}

}  // namespace concord::inventory
