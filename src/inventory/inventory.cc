#include "inventory/inventory.h"

#include "inventory/locations.h"

namespace concord::inventory {

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("inventory.warehouse", {"read", "create", "update"},
                      "warehouses, locations and stock on hand");
  catalog.AddResource("inventory.transfer", {"read", "create", "update", "approve"},
                      "transfers, stock moves and lots (update: reserve, cancel; approve: "
                      "validate)");
  catalog.AddResource("inventory.count", {"read", "create", "approve"},
                      "inventory counts (approve: validate)");
  catalog.AddResource("inventory.valuation", {"read"}, "stock valuation");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("warehouse", "inventory.warehouse.read");
  entities.Add("stock_location", "inventory.warehouse.read");
  entities.Add("stock_lot", "inventory.transfer.read");
  entities.Add("stock_transfer", "inventory.transfer.read");
  entities.Add("inventory_count", "inventory.count.read");
}

Status SetUpCompany(store::Tx& tx, int64_t company_id, const Clock& clock) {
  return SetUpCompanyStock(tx, company_id, clock);
}

Status SetUpMissingStock(store::Database& db, const Clock& clock) {
  return SetUpMissingCompanies(db, clock);
}

void RegisterProductUsage(catalog::Products& products) {
  products.AddUsageCheck([](store::Tx& tx, int64_t company_id, int64_t product_id) -> Result<bool> {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT 1 FROM stock_moves WHERE company_id = ? AND "
                                      "product_id = ? UNION ALL SELECT 1 FROM stock_lots WHERE "
                                      "company_id = ? AND product_id = ? LIMIT 1",
                                      company_id, product_id, company_id, product_id));
    return row.has_value();
  });
}

void RegisterRoutes(http::Api& api, Services& s) {
  RegisterSchemas(api);
  RegisterWarehouseRoutes(api, s);
  RegisterTransferRoutes(api, s);
  RegisterCountRoutes(api, s);
}

}  // namespace concord::inventory
