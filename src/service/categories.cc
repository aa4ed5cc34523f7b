#include "service/categories.h"

#include "core/json_input.h"
#include "security/company.h"
#include "store/row_json.h"

namespace concord::service {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "SELECT id, company_id, name, kind, max_processing_minutes, first_response_minutes, "
    "department_id, default_priority, active, version, created_at, updated_at "
    "FROM service_categories ";

json CategoryJson(const store::Record& r) {
  json out = store::RowJson(r);
  out.erase("company_id");
  out["active"] = r.Int("active") == 1;
  return out;
}

struct Draft {
  std::string name, kind, default_priority = "normal";
  int64_t max_processing_minutes = 0;
  std::optional<int64_t> first_response_minutes, department_id;
  bool active = true;
};

void ReadDraft(Fields& f, Draft& d, bool create) {
  if (create || f.Has("name")) {
    if (auto v = f.Text("name", {.required = true, .max_chars = 100})) d.name = *v;
  }
  if (create || f.Has("kind")) {
    if (auto v = f.Enum("kind", kCategoryKinds, true)) d.kind = *v;
  }
  if (create || f.Has("max_processing_minutes")) {
    if (auto v = f.Int("max_processing_minutes", true, 1, kMaxBusinessMinutes)) {
      d.max_processing_minutes = *v;
    }
  }
  if (f.Has("first_response_minutes")) {
    d.first_response_minutes = f.Int("first_response_minutes", false, 1, kMaxBusinessMinutes);
  }
  if (f.Has("department_id")) d.department_id = f.Int("department_id");
  if (f.Has("default_priority")) {
    if (auto v = f.Enum("default_priority", kPriorities, true)) d.default_priority = *v;
  }
  if (f.Has("active")) d.active = f.Bool("active", true).value_or(d.active);
}

Status CheckDraft(store::Tx& tx, int64_t company_id, Fields& f, const Draft& d) {
  if (d.first_response_minutes && d.max_processing_minutes > 0 &&
      *d.first_response_minutes > d.max_processing_minutes) {
    f.Error("first_response_minutes", "range",
            "The first response is due no later than the resolution.");
  }
  if (d.department_id) {
    ASSIGN_OR_RETURN(bool ok, security::DepartmentInCompany(tx, company_id, *d.department_id));
    if (!ok) f.Error("department_id", "not_found", "No such department.");
  }
  return Status::Ok();
}

Result<store::Record> Load(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row, tx.One(std::string(kColumns) + "WHERE id = ? AND company_id = ?", id, company_id));
  if (!row) return NotFound("category");
  return std::move(*row);
}

}  // namespace

Result<json> Categories::List(store::Tx& tx, const security::Access& who, int64_t limit,
                              int64_t after) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string(kColumns) +
                                          "WHERE company_id = ? AND id > ? ORDER BY id LIMIT ?",
                                      who.company_id(), after, limit + 1));
  json items = json::array();
  for (const auto& r : rows) items.push_back(CategoryJson(r));
  return items;
}

Result<json> Categories::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who.company_id(), id));
  return CategoryJson(row);
}

Result<json> Categories::Create(store::Tx& tx, const security::Access& who,
                                const json& body) const {
  Fields f(body);
  Draft d;
  ReadDraft(f, d, true);
  RETURN_IF_ERROR(CheckDraft(tx, who.company_id(), f, d));
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto same, tx.One("SELECT 1 FROM service_categories WHERE company_id = ? AND "
                                     "name = ?",
                                     who.company_id(), d.name));
  if (same) return InvalidField("name", "duplicate", "A category with this name exists.");
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO service_categories (company_id, name, kind, max_processing_minutes, "
                "first_response_minutes, department_id, default_priority, active, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                who.company_id(), d.name, d.kind, d.max_processing_minutes,
                d.first_response_minutes, d.department_id, d.default_priority, d.active, now, now));
  ASSIGN_OR_RETURN(json out, Get(tx, who, id));
  tx.Audit({"service_category", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"service_category.created", "service_category", id, out});
  return out;
}

Result<json> Categories::Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const json& body, const security::VersionCheck& check) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who.company_id(), id));
  RETURN_IF_ERROR(check(row.Int("version")));
  json before = CategoryJson(row);
  Draft d{row.Text("name"),
          row.Text("kind"),
          row.Text("default_priority"),
          row.Int("max_processing_minutes"),
          row.OptInt("first_response_minutes"),
          row.OptInt("department_id"),
          row.Int("active") == 1};
  Fields f(body);
  f.Ignore("version");
  ReadDraft(f, d, false);
  RETURN_IF_ERROR(CheckDraft(tx, who.company_id(), f, d));
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto same, tx.One("SELECT 1 FROM service_categories WHERE company_id = ? AND "
                                     "name = ? AND id <> ?",
                                     who.company_id(), d.name, id));
  if (same) return InvalidField("name", "duplicate", "A category with this name exists.");
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE service_categories SET name = ?, kind = ?, max_processing_minutes = ?, "
              "first_response_minutes = ?, department_id = ?, default_priority = ?, active = ?, "
              "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
              d.name, d.kind, d.max_processing_minutes, d.first_response_minutes, d.department_id,
              d.default_priority, d.active, clock_.Now().ToIso(), id, row.Int("version")));
  if (n != 1) {
    return Status(Code::kStaleVersion, "version.stale", "The category changed concurrently.");
  }
  ASSIGN_OR_RETURN(json after, Get(tx, who, id));
  tx.Audit({"service_category", id, "update", store::Changes(before, after)});
  tx.Emit({"service_category.updated", "service_category", id, after});
  return after;
}

Result<CategoryInfo> Categories::Info(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto r, Load(tx, company_id, id));
  return CategoryInfo{r.Int("id"),
                      r.Text("name"),
                      r.Text("kind"),
                      r.Text("default_priority"),
                      r.Int("max_processing_minutes"),
                      r.OptInt("first_response_minutes"),
                      r.OptInt("department_id"),
                      r.Int("active") == 1};
}

}  // namespace concord::service
