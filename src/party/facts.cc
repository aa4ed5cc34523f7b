#include "party/facts.h"

namespace concord::party {

Result<PartyFacts> Facts(store::Tx& tx, int64_t company_id, int64_t party_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, name, active, is_customer, is_supplier, "
                                    "credit_limit, payment_term_days, price_list_id, currency, "
                                    "language, owner_user_id, department_id, tax_id FROM parties "
                                    "WHERE id = ? AND company_id = ?",
                                    party_id, company_id));
  if (!row) return NotFound("party");
  PartyFacts f;
  f.id = row->Int(0);
  f.name = row->Text(1);
  f.active = row->Int(2) != 0;
  f.is_customer = row->Int(3) != 0;
  f.is_supplier = row->Int(4) != 0;
  f.credit_limit = row->OptText(5);
  f.payment_term_days = row->OptInt(6);
  f.price_list_id = row->OptInt(7);
  f.currency = row->Text(8);
  f.language = row->Text(9);
  f.owner_user_id = row->OptInt(10);
  f.department_id = row->OptInt(11);
  f.tax_id = row->Text(12);
  ASSIGN_OR_RETURN(auto tags, tx.Rows("SELECT tag FROM party_tags WHERE party_id = ? ORDER BY tag",
                                      party_id));
  for (const auto& t : tags) f.tags.push_back(t.Text(0));
  return f;
}

Result<nlohmann::json> AddressSnapshot(store::Tx& tx, int64_t company_id, int64_t party_id,
                                       const std::string& kind, Date day) {
  ASSIGN_OR_RETURN(auto facts, Facts(tx, company_id, party_id));
  std::string d = day.ToString();
  ASSIGN_OR_RETURN(auto rows,
                   tx.Rows("SELECT line1, line2, city, region, postal_code, country, kind FROM "
                           "party_addresses WHERE party_id = ? AND (valid_from IS NULL OR "
                           "valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?) ORDER BY "
                           "CASE WHEN kind = ? THEN 0 ELSE 1 END, id",
                           party_id, d, d, kind));
  nlohmann::json out = {{"name", facts.name}};
  if (!facts.tax_id.empty()) out["tax_id"] = facts.tax_id;
  if (rows.empty()) return out;
  const auto& r = rows.front();
  out["line1"] = r.Text(0);
  out["line2"] = r.OptText(1) ? nlohmann::json(*r.OptText(1)) : nlohmann::json();
  out["city"] = r.Text(2);
  out["region"] = r.OptText(3) ? nlohmann::json(*r.OptText(3)) : nlohmann::json();
  out["postal_code"] = r.OptText(4) ? nlohmann::json(*r.OptText(4)) : nlohmann::json();
  out["country"] = r.Text(5);
  return out;
}

}  // namespace concord::party
