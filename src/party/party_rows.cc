// Reading and writing party rows: JSON shapes, search keys, normalised contact fields.
#include <map>

#include "party/internal.h"
#include "party/normalize.h"
#include "party/settings.h"
#include "store/row_json.h"

namespace concord::party::internal {

Result<std::optional<store::Record>> LoadParty(store::Tx& tx, int64_t id) {
  return tx.One(std::string("SELECT ") + kPartyColumns + " FROM parties p WHERE p.id = ?", id);
}

Result<store::Record> VisibleParty(store::Tx& tx, const security::Access& who, int64_t id,
                                   const std::string& permission) {
  ASSIGN_OR_RETURN(auto row, LoadParty(tx, id));
  if (!row) return NotFound("party");
  RETURN_IF_ERROR(who.CheckRecord(
      permission,
      {row->Int("company_id"), row->OptInt("owner_user_id"), row->OptInt("department_id")},
      "party"));
  return std::move(*row);
}

nlohmann::json PartyScalars(const store::Record& r) {
  nlohmann::json j = store::RowJson(r);
  nlohmann::json roles = nlohmann::json::array();
  for (const char* role : {"prospect", "customer", "supplier"}) {
    std::string col = std::string("is_") + role;
    if (j[col] == 1) roles.push_back(role);
    j.erase(col);
  }
  j["roles"] = roles;
  j["active"] = j["active"] == 1;
  j["phone_e164"] = j["phone_norm"];
  for (const char* hidden : {"company_id", "name_key", "name_sort", "phone_norm"}) j.erase(hidden);
  return j;
}

Result<nlohmann::json> PartyJson(store::Tx& tx, const store::Record& row) {
  nlohmann::json j = PartyScalars(row);
  int64_t id = row.Int("id");
  ASSIGN_OR_RETURN(auto tags,
                   tx.Rows("SELECT tag FROM party_tags WHERE party_id = ? ORDER BY tag", id));
  j["tags"] = nlohmann::json::array();
  for (const auto& t : tags) j["tags"].push_back(t.Text(0));
  ASSIGN_OR_RETURN(auto ids, tx.Rows("SELECT id, kind, system, value FROM party_identifiers WHERE "
                                     "party_id = ? ORDER BY id",
                                     id));
  j["identifiers"] = nlohmann::json::array();
  for (const auto& r : ids) j["identifiers"].push_back(store::RowJson(r));
  return j;
}

Status WriteSearchKeys(store::Tx& tx, int64_t company_id, int64_t party_id, const std::string& name,
                       const std::string& email_norm, const std::string& phone_e164) {
  RETURN_IF_ERROR(tx.Exec("DELETE FROM party_search_keys WHERE party_id = ?", party_id).status());
  for (const auto& key : SearchKeys(name, email_norm, phone_e164)) {
    RETURN_IF_ERROR(
        tx.Exec("INSERT INTO party_search_keys (company_id, key, party_id) VALUES (?, ?, ?)",
                company_id, key, party_id)
            .status());
  }
  return Status::Ok();
}

Result<std::string> DefaultCountry(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto setting, LoadSetting(tx, company_id, "party", nlohmann::json::object()));
  if (setting.value.is_object() && setting.value.contains("default_country") &&
      setting.value["default_country"].is_string()) {
    return setting.value["default_country"].get<std::string>();
  }
  static const std::map<std::string, std::string> kByCurrency = {
      {"CNY", "CN"}, {"USD", "US"}, {"GBP", "GB"}, {"JPY", "JP"}, {"HKD", "HK"},
      {"SGD", "SG"}, {"AUD", "AU"}, {"CAD", "CA"}, {"CHF", "CH"}, {"INR", "IN"},
      {"KRW", "KR"}, {"TWD", "TW"}, {"NZD", "NZ"}, {"SEK", "SE"}, {"NOK", "NO"}};
  ASSIGN_OR_RETURN(auto company, tx.One("SELECT currency FROM companies WHERE id = ?", company_id));
  if (!company) return std::string();
  auto it = kByCurrency.find(company->Text(0));
  return it == kByCurrency.end() ? std::string() : it->second;
}

std::optional<NormalizedText> ReadEmail(Fields& f, const std::string& name) {
  if (!f.Has(name)) return std::nullopt;
  auto raw = f.Text(name, {.max_chars = 254, .allow_empty = true});
  NormalizedText out;
  if (!raw || raw->empty()) return out;
  out.raw = raw;
  out.norm = NormalizeEmail(*raw);
  if (!out.norm) f.Error(name, "email.invalid", "Not an e-mail address (name@domain.tld).");
  return out;
}

std::optional<NormalizedText> ReadPhone(Fields& f, const std::string& name,
                                        const std::string& country) {
  if (!f.Has(name)) return std::nullopt;
  auto raw = f.Text(name, {.max_chars = 40, .allow_empty = true});
  NormalizedText out;
  if (!raw || raw->empty()) return out;
  out.raw = raw;
  out.norm = NormalizePhone(*raw, country);
  if (!out.norm) {
    f.Error(name, "phone.invalid",
            "Not a phone number; write foreign numbers with + and the country code.");
  }
  return out;
}

Status DuplicateConflict(const nlohmann::json& candidates) {
  Status st = Conflict("party.possible_duplicates",
                       "Likely duplicates exist; merge or link to one of the candidates, or "
                       "repeat with allow_duplicates set to true.");
  st.SetExtra(nlohmann::json{{"candidates", candidates}}.dump());
  return st;
}

}  // namespace concord::party::internal
