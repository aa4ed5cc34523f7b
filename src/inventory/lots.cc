#include "inventory/lots.h"

#include "core/json_input.h"
#include "inventory/internal.h"
#include "store/row_json.h"

namespace concord::inventory {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "t.id, t.company_id, t.product_id, t.name, t.expiry_date, t.version, t.created_at, "
    "t.updated_at, COALESCE((SELECT SUM(q.quantity) FROM stock_quants q WHERE q.company_id = "
    "t.company_id AND q.lot_id = t.id), 0) AS on_hand";

json LotJson(const store::Record& r) {
  json j = store::RowJson(r);
  j["on_hand"] = Qty(r.Int("on_hand"));
  return j;
}

Result<json> LoadJson(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kColumns +
                                        " FROM stock_lots t WHERE t.id = ? AND t.company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("lot");
  return LotJson(*row);
}

}  // namespace

Result<json> Lots::List(store::Tx& tx, const security::Access& who,
                        std::optional<int64_t> product_id, const std::string& q, int64_t limit,
                        int64_t after) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.read"));
  std::string sql =
      std::string("SELECT ") + kColumns + " FROM stock_lots t WHERE t.company_id = ? AND t.id > ?";
  std::vector<store::Value> p = {who.company_id(), after};
  if (product_id) {
    sql += " AND t.product_id = ?";
    p.emplace_back(*product_id);
  }
  if (!q.empty()) {
    sql += " AND t.name LIKE ?";
    p.emplace_back(q + "%");
  }
  p.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY t.id LIMIT ?", p));
  json items = json::array();
  for (const auto& r : rows) items.push_back(LotJson(r));
  return items;
}

Result<json> Lots::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.read"));
  return LoadJson(tx, who.company_id(), id);
}

Result<json> Lots::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.create"));
  Fields f(body);
  auto product_id = f.Int("product_id", true);
  auto name = f.Text("name", {.required = true, .max_chars = 100});
  auto expiry = f.Day("expiry_date");
  RETURN_IF_ERROR(f.Finish());
  auto product = products_.Info(tx, who.company_id(), *product_id);
  if (!product.ok()) return InvalidField("product_id", "not_found", "No such product.");
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT id FROM stock_lots WHERE company_id = ? AND "
                                    "product_id = ? AND name = ?",
                                    who.company_id(), *product_id, *name));
  if (dup) return InvalidField("name", "taken", "The product has a lot " + *name + ".");
  Status st = FindOrCreate(tx, *product, *name, expiry).status();
  if (!st.ok()) {
    // Field names of FindOrCreate are those of a transfer line.
    Status out(st.code(), st.message_id(), st.message());
    for (const auto& e : st.field_errors()) {
      out.AddFieldError(e.field == "lot_name" ? "name" : e.field, e.code, e.message);
    }
    return out;
  }
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM stock_lots WHERE company_id = ? AND "
                                    "product_id = ? AND name = ?",
                                    who.company_id(), *product_id, *name));
  return LoadJson(tx, who.company_id(), row->Int(0));
}

Result<int64_t> Lots::FindOrCreate(store::Tx& tx, const catalog::ProductInfo& product,
                                   const std::string& name, std::optional<Date> expiry) const {
  if (product.tracking != "lot" && product.tracking != "serial") {
    return InvalidField("lot_name", "inventory.not_tracked",
                        "Product " + product.sku + " is not tracked by lot or serial number.");
  }
  if (expiry && !product.use_expiry) {
    return InvalidField("expiry_date", "inventory.no_expiry",
                        "Product " + product.sku + " does not use expiry dates.");
  }
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, expiry_date FROM stock_lots WHERE company_id = ? "
                                    "AND product_id = ? AND name = ?",
                                    product.company_id, product.id, name));
  if (row) {
    if (expiry && row->OptText(1) != expiry->ToString()) {
      return InvalidField("expiry_date", "inventory.expiry_mismatch",
                          "Lot " + name + " expires on " + row->OptText(1).value_or("-") + ".");
    }
    return row->Int(0);
  }
  if (product.use_expiry && !expiry) {
    return InvalidField("expiry_date", "required",
                        "A new lot of " + product.sku + " needs its expiry date.");
  }
  std::string now = clock_.Now().ToIso();
  std::optional<std::string> expiry_text;
  if (expiry) expiry_text = expiry->ToString();
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO stock_lots (company_id, product_id, name, "
                             "expiry_date, created_at, updated_at) VALUES (?, ?, ?, "
                             "?, ?, ?) RETURNING id",
                             product.company_id, product.id, name, expiry_text, now, now));
  tx.Audit({"stock_lot",
            id,
            "create",
            {{"product_id", {nullptr, product.id}}, {"name", {nullptr, name}}},
            product.company_id});
  tx.Emit({"stock_lot.created",
           "stock_lot",
           id,
           {{"id", id}, {"product_id", product.id}, {"name", name}},
           product.company_id});
  return id;
}

Status Lots::Check(store::Tx& tx, int64_t company_id, int64_t lot_id, int64_t product_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT product_id FROM stock_lots WHERE id = ? AND "
                                    "company_id = ?",
                                    lot_id, company_id));
  if (!row || row->Int(0) != product_id) {
    return InvalidField("lot_id", "not_found", "No such lot of this product.");
  }
  return Status::Ok();
}

}  // namespace concord::inventory
