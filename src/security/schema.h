// Tables of the security area: companies, departments, users, memberships, roles and their
// permissions, sessions, login throttling, API tokens.
#pragma once

#include "store/migrate.h"

namespace concord::security {

store::AreaMigrations Migrations();

}  // namespace concord::security
