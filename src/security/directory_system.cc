// Directory operations without a caller: the command line, the first start and demo data.
#include "security/crypto.h"
#include "security/directory.h"
#include "security/roles.h"

namespace concord::security {

Result<bool> Directory::HasUsers(store::Tx& tx) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT 1 FROM users LIMIT 1"));
  return row.has_value();
}

Result<std::vector<Directory::UserSummary>> Directory::ListAllUsers(store::Tx& tx) {
  ASSIGN_OR_RETURN(auto rows,
                   tx.Rows("SELECT id, login, display_name, active FROM users ORDER BY id"));
  std::vector<UserSummary> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3) != 0});
  return out;
}

Result<int64_t> Directory::FindUserId(store::Tx& tx, const std::string& login) {
  ASSIGN_OR_RETURN(std::string normalized, NormalizeLogin(login));
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM users WHERE login = ?", normalized));
  if (!row) return NotFound("user " + normalized);
  return row->Int(0);
}

Result<int64_t> Directory::DefaultCompany(store::Tx& tx, int64_t user_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT default_company_id FROM users WHERE id = ?", user_id));
  if (!row) return NotFound("user");
  return row->Int(0);
}

Result<int64_t> Directory::CreateUserSystem(store::Tx& tx, int64_t company_id,
                                            const std::string& login,
                                            const std::string& display_name,
                                            const std::string& password,
                                            const std::vector<int64_t>& role_ids,
                                            std::optional<int64_t> department_id) {
  ASSIGN_OR_RETURN(std::string normalized, NormalizeLogin(login));
  RETURN_IF_ERROR(CheckPasswordPolicy(password));
  ASSIGN_OR_RETURN(auto taken, tx.One("SELECT 1 FROM users WHERE login = ?", normalized));
  if (taken) return Conflict("user.login_taken", "The login " + normalized + " is already in use.");
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert(
          "INSERT INTO users (login, display_name, password_hash, default_company_id, created_at, "
          "password_changed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          normalized, display_name, hash, company_id, now, now));
  RETURN_IF_ERROR(tx.Exec("INSERT INTO company_members (company_id, user_id, department_id) "
                          "VALUES (?, ?, ?)",
                          company_id, id, department_id)
                      .status());
  RETURN_IF_ERROR(SetRoles(tx, company_id, id, role_ids));
  tx.Audit({"user",
            id,
            "create",
            {{"login", {nullptr, normalized}}, {"display_name", {nullptr, display_name}}},
            company_id});
  tx.Emit({"user.created", "user", id, {{"id", id}, {"login", normalized}}, company_id});
  return id;
}

Status Directory::SetPasswordSystem(store::Tx& tx, int64_t user_id, const std::string& password) {
  ASSIGN_OR_RETURN(int64_t company, DefaultCompany(tx, user_id));
  return WritePassword(tx, user_id, password,
                       {"password", 0, "password_reset", "user.password_reset"}, company);
}

Status Directory::DisableUserSystem(store::Tx& tx, int64_t user_id) {
  ASSIGN_OR_RETURN(int64_t company, DefaultCompany(tx, user_id));
  RETURN_IF_ERROR(
      tx.Exec("UPDATE users SET active = 0, version = version + 1 WHERE id = ?", user_id).status());
  ASSIGN_OR_RETURN(auto memberships,
                   tx.Rows("SELECT company_id FROM company_members WHERE user_id = ?", user_id));
  for (const auto& m : memberships) RETURN_IF_ERROR(CheckAdminRemains(tx, m.Int(0)));
  RETURN_IF_ERROR(auth_.RevokeSessions(tx, user_id, 0));
  tx.Audit({"user", user_id, "disable", {{"active", {true, false}}}, company});
  tx.Emit({"user.updated", "user", user_id, {{"id", user_id}, {"active", false}}, company});
  return Status::Ok();
}

Result<int64_t> Directory::CreateDepartmentSystem(store::Tx& tx, int64_t company_id,
                                                  const std::string& name) {
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO departments (company_id, name, created_at) "
                                         "VALUES (?, ?, ?) RETURNING id",
                                         company_id, name, clock_.Now().ToIso()));
  tx.Audit({"department", id, "create", {{"name", {nullptr, name}}}, company_id});
  tx.Emit({"department.created", "department", id, {{"id", id}, {"name", name}}, company_id});
  return id;
}

Result<std::optional<int64_t>> Directory::FindDepartmentId(store::Tx& tx, int64_t company_id,
                                                           const std::string& name) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM departments WHERE company_id = ? AND name = ?",
                                    company_id, name));
  return row ? std::optional<int64_t>(row->Int(0)) : std::nullopt;
}

}  // namespace concord::security
