// Roles of a company and the permissions (with record scope) they grant.
#pragma once

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "security/access.h"
#include "security/directory.h"
#include "security/permissions.h"
#include "store/tx.h"

namespace concord::security {

// Conflict "role.last_admin" unless some active user holds an administrator role in the company
// (checked after every change that could remove the last one).
Status CheckAdminRemains(store::Tx& tx, int64_t company_id);

class Roles {
 public:
  Roles(const PermissionCatalog& catalog, const Clock& clock) : catalog_(catalog), clock_(clock) {}

  Result<nlohmann::json> List(store::Tx& tx, const Access& who, int64_t limit, int64_t after);
  Result<nlohmann::json> Get(store::Tx& tx, const Access& who, int64_t id);
  Result<nlohmann::json> Create(store::Tx& tx, const Access& who, const nlohmann::json& body);
  Result<nlohmann::json> Update(store::Tx& tx, const Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check);
  // Refused while users hold the role.
  Status Delete(store::Tx& tx, const Access& who, int64_t id, const VersionCheck& check);

  // For bootstrap and demo data: creates a role without a caller; returns the id.
  Result<int64_t> CreateSystem(store::Tx& tx, int64_t company_id, const std::string& name,
                               bool is_admin,
                               const std::vector<std::pair<std::string, Scope>>& grants);

 private:
  Status ReadGrants(Fields& f, std::vector<std::pair<std::string, Scope>>* out);
  Status WriteGrants(store::Tx& tx, int64_t role_id,
                     const std::vector<std::pair<std::string, Scope>>& grants);

  const PermissionCatalog& catalog_;
  const Clock& clock_;
};

}  // namespace concord::security
