// Price lists (with their rules and assignments) and promotions: the data the pricing engine
// reads. Writes are audited and published; rules and assignments are replaced as sets.
#include "catalog/internal.h"
#include "catalog/pricing.h"
#include "core/currency.h"
#include "party/facts.h"
#include "store/row_json.h"

namespace concord::catalog {
namespace {

using nlohmann::json;

constexpr size_t kMaxRules = 500;
constexpr size_t kMaxAssignments = 500;

json RuleJson(const store::Record& r) {
  return {{"id", r.Int("id")},
          {"sequence", r.Int("sequence")},
          {"product_id", r.OptInt("product_id") ? json(*r.OptInt("product_id")) : json()},
          {"category_id", r.OptInt("category_id") ? json(*r.OptInt("category_id")) : json()},
          {"min_quantity", ScaledText(r.Int("min_quantity"), 0)},
          {"method", r.Text("method")},
          {"fixed_price", ScaledText(r.Int("fixed_price"))},
          {"discount_percent", FormatScaledTrimmed(r.Int("discount"), 4)},
          {"base", r.Text("base")},
          {"margin_percent", FormatScaledTrimmed(r.Int("margin"), 4)},
          {"surcharge", ScaledText(r.Int("surcharge"))}};
}

Result<json> LoadList(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, name, currency, valid_from, valid_to, priority, "
                                    "rounding, rounding_surcharge, active, version, created_at, "
                                    "updated_at FROM price_lists WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("price_list");
  json out = store::RowJson(*row);
  out["rounding"] = ScaledText(row->Int("rounding"));
  out["rounding_surcharge"] = ScaledText(row->Int("rounding_surcharge"));
  out["active"] = row->Int("active") != 0;
  ASSIGN_OR_RETURN(auto rules, tx.Rows("SELECT * FROM price_rules WHERE price_list_id = ? ORDER "
                                       "BY sequence, id",
                                       id));
  out["rules"] = json::array();
  for (const auto& r : rules) out["rules"].push_back(RuleJson(r));
  ASSIGN_OR_RETURN(auto assigned, tx.Rows("SELECT party_id, party_tag FROM "
                                          "price_list_assignments WHERE price_list_id = ? ORDER "
                                          "BY id",
                                          id));
  out["assignments"] = json::array();
  for (const auto& a : assigned) {
    if (a.OptInt(0)) {
      out["assignments"].push_back({{"party_id", a.Int(0)}});
    } else {
      out["assignments"].push_back({{"party_tag", a.Text(1)}});
    }
  }
  return out;
}

struct RuleInput {
  json columns;
};

// One rule of a "rules" array; errors are reported as rules[i].field.
Result<json> ReadRule(store::Tx& tx, int64_t company_id, const json& body, size_t i) {
  if (!body.is_object()) {
    return InvalidField("rules[" + std::to_string(i) + "]", "type", "A rule is an object.");
  }
  Fields f(body);
  json c = json::object();
  c["sequence"] = f.Int("sequence", false, 0, 1000000).value_or(10);
  auto product = f.Int("product_id");
  auto category = f.Int("category_id");
  c["min_quantity"] = ScaledField(f, "min_quantity").value_or(0);
  c["method"] = f.Enum("method", {"fixed", "discount", "formula"}, true).value_or("");
  c["fixed_price"] = ScaledField(f, "fixed_price").value_or(0);
  c["discount"] = PercentField(f, "discount_percent").value_or(0);
  c["base"] = f.Enum("base", {"list_price", "cost"}).value_or("list_price");
  c["margin"] = PercentField(f, "margin_percent", false, 100000000).value_or(0);
  c["surcharge"] = ScaledField(f, "surcharge", false, true).value_or(0);
  Status st = f.Finish();
  if (!st.ok()) {
    return Status(st.code(), st.message_id(),
                  "rules[" + std::to_string(i) + "]: " + st.message());
  }
  if (product && category) {
    return InvalidField("rules[" + std::to_string(i) + "]", "target",
                        "A rule targets a product or a category, not both.");
  }
  if (c["method"] == "fixed" && !body.contains("fixed_price")) {
    return InvalidField("rules[" + std::to_string(i) + "].fixed_price", "required",
                        "A fixed rule needs fixed_price.");
  }
  if (product) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT 1 FROM products WHERE id = ? AND company_id = ?",
                                      *product, company_id));
    if (!row) {
      return InvalidField("rules[" + std::to_string(i) + "].product_id", "not_found",
                          "No such product.");
    }
  }
  if (category) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT 1 FROM product_categories WHERE id = ? AND "
                                      "company_id = ?",
                                      *category, company_id));
    if (!row) {
      return InvalidField("rules[" + std::to_string(i) + "].category_id", "not_found",
                          "No such category.");
    }
  }
  c["product_id"] = product ? json(*product) : json();
  c["category_id"] = category ? json(*category) : json();
  return c;
}

