#include "sales/settings.h"

#include "core/decimal_fields.h"

namespace concord::sales {

using nlohmann::json;

Result<SalesSettings> LoadSettings(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT discount_approval, quote_validity_days, "
                                    "invoice_policy, version FROM sales_settings WHERE "
                                    "company_id = ?",
                                    company_id));
  SalesSettings s;
  if (!row) return s;
  s.discount_approval = row->Int(0);
  s.quote_validity_days = row->Int(1);
  s.invoice_policy = row->Text(2);
  s.version = row->Int(3);
  return s;
}

json SettingsJson(const SalesSettings& s) {
  return {{"discount_approval_percent", FormatScaledTrimmed(s.discount_approval, 4)},
          {"quote_validity_days", s.quote_validity_days},
          {"invoice_policy", s.invoice_policy},
          {"version", s.version}};
}

Result<json> GetSettings(store::Tx& tx, const security::Access& who) {
  RETURN_IF_ERROR(who.Require("sales.settings.read"));
  ASSIGN_OR_RETURN(auto s, LoadSettings(tx, who.company_id()));
  return SettingsJson(s);
}

Result<json> UpdateSettings(store::Tx& tx, const security::Access& who, const json& body,
                            const std::function<Status(int64_t)>& check) {
  RETURN_IF_ERROR(who.Require("sales.settings.update"));
  ASSIGN_OR_RETURN(auto s, LoadSettings(tx, who.company_id()));
  json before = SettingsJson(s);
  if (check) RETURN_IF_ERROR(check(s.version));
  Fields f(body);
  f.Ignore("version");
  if (auto v = PercentField(f, "discount_approval_percent")) s.discount_approval = *v;
  if (auto v = f.Int("quote_validity_days", false, 1, 3650)) s.quote_validity_days = *v;
  if (auto v = f.Enum("invoice_policy", {"delivered", "ordered"})) s.invoice_policy = *v;
  RETURN_IF_ERROR(f.Finish());
  RETURN_IF_ERROR(tx.Exec("DELETE FROM sales_settings WHERE company_id = ?", who.company_id())
                      .status());
  s.version += 1;
  RETURN_IF_ERROR(tx.Exec("INSERT INTO sales_settings (company_id, discount_approval, "
                          "quote_validity_days, invoice_policy, version) VALUES (?, ?, ?, ?, ?)",
                          who.company_id(), s.discount_approval, s.quote_validity_days,
                          s.invoice_policy, s.version)
                      .status());
  json out = SettingsJson(s);
  tx.Audit({"sales_settings", who.company_id(), "update", store::Changes(before, out)});
  tx.Emit({"sales_settings.updated", "sales_settings", who.company_id(), out});
  return out;
}

}  // namespace concord::sales
