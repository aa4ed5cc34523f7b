// Schema of the catalog area: units of measure, product categories, products, price lists
// and their rules, promotions.
#pragma once

#include "store/migrate.h"

namespace concord::catalog {

store::AreaMigrations Migrations();

}  // namespace concord::catalog
