// Tax definitions, tax groups, the company's tax rounding setting, and the calculator behind
// POST /api/v1/taxes/compute.
#include "accounting/taxes.h"
#include "core/decimal.h"
#include "core/json_input.h"
#include "store/row_json.h"

namespace concord::accounting {
namespace {

using nlohmann::json;

constexpr const char* kTaxColumns =
    "id, code, name, name_zh, rate, included, collected_account_id, paid_account_id, active, "
    "version, created_at, updated_at";

json TaxJson(const store::Record& r) {
  json j = store::RowJson(r);
  auto rate = ParseRate(r.Text("rate"));
  j["rate"] = FormatScaledTrimmed(rate.ok() ? *rate : 0, 4);
  j["included"] = r.Int("included") != 0;
  j["active"] = r.Int("active") != 0;
  return j;
}

Result<json> LoadTax(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kTaxColumns +
                                        " FROM taxes WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("tax");
  return TaxJson(*row);
}

// A tax account: a postable, active account of the company.
Status CheckAccount(store::Tx& tx, int64_t company_id, const std::string& field, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT is_group, active FROM accounts WHERE id = ? AND "
                                    "company_id = ?",
                                    id, company_id));
  if (!row) return InvalidField(field, "not_found", "No such account.");
  if (row->Int(0) != 0) return InvalidField(field, "group", "A group account is not postable.");
  if (row->Int(1) == 0) return InvalidField(field, "inactive", "The account is inactive.");
  return Status::Ok();
}

store::Value Opt(const json& v) {
  return v.is_number() ? store::Value(v.get<int64_t>()) : store::Value(nullptr);
}

// Reads the editable fields into `t` (a tax as JSON); `create` makes code, name, rate required.
Status ReadTax(store::Tx& tx, int64_t company_id, const json& body, bool create, json& t) {
  Fields f(body);
  f.Ignore("version");
  if (create) t["code"] = f.Text("code", {.required = true, .max_chars = 20}).value_or("");
  if (auto v = f.Text("name", {.required = create, .max_chars = 200})) t["name"] = *v;
  if (auto v = f.Text("name_zh", {.max_chars = 200, .allow_empty = true})) t["name_zh"] = *v;
  if (auto v = f.Text("rate", {.required = create, .max_chars = 20})) {
    auto rate = ParseRate(*v);
    if (rate.ok()) {
      t["rate"] = FormatScaledTrimmed(*rate, 4);
    } else {
      for (const auto& e : rate.status().field_errors()) f.Error(e.field, e.code, e.message);
    }
  }
  if (auto v = f.Bool("included")) t["included"] = *v;
  if (auto v = f.Bool("active")) t["active"] = *v;
  for (const char* name : {"collected_account_id", "paid_account_id"}) {
    if (f.Has(name) && f.Raw(name)->is_null()) t[name] = nullptr;
    if (auto v = f.Int(name)) t[name] = *v;
  }
  RETURN_IF_ERROR(f.Finish());
  for (const char* name : {"collected_account_id", "paid_account_id"}) {
    if (t[name].is_number()) {
      RETURN_IF_ERROR(CheckAccount(tx, company_id, name, t[name].get<int64_t>()));
    }
  }
  return Status::Ok();
}

Result<json> GroupJson(store::Tx& tx, const store::Record& g) {
  json j = store::RowJson(g);
  ASSIGN_OR_RETURN(auto members, tx.Rows("SELECT m.tax_id, t.code, m.sequence FROM "
                                         "tax_group_members m JOIN taxes t ON t.id = m.tax_id "
                                         "WHERE m.group_id = ? ORDER BY m.sequence",
                                         g.Int("id")));
  j["taxes"] = json::array();
  for (const auto& m : members) j["taxes"].push_back(store::RowJson(m));
  return j;
}

Result<json> LoadSettings(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT company_id, chart_template, tax_rounding, version, "
                                    "updated_at FROM accounting_settings WHERE company_id = ?",
                                    company_id));
  if (!row) return NotFound("accounting settings");
  return store::RowJson(*row);
}

}  // namespace

Result<json> Taxes::List(store::Tx& tx, const security::Access& who, bool inactive) const {
  RETURN_IF_ERROR(who.Require("accounting.tax.read"));
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string("SELECT ") + kTaxColumns +
                                          " FROM taxes WHERE company_id = ? AND (active = 1 OR "
                                          "? = 1) ORDER BY code",
                                      who.company_id(), static_cast<int64_t>(inactive)));
  json items = json::array();
  for (const auto& r : rows) items.push_back(TaxJson(r));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> Taxes::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("accounting.tax.read"));
  return LoadTax(tx, who.company_id(), id);
}

Result<json> Taxes::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.tax.create"));
  json t = {{"name_zh", ""},
            {"included", false},
            {"active", true},
            {"collected_account_id", nullptr},
            {"paid_account_id", nullptr}};
  RETURN_IF_ERROR(ReadTax(tx, who.company_id(), body, true, t));
  std::string code = t["code"].get<std::string>();
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT id FROM taxes WHERE company_id = ? AND code = ?",
                                    who.company_id(), code));
  if (dup) return InvalidField("code", "taken", "Tax code " + code + " exists.");
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO taxes (company_id, code, name, name_zh, rate, included, "
                "collected_account_id, paid_account_id, active, created_at, updated_at) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                who.company_id(), code, t["name"].get<std::string>(),
                t["name_zh"].get<std::string>(), t["rate"].get<std::string>(),
                static_cast<int64_t>(t["included"].get<bool>()), Opt(t["collected_account_id"]),
                Opt(t["paid_account_id"]), static_cast<int64_t>(t["active"].get<bool>()), now,
                now));
  ASSIGN_OR_RETURN(json out, LoadTax(tx, who.company_id(), id));
  tx.Audit({"tax", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"tax.created", "tax", id, out});
  return out;
}

