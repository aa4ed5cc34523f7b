#include "accounting/accounts.h"

#include "core/currency.h"
#include "core/json_input.h"
#include "store/row_json.h"

namespace concord::accounting {
namespace {

using nlohmann::json;

constexpr const char* kAccountColumns =
    "id, company_id, code, name, name_zh, type, role, reconcilable, is_group, parent_id, "
    "currency, active, version, created_at, updated_at";
constexpr const char* kJournalColumns =
    "id, company_id, code, name, name_zh, kind, default_account_id, active, version, created_at, "
    "updated_at";

const std::vector<std::string> kTypes = {"asset", "liability", "equity", "income", "expense"};

json AccountJson(const store::Record& r) {
  json j = store::RowJson(r);
  for (const char* flag : {"reconcilable", "is_group", "active"}) j[flag] = r.Int(flag) != 0;
  return j;
}

Result<json> LoadAccount(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kAccountColumns +
                                        " FROM accounts WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("account");
  return AccountJson(*row);
}

// A parent must be a group account of the company, and not the account itself or below it.
Status CheckParent(store::Tx& tx, int64_t company_id, int64_t parent_id,
                   std::optional<int64_t> self) {
  for (int64_t at = parent_id, depth = 0; at != 0 && depth < 20; ++depth) {
    if (self && at == *self) {
      return InvalidField("parent_id", "cycle", "An account cannot sit under itself.");
    }
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT is_group, parent_id FROM accounts WHERE id = ? AND "
                                      "company_id = ?",
                                      at, company_id));
    if (!row) return InvalidField("parent_id", "not_found", "No such account.");
    if (at == parent_id && row->Int(0) == 0) {
      return InvalidField("parent_id", "not_group", "The parent must be a group account.");
    }
    at = row->Int(1);
  }
  return Status::Ok();
}

}  // namespace

Result<json> Accounts::List(store::Tx& tx, const security::Access& who,
                            const AccountFilter& f) const {
  RETURN_IF_ERROR(who.Require("accounting.account.read"));
  std::string sql =
      std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE company_id = ?";
  std::vector<store::Value> p = {who.company_id()};
  if (!f.q.empty()) {
    sql += " AND (code LIKE ? OR name LIKE ? OR name_zh LIKE ?)";
    std::string like = "%" + f.q + "%";
    p.insert(p.end(), {f.q + "%", like, like});
  }
  if (!f.type.empty()) {
    sql += " AND type = ?";
    p.emplace_back(f.type);
  }
  if (!f.role.empty()) {
    sql += " AND role = ?";
    p.emplace_back(f.role);
  }
  if (!f.groups) sql += " AND is_group = 0";
  if (!f.inactive) sql += " AND active = 1";
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY code", p));
  json items = json::array();
  for (const auto& r : rows) items.push_back(AccountJson(r));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> Accounts::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("accounting.account.read"));
  return LoadAccount(tx, who.company_id(), id);
}

Result<json> Accounts::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.account.create"));
  Fields f(body);
  auto code = f.Text("code", {.required = true, .max_chars = 20});
  auto name = f.Text("name", {.required = true, .max_chars = 200});
  auto name_zh = f.Text("name_zh", {.max_chars = 200, .allow_empty = true}).value_or("");
  auto type = f.Enum("type", kTypes, true);
  auto role = f.Text("role", {.max_chars = 40, .allow_empty = true}).value_or("");
  bool reconcilable = f.Bool("reconcilable").value_or(false);
  bool is_group = f.Bool("is_group").value_or(false);
  auto parent = f.Int("parent_id");
  auto currency = f.Text("currency", {.max_chars = 3});
  RETURN_IF_ERROR(f.Finish());
  if (currency && !Currency::FromCode(*currency).ok()) {
    return InvalidField("currency", "currency.unknown", "Not an ISO 4217 currency code.");
  }
  if (parent) RETURN_IF_ERROR(CheckParent(tx, who.company_id(), *parent, std::nullopt));
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT id FROM accounts WHERE company_id = ? AND code = ?",
                                    who.company_id(), *code));
  if (dup) return InvalidField("code", "taken", "Account code " + *code + " exists.");
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO accounts (company_id, code, name, name_zh, type, role, reconcilable, "
                "is_group, parent_id, currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?) RETURNING id",
                who.company_id(), *code, *name, name_zh, *type, role,
                static_cast<int64_t>(reconcilable), static_cast<int64_t>(is_group),
                parent ? store::Value(*parent) : store::Value(nullptr),
                currency ? store::Value(*currency) : store::Value(nullptr), now, now));
  ASSIGN_OR_RETURN(json out, LoadAccount(tx, who.company_id(), id));
  tx.Audit({"account", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"account.created", "account", id, out});
  return out;
}

