// Products: the catalog's master records. Reads for other areas (Info, InfoMany, ByCode) and
// the API use cases (list, get, create, update, delete-or-archive).
#include "catalog/products.h"

#include "accounting/taxes.h"
#include "catalog/internal.h"
#include "security/company.h"
#include "store/row_json.h"

namespace concord::catalog {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "p.id, p.company_id, p.sku, p.gtin, p.name, p.description, p.kind, p.category_id, p.uom_id, "
    "u.code AS uom, p.sale_tax_id, p.purchase_tax_id, p.costing_method, p.list_price, "
    "p.standard_cost, p.tracking, p.use_expiry, p.weight_kg, p.active, p.version, p.created_at, "
    "p.updated_at";
constexpr const char* kFrom = " FROM products p JOIN uoms u ON u.id = p.uom_id";

const std::vector<std::string> kKinds = {"stocked", "consumable", "service"};
const std::vector<std::string> kCosting = {"standard", "average", "fifo"};
const std::vector<std::string> kTracking = {"none", "lot", "serial"};

ProductInfo InfoOf(const store::Record& r) {
  ProductInfo p;
  p.id = r.Int("id");
  p.company_id = r.Int("company_id");
  p.sku = r.Text("sku");
  p.name = r.Text("name");
  p.kind = r.Text("kind");
  p.costing_method = r.Text("costing_method");
  p.tracking = r.Text("tracking");
  p.use_expiry = r.Int("use_expiry") != 0;
  p.uom_id = r.Int("uom_id");
  p.category_id = r.OptInt("category_id");
  p.sale_tax_id = r.OptInt("sale_tax_id");
  p.purchase_tax_id = r.OptInt("purchase_tax_id");
  p.list_price = UnitPrice::FromScaled(r.Int("list_price"));
  p.standard_cost = UnitPrice::FromScaled(r.Int("standard_cost"));
  p.weight_kg = Quantity::FromScaled(r.Int("weight_kg"));
  p.active = r.Int("active") != 0;
  return p;
}

json ProductJson(const store::Record& r, const std::string& currency) {
  json j = store::RowJson(r);
  j["list_price"] = ScaledText(r.Int("list_price"));
  j["standard_cost"] = ScaledText(r.Int("standard_cost"));
  j["weight_kg"] = ScaledText(r.Int("weight_kg"), 0);
  j["use_expiry"] = r.Int("use_expiry") != 0;
  j["active"] = r.Int("active") != 0;
  j["currency"] = currency;
  return j;
}

Result<store::Record> LoadRow(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kColumns + kFrom +
                                        " WHERE p.id = ? AND p.company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("product");
  return *row;
}

Result<json> LoadJson(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, LoadRow(tx, company_id, id));
  ASSIGN_OR_RETURN(auto currency, security::CompanyCurrency(tx, company_id));
  return ProductJson(row, currency);
}

// The product fields of a create or update body, as columns to write. Absent fields are left
// out, so an update changes only what it names.
struct ProductInput {
  json columns = json::object();
};

Status CheckTax(const std::string& field, int64_t id,
                const std::vector<accounting::TaxDef>& taxes) {
  for (const auto& t : taxes) {
    if (t.id == id) return Status::Ok();
  }
  return InvalidField(field, "not_found", "No such active tax in this company.");
}

// Reads the fields into `in`; resolves `uom` codes; checks taxes, category and GTIN.
Status ReadInput(store::Tx& tx, int64_t company_id, const json& body, bool create,
                 const Clock& clock, ProductInput& in) {
  Fields f(body);
  f.Ignore("version");
  json& c = in.columns;
  if (auto v = f.Text("sku", {.required = create, .max_chars = 64})) c["sku"] = *v;
  if (auto v = f.Text("name", {.required = create, .max_chars = 200})) c["name"] = *v;
  if (auto v = f.Text("description", {.max_chars = 4000, .allow_empty = true})) {
    c["description"] = *v;
  }
  if (auto v = f.Text("gtin", {.max_chars = 14, .allow_empty = true})) c["gtin"] = *v;
  if (auto v = f.Enum("kind", kKinds, create)) c["kind"] = *v;
  if (auto v = f.Enum("costing_method", kCosting)) c["costing_method"] = *v;
  if (auto v = f.Enum("tracking", kTracking)) c["tracking"] = *v;
  if (auto v = f.Bool("use_expiry")) c["use_expiry"] = *v ? 1 : 0;
  if (auto v = f.Bool("active")) c["active"] = *v ? 1 : 0;
  for (const char* k : {"category_id", "sale_tax_id", "purchase_tax_id", "uom_id"}) {
    if (f.Has(k) && body[k].is_null()) {
      f.Raw(k);
      if (std::string(k) != "uom_id") c[k] = nullptr;
    } else if (auto v = f.Int(k)) {
      c[k] = *v;
    }
  }
  auto uom_code = f.Text("uom", {.max_chars = 20});
  for (const char* k : {"list_price", "standard_cost", "weight_kg"}) {
    if (auto v = ScaledField(f, k)) c[k] = *v;
  }
  RETURN_IF_ERROR(f.Finish());
  if (uom_code) {
    ASSIGN_OR_RETURN(int64_t uom_id, Uoms::IdOf(tx, company_id, *uom_code));
    c["uom_id"] = uom_id;
  } else if (c.contains("uom_id")) {
    if (!Uoms::CodeOf(tx, company_id, c["uom_id"].get<int64_t>()).ok()) {
      return InvalidField("uom_id", "not_found", "No such unit of measure.");
    }
  }
  if (c.contains("gtin") && c["gtin"].is_string()) {
    std::string g = c["gtin"];
    if (g.empty()) {
      c["gtin"] = nullptr;
    } else if (!ValidGtin(g)) {
      return InvalidField("gtin", "gtin.invalid",
                          "A GTIN has 8, 12, 13 or 14 digits and a valid check digit.");
    }
  }
  if (c.contains("category_id") && c["category_id"].is_number()) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM product_categories WHERE id = ? AND "
                                      "company_id = ?",
                                      c["category_id"].get<int64_t>(), company_id));
    if (!row) return InvalidField("category_id", "not_found", "No such category.");
  }
  if ((c.contains("sale_tax_id") && c["sale_tax_id"].is_number()) ||
      (c.contains("purchase_tax_id") && c["purchase_tax_id"].is_number())) {
    ASSIGN_OR_RETURN(auto taxes, accounting::Taxes(clock).Load(tx, company_id));
    for (const char* k : {"sale_tax_id", "purchase_tax_id"}) {
      if (c.contains(k) && c[k].is_number()) {
        RETURN_IF_ERROR(CheckTax(k, c[k].get<int64_t>(), taxes));
      }
    }
  }
  return Status::Ok();
}

