#include "security/roles.h"

#include <fmt/format.h>

namespace concord::security {
namespace {

nlohmann::json RoleJson(const store::Record& r, nlohmann::json permissions) {
  return nlohmann::json{{"id", r.Int("id")},
                        {"name", r.Text("name")},
                        {"description", r.Text("description")},
                        {"is_admin", r.Int("is_admin") != 0},
                        {"permissions", std::move(permissions)},
                        {"version", r.Int("version")},
                        {"created_at", r.Text("created_at")}};
}

// The grants of several roles in one query: role id -> [{permission, scope}].
Result<std::map<int64_t, nlohmann::json>> GrantsOf(store::Tx& tx,
                                                   const std::vector<store::Record>& roles) {
  std::map<int64_t, nlohmann::json> out;
  if (roles.empty()) return out;
  std::vector<store::Value> ids;
  std::string in;
  for (const auto& r : roles) {
    in += in.empty() ? "?" : ", ?";
    ids.emplace_back(r.Int("id"));
    out[r.Int("id")] = nlohmann::json::array();
  }
  ASSIGN_OR_RETURN(auto grants, tx.RowsV("SELECT role_id, permission, scope FROM role_permissions "
                                         "WHERE role_id IN (" +
                                             in + ") ORDER BY permission",
                                         ids));
  for (const auto& g : grants)
    out[g.Int(0)].push_back({{"permission", g.Text(1)}, {"scope", g.Text(2)}});
  return out;
}

constexpr std::string_view kRoleColumns =
    "SELECT id, company_id, name, description, is_admin, version, created_at FROM roles ";

}  // namespace

Result<nlohmann::json> Roles::List(store::Tx& tx, const Access& who, int64_t limit, int64_t after) {
  // Roles have no owner: any scope of the (route-checked) permission shows the company's roles.
  SqlFilter f{"(company_id = ?)", {who.company_id()}};
  std::vector<store::Value> params = f.params;
  params.emplace_back(after);
  params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(std::string(kRoleColumns) + "WHERE " + f.sql +
                                           " AND id > ? ORDER BY id LIMIT ?",
                                       params));
  ASSIGN_OR_RETURN(auto grants, GrantsOf(tx, rows));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back(RoleJson(r, grants[r.Int("id")]));
  return items;
}

Result<nlohmann::json> Roles::Get(store::Tx& tx, const Access& who, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kRoleColumns) + "WHERE id = ?", id));
  if (!row || row->Int("company_id") != who.company_id()) {
    if (row) LogDenied(who.user_id(), "security.role.read", "role of another company");
    return NotFound("role");
  }
  ASSIGN_OR_RETURN(auto grants, GrantsOf(tx, {*row}));
  return RoleJson(*row, grants[id]);
}

Status Roles::ReadGrants(Fields& f, std::vector<std::pair<std::string, Scope>>* out) {
  const nlohmann::json* raw = f.Raw("permissions");
  if (!raw) return Status::Ok();
  if (!raw->is_array() || raw->size() > 1000) {
    f.Error("permissions", "type", "permissions must be an array of {permission, scope}.");
    return Status::Ok();
  }
  for (size_t i = 0; i < raw->size(); ++i) {
    const auto& g = (*raw)[i];
    std::string field = fmt::format("permissions/{}", i);
    if (!g.is_object() || !g.contains("permission") || !g["permission"].is_string()) {
      f.Error(field, "type",
              "Each grant is {\"permission\": \"area.resource.action\", \"scope\": ...}.");
      continue;
    }
    std::string name = g["permission"].get<std::string>();
    Status valid = catalog_.Validate(name);
    if (!valid.ok()) f.Error(field + "/permission", valid.message_id(), valid.message());
    std::string scope_name =
        g.contains("scope") && g["scope"].is_string() ? g["scope"].get<std::string>() : "company";
    auto scope = ParseScope(scope_name);
    if (!scope) f.Error(field + "/scope", "enum", "scope is own, department or company.");
    if (valid.ok() && scope) out->emplace_back(name, *scope);
  }
  return Status::Ok();
}

Status Roles::WriteGrants(store::Tx& tx, int64_t role_id,
                          const std::vector<std::pair<std::string, Scope>>& grants) {
  RETURN_IF_ERROR(tx.Exec("DELETE FROM role_permissions WHERE role_id = ?", role_id).status());
  std::map<std::string, Scope> merged;
  for (const auto& [p, s] : grants) merged[p] = std::max(merged[p], s);
  for (const auto& [p, s] : merged) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO role_permissions (role_id, permission, scope) "
                            "VALUES (?, ?, ?)",
                            role_id, p, ScopeName(s))
                        .status());
  }
  return Status::Ok();
}

Status CheckAdminRemains(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row,
                   tx.One("SELECT COUNT(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
                          "JOIN users u ON u.id = ur.user_id WHERE ur.company_id = ? "
                          "AND r.is_admin = 1 AND u.active = 1",
                          company_id));
  if (!row || row->Int(0) == 0) {
    return Conflict("role.last_admin",
                    "This change would leave the company without an administrator.");
  }
  return Status::Ok();
}

