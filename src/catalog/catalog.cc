#include "catalog/catalog.h"

namespace concord::catalog {

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("catalog.product", {"read", "create", "update", "delete"},
                      "products, categories and units of measure");
  catalog.AddResource("catalog.price", {"read", "create", "update"},
                      "price lists, promotions and price quotes");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("product", "catalog.product.read");
  entities.Add("product_category", "catalog.product.read");
  entities.Add("price_list", "catalog.price.read");
  entities.Add("promotion", "catalog.price.read");
}

Status SetUpCompany(store::Tx& tx, int64_t company_id) {
  return Uoms::SeedCompany(tx, company_id);
}

Status SetUpMissingCompanies(store::Database& db) {
  return db.Write([](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT c.id FROM companies c WHERE NOT EXISTS (SELECT 1 "
                                        "FROM uoms u WHERE u.company_id = c.id)"));
    for (const auto& r : rows) RETURN_IF_ERROR(SetUpCompany(tx, r.Int(0)));
    return Status::Ok();
  });
}

}  // namespace concord::catalog