Result<json> Accounts::Update(store::Tx& tx, const security::Access& who, int64_t id,
                              const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("accounting.account.update"));
  ASSIGN_OR_RETURN(json before, LoadAccount(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  Fields f(body);
  f.Ignore("version");
  json after = before;
  if (auto v = f.Text("name", {.max_chars = 200})) after["name"] = *v;
  if (auto v = f.Text("name_zh", {.max_chars = 200, .allow_empty = true})) after["name_zh"] = *v;
  if (auto v = f.Text("role", {.max_chars = 40, .allow_empty = true})) after["role"] = *v;
  if (auto v = f.Bool("active")) after["active"] = *v;
  if (auto v = f.Bool("reconcilable")) after["reconcilable"] = *v;
  if (auto v = f.Int("parent_id")) after["parent_id"] = *v;
  RETURN_IF_ERROR(f.Finish());
  if (after["parent_id"] != before["parent_id"] && after["parent_id"].is_number()) {
    RETURN_IF_ERROR(CheckParent(tx, who.company_id(), after["parent_id"].get<int64_t>(), id));
  }
  if (after["reconcilable"] != before["reconcilable"]) {
    ASSIGN_OR_RETURN(auto used, tx.One("SELECT 1 FROM journal_lines WHERE account_id = ? AND "
                                       "posted = 1 LIMIT 1",
                                       id));
    if (used) {
      return InvalidField("reconcilable", "in_use",
                          "The account has posted lines; its open items cannot change.");
    }
  }
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(
      tx.Exec("UPDATE accounts SET name = ?, name_zh = ?, role = ?, active = ?, reconcilable = ?, "
              "parent_id = ?, version = version + 1, updated_at = ? WHERE id = ?",
              after["name"].get<std::string>(), after["name_zh"].get<std::string>(),
              after["role"].get<std::string>(), static_cast<int64_t>(after["active"].get<bool>()),
              static_cast<int64_t>(after["reconcilable"].get<bool>()),
              after["parent_id"].is_number() ? store::Value(after["parent_id"].get<int64_t>())
                                             : store::Value(nullptr),
              now, id)
          .status());
  ASSIGN_OR_RETURN(json out, LoadAccount(tx, who.company_id(), id));
  tx.Audit({"account", id, "update", store::Changes(before, out)});
  tx.Emit({"account.updated", "account", id, out});
  return out;
}

Result<json> Accounts::ListJournals(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(who.Require("accounting.journal.read"));
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string("SELECT ") + kJournalColumns +
                                          " FROM journals WHERE company_id = ? ORDER BY code",
                                      who.company_id()));
  json items = json::array();
  for (const auto& r : rows) items.push_back(store::RowJson(r));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> Accounts::CreateJournal(store::Tx& tx, const security::Access& who,
                                     const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.journal.create"));
  Fields f(body);
  auto code = f.Text("code", {.required = true, .max_chars = 10});
  auto name = f.Text("name", {.required = true, .max_chars = 100});
  auto name_zh = f.Text("name_zh", {.max_chars = 100, .allow_empty = true}).value_or("");
  auto kind = f.Enum("kind", {"sale", "purchase", "bank", "cash", "stock", "general"}, true);
  auto account = f.Int("default_account_id");
  RETURN_IF_ERROR(f.Finish());
  if (code->find('/') != std::string::npos) {
    return InvalidField("code", "format", "A journal code has no '/' (it starts entry numbers).");
  }
  if (account) RETURN_IF_ERROR(LoadAccount(tx, who.company_id(), *account).status());
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT id FROM journals WHERE company_id = ? AND code = ?",
                                    who.company_id(), *code));
  if (dup) return InvalidField("code", "taken", "Journal code " + *code + " exists.");
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO journals (company_id, code, name, name_zh, kind, "
                             "default_account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
                             "?, ?, ?) RETURNING id",
                             who.company_id(), *code, *name, name_zh, *kind,
                             account ? store::Value(*account) : store::Value(nullptr), now, now));
  ASSIGN_OR_RETURN(
      auto row,
      tx.One(std::string("SELECT ") + kJournalColumns + " FROM journals WHERE id = ?", id));
  json out = store::RowJson(*row);
  tx.Audit({"journal", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"journal.created", "journal", id, out});
  return out;
}

}  // namespace concord::accounting
