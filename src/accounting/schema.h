// Schema of the accounting area: chart of accounts, journals, fiscal years and periods, entries
// and lines, daily balances, matching of open items, currency rates, taxes, budgets.
#pragma once

#include "store/migrate.h"

namespace concord::accounting {

store::AreaMigrations Migrations();

}  // namespace concord::accounting