Result<nlohmann::json> Roles::Create(store::Tx& tx, const Access& who, const nlohmann::json& body) {
  Fields f(body);
  auto name = f.Text("name", {.required = true, .max_chars = 80});
  auto description = f.Text("description", {.max_chars = 500, .allow_empty = true});
  auto is_admin = f.Bool("is_admin");
  std::vector<std::pair<std::string, Scope>> grants;
  RETURN_IF_ERROR(ReadGrants(f, &grants));
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT 1 FROM roles WHERE company_id = ? AND name = ?",
                                    who.company_id(), *name));
  if (dup) return Conflict("role.name_taken", "A role named " + *name + " exists.");
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO roles (company_id, name, description, is_admin, "
                             "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                             who.company_id(), *name, description.value_or(""),
                             is_admin.value_or(false), clock_.Now().ToIso()));
  RETURN_IF_ERROR(WriteGrants(tx, id, grants));
  ASSIGN_OR_RETURN(auto out, Get(tx, who, id));
  nlohmann::json audited = out;
  audited.erase("version");
  tx.Audit({"role", id, "create", store::Changes(nlohmann::json::object(), audited), std::nullopt});
  tx.Emit({"role.created", "role", id, out, std::nullopt});
  return out;
}

Result<nlohmann::json> Roles::Update(store::Tx& tx, const Access& who, int64_t id,
                                     const nlohmann::json& body, const VersionCheck& check) {
  ASSIGN_OR_RETURN(nlohmann::json before, Get(tx, who, id));
  RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  Fields f(body);
  f.Ignore("version");
  auto name = f.Text("name", {.max_chars = 80});
  auto description = f.Text("description", {.max_chars = 500, .allow_empty = true});
  auto is_admin = f.Bool("is_admin");
  bool grants_given = f.Has("permissions");
  std::vector<std::pair<std::string, Scope>> grants;
  RETURN_IF_ERROR(ReadGrants(f, &grants));
  RETURN_IF_ERROR(f.Finish());
  if (name && *name != before["name"]) {
    ASSIGN_OR_RETURN(auto dup, tx.One("SELECT 1 FROM roles WHERE company_id = ? AND name = ?",
                                      who.company_id(), *name));
    if (dup) return Conflict("role.name_taken", "A role named " + *name + " exists.");
  }
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec(
          "UPDATE roles SET name = COALESCE(?, name), description = COALESCE(?, description), "
          "is_admin = COALESCE(?, is_admin), version = version + 1 WHERE id = ? AND version = ?",
          name, description, is_admin, id, before["version"].get<int64_t>()));
  if (n != 1) return Status(Code::kStaleVersion, "version.stale", "The role changed concurrently.");
  if (grants_given) RETURN_IF_ERROR(WriteGrants(tx, id, grants));
  if (is_admin && !*is_admin) RETURN_IF_ERROR(CheckAdminRemains(tx, who.company_id()));
  ASSIGN_OR_RETURN(nlohmann::json after, Get(tx, who, id));
  nlohmann::json b = before, a = after;
  b.erase("version");
  a.erase("version");
  tx.Audit({"role", id, "update", store::Changes(b, a), std::nullopt});
  tx.Emit({"role.updated", "role", id, after, std::nullopt});
  return after;
}

Status Roles::Delete(store::Tx& tx, const Access& who, int64_t id, const VersionCheck& check) {
  ASSIGN_OR_RETURN(nlohmann::json before, Get(tx, who, id));
  RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  ASSIGN_OR_RETURN(auto used, tx.One("SELECT COUNT(*) FROM user_roles WHERE role_id = ?", id));
  if (used && used->Int(0) > 0) {
    return Conflict(
        "role.in_use",
        fmt::format("{} user(s) hold this role; remove it from them first.", used->Int(0)));
  }
  RETURN_IF_ERROR(tx.Exec("DELETE FROM role_permissions WHERE role_id = ?", id).status());
  RETURN_IF_ERROR(tx.Exec("DELETE FROM roles WHERE id = ?", id).status());
  before.erase("version");
  tx.Audit({"role", id, "delete", store::Changes(before, nlohmann::json::object()), std::nullopt});
  tx.Emit({"role.deleted", "role", id, {{"id", id}}, std::nullopt});
  return Status::Ok();
}

Result<int64_t> Roles::CreateSystem(store::Tx& tx, int64_t company_id, const std::string& name,
                                    bool is_admin,
                                    const std::vector<std::pair<std::string, Scope>>& grants) {
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO roles (company_id, name, is_admin, created_at) "
                             "VALUES (?, ?, ?, ?) RETURNING id",
                             company_id, name, is_admin, clock_.Now().ToIso()));
  RETURN_IF_ERROR(WriteGrants(tx, id, grants));
  tx.Audit({"role",
            id,
            "create",
            {{"name", {nullptr, name}}, {"is_admin", {nullptr, is_admin}}},
            company_id});
  tx.Emit({"role.created", "role", id, {{"id", id}, {"name", name}}, company_id});
  return id;
}

}  // namespace concord::security