Status ReplaceRules(store::Tx& tx, int64_t company_id, int64_t list_id, const json& rules) {
  if (!rules.is_array() || rules.size() > kMaxRules) {
    return InvalidField("rules", "type", "rules is a list of at most 500 rules.");
  }
  std::vector<json> parsed;
  for (size_t i = 0; i < rules.size(); ++i) {
    ASSIGN_OR_RETURN(auto c, ReadRule(tx, company_id, rules[i], i));
    parsed.push_back(std::move(c));
  }
  RETURN_IF_ERROR(tx.Exec("DELETE FROM price_rules WHERE price_list_id = ?", list_id).status());
  for (const auto& c : parsed) {
    auto opt = [](const json& v) {
      return v.is_number() ? store::Value(v.get<int64_t>()) : store::Value(nullptr);
    };
    RETURN_IF_ERROR(
        tx.Exec("INSERT INTO price_rules (company_id, price_list_id, sequence, product_id, "
                "category_id, min_quantity, method, fixed_price, discount, base, margin, "
                "surcharge) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                company_id, list_id, c["sequence"].get<int64_t>(), opt(c["product_id"]),
                opt(c["category_id"]), c["min_quantity"].get<int64_t>(),
                c["method"].get<std::string>(), c["fixed_price"].get<int64_t>(),
                c["discount"].get<int64_t>(), c["base"].get<std::string>(),
                c["margin"].get<int64_t>(), c["surcharge"].get<int64_t>())
            .status());
  }
  return Status::Ok();
}

Status ReplaceAssignments(store::Tx& tx, int64_t company_id, int64_t list_id, const json& list) {
  if (!list.is_array() || list.size() > kMaxAssignments) {
    return InvalidField("assignments", "type", "assignments is a list of at most 500 objects.");
  }
  RETURN_IF_ERROR(
      tx.Exec("DELETE FROM price_list_assignments WHERE price_list_id = ?", list_id).status());
  for (size_t i = 0; i < list.size(); ++i) {
    const json& a = list[i];
    std::string at = "assignments[" + std::to_string(i) + "]";
    bool party = a.is_object() && a.contains("party_id") && a["party_id"].is_number_integer();
    bool tag = a.is_object() && a.contains("party_tag") && a["party_tag"].is_string() &&
               !a["party_tag"].get<std::string>().empty() &&
               a["party_tag"].get<std::string>().size() <= 100;
    if (party == tag || a.size() != 1) {
      return InvalidField(at, "type", "An assignment is {\"party_id\"} or {\"party_tag\"}.");
    }
    if (party && !party::Facts(tx, company_id, a["party_id"].get<int64_t>()).ok()) {
      return InvalidField(at + ".party_id", "not_found", "No such party.");
    }
    RETURN_IF_ERROR(tx.Exec("INSERT INTO price_list_assignments (company_id, price_list_id, "
                            "party_id, party_tag) VALUES (?, ?, ?, ?)",
                            company_id, list_id,
                            party ? store::Value(a["party_id"].get<int64_t>())
                                  : store::Value(nullptr),
                            tag ? store::Value(a["party_tag"].get<std::string>())
                                : store::Value(nullptr))
                        .status());
  }
  return Status::Ok();
}

