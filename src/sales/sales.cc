#include "sales/sales.h"

#include "core/decimal_fields.h"
#include "sales/lines.h"
#include "security/company.h"

namespace concord::sales {

using nlohmann::json;

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("sales.quote", {"read", "create", "update", "approve"},
                      "quotes (approve: discounts above the threshold)");
  catalog.AddResource("sales.order", {"read", "create", "update"},
                      "sales orders (update: edit, confirm, cancel, invoice)");
  catalog.AddResource("sales.credit", {"approve"}, "confirming orders beyond the credit limit");
  catalog.AddResource("sales.settings", {"read", "update"}, "sales settings");
  catalog.AddResource("sales.report", {"read"}, "sales and margin reports");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("quote", "sales.quote.read");
  entities.Add("sales_order", "sales.order.read");
  entities.Add("sales_settings", "sales.settings.read");
}

namespace {

Result<json> Docs(store::Tx& tx, const security::Access& who, int64_t party_id,
                  const std::string& table, const std::string& permission) {
  auto vis = who.Visible(permission);
  std::vector<store::Value> p = vis.params;
  p.emplace_back(party_id);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV("SELECT id, number, date, state, currency, total FROM " +
                                           table + " WHERE " + vis.sql +
                                           " AND party_id = ? ORDER BY id DESC LIMIT 20",
                                       p));
  json items = json::array();
  for (const auto& r : rows) {
    items.push_back({{"id", r.Int(0)},
                     {"number", r.Text(1)},
                     {"date", r.Text(2)},
                     {"state", r.Text(3)},
                     {"total", MoneyText(r.Int(5), r.Text(4))},
                     {"currency", r.Text(4)}});
  }
  return json{{"items", items}};
}

// Lifetime revenue, cost and margin of the customer, company currency, from the sales facts
// of the orders the caller may see.
Result<json> Revenue(store::Tx& tx, const security::Access& who, int64_t party_id) {
  auto vis = who.Visible("sales.order.read", {}, "o.");
  std::vector<store::Value> p = vis.params;
  p.emplace_back(party_id);
  ASSIGN_OR_RETURN(auto row, tx.RowsV("SELECT COALESCE(SUM(f.revenue), 0), COALESCE(SUM(f.cost), "
                                      "0), MAX(f.date) FROM sales_facts f JOIN sales_orders o ON "
                                      "o.id = f.order_id WHERE " +
                                          vis.sql + " AND f.party_id = ?",
                                      p));
  ASSIGN_OR_RETURN(auto currency, security::CompanyCurrency(tx, who.company_id()));
  int64_t revenue = row.empty() ? 0 : row[0].Int(0);
  int64_t cost = row.empty() ? 0 : row[0].Int(1);
  return json{{"currency", currency},
              {"revenue", MoneyText(revenue, currency)},
              {"cost", MoneyText(cost, currency)},
              {"margin", MoneyText(revenue - cost, currency)},
              {"last_sale", row.empty() || row[0].IsNull(2) ? json() : json(row[0].Text(2))}};
}

}  // namespace

void RegisterPartySections(party::PartyRegistry& registry) {
  registry.AddSection({"quotes", "sales.quote.read",
                       [](store::Tx& tx, const security::Access& who, int64_t party_id) {
                         return Docs(tx, who, party_id, "quotes", "sales.quote.read");
                       }});
  registry.AddSection({"orders", "sales.order.read",
                       [](store::Tx& tx, const security::Access& who, int64_t party_id) {
                         return Docs(tx, who, party_id, "sales_orders", "sales.order.read");
                       }});
  registry.AddSection({"revenue", "sales.order.read", Revenue});
}

}  // namespace concord::sales
