#include "inventory/valuation.h"

#include "inventory/valuation_math.h"

namespace concord::inventory {
namespace {

struct Pool {
  std::vector<OpenLayer> layers;
  int64_t qty = 0;
  int64_t value = 0;
};

Result<Pool> OpenLayers(store::Tx& tx, int64_t company_id, int64_t product_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, remaining_qty, remaining_value FROM "
                                      "stock_valuation_layers WHERE company_id = ? AND "
                                      "product_id = ? AND remaining_qty > 0 ORDER BY id",
                                      company_id, product_id));
  Pool p;
  for (const auto& r : rows) {
    p.layers.push_back({r.Int(0), r.Int(1), r.Int(2)});
    p.qty += r.Int(1);
    p.value += r.Int(2);
  }
  return p;
}

Status InsertLayer(store::Tx& tx, const Move& m, Date date, int64_t qty, int64_t unit_cost,
                   int64_t value, int64_t remaining_qty, int64_t remaining_value,
                   const std::string& now) {
  return tx
      .Exec(
          "INSERT INTO stock_valuation_layers (company_id, product_id, move_id, date, "
          "quantity, unit_cost, value, remaining_qty, remaining_value, created_at) VALUES (?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?)",
          m.company_id, m.product_id, m.id, date.ToString(), qty, unit_cost, value, remaining_qty,
          remaining_value, now)
      .status();
}

// The account role a move's other side posts to.
std::string CounterpartRole(const std::string& kind) {
  if (kind == kSupplier) return "goods_received_not_invoiced";
  if (kind == kCustomer) return "cogs";
  if (kind == kInventoryLoss) return "expense";
  return "suspense";
}

}  // namespace

Result<Valued> Valuation::Apply(store::Tx& tx, const Move& m, const catalog::ProductInfo& product,
                                const Location& src, const Location& dst, Date date,
                                const std::string& ref, int64_t user_id) const {
  bool in = !src.internal() && dst.internal();
  bool out = src.internal() && !dst.internal();
  Valued v;
  if (!in && !out) return v;
  ASSIGN_OR_RETURN(Currency currency, CompanyCurrencyOf(tx, m.company_id));
  int mu = currency.minor_units();
  std::string now = clock_.Now().ToIso();
  if (in) {
    ASSIGN_OR_RETURN(v.unit_cost, IncomingCost(tx, m, product, src, mu, &v.value));
    RETURN_IF_ERROR(
        InsertLayer(tx, m, date, m.quantity, v.unit_cost, v.value, m.quantity, v.value, now));
    RETURN_IF_ERROR(KeepCost(tx, product, mu, v.unit_cost));
  } else {
    ASSIGN_OR_RETURN(v.value, Outgoing(tx, m, product, mu));
    ASSIGN_OR_RETURN(v.unit_cost, UnitCostOf(v.value, m.quantity, mu));
    RETURN_IF_ERROR(InsertLayer(tx, m, date, -m.quantity, v.unit_cost, -v.value, 0, 0, now));
    RETURN_IF_ERROR(KeepCost(tx, product, mu, std::nullopt));
  }
  const std::string& other = in ? src.kind : dst.kind;
  ASSIGN_OR_RETURN(v.entry_id, Post(tx, m, in, other, v.value, date, ref, user_id));
  return v;
}

Result<int64_t> Valuation::IncomingCost(store::Tx& tx, const Move& m,
                                        const catalog::ProductInfo& product, const Location& src,
                                        int minor_units, int64_t* value) const {
  if (m.return_of_move_id) {
    ASSIGN_OR_RETURN(Move orig, LoadMove(tx, m.company_id, *m.return_of_move_id));
    ASSIGN_OR_RETURN(auto prior, tx.One("SELECT COALESCE(SUM(quantity), 0), COALESCE(SUM(value), "
                                        "0) FROM stock_moves WHERE return_of_move_id = ? AND "
                                        "state = 'done' AND id <> ?",
                                        orig.id, m.id));
    int64_t returned_qty = prior->Int(0), returned_value = prior->Int(1);
    if (orig.state != kDone || returned_qty + m.quantity > orig.quantity) {
      return FailedPrecondition("inventory.return_exceeds",
                                "More would come back than the original move delivered.");
    }
    int64_t orig_value = orig.value.value_or(0);
    if (returned_qty + m.quantity == orig.quantity) {
      *value = orig_value - returned_value;
    } else {
      ASSIGN_OR_RETURN(*value, ShareOf(orig_value, m.quantity, orig.quantity));
    }
    return UnitCostOf(*value, m.quantity, minor_units);
  }
  int64_t cost = 0;
  if (src.kind == kSupplier && product.costing_method != "standard") {
    cost = m.unit_cost.value_or(product.standard_cost.scaled());
  } else {
    ASSIGN_OR_RETURN(cost, CurrentCost(tx, product));
  }
  ASSIGN_OR_RETURN(*value, ValueAt(cost, m.quantity, minor_units));
  return cost;
}

