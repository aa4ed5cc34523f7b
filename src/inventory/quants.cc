#include "inventory/quants.h"

namespace concord::inventory {
namespace {

Status Insufficient() { return FailedPrecondition("stock.insufficient", "Not enough stock."); }

}  // namespace

Result<std::vector<FreeQuant>> FreeStock(store::Tx& tx, int64_t company_id, int64_t product_id,
                                         const Location& root, std::optional<int64_t> lot_id,
                                         Date date) {
  std::string sql =
      "SELECT q.location_id, q.lot_id, q.quantity - q.reserved FROM stock_quants q JOIN "
      "stock_locations l ON l.id = q.location_id LEFT JOIN stock_lots t ON t.id = q.lot_id WHERE "
      "q.company_id = ? AND q.product_id = ? AND l.company_id = ? AND l.path LIKE ? AND l.kind = "
      "'internal' AND q.quantity > q.reserved";
  std::vector<store::Value> p = {company_id, product_id, company_id, root.path + "%"};
  if (lot_id) {
    sql += " AND q.lot_id = ?";
    p.emplace_back(*lot_id);
  } else {
    sql += " AND (t.expiry_date IS NULL OR t.expiry_date >= ?)";
    p.emplace_back(date.ToString());
  }
  sql +=
      " ORDER BY CASE WHEN t.expiry_date IS NULL THEN 1 ELSE 0 END, t.expiry_date, q.lot_id, "
      "q.location_id";
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  std::vector<FreeQuant> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Int(1), r.Int(2)});
  return out;
}

Status AddReserved(store::Tx& tx, const QuantKey& key, int64_t delta) {
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE stock_quants SET reserved = reserved + ? WHERE "
                                      "company_id = ? AND product_id = ? AND location_id = ? AND "
                                      "lot_id = ? AND reserved + ? <= quantity AND reserved + ? "
                                      ">= 0",
                                      delta, key.company_id, key.product_id, key.location_id,
                                      key.lot_id, delta, delta));
  return n == 1 ? Status::Ok() : Insufficient();
}

Status AddOnHand(store::Tx& tx, const QuantKey& key, int64_t qty, const std::string& now) {
  return tx
      .Exec(
          "INSERT INTO stock_quants (company_id, product_id, location_id, lot_id, quantity, "
          "reserved, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (company_id, "
          "product_id, location_id, lot_id) DO UPDATE SET quantity = stock_quants.quantity + "
          "excluded.quantity, updated_at = excluded.updated_at",
          key.company_id, key.product_id, key.location_id, key.lot_id, qty, now)
      .status();
}

Status TakeReserved(store::Tx& tx, const QuantKey& key, int64_t qty, const std::string& now) {
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE stock_quants SET quantity = quantity - ?, reserved "
                                      "= reserved - ?, updated_at = ? WHERE company_id = ? AND "
                                      "product_id = ? AND location_id = ? AND lot_id = ? AND "
                                      "quantity >= ? AND reserved >= ?",
                                      qty, qty, now, key.company_id, key.product_id,
                                      key.location_id, key.lot_id, qty, qty));
  return n == 1 ? Status::Ok() : Insufficient();
}

}  // namespace concord::inventory
