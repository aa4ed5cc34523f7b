// The inventory area: warehouses and locations, lots and serial numbers, stock moves grouped in
// transfers (receipts, deliveries, customer returns, internal transfers), quants with
// reservations, inventory counts, and perpetual valuation posted to the ledger as stock moves
// become done. Other areas use the Stock service (stock.h); never the tables.
#pragma once

#include "catalog/products.h"
#include "http/api.h"
#include "inventory/stock.h"
#include "security/journal.h"
#include "security/permissions.h"
#include "store/database.h"

namespace concord::inventory {

struct Services {
  store::Database& db;
  const Clock& clock;
  const Stock& stock;
};

void RegisterPermissions(security::PermissionCatalog& catalog);
void RegisterEntities(security::EntityRegistry& entities);

// A new company's stock set-up: virtual locations and warehouse "WH" (a company initializer).
Status SetUpCompany(store::Tx& tx, int64_t company_id, const Clock& clock);
// Companies without stock locations (databases created before this area), at start-up.
Status SetUpMissingStock(store::Database& db, const Clock& clock);
// Tells the catalog that a product with stock moves or lots is in use.
void RegisterProductUsage(catalog::Products& products);

void RegisterRoutes(http::Api& api, Services& s);
// In their own files: schemas (schemas.cc); warehouses, locations, stock (warehouse_api.cc);
// transfers, moves, lots (transfer_api.cc); counts and valuation (count_api.cc).
void RegisterSchemas(http::Api& api);
void RegisterWarehouseRoutes(http::Api& api, Services& s);
void RegisterTransferRoutes(http::Api& api, Services& s);
void RegisterCountRoutes(http::Api& api, Services& s);

}  // namespace concord::inventory
