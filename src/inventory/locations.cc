#include "inventory/locations.h"

#include "inventory/internal.h"
#include "store/row_json.h"

namespace concord::inventory {
namespace {

using nlohmann::json;

constexpr const char* kWarehouseColumns =
    "id, company_id, code, name, view_location_id, stock_location_id, active, version, "
    "created_at, updated_at";
constexpr const char* kLocationColumns =
    "id, company_id, warehouse_id, parent_id, name, kind, active, version, created_at, "
    "updated_at";

json WarehouseJson(const store::Record& r) {
  json j = store::RowJson(r);
  j["active"] = r.Int("active") != 0;
  return j;
}

json LocationJson(const store::Record& r) {
  json j = store::RowJson(r);
  j["active"] = r.Int("active") != 0;
  return j;
}

Result<json> LoadWarehouseJson(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kWarehouseColumns +
                                        " FROM warehouses WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("warehouse");
  return WarehouseJson(*row);
}

Result<json> LoadLocationJson(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kLocationColumns +
                                        " FROM stock_locations WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("stock location");
  return LocationJson(*row);
}

// Inserts a location under `parent` (or at the top) and sets its path.
Result<int64_t> InsertLocation(store::Tx& tx, int64_t company_id,
                               std::optional<int64_t> warehouse_id, const Location* parent,
                               const std::string& name, const std::string& kind,
                               const std::string& now) {
  std::optional<int64_t> parent_id;
  if (parent) parent_id = parent->id;
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO stock_locations (company_id, warehouse_id, "
                             "parent_id, name, kind, created_at, updated_at) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             company_id, warehouse_id, parent_id, name, kind, now, now));
  std::string path = (parent ? parent->path : std::string("/")) + std::to_string(id) + "/";
  RETURN_IF_ERROR(tx.Exec("UPDATE stock_locations SET path = ? WHERE id = ?", path, id).status());
  return id;
}

// A warehouse with its view and stock locations; returns its id.
Result<int64_t> InsertWarehouse(store::Tx& tx, int64_t company_id, const std::string& code,
                                const std::string& name, const std::string& now) {
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO warehouses (company_id, code, name, "
                                         "created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                                         "RETURNING id",
                                         company_id, code, name, now, now));
  ASSIGN_OR_RETURN(int64_t view, InsertLocation(tx, company_id, id, nullptr, code, kView, now));
  ASSIGN_OR_RETURN(Location view_loc, LoadLocation(tx, company_id, view));
  ASSIGN_OR_RETURN(int64_t stock,
                   InsertLocation(tx, company_id, id, &view_loc, code + "/Stock", kInternal, now));
  RETURN_IF_ERROR(tx.Exec("UPDATE warehouses SET view_location_id = ?, stock_location_id = ? "
                          "WHERE id = ?",
                          view, stock, id)
                      .status());
  return id;
}

bool ValidCode(const std::string& code) {
  for (char ch : code) {
    bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_';
    if (!ok) return false;
  }
  return !code.empty();
}

}  // namespace

Status SetUpCompanyStock(store::Tx& tx, int64_t company_id, const Clock& clock) {
  ASSIGN_OR_RETURN(auto existing, tx.One("SELECT id FROM stock_locations WHERE company_id = ? "
                                         "LIMIT 1",
                                         company_id));
  if (existing) return Status::Ok();
  std::string now = clock.Now().ToIso();
  const std::pair<const char*, const char*> kVirtual[] = {
      {"Partners/Customers", kCustomer},
      {"Partners/Suppliers", kSupplier},
      {"Virtual/Inventory loss", kInventoryLoss},
      {"Virtual/Transit", kTransit}};
  for (const auto& [name, kind] : kVirtual) {
    RETURN_IF_ERROR(
        InsertLocation(tx, company_id, std::nullopt, nullptr, name, kind, now).status());
  }
  return InsertWarehouse(tx, company_id, "WH", "Main warehouse", now).status();
}

Status SetUpMissingCompanies(store::Database& db, const Clock& clock) {
  return db.Write([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT c.id FROM companies c WHERE NOT EXISTS (SELECT 1 "
                                        "FROM stock_locations l WHERE l.company_id = c.id) ORDER "
                                        "BY c.id"));
    for (const auto& r : rows) RETURN_IF_ERROR(SetUpCompanyStock(tx, r.Int(0), clock));
    return Status::Ok();
  });
}

Result<json> Locations::ListWarehouses(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(who.Require("inventory.warehouse.read"));
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string("SELECT ") + kWarehouseColumns +
                                          " FROM warehouses WHERE company_id = ? ORDER BY id",
                                      who.company_id()));
  json items = json::array();
  for (const auto& r : rows) items.push_back(WarehouseJson(r));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> Locations::GetWarehouse(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("inventory.warehouse.read"));
  return LoadWarehouseJson(tx, who.company_id(), id);
}

