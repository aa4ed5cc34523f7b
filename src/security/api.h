// HTTP routes of the security area: authentication, administration (users, departments, roles,
// company, API tokens) and the journal (audit trail, events, event stream).
#pragma once

#include "http/api.h"
#include "security/auth.h"
#include "security/company.h"
#include "security/directory.h"
#include "security/journal.h"
#include "security/permissions.h"
#include "security/roles.h"

namespace concord::security {

struct Services {
  store::Database& db;
  const PermissionCatalog& catalog;
  AuthService& auth;
  Directory& directory;
  Roles& roles;
  Companies& companies;
  Journal& journal;
};

void RegisterSchemas(http::Api& api);
void RegisterAuthRoutes(http::Api& api, Services& s);
void RegisterAdminRoutes(http::Api& api, Services& s);
void RegisterJournalRoutes(http::Api& api, Services& s);

// {"$ref": "#/components/schemas/<name>"}
nlohmann::json Ref(const std::string& name);
// {"type": "object", "properties": {"items": [ref], "next_cursor": string|null}}
nlohmann::json ListOf(const std::string& name);
// A JSON response with an ETag from the body's "version".
http::Response Versioned(int status, const nlohmann::json& body);
// Version checks of a mutation for services: Required always checks If-Match (or the body's
// "version"); Optional only when the caller gave one. The Ctx and body must outlive the check.
std::function<Status(int64_t)> RequiredVersion(http::Ctx& c, const nlohmann::json* body);
std::function<Status(int64_t)> OptionalVersion(http::Ctx& c, const nlohmann::json* body);

}  // namespace concord::security