// A product's settings must agree with each other: services are not tracked or costed by
// layers; serial tracking has no expiry shortcut beyond lots.
Status CheckCoherent(const json& p) {
  std::string kind = p.value("kind", "");
  if (kind == "service" && p.value("tracking", "none") != "none") {
    return InvalidField("tracking", "service_tracked", "A service is not tracked.");
  }
  if (p.value("tracking", "none") == "none" && p.value("use_expiry", 0) != 0) {
    return InvalidField("use_expiry", "untracked",
                        "Expiry dates belong to lots or serials: set tracking first.");
  }
  return Status::Ok();
}

Status CheckUnique(store::Tx& tx, int64_t company_id, const json& c, int64_t self) {
  if (c.contains("sku")) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM products WHERE company_id = ? AND sku = ? "
                                      "AND id <> ?",
                                      company_id, c["sku"].get<std::string>(), self));
    if (row) return Status(Code::kConflict, "product.sku_taken", "The SKU is in use.");
  }
  if (c.contains("gtin") && c["gtin"].is_string()) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM products WHERE company_id = ? AND gtin = ? "
                                      "AND id <> ?",
                                      company_id, c["gtin"].get<std::string>(), self));
    if (row) return Status(Code::kConflict, "product.gtin_taken", "The GTIN is in use.");
  }
  return Status::Ok();
}


}  // namespace

Result<ProductInfo> Products::Info(store::Tx& tx, int64_t company_id, int64_t product_id) const {
  ASSIGN_OR_RETURN(auto row, LoadRow(tx, company_id, product_id));
  return InfoOf(row);
}

Result<std::vector<ProductInfo>> Products::InfoMany(store::Tx& tx, int64_t company_id,
                                                    const std::vector<int64_t>& ids) const {
  std::vector<ProductInfo> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    ASSIGN_OR_RETURN(auto info, Info(tx, company_id, id));
    out.push_back(std::move(info));
  }
  return out;
}

Result<ProductInfo> Products::ByCode(store::Tx& tx, int64_t company_id,
                                    const std::string& code) const {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kColumns + kFrom +
                                        " WHERE p.company_id = ? AND p.active = 1 AND "
                                        "(p.sku = ? OR p.gtin = ?)",
                                    company_id, code, code));
  if (!row) return NotFound("product");
  return InfoOf(*row);
}

// Names sort by lower(name), the expression of the case-insensitive name index.
const http::SortSpec Products::kSorts = {
    "p.id",
    {{"sku", "p.sku", http::SortKind::kText}, {"name", "lower(p.name)", http::SortKind::kText}}};

Result<json> Products::List(store::Tx& tx, const security::Access& who, const std::string& q,
                            std::optional<int64_t> category_id, const std::string& kind,
                            std::optional<bool> active, const http::ListPage& page) const {
  RETURN_IF_ERROR(who.Require("catalog.product.read"));
  std::vector<store::Value> params = {who.company_id()};
  std::string sql =
      page.Select(std::string("SELECT ") + kColumns + kFrom + " WHERE p.company_id = ?") +
      page.After(params);
  if (!q.empty()) {
    sql += " AND (p.sku LIKE ? OR p.gtin = ? OR p.name LIKE ?)";
    params.insert(params.end(), {q + "%", q, "%" + q + "%"});
  }
  if (category_id) {
    sql += " AND p.category_id = ?";
    params.emplace_back(*category_id);
  }
  if (!kind.empty()) {
    sql += " AND p.kind = ?";
    params.emplace_back(kind);
  }
  if (active) {
    sql += " AND p.active = ?";
    params.emplace_back(static_cast<int64_t>(*active));
  }
  sql += page.OrderLimit(params);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, params));
  ASSIGN_OR_RETURN(auto currency, security::CompanyCurrency(tx, who.company_id()));
  json items = json::array();
  for (const auto& r : rows) items.push_back(ProductJson(r, currency));
  return page.Body(std::move(items), rows);
}

