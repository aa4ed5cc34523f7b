// The workflow area: process definitions, instances, the inbox and deadlines (engine.h), the
// definitions shipped with every company (advance payment, discount approval, credit-limit
// override, complaint escalation) and the HTTP routes.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "http/api.h"
#include "security/journal.h"
#include "security/permissions.h"
#include "store/database.h"
#include "workflow/engine.h"
#include "workflow/monitor.h"

namespace concord::workflow {

struct Services {
  const Clock& clock;
  const Workflows& workflows;
};

void RegisterPermissions(security::PermissionCatalog& catalog);
void RegisterEntities(security::EntityRegistry& entities);
void RegisterRoutes(http::Api& api, const Services& s);

// The shipped definitions (version 1 of advance_payment, discount_approval, credit_override,
// complaint_escalation). They name effects and documents the app registers while wiring.
std::vector<nlohmann::json> ShippedDefinitions();
// Installs the shipped definitions whose key the company lacks (company creation).
Status SetUpCompany(store::Tx& tx, int64_t company_id, const Workflows& workflows);
// The same for every existing company (start-up after an upgrade).
Status SetUpMissingCompanies(store::Database& db, const Workflows& workflows);

}  // namespace concord::workflow
