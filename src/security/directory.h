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
#include "http/list_sort.h"
#include "security/access.h"
#include "security/auth.h"
#include "store/tx.h"

namespace concord::security {

// Compares the current version of a resource with the caller's (If-Match); see http::Ctx.
using VersionCheck = std::function<Status(int64_t current)>;

class Directory {
 public:
  Directory(AuthService& auth, const Clock& clock) : auth_(auth), clock_(clock) {}

  // What ListUsers sorts by: login, name (the display name, in any letter case).
  static const http::SortSpec kUserSorts;
  // One page of the company's users the caller may read: {"items", "next_cursor"}.
  Result<nlohmann::json> ListUsers(store::Tx& tx, const Access& who, const http::ListPage& page,
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

  // Operations without a caller: the command line, the first start and demo data. They keep
  // the rules of the API (password policy, last administrator) and write the same audit rows
  // and events, attributed to the user's company.
  struct UserSummary {
    int64_t id = 0;
    std::string login, display_name;
    bool active = false;
  };
  Result<bool> HasUsers(store::Tx& tx);
  Result<std::vector<UserSummary>> ListAllUsers(store::Tx& tx);
  Result<int64_t> FindUserId(store::Tx& tx, const std::string& login);  // NotFound
  Result<int64_t> CreateUserSystem(store::Tx& tx, int64_t company_id, const std::string& login,
                                   const std::string& display_name, const std::string& password,
                                   const std::vector<int64_t>& role_ids,
                                   std::optional<int64_t> department_id = std::nullopt);
  Status SetPasswordSystem(store::Tx& tx, int64_t user_id, const std::string& password);
  Status DisableUserSystem(store::Tx& tx, int64_t user_id);
  Result<int64_t> CreateDepartmentSystem(store::Tx& tx, int64_t company_id,
                                         const std::string& name);
  Result<std::optional<int64_t>> FindDepartmentId(store::Tx& tx, int64_t company_id,
                                                  const std::string& name);

 private:
  struct PasswordChange {
    std::string field;         // the input field that errors name
    int64_t keep_session = 0;  // the session that survives (a user changing their own)
    std::string action;        // audit action
    std::string event;         // event type
  };
  // Checks the policy, stores the hash, ends the user's other sessions, audits.
  Status WritePassword(store::Tx& tx, int64_t user_id, const std::string& password,
                       const PasswordChange& change, std::optional<int64_t> company = std::nullopt);
  Result<int64_t> DefaultCompany(store::Tx& tx, int64_t user_id);
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
