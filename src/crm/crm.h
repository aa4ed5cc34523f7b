// The CRM area: leads, opportunities and their pipeline, activities with an iCalendar feed,
// segments and campaigns. It links to the party area's master records through party::Parties
// (never its tables) and joins the customer's 360° page and party merges through
// party::PartyRegistry.
#pragma once

#include "core/time.h"
#include "http/api.h"
#include "party/registry.h"
#include "party/service.h"
#include "security/journal.h"
#include "security/permissions.h"
#include "store/database.h"

namespace concord::crm {

struct Services {
  store::Database& db;
  const Clock& clock;
  const party::Parties& parties;
};

void RegisterPermissions(security::PermissionCatalog& catalog);
void RegisterEntities(security::EntityRegistry& entities);
// Merge hooks (leads, opportunities, activities, campaign members) and overview sections.
void RegisterPartyHooks(party::PartyRegistry& registry);
void RegisterRoutes(http::Api& api, Services& s);
// Seeds a new company's default pipeline stages (a security::Companies initializer).
Status SeedDefaultStages(store::Tx& tx, int64_t company_id);

// Per document, in their own files.
void RegisterLeadRoutes(http::Api& api, Services& s);
void RegisterOpportunityRoutes(http::Api& api, Services& s);
void RegisterActivityRoutes(http::Api& api, Services& s);
void RegisterCampaignRoutes(http::Api& api, Services& s);

}  // namespace concord::crm
