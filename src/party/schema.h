// Schema of the party area: the one master record of every customer, supplier and prospect.
#pragma once

#include "store/migrate.h"

namespace concord::party {

store::AreaMigrations Migrations();

}  // namespace concord::party
