// HTTP routes of the party area: parties, contacts, addresses, consents, duplicates, merge,
// the 360° overview, purchase history and lifecycle, settings.
#pragma once

#include "http/api.h"
#include "party/lifecycle.h"
#include "party/service.h"
#include "security/journal.h"
#include "security/permissions.h"

namespace concord::party {

struct ApiServices {
  store::Database& db;
  const Clock& clock;
  const Parties& parties;
  const Lifecycle& lifecycle;
};

void RegisterPermissions(security::PermissionCatalog& catalog);
void RegisterEntities(security::EntityRegistry& entities);
void RegisterSchemas(http::Api& api);
void RegisterRoutes(http::Api& api, ApiServices& s);
// Purchase history, lifecycle status and the area's settings.
void RegisterLifecycleRoutes(http::Api& api, ApiServices& s);

}  // namespace concord::party
