// Users and departments of a company (the administration API's service).
//
// Users are global (one login across companies) and belong to companies through memberships
// that carry the department; roles are per company. Every read goes through the caller's
// Access (record rules on users: own = oneself, department = members of one's department,
// company = all members); ids of other companies look like "not found".
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "core/json_input.h"
#include "core/time.h"
#include "security/access.h"
#include "security/auth.h"
#include "store/tx.h"

namespace concord::security {

// Compares the current version of a resource with the caller's (If-Match); see http::Ctx.
using VersionCheck = std::function<Status(int64_t current)>;

class Directory {
 public:
  Directory(AuthService& auth, const Clock& clock) : auth_(auth), clock_(clock) {}

  Result<nlohmann::json> ListUsers(store::Tx& tx, const Access& who, int64_t limit, int64_t after,
                                   const std::string& q);
  Result<nlohmann::json> GetUser(store::Tx& tx, const Access& who, int64_t id);
  // The caller's own record: every authenticated user may read it (GET /auth/me).
  Result<nlohmann::json> GetSelf(store::Tx& tx, const Access& who);
  Result<nlohmann::json> CreateUser(store::Tx& tx, const Access& who, const nlohmann::json& body);
  Result<nlohmann::json> UpdateUser(store::Tx& tx, const Access& who, int64_t id,
                                    const nlohmann::json& body, const VersionCheck& check);
  // Administrator reset of another user's password; revokes their sessions.
  Status ResetPassword(store::Tx& tx, const Access& who, int64_t id, const std::string& password);
  Status RevokeUserSessions(store::Tx& tx, const Access& who, int64_t id);
  // The caller changes their own password (needs the current one); other sessions end.
  Status ChangeOwnPassword(store::Tx& tx, int64_t user_id, int64_t session_id,
                           const std::string& current, const std::string& next);

  Result<nlohmann::json> ListDepartments(store::Tx& tx, const Access& who, int64_t limit,
                                         int64_t after);
  Result<nlohmann::json> GetDepartment(store::Tx& tx, const Access& who, int64_t id);
  Result<nlohmann::json> CreateDepartment(store::Tx& tx, const Access& who,
                                          const nlohmann::json& body);
  Result<nlohmann::json> UpdateDepartment(store::Tx& tx, const Access& who, int64_t id,
                                          const nlohmann::json& body, const VersionCheck& check);

  // Creates a user from the command line or bootstrap (no caller); returns the id.
  Result<int64_t> CreateUserSystem(store::Tx& tx, int64_t company_id, const std::string& login,
                                   const std::string& display_name, const std::string& password,
                                   const std::vector<int64_t>& role_ids);

 private:
  Status CheckDepartment(store::Tx& tx, const Access& who, int64_t id, const char* field);
  Status SetRoles(store::Tx& tx, int64_t company_id, int64_t user_id,
                  const std::vector<int64_t>& role_ids);
  Result<std::vector<int64_t>> ReadRoleIds(store::Tx& tx, const Access& who, Fields& f);

  AuthService& auth_;
  const Clock& clock_;
};

// Normalizes a login: lower case; InvalidArgument unless 3..64 of [a-z0-9._@-].
Result<std::string> NormalizeLogin(std::string_view login);

}  // namespace concord::security
