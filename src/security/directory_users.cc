// Users: list, read, create, update, password reset, session revocation.
#include <fmt/format.h>

#include "core/json_input.h"
#include "security/crypto.h"
#include "security/directory.h"
#include "security/roles.h"

namespace concord::security {
namespace {

constexpr std::string_view kUserColumns =
    "SELECT u.id, u.login, u.display_name, u.email, u.active, u.language, u.totp_enabled, "
    "u.version, u.created_at, m.department_id, m.company_id FROM users u "
    "JOIN company_members m ON m.user_id = u.id ";

const RecordColumns kUserRule{"m.company_id", "u.id", "m.department_id"};

nlohmann::json UserJson(const store::Record& r, const std::vector<int64_t>& roles) {
  return {{"id", r.Int("id")},
          {"login", r.Text("login")},
          {"display_name", r.Text("display_name")},
          {"email", r.IsNull("email") ? nlohmann::json() : nlohmann::json(r.Text("email"))},
          {"active", r.Int("active") != 0},
          {"language", r.Text("language")},
          {"totp_enabled", r.Int("totp_enabled") != 0},
          {"department_id",
           r.IsNull("department_id") ? nlohmann::json() : nlohmann::json(r.Int("department_id"))},
          {"role_ids", roles},
          {"version", r.Int("version")},
          {"created_at", r.Text("created_at")}};
}

Result<std::vector<int64_t>> RolesOf(store::Tx& tx, int64_t company_id, int64_t user_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT role_id FROM user_roles WHERE company_id = ? AND "
                                      "user_id = ? ORDER BY role_id",
                                      company_id, user_id));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

const std::vector<std::string> kLanguages = {"en", "zh-CN"};

}  // namespace

Result<std::string> NormalizeLogin(std::string_view login) {
  std::string out;
  for (char c : login) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '.' || l == '_' ||
              l == '@' || l == '-';
    if (!ok) {
      return InvalidField("login", "login.invalid_char",
                          "A login uses only letters a-z, digits and . _ @ -");
    }
    out.push_back(l);
  }
  if (out.size() < 3 || out.size() > 64) {
    return InvalidField("login", "login.length", "A login has 3 to 64 characters.");
  }
  return out;
}

const http::SortSpec Directory::kUserSorts = {
    "u.id",
    {{"login", "u.login", http::SortKind::kText},
     {"name", "lower(u.display_name)", http::SortKind::kText}}};

Result<nlohmann::json> Directory::ListUsers(store::Tx& tx, const Access& who,
                                            const http::ListPage& page, const std::string& q) {
  SqlFilter f = who.Visible("security.user.read", kUserRule);
  std::vector<store::Value> params = f.params;
  std::string sql = page.Select(std::string(kUserColumns) + "WHERE " + f.sql) + page.After(params);
  if (!q.empty()) {
    sql += " AND (u.login LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE '\\')";
    std::string pattern;
    for (char c : q) {
      if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
      pattern.push_back(c);
    }
    params.emplace_back("%" + pattern + "%");
    params.emplace_back("%" + pattern + "%");
  }
  sql += page.OrderLimit(params);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, params));
  // The roles of the whole page in one query.
  std::map<int64_t, std::vector<int64_t>> roles;
  if (!rows.empty()) {
    std::vector<store::Value> ids{who.company_id()};
    std::string in;
    for (const auto& r : rows) {
      in += in.empty() ? "?" : ", ?";
      ids.emplace_back(r.Int("id"));
    }
    ASSIGN_OR_RETURN(auto grants, tx.RowsV("SELECT user_id, role_id FROM user_roles WHERE "
                                           "company_id = ? AND user_id IN (" +
                                               in + ") ORDER BY role_id",
                                           ids));
    for (const auto& g : grants) roles[g.Int(0)].push_back(g.Int(1));
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back(UserJson(r, roles[r.Int("id")]));
  return page.Body(std::move(items), rows);
}

Result<nlohmann::json> Directory::GetUser(store::Tx& tx, const Access& who, int64_t id) {
  ASSIGN_OR_RETURN(auto row,
                   tx.One(std::string(kUserColumns) + "WHERE u.id = ? AND m.company_id = ?", id,
                          who.company_id()));
  if (!row) return NotFound("user");
  RETURN_IF_ERROR(who.CheckRecord(
      "security.user.read", {row->Int("company_id"), row->Int("id"), row->OptInt("department_id")},
      "user"));
  ASSIGN_OR_RETURN(auto roles, RolesOf(tx, who.company_id(), id));
  return UserJson(*row, roles);
}

Result<nlohmann::json> Directory::GetSelf(store::Tx& tx, const Access& who) {
  ASSIGN_OR_RETURN(auto row,
                   tx.One(std::string(kUserColumns) + "WHERE u.id = ? AND m.company_id = ?",
                          who.user_id(), who.company_id()));
  if (!row) return NotFound("user");
  ASSIGN_OR_RETURN(auto roles, RolesOf(tx, who.company_id(), who.user_id()));
  return UserJson(*row, roles);
}