Result<json> Locations::CreateWarehouse(store::Tx& tx, const security::Access& who,
                                        const json& body) const {
  RETURN_IF_ERROR(who.Require("inventory.warehouse.create"));
  Fields f(body);
  auto code = f.Text("code", {.required = true, .max_chars = 10});
  auto name = f.Text("name", {.required = true, .max_chars = 200});
  if (code && !ValidCode(*code)) {
    f.Error("code", "format", "code is letters, digits, '-' and '_'.");
  }
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT id FROM warehouses WHERE company_id = ? AND code = ?",
                                    who.company_id(), *code));
  if (dup) return InvalidField("code", "taken", "Warehouse code " + *code + " exists.");
  ASSIGN_OR_RETURN(int64_t id,
                   InsertWarehouse(tx, who.company_id(), *code, *name, clock_.Now().ToIso()));
  tx.Audit({"warehouse", id, "create", {{"code", {nullptr, *code}}, {"name", {nullptr, *name}}}});
  tx.Emit({"warehouse.created", "warehouse", id, {{"id", id}, {"code", *code}}});
  return LoadWarehouseJson(tx, who.company_id(), id);
}

Result<json> Locations::UpdateWarehouse(store::Tx& tx, const security::Access& who, int64_t id,
                                        const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("inventory.warehouse.update"));
  ASSIGN_OR_RETURN(json before, LoadWarehouseJson(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  Fields f(body);
  f.Ignore("version");
  auto name = f.Text("name", {.max_chars = 200});
  auto active = f.Bool("active");
  RETURN_IF_ERROR(f.Finish());
  if (active && !*active) {
    ASSIGN_OR_RETURN(auto stock, tx.One("SELECT 1 FROM stock_quants q JOIN stock_locations l ON "
                                        "l.id = q.location_id WHERE l.warehouse_id = ? AND "
                                        "q.quantity <> 0 LIMIT 1",
                                        id));
    if (stock) {
      return FailedPrecondition("inventory.warehouse_has_stock",
                                "A warehouse with stock on hand cannot be deactivated.");
    }
  }
  json after = before;
  if (name) after["name"] = *name;
  if (active) after["active"] = *active;
  json changes = store::Changes(before, after);
  if (changes.empty()) return before;
  RETURN_IF_ERROR(tx.Exec("UPDATE warehouses SET name = ?, active = ?, version = version + 1, "
                          "updated_at = ? WHERE id = ?",
                          after["name"].get<std::string>(), after["active"].get<bool>(),
                          clock_.Now().ToIso(), id)
                      .status());
  tx.Audit({"warehouse", id, "update", changes});
  tx.Emit({"warehouse.updated", "warehouse", id, {{"id", id}}});
  return LoadWarehouseJson(tx, who.company_id(), id);
}

Result<json> Locations::ListLocations(store::Tx& tx, const security::Access& who,
                                      std::optional<int64_t> warehouse_id, const std::string& kind,
                                      int64_t limit, int64_t after) const {
  RETURN_IF_ERROR(who.Require("inventory.warehouse.read"));
  std::string sql = std::string("SELECT ") + kLocationColumns +
                    " FROM stock_locations WHERE company_id = ? AND id > ?";
  std::vector<store::Value> p = {who.company_id(), after};
  if (warehouse_id) {
    sql += " AND warehouse_id = ?";
    p.emplace_back(*warehouse_id);
  }
  if (!kind.empty()) {
    sql += " AND kind = ?";
    p.emplace_back(kind);
  }
  p.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY id LIMIT ?", p));
  json items = json::array();
  for (const auto& r : rows) items.push_back(LocationJson(r));
  return items;
}

Result<json> Locations::GetLocation(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("inventory.warehouse.read"));
  return LoadLocationJson(tx, who.company_id(), id);
}

Result<json> Locations::CreateLocation(store::Tx& tx, const security::Access& who,
                                       const json& body) const {
  RETURN_IF_ERROR(who.Require("inventory.warehouse.create"));
  Fields f(body);
  auto name = f.Text("name", {.required = true, .max_chars = 100});
  auto parent_id = f.Int("parent_id", true);
  auto kind = f.Enum("kind", {kInternal, kView});
  if (name && name->find('/') != std::string::npos) {
    f.Error("name", "format", "A location name has no '/'.");
  }
  RETURN_IF_ERROR(f.Finish());
  auto parent = LoadLocation(tx, who.company_id(), *parent_id);
  if (!parent.ok() || !parent->warehouse_id || !parent->active) {
    return InvalidField("parent_id", "not_found", "No such active warehouse location.");
  }
  std::string full = parent->name + "/" + *name;
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT id FROM stock_locations WHERE company_id = ? AND "
                                    "parent_id = ? AND name = ?",
                                    who.company_id(), parent->id, full));
  if (dup) return InvalidField("name", "taken", "Location " + full + " exists.");
  ASSIGN_OR_RETURN(int64_t id,
                   InsertLocation(tx, who.company_id(), parent->warehouse_id, &*parent, full,
                                  kind.value_or(kInternal), clock_.Now().ToIso()));
  tx.Audit({"stock_location", id, "create", {{"name", {nullptr, full}}}});
  tx.Emit({"stock_location.created", "stock_location", id, {{"id", id}}});
  return LoadLocationJson(tx, who.company_id(), id);
}

}  // namespace concord::inventory
