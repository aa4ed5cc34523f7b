// Schema of the inventory area: warehouses and their location trees, lots and serial numbers,
// stock moves and transfers, quants (on hand and reserved), valuation layers, inventory counts.
#pragma once

#include "store/migrate.h"

namespace concord::inventory {

store::AreaMigrations Migrations();

}  // namespace concord::inventory