Status Directory::CheckDepartment(store::Tx& tx, const Access& who, int64_t id, const char* field) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT 1 FROM departments WHERE id = ? AND company_id = ?", id,
                                    who.company_id()));
  if (!row) return InvalidField(field, "not_found", "No such department.");
  return Status::Ok();
}

Result<std::vector<int64_t>> Directory::ReadRoleIds(store::Tx& tx, const Access& who, Fields& f) {
  std::vector<int64_t> ids;
  const nlohmann::json* raw = f.Raw("role_ids");
  if (!raw) return ids;
  if (!raw->is_array() || raw->size() > 100) {
    f.Error("role_ids", "type", "role_ids must be an array of at most 100 role ids.");
    return ids;
  }
  for (size_t i = 0; i < raw->size(); ++i) {
    const auto& v = (*raw)[i];
    if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
      f.Error(fmt::format("role_ids/{}", i), "type", "A role id is a positive integer.");
      continue;
    }
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT 1 FROM roles WHERE id = ? AND company_id = ?",
                                      v.get<int64_t>(), who.company_id()));
    if (!row) f.Error(fmt::format("role_ids/{}", i), "not_found", "No such role.");
    ids.push_back(v.get<int64_t>());
  }
  return ids;
}

Status Directory::SetRoles(store::Tx& tx, int64_t company_id, int64_t user_id,
                           const std::vector<int64_t>& role_ids) {
  RETURN_IF_ERROR(
      tx.Exec("DELETE FROM user_roles WHERE company_id = ? AND user_id = ?", company_id, user_id)
          .status());
  for (int64_t r : role_ids) {
    auto st = tx.Exec("INSERT INTO user_roles (company_id, user_id, role_id) VALUES (?, ?, ?)",
                      company_id, user_id, r);
    if (!st.ok() && st.status().message_id() != "db.unique_violation") return st.status();
  }
  return Status::Ok();
}

Result<nlohmann::json> Directory::CreateUser(store::Tx& tx, const Access& who,
                                             const nlohmann::json& body) {
  Fields f(body);
  auto login = f.Text("login", {.required = true, .max_chars = 64});
  auto name = f.Text("display_name", {.required = true, .max_chars = 120});
  auto email = f.Text("email", {.max_chars = 254});
  auto password = f.Text("password", {.required = true, .max_chars = 1024, .allow_empty = true});
  auto language = f.Enum("language", kLanguages);
  auto department = f.Int("department_id");
  ASSIGN_OR_RETURN(auto roles, ReadRoleIds(tx, who, f));
  if (email && email->find('@') == std::string::npos)
    f.Error("email", "format", "Not an e-mail address.");
  std::string normalized;
  if (login) {
    auto n = NormalizeLogin(*login);
    if (n.ok())
      normalized = *n;
    else
      f.Error("login", n.status().field_errors()[0].code, n.status().field_errors()[0].message);
  }
  if (password) {
    Status p = CheckPasswordPolicy(*password);
    if (!p.ok()) f.Error("password", p.field_errors()[0].code, p.field_errors()[0].message);
  }
  if (department) {
    Status d = CheckDepartment(tx, who, *department, "department_id");
    if (!d.ok()) f.Error("department_id", "not_found", "No such department.");
  }
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto taken, tx.One("SELECT 1 FROM users WHERE login = ?", normalized));
  if (taken) return Conflict("user.login_taken", "The login " + normalized + " is already in use.");
  ASSIGN_OR_RETURN(std::string hash, HashPassword(*password));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO users (login, display_name, email, password_hash, language, "
                "default_company_id, "
                "created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                normalized, *name, email, hash, language.value_or("en"), who.company_id(), now,
                now));
  RETURN_IF_ERROR(tx.Exec("INSERT INTO company_members (company_id, user_id, department_id) "
                          "VALUES (?, ?, ?)",
                          who.company_id(), id, department)
                      .status());
  RETURN_IF_ERROR(SetRoles(tx, who.company_id(), id, roles));
  ASSIGN_OR_RETURN(auto out, GetUser(tx, who, id));
  nlohmann::json audited = out;
  audited.erase("version");
  tx.Audit({"user", id, "create", store::Changes(nlohmann::json::object(), audited), std::nullopt});
  tx.Emit({"user.created", "user", id, out, std::nullopt});
  return out;
}