Result<int64_t> Valuation::Outgoing(store::Tx& tx, const Move& m,
                                    const catalog::ProductInfo& product, int minor_units) const {
  ASSIGN_OR_RETURN(Pool pool, OpenLayers(tx, m.company_id, m.product_id));
  Consumption c;
  if (product.costing_method == "fifo") {
    ASSIGN_OR_RETURN(c, ConsumeFifo(pool.layers, m.quantity));
  } else {
    int64_t out_value = 0;
    if (product.costing_method == "standard" && m.quantity < pool.qty) {
      ASSIGN_OR_RETURN(out_value, ValueAt(product.standard_cost.scaled(), m.quantity, minor_units));
    } else {
      ASSIGN_OR_RETURN(out_value, AverageValue(pool.qty, pool.value, m.quantity));
    }
    ASSIGN_OR_RETURN(c, ConsumePool(pool.layers, m.quantity, out_value));
  }
  for (const auto& l : c.changed) {
    RETURN_IF_ERROR(tx.Exec("UPDATE stock_valuation_layers SET remaining_qty = ?, "
                            "remaining_value = ? WHERE id = ?",
                            l.remaining_qty, l.remaining_value, l.id)
                        .status());
  }
  return c.value;
}

Result<int64_t> Valuation::CurrentCost(store::Tx& tx, const catalog::ProductInfo& product) const {
  if (product.costing_method == "standard") return product.standard_cost.scaled();
  if (product.costing_method == "average") {
    ASSIGN_OR_RETURN(Pool pool, OpenLayers(tx, product.company_id, product.id));
    if (pool.qty > 0) {
      ASSIGN_OR_RETURN(Currency currency, CompanyCurrencyOf(tx, product.company_id));
      return UnitCostOf(pool.value, pool.qty, currency.minor_units());
    }
  }
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT unit_cost FROM stock_product_costs WHERE company_id "
                                    "= ? AND product_id = ?",
                                    product.company_id, product.id));
  return row ? row->Int(0) : product.standard_cost.scaled();
}

// Keeps the product's current cost: the pool average for average costing (unchanged when
// the pool is empty), the last incoming cost for FIFO, the standard cost otherwise.
Status Valuation::KeepCost(store::Tx& tx, const catalog::ProductInfo& product, int minor_units,
                           std::optional<int64_t> incoming_cost) const {
  int64_t cost = product.standard_cost.scaled();
  if (product.costing_method == "average") {
    ASSIGN_OR_RETURN(Pool pool, OpenLayers(tx, product.company_id, product.id));
    if (pool.qty <= 0) return Status::Ok();
    ASSIGN_OR_RETURN(cost, UnitCostOf(pool.value, pool.qty, minor_units));
  } else if (product.costing_method == "fifo") {
    if (!incoming_cost) return Status::Ok();
    cost = *incoming_cost;
  }
  return tx
      .Exec(
          "INSERT INTO stock_product_costs (company_id, product_id, unit_cost, updated_at) "
          "VALUES (?, ?, ?, ?) ON CONFLICT (company_id, product_id) DO UPDATE SET unit_cost = "
          "excluded.unit_cost, updated_at = excluded.updated_at",
          product.company_id, product.id, cost, clock_.Now().ToIso())
      .status();
}

Result<std::optional<int64_t>> Valuation::Post(store::Tx& tx, const Move& m, bool in,
                                               const std::string& other_kind, int64_t value,
                                               Date date, const std::string& ref,
                                               int64_t user_id) const {
  if (value == 0) return std::optional<int64_t>();
  ASSIGN_OR_RETURN(int64_t inventory, accounting::AccountByRole(tx, m.company_id, "inventory"));
  ASSIGN_OR_RETURN(int64_t other,
                   accounting::AccountByRole(tx, m.company_id, CounterpartRole(other_kind)));
  ASSIGN_OR_RETURN(int64_t journal, accounting::JournalByKind(tx, m.company_id, "stock"));
  int64_t amount = value < 0 ? -value : value;
  bool inventory_debit = in == (value > 0);
  accounting::PostingLine inv{inventory};
  accounting::PostingLine counter{other};
  (inventory_debit ? inv.debit : inv.credit) = amount;
  (inventory_debit ? counter.credit : counter.debit) = amount;
  accounting::PostingEntry e;
  e.company_id = m.company_id;
  e.journal_id = journal;
  e.date = date;
  e.ref = ref;
  e.description = (in ? "Stock in " : "Stock out ") + ref;
  e.source_type = "stock_move";
  e.source_id = m.id;
  e.lines = {inventory_debit ? inv : counter, inventory_debit ? counter : inv};
  ASSIGN_OR_RETURN(auto posted, ledger_.Post(tx, e, user_id));
  return std::optional<int64_t>(posted.entry_id);
}

}  // namespace concord::inventory
