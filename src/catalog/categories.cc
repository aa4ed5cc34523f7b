#include "catalog/categories.h"

#include "core/json_input.h"
#include "store/row_json.h"

namespace concord::catalog {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 20;

Result<json> Load(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, parent_id, name, version, created_at, updated_at "
                                    "FROM product_categories WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("category");
  return store::RowJson(*row);
}

// The parent must be the company's and not the category itself or one below it.
Status CheckParent(store::Tx& tx, int64_t company_id, int64_t parent, int64_t self) {
  ASSIGN_OR_RETURN(auto line, Categories::Lineage(tx, company_id, parent));
  if (line.empty()) return InvalidField("parent_id", "not_found", "No such category.");
  for (int64_t id : line) {
    if (id == self) return InvalidField("parent_id", "cycle", "A category cannot sit under itself.");
  }
  return Status::Ok();
}

Status CheckName(store::Tx& tx, int64_t company_id, const json& c, int64_t self) {
  ASSIGN_OR_RETURN(auto dup,
                   tx.One("SELECT id FROM product_categories WHERE company_id = ? AND name = ? AND "
                          "COALESCE(parent_id, 0) = ? AND id <> ?",
                          company_id, c["name"].get<std::string>(),
                          c["parent_id"].is_number() ? c["parent_id"].get<int64_t>() : 0, self));
  if (dup) return InvalidField("name", "taken", "A category of that name exists there.");
  return Status::Ok();
}

}  // namespace

Result<std::vector<int64_t>> Categories::Lineage(store::Tx& tx, int64_t company_id,
                                                 std::optional<int64_t> category_id) {
  std::vector<int64_t> out;
  for (auto at = category_id; at && out.size() < kMaxDepth;) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT parent_id FROM product_categories WHERE id = ? AND "
                                      "company_id = ?",
                                      *at, company_id));
    if (!row) break;
    out.push_back(*at);
    at = row->OptInt(0);
  }
  return out;
}

Result<json> Categories::List(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(who.Require("catalog.product.read"));
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, parent_id, name, version, created_at, "
                                      "updated_at FROM product_categories WHERE company_id = ? "
                                      "ORDER BY name, id",
                                      who.company_id()));
  json items = json::array();
  for (const auto& r : rows) items.push_back(store::RowJson(r));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> Categories::Create(store::Tx& tx, const security::Access& who,
                                const json& body) const {
  RETURN_IF_ERROR(who.Require("catalog.product.create"));
  Fields f(body);
  auto name = f.Text("name", {.required = true, .max_chars = 100});
  auto parent = f.Int("parent_id");
  RETURN_IF_ERROR(f.Finish());
  if (parent) RETURN_IF_ERROR(CheckParent(tx, who.company_id(), *parent, 0));
  json c = {{"name", *name}, {"parent_id", parent ? json(*parent) : json()}};
  RETURN_IF_ERROR(CheckName(tx, who.company_id(), c, 0));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO product_categories (company_id, parent_id, "
                                         "name, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                                         "RETURNING id",
                                         who.company_id(), parent, *name, now, now));
  ASSIGN_OR_RETURN(json out, Load(tx, who.company_id(), id));
  tx.Audit({"product_category", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"product_category.created", "product_category", id, out});
  return out;
}

Result<json> Categories::Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const json& body,
                                const std::function<Status(int64_t)>& check_version) const {
  RETURN_IF_ERROR(who.Require("catalog.product.update"));
  ASSIGN_OR_RETURN(json before, Load(tx, who.company_id(), id));
  if (check_version) RETURN_IF_ERROR(check_version(before["version"].get<int64_t>()));
  Fields f(body);
  f.Ignore("version");
  json after = before;
  if (auto v = f.Text("name", {.max_chars = 100})) after["name"] = *v;
  if (f.Has("parent_id") && body["parent_id"].is_null()) {
    f.Raw("parent_id");
    after["parent_id"] = nullptr;
  } else if (auto v = f.Int("parent_id")) {
    after["parent_id"] = *v;
  }
  RETURN_IF_ERROR(f.Finish());
  if (after["parent_id"].is_number()) {
    RETURN_IF_ERROR(CheckParent(tx, who.company_id(), after["parent_id"].get<int64_t>(), id));
  }
  RETURN_IF_ERROR(CheckName(tx, who.company_id(), after, id));
  std::optional<int64_t> parent;
  if (after["parent_id"].is_number()) parent = after["parent_id"].get<int64_t>();
  RETURN_IF_ERROR(tx.Exec("UPDATE product_categories SET name = ?, parent_id = ?, version = "
                          "version + 1, updated_at = ? WHERE id = ?",
                          after["name"].get<std::string>(), parent, clock_.Now().ToIso(), id)
                      .status());
  ASSIGN_OR_RETURN(json out, Load(tx, who.company_id(), id));
  tx.Audit({"product_category", id, "update", store::Changes(before, out)});
  tx.Emit({"product_category.updated", "product_category", id, out});
  return out;
}

}  // namespace concord::catalog
