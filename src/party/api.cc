#include "party/api.h"

namespace concord::party {

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("party.party", {"read", "create", "update", "delete", "export"},
                      "parties (customers, suppliers, prospects) with their contacts");
  catalog.AddResource("party.merge", {"create"}, "merges of duplicate parties");
  catalog.AddResource("party.settings", {"read", "update"}, "party and lifecycle settings");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("party", "party.party.read");
  entities.Add("contact", "party.party.read");
  entities.Add("address", "party.party.read");
  entities.Add("setting", "party.settings.read");
}

void RegisterSchemas(http::Api&) {}
void RegisterRoutes(http::Api&, ApiServices&) {}

}  // namespace concord::party
