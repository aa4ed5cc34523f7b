// Departments: list, read, create, update.
#include "security/directory.h"

namespace concord::security {
namespace {

constexpr std::string_view kDeptColumns =
    "SELECT id, company_id, name, parent_id, manager_user_id, version, created_at FROM "
    "departments ";

nlohmann::json DeptJson(const store::Record& r) {
  auto opt = [&](const char* c) {
    return r.IsNull(c) ? nlohmann::json() : nlohmann::json(r.Int(c));
  };
  return {{"id", r.Int("id")},
          {"name", r.Text("name")},
          {"parent_id", opt("parent_id")},
          {"manager_user_id", opt("manager_user_id")},
          {"version", r.Int("version")},
          {"created_at", r.Text("created_at")}};
}

// True if `department` is `ancestor` or lies below it (walks up the parent chain, which is
// acyclic because every update goes through this check).
Result<bool> IsWithin(store::Tx& tx, int64_t department, int64_t ancestor) {
  for (int depth = 0; department != 0 && depth < 1000; ++depth) {
    if (department == ancestor) return true;
    ASSIGN_OR_RETURN(auto row,
                     tx.One("SELECT parent_id FROM departments WHERE id = ?", department));
    department = row && !row->IsNull(0) ? row->Int(0) : 0;
  }
  return false;
}

}  // namespace

Result<nlohmann::json> Directory::ListDepartments(store::Tx& tx, const Access& who, int64_t limit,
                                                  int64_t after) {
  SqlFilter f = who.Visible("security.department.read", {"company_id", "", "id"});
  std::vector<store::Value> params = f.params;
  params.emplace_back(after);
  params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(std::string(kDeptColumns) + "WHERE " + f.sql +
                                           " AND id > ? ORDER BY id LIMIT ?",
                                       params));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back(DeptJson(r));
  return items;
}

Result<nlohmann::json> Directory::GetDepartment(store::Tx& tx, const Access& who, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kDeptColumns) + "WHERE id = ?", id));
  if (!row) return NotFound("department");
  RETURN_IF_ERROR(who.CheckRecord("security.department.read",
                                  {row->Int("company_id"), std::nullopt, row->Int("id")},
                                  "department"));
  return DeptJson(*row);
}

Result<nlohmann::json> Directory::CreateDepartment(store::Tx& tx, const Access& who,
                                                   const nlohmann::json& body) {
  Fields f(body);
  auto name = f.Text("name", {.required = true, .max_chars = 120});
  auto parent = f.Int("parent_id");
  auto manager = f.Int("manager_user_id");
  if (parent && !CheckDepartment(tx, who, *parent, "parent_id").ok()) {
    f.Error("parent_id", "not_found", "No such department.");
  }
  if (manager) {
    ASSIGN_OR_RETURN(auto m,
                     tx.One("SELECT 1 FROM company_members WHERE company_id = ? AND user_id = ?",
                            who.company_id(), *manager));
    if (!m) f.Error("manager_user_id", "not_found", "No such user in this company.");
  }
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT 1 FROM departments WHERE company_id = ? AND name = ?",
                                    who.company_id(), *name));
  if (dup) return Conflict("department.name_taken", "A department named " + *name + " exists.");
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert(
          "INSERT INTO departments (company_id, name, parent_id, manager_user_id, created_at) "
          "VALUES (?, ?, ?, ?, ?) RETURNING id",
          who.company_id(), *name, parent, manager, clock_.Now().ToIso()));
  ASSIGN_OR_RETURN(auto out, GetDepartment(tx, who, id));
  nlohmann::json audited = out;
  audited.erase("version");
  tx.Audit({"department", id, "create", store::Changes(nlohmann::json::object(), audited),
            std::nullopt});
  tx.Emit({"department.created", "department", id, out, std::nullopt});
  return out;
}

Result<nlohmann::json> Directory::UpdateDepartment(store::Tx& tx, const Access& who, int64_t id,
                                                   const nlohmann::json& body,
                                                   const VersionCheck& check) {
  ASSIGN_OR_RETURN(nlohmann::json before, GetDepartment(tx, who, id));
  RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  Fields f(body);
  f.Ignore("version");
  auto name = f.Text("name", {.max_chars = 120});
  bool parent_given = f.Has("parent_id");
  auto parent = f.Int("parent_id");
  bool manager_given = f.Has("manager_user_id");
  auto manager = f.Int("manager_user_id");
  if (parent && !CheckDepartment(tx, who, *parent, "parent_id").ok()) {
    f.Error("parent_id", "not_found", "No such department.");
  } else if (parent) {
    ASSIGN_OR_RETURN(bool below, IsWithin(tx, *parent, id));
    if (below) f.Error("parent_id", "cycle", "A department cannot be placed under itself.");
  }
  if (manager) {
    ASSIGN_OR_RETURN(auto m,
                     tx.One("SELECT 1 FROM company_members WHERE company_id = ? AND user_id = ?",
                            who.company_id(), *manager));
    if (!m) f.Error("manager_user_id", "not_found", "No such user in this company.");
  }
  RETURN_IF_ERROR(f.Finish());
  if (name && *name != before["name"]) {
    ASSIGN_OR_RETURN(auto dup, tx.One("SELECT 1 FROM departments WHERE company_id = ? AND name = ?",
                                      who.company_id(), *name));
    if (dup) return Conflict("department.name_taken", "A department named " + *name + " exists.");
  }
  int64_t version = before["version"].get<int64_t>();
  ASSIGN_OR_RETURN(int64_t n,
                   tx.Exec("UPDATE departments SET name = COALESCE(?, name), "
                           "parent_id = CASE WHEN ? = 1 THEN ? ELSE parent_id END, "
                           "manager_user_id = CASE WHEN ? = 1 THEN ? ELSE manager_user_id END, "
                           "version = version + 1 WHERE id = ? AND version = ?",
                           name, parent_given, parent, manager_given, manager, id, version));
  if (n != 1)
    return Status(Code::kStaleVersion, "version.stale", "The department changed concurrently.");
  ASSIGN_OR_RETURN(nlohmann::json after, GetDepartment(tx, who, id));
  nlohmann::json b = before, a = after;
  b.erase("version");
  a.erase("version");
  tx.Audit({"department", id, "update", store::Changes(b, a), std::nullopt});
  tx.Emit({"department.updated", "department", id, after, std::nullopt});
  return after;
}

}  // namespace concord::security