Result<nlohmann::json> Directory::UpdateUser(store::Tx& tx, const Access& who, int64_t id,
                                             const nlohmann::json& body,
                                             const VersionCheck& check) {
  ASSIGN_OR_RETURN(nlohmann::json before, GetUser(tx, who, id));
  int64_t version = before["version"].get<int64_t>();
  RETURN_IF_ERROR(check(version));
  Fields f(body);
  f.Ignore("version");
  auto name = f.Text("display_name", {.max_chars = 120});
  auto email = f.Text("email", {.max_chars = 254, .allow_empty = true});
  auto language = f.Enum("language", kLanguages);
  auto active = f.Bool("active");
  bool department_given = f.Has("department_id");
  auto department = f.Int("department_id");
  bool roles_given = f.Has("role_ids");
  ASSIGN_OR_RETURN(auto roles, ReadRoleIds(tx, who, f));
  if (department) {
    Status d = CheckDepartment(tx, who, *department, "department_id");
    if (!d.ok()) f.Error("department_id", "not_found", "No such department.");
  }
  if (email && !email->empty() && email->find('@') == std::string::npos) {
    f.Error("email", "format", "Not an e-mail address.");
  }
  if (active && !*active && id == who.user_id()) {
    f.Error("active", "self", "You cannot disable your own account.");
  }
  RETURN_IF_ERROR(f.Finish());
  // Who may edit only their own (or their department's) profile may not hand out roles.
  if ((roles_given || active || department_given) &&
      who.ScopeOf("security.user.update") != Scope::kCompany) {
    LogDenied(who.user_id(), "security.user.update", "roles/active/department need company scope");
    return PermissionDenied("Changing roles, department or active needs company-wide rights.");
  }
  RETURN_IF_ERROR(
      who.CheckRecord("security.user.update",
                      {who.company_id(), id,
                       before["department_id"].is_null() ? std::optional<int64_t>()
                                                         : before["department_id"].get<int64_t>()},
                      "user"));
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE users SET display_name = COALESCE(?, display_name), email = CASE WHEN ? = 1 "
              "THEN ? "
              "ELSE email END, language = COALESCE(?, language), active = COALESCE(?, active), "
              "version = version + 1 WHERE id = ? AND version = ?",
              name, email.has_value(),
              email && email->empty() ? std::optional<std::string>() : email, language,
              active.has_value() ? std::optional<int64_t>(*active ? 1 : 0) : std::nullopt, id,
              version));
  if (n != 1)
    return Status(Code::kStaleVersion, "version.stale", "The user was changed concurrently.");
  if (department_given) {
    RETURN_IF_ERROR(tx.Exec("UPDATE company_members SET department_id = ? WHERE company_id = ? "
                            "AND user_id = ?",
                            department, who.company_id(), id)
                        .status());
  }
  if (roles_given) RETURN_IF_ERROR(SetRoles(tx, who.company_id(), id, roles));
  if (roles_given || (active && !*active)) RETURN_IF_ERROR(CheckAdminRemains(tx, who.company_id()));
  if (active && !*active) RETURN_IF_ERROR(auth_.RevokeSessions(tx, id, 0));
  ASSIGN_OR_RETURN(nlohmann::json after, GetUser(tx, who, id));
  nlohmann::json b = before, a = after;
  b.erase("version");
  a.erase("version");
  tx.Audit({"user", id, "update", store::Changes(b, a), std::nullopt});
  tx.Emit({"user.updated", "user", id, after, std::nullopt});
  return after;
}

Status Directory::ResetPassword(store::Tx& tx, const Access& who, int64_t id,
                                const std::string& password) {
  ASSIGN_OR_RETURN(auto user, GetUser(tx, who, id));
  return WritePassword(tx, id, password, {"password", 0, "password_reset", "user.password_reset"});
}

Status Directory::RevokeUserSessions(store::Tx& tx, const Access& who, int64_t id) {
  ASSIGN_OR_RETURN(auto user, GetUser(tx, who, id));
  RETURN_IF_ERROR(auth_.RevokeSessions(tx, id, 0));
  tx.Audit({"user", id, "revoke_sessions", nlohmann::json::object(), std::nullopt});
  tx.Emit({"user.sessions_revoked", "user", id, {{"id", id}}, std::nullopt});
  return Status::Ok();
}

Status Directory::ChangeOwnPassword(store::Tx& tx, int64_t user_id, int64_t session_id,
                                    const std::string& current, const std::string& next) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT password_hash FROM users WHERE id = ?", user_id));
  if (!row || !VerifyPassword(current, row->Text(0))) {
    return InvalidField("current_password", "wrong", "The current password is wrong.");
  }
  return WritePassword(tx, user_id, next,
                       {"new_password", session_id, "password_change", "user.password_changed"});
}

Status Directory::WritePassword(store::Tx& tx, int64_t user_id, const std::string& password,
                                const PasswordChange& change, std::optional<int64_t> company) {
  Status policy = CheckPasswordPolicy(password);
  if (!policy.ok()) {
    const FieldError& e = policy.field_errors().front();
    return InvalidField(change.field, e.code, e.message);
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  RETURN_IF_ERROR(tx.Exec("UPDATE users SET password_hash = ?, password_changed_at = ?, "
                          "version = version + 1 WHERE id = ?",
                          hash, clock_.Now().ToIso(), user_id)
                      .status());
  RETURN_IF_ERROR(auth_.RevokeSessions(tx, user_id, change.keep_session));
  tx.Audit({"user", user_id, change.action, {{"password", {"***", "***"}}}, company});
  tx.Emit({change.event, "user", user_id, {{"id", user_id}}, company});
  return Status::Ok();
}

}  // namespace concord::security
