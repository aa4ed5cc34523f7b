// Schema of the CRM area: segments, campaigns, leads, opportunities, activities.
#pragma once

#include "store/migrate.h"

namespace concord::crm {

store::AreaMigrations Migrations();

}  // namespace concord::crm