// The scalar fields of a list body into `c` (only those present).
Status ReadListFields(const json& body, bool create, json& c) {
  Fields f(body);
  f.Ignore("version");
  f.Raw("rules");
  f.Raw("assignments");
  if (auto v = f.Text("name", {.required = create, .max_chars = 100})) c["name"] = *v;
  if (auto v = f.Text("currency", {.required = create, .max_chars = 3})) c["currency"] = *v;
  for (const char* k : {"valid_from", "valid_to"}) {
    if (f.Has(k) && body[k].is_null()) {
      f.Raw(k);
      c[k] = nullptr;
    } else if (auto d = f.Day(k)) {
      c[k] = d->ToString();
    }
  }
  if (auto v = f.Int("priority", false, 0, 1000000)) c["priority"] = *v;
  if (auto v = ScaledField(f, "rounding")) c["rounding"] = *v;
  if (auto v = ScaledField(f, "rounding_surcharge", false, true)) c["rounding_surcharge"] = *v;
  if (auto v = f.Bool("active")) c["active"] = *v ? 1 : 0;
  RETURN_IF_ERROR(f.Finish());
  if (c.contains("currency") && !Currency::FromCode(c["currency"].get<std::string>()).ok()) {
    return InvalidField("currency", "currency.unknown", "Not an ISO 4217 currency code.");
  }
  return Status::Ok();
}


}  // namespace

Result<json> PriceLists::List(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(who.Require("catalog.price.read"));
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id FROM price_lists WHERE company_id = ? ORDER BY "
                                      "priority, id",
                                      who.company_id()));
  json items = json::array();
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(auto one, LoadList(tx, who.company_id(), r.Int(0)));
    items.push_back(std::move(one));
  }
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> PriceLists::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("catalog.price.read"));
  return LoadList(tx, who.company_id(), id);
}

Result<json> PriceLists::Create(store::Tx& tx, const security::Access& who,
                                const json& body) const {
  RETURN_IF_ERROR(who.Require("catalog.price.create"));
  json c = json::object();
  RETURN_IF_ERROR(ReadListFields(body, true, c));
  RETURN_IF_ERROR(CheckDateRange(c.value("valid_from", json()), c.value("valid_to", json())));
  std::string now = clock_.Now().ToIso();
  c["company_id"] = who.company_id();
  c["created_at"] = now;
  c["updated_at"] = now;
  ASSIGN_OR_RETURN(int64_t id, InsertColumns(tx, "price_lists", c));
  if (body.contains("rules")) RETURN_IF_ERROR(ReplaceRules(tx, who.company_id(), id, body["rules"]));
  if (body.contains("assignments")) {
    RETURN_IF_ERROR(ReplaceAssignments(tx, who.company_id(), id, body["assignments"]));
  }
  ASSIGN_OR_RETURN(json out, LoadList(tx, who.company_id(), id));
  tx.Audit({"price_list", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"price_list.created", "price_list", id, out});
  return out;
}

Result<json> PriceLists::Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const json& body,
                                const std::function<Status(int64_t)>& check_version) const {
  RETURN_IF_ERROR(who.Require("catalog.price.update"));
  ASSIGN_OR_RETURN(json before, LoadList(tx, who.company_id(), id));
  if (check_version) RETURN_IF_ERROR(check_version(before["version"].get<int64_t>()));
  json c = json::object();
  RETURN_IF_ERROR(ReadListFields(body, false, c));
  RETURN_IF_ERROR(CheckDateRange(c.contains("valid_from") ? c["valid_from"] : before["valid_from"],
                                 c.contains("valid_to") ? c["valid_to"] : before["valid_to"]));
  RETURN_IF_ERROR(UpdateColumns(tx, "price_lists", id, c, clock_.Now().ToIso()));
  if (body.contains("rules")) RETURN_IF_ERROR(ReplaceRules(tx, who.company_id(), id, body["rules"]));
  if (body.contains("assignments")) {
    RETURN_IF_ERROR(ReplaceAssignments(tx, who.company_id(), id, body["assignments"]));
  }
  ASSIGN_OR_RETURN(json out, LoadList(tx, who.company_id(), id));
  tx.Audit({"price_list", id, "update", store::Changes(before, out)});
  tx.Emit({"price_list.updated", "price_list", id, out});
  return out;
}

