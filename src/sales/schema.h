// Schema of the sales area: settings, quotes (with revisions), sales orders and their lines,
// and the per-line sales facts (revenue and cost) that margin reports sum.
#pragma once

#include "store/migrate.h"

namespace concord::sales {

store::AreaMigrations Migrations();

}  // namespace concord::sales
