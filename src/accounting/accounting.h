// The accounting area: chart of accounts, journals, fiscal years and periods, the posting
// service (ledger.h) that every other area calls inside its own transaction, manual entries,
// reports and the hledger export. Other areas use Ledger, AccountByRole and JournalByKind;
// never the tables.
#pragma once

#include "accounting/entries.h"
#include "accounting/fiscal.h"
#include "accounting/ledger.h"
#include "http/api.h"
#include "security/journal.h"
#include "security/permissions.h"
#include "store/database.h"

namespace concord::accounting {

struct Services {
  store::Database& db;
  const Clock& clock;
  const Ledger& ledger;
  Fiscal fiscal;
  Entries entries;
};

void RegisterPermissions(security::PermissionCatalog& catalog);
void RegisterEntities(security::EntityRegistry& entities);

// A new company's accounting: the chart template for its currency (cn_cas for CNY, generic
// otherwise) and the fiscal year (calendar year) of its creation date. A company initializer.
Status SetUpCompany(store::Tx& tx, int64_t company_id, const Clock& clock);
// Companies that have no accounting yet (databases created before this area), at start-up.
Status SetUpMissingCompanies(store::Database& db, const Clock& clock);

void RegisterRoutes(http::Api& api, Services& s);
// In their own files: schemas (schemas.cc); accounts, journals, periods, entries (ledger_api.cc).
void RegisterSchemas(http::Api& api);
void RegisterAccountingRoutes(http::Api& api, Services& s);
// Taxes, tax groups, settings, the tax calculator and report, budgets (tax_budget_api.cc).
void RegisterTaxBudgetRoutes(http::Api& api, const Clock& clock);
// Open items, matches, currency rates, revaluation, ageing, statements (matching_api.cc).
void RegisterMatchingRoutes(http::Api& api, Services& s);

}  // namespace concord::accounting