Result<json> Products::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("catalog.product.read"));
  return LoadJson(tx, who.company_id(), id);
}

Result<json> Products::Create(store::Tx& tx, const security::Access& who,
                              const json& body) const {
  RETURN_IF_ERROR(who.Require("catalog.product.create"));
  ProductInput in;
  RETURN_IF_ERROR(ReadInput(tx, who.company_id(), body, true, clock_, in));
  json& c = in.columns;
  if (!c.contains("uom_id")) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM uoms WHERE company_id = ? AND code = "
                                      "'unit'",
                                      who.company_id()));
    if (!row) return FailedPrecondition("uom.none", "The company has no unit of measure.");
    c["uom_id"] = row->Int(0);
  }
  if (!c.contains("costing_method")) c["costing_method"] = "average";
  RETURN_IF_ERROR(CheckCoherent(c));
  RETURN_IF_ERROR(CheckUnique(tx, who.company_id(), c, 0));
  std::string now = clock_.Now().ToIso();
  c["company_id"] = who.company_id();
  c["created_at"] = now;
  c["updated_at"] = now;
  ASSIGN_OR_RETURN(int64_t id, InsertColumns(tx, "products", c));
  ASSIGN_OR_RETURN(json out, LoadJson(tx, who.company_id(), id));
  tx.Audit({"product", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"product.created", "product", id, out});
  return out;
}

Result<json> Products::Update(store::Tx& tx, const security::Access& who, int64_t id,
                              const json& body,
                              const std::function<Status(int64_t)>& check_version) const {
  RETURN_IF_ERROR(who.Require("catalog.product.update"));
  ASSIGN_OR_RETURN(json before, LoadJson(tx, who.company_id(), id));
  if (check_version) RETURN_IF_ERROR(check_version(before["version"].get<int64_t>()));
  ProductInput in;
  RETURN_IF_ERROR(ReadInput(tx, who.company_id(), body, false, clock_, in));
  json& c = in.columns;
  ASSIGN_OR_RETURN(auto row, LoadRow(tx, who.company_id(), id));
  json merged = {{"kind", row.Text("kind")},
                 {"tracking", row.Text("tracking")},
                 {"use_expiry", row.Int("use_expiry")}};
  for (const char* k : {"kind", "tracking", "use_expiry"}) {
    if (c.contains(k)) merged[k] = c[k];
  }
  RETURN_IF_ERROR(CheckCoherent(merged));
  RETURN_IF_ERROR(CheckUnique(tx, who.company_id(), c, id));
  bool structural = c.contains("kind") || c.contains("uom_id") || c.contains("tracking") ||
                    c.contains("costing_method");
  if (structural) {
    for (const auto& check : usage_checks_) {
      ASSIGN_OR_RETURN(bool used, check(tx, who.company_id(), id));
      bool same = (!c.contains("kind") || c["kind"] == row.Text("kind")) &&
                  (!c.contains("uom_id") || c["uom_id"] == row.Int("uom_id")) &&
                  (!c.contains("tracking") || c["tracking"] == row.Text("tracking")) &&
                  (!c.contains("costing_method") ||
                   c["costing_method"] == row.Text("costing_method"));
      if (used && !same) {
        return Status(Code::kConflict, "product.in_use",
                      "The product is in use: its kind, unit, tracking and costing method are "
                      "fixed. Archive it and create a new one.");
      }
    }
  }
  RETURN_IF_ERROR(UpdateColumns(tx, "products", id, c, clock_.Now().ToIso()));
  ASSIGN_OR_RETURN(json out, LoadJson(tx, who.company_id(), id));
  tx.Audit({"product", id, "update", store::Changes(before, out)});
  tx.Emit({"product.updated", "product", id, out});
  return out;
}

Status Products::Delete(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("catalog.product.delete"));
  ASSIGN_OR_RETURN(json before, LoadJson(tx, who.company_id(), id));
  for (const auto& check : usage_checks_) {
    ASSIGN_OR_RETURN(bool used, check(tx, who.company_id(), id));
    if (used) {
      return Status(Code::kConflict, "product.in_use",
                    "The product is in use and cannot be deleted; archive it (active: false).");
    }
  }
  RETURN_IF_ERROR(tx.Exec("DELETE FROM price_rules WHERE product_id = ?", id).status());
  RETURN_IF_ERROR(tx.Exec("DELETE FROM promotions WHERE product_id = ?", id).status());
  RETURN_IF_ERROR(tx.Exec("DELETE FROM products WHERE id = ?", id).status());
  tx.Audit({"product", id, "delete", store::Changes(before, json::object())});
  tx.Emit({"product.deleted", "product", id, before});
  return Status::Ok();
}

}  // namespace concord::catalog
