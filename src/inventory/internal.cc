#include "inventory/internal.h"

#include "core/decimal.h"
#include "core/money.h"
#include "security/company.h"

namespace concord::inventory {

Result<Location> LoadLocation(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, company_id, warehouse_id, parent_id, path, name, "
                                    "kind, active FROM stock_locations WHERE id = ? AND "
                                    "company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("stock location");
  Location l;
  l.id = row->Int(0);
  l.company_id = row->Int(1);
  l.warehouse_id = row->OptInt(2);
  l.parent_id = row->OptInt(3);
  l.path = row->Text(4);
  l.name = row->Text(5);
  l.kind = row->Text(6);
  l.active = row->Int(7) != 0;
  return l;
}

Result<Warehouse> LoadWarehouse(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, code, name, view_location_id, stock_location_id, "
                                    "active FROM warehouses WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("warehouse");
  return Warehouse{row->Int(0), row->Text(1), row->Text(2),
                   row->Int(3), row->Int(4),  row->Int(5) != 0};
}

Result<Move> LoadMove(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row,
      tx.One("SELECT id, company_id, transfer_id, count_id, product_id, product_kind, quantity, "
             "source_location_id, dest_location_id, lot_id, state, date, origin_type, origin_id, "
             "origin_line_id, return_of_move_id, unit_cost, value FROM stock_moves WHERE id = ? "
             "AND company_id = ?",
             id, company_id));
  if (!row) return NotFound("stock move");
  Move m;
  m.id = row->Int(0);
  m.company_id = row->Int(1);
  m.transfer_id = row->OptInt(2);
  m.count_id = row->OptInt(3);
  m.product_id = row->Int(4);
  m.product_kind = row->Text(5);
  m.quantity = row->Int(6);
  m.source = row->Int(7);
  m.dest = row->Int(8);
  m.lot_id = row->OptInt(9);
  m.state = row->Text(10);
  m.date = row->Text(11);
  m.origin_type = row->Text(12);
  m.origin_id = row->OptInt(13);
  m.origin_line_id = row->OptInt(14);
  m.return_of_move_id = row->OptInt(15);
  m.unit_cost = row->OptInt(16);
  m.value = row->OptInt(17);
  return m;
}

Result<int64_t> VirtualLocation(store::Tx& tx, int64_t company_id, const std::string& kind) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM stock_locations WHERE company_id = ? AND "
                                    "kind = ? AND warehouse_id IS NULL ORDER BY id LIMIT 1",
                                    company_id, kind));
  if (!row) return NotFound("stock location");
  return row->Int(0);
}

std::string Qty(int64_t scaled) { return FormatScaled(scaled, Quantity::kScale); }

Result<Currency> CompanyCurrencyOf(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(std::string code, security::CompanyCurrency(tx, company_id));
  return Currency::FromCode(code);
}

std::string MoneyText(int64_t minor, Currency currency) {
  return Money::FromMinor(minor, currency).ToString();
}

Result<Date> Today(store::Tx& tx, const Clock& clock, int64_t company_id) {
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, company_id));
  return BusinessDate(clock.Now(), company.time_zone);
}

std::optional<int64_t> QuantityField(Fields& f, const std::string& name, bool required,
                                     bool allow_zero) {
  auto text = f.Text(name, {.required = required, .max_chars = 30});
  if (!text) return std::nullopt;
  auto q = ParseScaled(*text, Quantity::kScale);
  if (!q.ok()) {
    f.Error(name, q.status().message_id(), name + " is a decimal quantity (at most 6 decimals).");
    return std::nullopt;
  }
  if (*q < 0 || (*q == 0 && !allow_zero)) {
    f.Error(name, allow_zero ? "negative" : "not_positive",
            name + (allow_zero ? " cannot be negative." : " must be greater than zero."));
    return std::nullopt;
  }
  if (*q > kMaxQuantity) {
    f.Error(name, "too_large", name + " is at most 1000000000.");
    return std::nullopt;
  }
  return *q;
}

std::optional<int64_t> CostField(Fields& f, const std::string& name) {
  auto text = f.Text(name, {.max_chars = 30});
  if (!text) return std::nullopt;
  auto c = ParseScaled(*text, UnitPrice::kScale);
  if (!c.ok()) {
    f.Error(name, c.status().message_id(), name + " is a decimal amount (at most 6 decimals).");
    return std::nullopt;
  }
  if (*c < 0) {
    f.Error(name, "negative", name + " cannot be negative.");
    return std::nullopt;
  }
  if (*c > kMaxQuantity) {
    f.Error(name, "too_large", name + " is at most 1000000000.");
    return std::nullopt;
  }
  return *c;
}

Status MergeErrors(Fields& f, const std::string& prefix, Status st) {
  if (st.ok()) return st;
  if (st.field_errors().empty()) return st;
  for (const auto& e : st.field_errors()) f.Error(prefix + e.field, e.code, e.message);
  return Status::Ok();
}

}  // namespace concord::inventory