// The code stays (documents refer to it); a rate change applies to documents computed later.
Result<json> Taxes::Update(store::Tx& tx, const security::Access& who, int64_t id, const json& body,
                           const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("accounting.tax.update"));
  ASSIGN_OR_RETURN(json before, LoadTax(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  json t = before;
  RETURN_IF_ERROR(ReadTax(tx, who.company_id(), body, false, t));
  RETURN_IF_ERROR(
      tx.Exec("UPDATE taxes SET name = ?, name_zh = ?, rate = ?, included = ?, "
              "collected_account_id = ?, paid_account_id = ?, active = ?, version = version + 1, "
              "updated_at = ? WHERE id = ?",
              t["name"].get<std::string>(), t["name_zh"].get<std::string>(),
              t["rate"].get<std::string>(), static_cast<int64_t>(t["included"].get<bool>()),
              Opt(t["collected_account_id"]), Opt(t["paid_account_id"]),
              static_cast<int64_t>(t["active"].get<bool>()), clock_.Now().ToIso(), id)
          .status());
  ASSIGN_OR_RETURN(json out, LoadTax(tx, who.company_id(), id));
  tx.Audit({"tax", id, "update", store::Changes(before, out)});
  tx.Emit({"tax.updated", "tax", id, out});
  return out;
}

Result<json> Taxes::ListGroups(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(who.Require("accounting.tax.read"));
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, code, name, version, created_at, updated_at "
                                      "FROM tax_groups WHERE company_id = ? ORDER BY code",
                                      who.company_id()));
  json items = json::array();
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(json g, GroupJson(tx, r));
    items.push_back(std::move(g));
  }
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> Taxes::CreateGroup(store::Tx& tx, const security::Access& who,
                                const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.tax.create"));
  Fields f(body);
  auto code = f.Text("code", {.required = true, .max_chars = 20});
  auto name = f.Text("name", {.required = true, .max_chars = 200});
  const json* ids = f.Raw("tax_ids");
  std::vector<int64_t> taxes;
  if (!ids || !ids->is_array() || ids->empty() || ids->size() > 20) {
    f.Error("tax_ids", "type", "tax_ids is a list of 1 to 20 tax ids.");
  } else {
    for (const auto& v : *ids) {
      if (!v.is_number_integer())
        f.Error("tax_ids", "type", "A tax id is an integer.");
      else
        taxes.push_back(v.get<int64_t>());
    }
  }
  RETURN_IF_ERROR(f.Finish());
  for (size_t i = 0; i < taxes.size(); ++i) {
    ASSIGN_OR_RETURN(auto t, tx.One("SELECT id FROM taxes WHERE id = ? AND company_id = ?",
                                    taxes[i], who.company_id()));
    if (!t) return InvalidField("tax_ids", "not_found", "No such tax.");
    for (size_t k = 0; k < i; ++k) {
      if (taxes[k] == taxes[i]) return InvalidField("tax_ids", "duplicate", "A tax twice.");
    }
  }
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT id FROM tax_groups WHERE company_id = ? AND code = ?",
                                    who.company_id(), *code));
  if (dup) return InvalidField("code", "taken", "Tax group code " + *code + " exists.");
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO tax_groups (company_id, code, name, "
                                         "created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                                         "RETURNING id",
                                         who.company_id(), *code, *name, now, now));
  for (size_t i = 0; i < taxes.size(); ++i) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO tax_group_members (group_id, tax_id, sequence) VALUES "
                            "(?, ?, ?)",
                            id, taxes[i], static_cast<int64_t>(i + 1))
                        .status());
  }
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, code, name, version, created_at, updated_at FROM "
                                    "tax_groups WHERE id = ?",
                                    id));
  ASSIGN_OR_RETURN(json out, GroupJson(tx, *row));
  tx.Audit({"tax_group", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"tax_group.created", "tax_group", id, out});
  return out;
}

Result<json> Taxes::Settings(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(who.Require("accounting.tax.read"));
  return LoadSettings(tx, who.company_id());
}

Result<json> Taxes::UpdateSettings(store::Tx& tx, const security::Access& who, const json& body,
                                   const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("accounting.tax.update"));
  ASSIGN_OR_RETURN(json before, LoadSettings(tx, who.company_id()));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  Fields f(body);
  f.Ignore("version");
  auto rounding = f.Enum("tax_rounding", {"line", "document"}, true);
  RETURN_IF_ERROR(f.Finish());
  RETURN_IF_ERROR(tx.Exec("UPDATE accounting_settings SET tax_rounding = ?, version = version + "
                          "1, updated_at = ? WHERE company_id = ?",
                          *rounding, clock_.Now().ToIso(), who.company_id())
                      .status());
  ASSIGN_OR_RETURN(json out, LoadSettings(tx, who.company_id()));
  tx.Audit({"accounting_settings", who.company_id(), "update", store::Changes(before, out)});
  tx.Emit({"accounting_settings.updated", "accounting_settings", who.company_id(), out});
  return out;
}

}  // namespace concord::accounting