namespace {

Result<json> LoadPromotion(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, name, product_id, category_id, price_list_id, "
                                    "discount, valid_from, valid_to, active, version, created_at, "
                                    "updated_at FROM promotions WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("promotion");
  json out = store::RowJson(*row);
  out.erase("discount");
  out["discount_percent"] = FormatScaledTrimmed(row->Int("discount"), 4);
  out["active"] = row->Int("active") != 0;
  return out;
}

Status ReadPromotion(store::Tx& tx, int64_t company_id, const json& body, bool create, json& c) {
  Fields f(body);
  f.Ignore("version");
  if (auto v = f.Text("name", {.required = create, .max_chars = 100})) c["name"] = *v;
  for (const char* k : {"product_id", "category_id", "price_list_id"}) {
    if (f.Has(k) && body[k].is_null()) {
      f.Raw(k);
      c[k] = nullptr;
    } else if (auto v = f.Int(k)) {
      c[k] = *v;
    }
  }
  if (auto v = PercentField(f, "discount_percent", create)) c["discount"] = *v;
  if (auto d = f.Day("valid_from", create)) c["valid_from"] = d->ToString();
  if (auto d = f.Day("valid_to", create)) c["valid_to"] = d->ToString();
  if (auto v = f.Bool("active")) c["active"] = *v ? 1 : 0;
  RETURN_IF_ERROR(f.Finish());
  const std::pair<const char*, const char*> refs[] = {{"product_id", "products"},
                                                      {"category_id", "product_categories"},
                                                      {"price_list_id", "price_lists"}};
  for (const auto& [field, table] : refs) {
    if (!c.contains(field) || !c[field].is_number()) continue;
    ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT 1 FROM ") + table +
                                          " WHERE id = ? AND company_id = ?",
                                      c[field].get<int64_t>(), company_id));
    if (!row) return InvalidField(field, "not_found", std::string("No such ") + field + ".");
  }
  return Status::Ok();
}

}  // namespace

Result<json> PriceLists::ListPromotions(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(who.Require("catalog.price.read"));
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id FROM promotions WHERE company_id = ? ORDER BY "
                                      "valid_from DESC, id",
                                      who.company_id()));
  json items = json::array();
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(auto one, LoadPromotion(tx, who.company_id(), r.Int(0)));
    items.push_back(std::move(one));
  }
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> PriceLists::CreatePromotion(store::Tx& tx, const security::Access& who,
                                         const json& body) const {
  RETURN_IF_ERROR(who.Require("catalog.price.create"));
  json c = json::object();
  RETURN_IF_ERROR(ReadPromotion(tx, who.company_id(), body, true, c));
  RETURN_IF_ERROR(CheckDateRange(c["valid_from"], c["valid_to"]));
  bool product = c.contains("product_id") && c["product_id"].is_number();
  bool category = c.contains("category_id") && c["category_id"].is_number();
  if (product == category) {
    return InvalidField("product_id", "target", "A promotion targets a product or a category.");
  }
  std::string now = clock_.Now().ToIso();
  c["company_id"] = who.company_id();
  c["created_at"] = now;
  c["updated_at"] = now;
  ASSIGN_OR_RETURN(int64_t id, InsertColumns(tx, "promotions", c));
  ASSIGN_OR_RETURN(json out, LoadPromotion(tx, who.company_id(), id));
  tx.Audit({"promotion", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"promotion.created", "promotion", id, out});
  return out;
}

Result<json> PriceLists::UpdatePromotion(store::Tx& tx, const security::Access& who, int64_t id,
                                         const json& body,
                                         const std::function<Status(int64_t)>& check) const {
  RETURN_IF_ERROR(who.Require("catalog.price.update"));
  ASSIGN_OR_RETURN(json before, LoadPromotion(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  json c = json::object();
  RETURN_IF_ERROR(ReadPromotion(tx, who.company_id(), body, false, c));
  RETURN_IF_ERROR(CheckDateRange(c.contains("valid_from") ? c["valid_from"] : before["valid_from"],
                                 c.contains("valid_to") ? c["valid_to"] : before["valid_to"]));
  RETURN_IF_ERROR(UpdateColumns(tx, "promotions", id, c, clock_.Now().ToIso()));
  ASSIGN_OR_RETURN(json out, LoadPromotion(tx, who.company_id(), id));
  tx.Audit({"promotion", id, "update", store::Changes(before, out)});
  tx.Emit({"promotion.updated", "promotion", id, out});
  return out;
}

}  // namespace concord::catalog
