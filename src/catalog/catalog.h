// The catalog area: units of measure, categories, products, price lists, promotions and the
// pricing service. Other areas use Products (products.h), Uoms and Pricing (pricing.h).
#pragma once

#include "catalog/categories.h"
#include "catalog/pricing.h"
#include "catalog/products.h"
#include "http/api.h"
#include "security/journal.h"
#include "security/permissions.h"
#include "store/database.h"

namespace concord::catalog {

struct Services {
  const Clock& clock;
  Products& products;
  Pricing& pricing;
};

void RegisterPermissions(security::PermissionCatalog& catalog);
void RegisterEntities(security::EntityRegistry& entities);
// A company initializer: its units of measure.
Status SetUpCompany(store::Tx& tx, int64_t company_id);
// Companies created before this area, at start-up.
Status SetUpMissingCompanies(store::Database& db);

void RegisterRoutes(http::Api& api, Services& s);

}  // namespace concord::catalog
