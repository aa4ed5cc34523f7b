#include "accounting/accounting.h"

#include "accounting/install.h"
#include "security/company.h"

namespace concord::accounting {

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("accounting.account", {"read", "create", "update"}, "chart of accounts");
  catalog.AddResource("accounting.journal", {"read", "create", "update"}, "journals");
  catalog.AddResource("accounting.entry", {"read", "create", "approve", "export"},
                      "journal entries (approve: post and reverse)");
  catalog.AddResource("accounting.period", {"read", "create", "close"}, "fiscal years and periods");
  catalog.AddResource("accounting.report", {"read"}, "financial reports");
  catalog.AddResource("accounting.tax", {"read", "create", "update"},
                      "taxes, tax groups and the tax rounding setting");
  catalog.AddResource("accounting.budget", {"read", "create", "update"}, "budgets");
  catalog.AddResource("accounting.match", {"read", "create", "delete"},
                      "open items and their matching (payments against invoices)");
  catalog.AddResource("accounting.rate", {"read", "create"}, "currency rates");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("account", "accounting.account.read");
  entities.Add("journal", "accounting.journal.read");
  entities.Add("journal_entry", "accounting.entry.read");
  entities.Add("fiscal_year", "accounting.period.read");
  entities.Add("fiscal_period", "accounting.period.read");
  entities.Add("tax", "accounting.tax.read");
  entities.Add("tax_group", "accounting.tax.read");
  entities.Add("accounting_settings", "accounting.tax.read");
  entities.Add("budget", "accounting.budget.read");
  entities.Add("line_match", "accounting.match.read");
  entities.Add("currency_rate", "accounting.rate.read");
}

Status SetUpCompany(store::Tx& tx, int64_t company_id, const Clock& clock) {
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, company_id));
  std::string now = clock.Now().ToIso();
  RETURN_IF_ERROR(InstallChart(tx, company_id, DefaultTemplateFor(company.currency), now));
  ASSIGN_OR_RETURN(Date day, Date::Parse(company.created_at.substr(0, 10)));
  ASSIGN_OR_RETURN(Date start, Date::FromYmd(day.year(), 1, 1));
  ASSIGN_OR_RETURN(Date end, Date::FromYmd(day.year(), 12, 31));
  Ledger ledger(clock);
  Fiscal fiscal(clock, ledger);
  return fiscal.CreateYearSystem(tx, company_id, start, end, std::to_string(day.year())).status();
}

Status SetUpMissingCompanies(store::Database& db, const Clock& clock) {
  return db.Write([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT c.id FROM companies c WHERE NOT EXISTS (SELECT "
                                        "1 FROM accounting_settings s WHERE s.company_id = c.id) "
                                        "ORDER BY c.id"));
    for (const auto& r : rows) RETURN_IF_ERROR(SetUpCompany(tx, r.Int(0), clock));
    return Status::Ok();
  });
}

void RegisterRoutes(http::Api& api, Services& s) {
  RegisterSchemas(api);
  RegisterAccountingRoutes(api, s);
  RegisterTaxBudgetRoutes(api, s.clock);
  RegisterMatchingRoutes(api, s);
}

}  // namespace concord::accounting
