#include "party/settings.h"

namespace concord::party {

Result<Setting> LoadSetting(store::Tx& tx, int64_t company_id, const std::string& key,
                            const nlohmann::json& fallback) {
  ASSIGN_OR_RETURN(
      auto row, tx.One("SELECT value, version FROM area_settings WHERE company_id = ? AND key = ?",
                       company_id, key));
  if (!row) return Setting{fallback, 0};
  auto value = nlohmann::json::parse(row->Text(0), nullptr, false);
  if (value.is_discarded()) return Internal("area_settings " + key + " holds invalid JSON");
  return Setting{std::move(value), row->Int(1)};
}

Status SaveSetting(store::Tx& tx, int64_t company_id, const std::string& key,
                   const nlohmann::json& value, int64_t expected_version) {
  ASSIGN_OR_RETURN(auto before, LoadSetting(tx, company_id, key, nullptr));
  if (before.version != expected_version) {
    return Status(Code::kStaleVersion, "version.stale",
                  "The setting was changed by someone else; reload it.");
  }
  RETURN_IF_ERROR(SaveSettingQuietly(tx, company_id, key, value));
  tx.Audit({"setting", company_id, "update", {{key, {before.value, value}}}, company_id});
  tx.Emit({"setting.updated", "setting", company_id, {{"key", key}}, company_id});
  return Status::Ok();
}

Status SaveSettingQuietly(store::Tx& tx, int64_t company_id, const std::string& key,
                          const nlohmann::json& value) {
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE area_settings SET value = ?, version = version + 1 "
                                      "WHERE company_id = ? AND key = ?",
                                      value.dump(), company_id, key));
  if (n == 0) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO area_settings (company_id, key, value) VALUES (?, ?, ?)",
                            company_id, key, value.dump())
                        .status());
  }
  return Status::Ok();
}

}  // namespace concord::party
