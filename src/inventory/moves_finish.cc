// Finishing a reserved move: quants, lots and serial numbers, valuation and posting, and the
// done listeners.
#include "inventory/moves.h"
#include "inventory/quants.h"

namespace concord::inventory {

Status Moves::Finish(store::Tx& tx, int64_t company_id, int64_t id, Date date,
                     const std::string& ref, int64_t user_id) const {
  ASSIGN_OR_RETURN(Move m, LoadMove(tx, company_id, id));
  if (m.state != kReserved) {
    return FailedPrecondition("inventory.move_not_reserved", "The move is " + m.state + ".");
  }
  ASSIGN_OR_RETURN(auto product, stock_.products().Info(tx, company_id, m.product_id));
  ASSIGN_OR_RETURN(Location src, LoadLocation(tx, company_id, m.source));
  ASSIGN_OR_RETURN(Location dst, LoadLocation(tx, company_id, m.dest));
  std::string now = stock_.clock().Now().ToIso();
  Valued valued;
  if (m.product_kind == "stocked") {
    bool tracked = product.tracking == "lot" || product.tracking == "serial";
    if (tracked && (src.internal() || dst.internal()) && !m.lot_id) {
      return FailedPrecondition("inventory.lot_required",
                                "Product " + product.sku + " needs a lot or serial number.");
    }
    if (product.tracking == "serial" && m.quantity != kOne) {
      return FailedPrecondition("inventory.serial_quantity",
                                "Product " + product.sku + " moves one unit per serial number.");
    }
    int64_t lot = m.lot_id.value_or(0);
    if (src.internal()) {
      RETURN_IF_ERROR(TakeReserved(tx, {company_id, m.product_id, src.id, lot}, m.quantity, now));
    }
    if (dst.internal()) {
      RETURN_IF_ERROR(AddOnHand(tx, {company_id, m.product_id, dst.id, lot}, m.quantity, now));
    }
    if (product.tracking == "serial" && dst.internal()) {
      ASSIGN_OR_RETURN(auto n, tx.One("SELECT COALESCE(SUM(quantity), 0) FROM stock_quants "
                                      "WHERE company_id = ? AND product_id = ? AND lot_id = ?",
                                      company_id, m.product_id, lot));
      if (n->Int(0) > kOne) {
        return Conflict("inventory.serial_in_stock",
                        "That serial number of " + product.sku + " is already in stock.");
      }
    }
    ASSIGN_OR_RETURN(valued, valuation_.Apply(tx, m, product, src, dst, date, ref, user_id));
  }
  std::optional<int64_t> value, unit_cost;
  if (m.product_kind == "stocked" && (src.internal() != dst.internal())) {
    value = valued.value;
    unit_cost = valued.unit_cost;
  }
  RETURN_IF_ERROR(tx.Exec("UPDATE stock_moves SET state = 'done', date = ?, done_at = ?, value = "
                          "?, unit_cost = COALESCE(?, unit_cost), entry_id = ?, updated_at = ? "
                          "WHERE id = ?",
                          date.ToString(), now, value, unit_cost, valued.entry_id, now, id)
                      .status());
  return Notify(tx, m, date, valued.value);
}

Status Moves::Notify(store::Tx& tx, const Move& m, Date date, int64_t value) const {
  if (m.origin_type.empty() || stock_.done_listeners().empty()) return Status::Ok();
  bool back = m.return_of_move_id.has_value();
  DoneMove d;
  d.company_id = m.company_id;
  d.origin_type = m.origin_type;
  d.origin_id = m.origin_id.value_or(0);
  d.origin_line_id = m.origin_line_id.value_or(0);
  d.move_id = m.id;
  d.product_id = m.product_id;
  d.quantity = Quantity::FromScaled(back ? -m.quantity : m.quantity);
  d.value = back ? -value : value;
  d.date = date;
  for (const auto& listener : stock_.done_listeners()) RETURN_IF_ERROR(listener(tx, d));
  return Status::Ok();
}

}  // namespace concord::inventory
