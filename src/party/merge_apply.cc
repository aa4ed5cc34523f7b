// Merging a duplicate party into the surviving one, in one transaction.
#include "party/internal.h"
#include "party/normalize.h"
#include "store/row_json.h"

namespace concord::party {

using namespace internal;  // NOLINT

namespace {

// The merged party's own records that simply change owner.
constexpr const char* kChildTables[] = {"party_contacts", "party_addresses", "party_consents",
                                        "party_purchases", "party_identifiers"};

Result<nlohmann::json> Snapshot(store::Tx& tx, const store::Record& row) {
  ASSIGN_OR_RETURN(auto out, PartyJson(tx, row));
  for (const char* table : {"party_contacts", "party_addresses"}) {
    ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string("SELECT * FROM ") + table +
                                            " WHERE party_id = ? ORDER BY id",
                                        row.Int("id")));
    auto& list = out[table] = nlohmann::json::array();
    for (const auto& r : rows) list.push_back(store::RowJson(r));
  }
  return out;
}

// Tags and roles are united; blank contact fields of the survivor are filled from the merged.
Status Unite(store::Tx& tx, int64_t company, int64_t survivor, int64_t merged) {
  RETURN_IF_ERROR(tx.Exec("INSERT INTO party_tags (company_id, party_id, tag) SELECT ?, ?, tag "
                          "FROM party_tags m WHERE m.party_id = ? AND NOT EXISTS (SELECT 1 FROM "
                          "party_tags s WHERE s.party_id = ? AND s.tag = m.tag)",
                          company, survivor, merged, survivor)
                      .status());
  RETURN_IF_ERROR(tx.Exec("DELETE FROM party_tags WHERE party_id = ?", merged).status());
  std::string sets;
  for (const char* role : {"is_prospect", "is_customer", "is_supplier"}) {
    sets += std::string(sets.empty() ? "" : ", ") + role + " = CASE WHEN " + role +
            " = 1 OR (SELECT m." + role + " FROM parties m WHERE m.id = ?) = 1 THEN 1 ELSE 0 END";
  }
  for (const char* col : {"email", "email_norm", "phone", "phone_norm", "website", "tax_id",
                          "tax_id_norm", "credit_limit", "payment_term_days", "language"}) {
    sets += std::string(", ") + col + " = COALESCE(" + col + ", (SELECT m." + col +
            " FROM parties m WHERE m.id = ?))";
  }
  std::vector<store::Value> params(13, merged);
  params.emplace_back(survivor);
  return tx.ExecV("UPDATE parties SET " + sets + " WHERE id = ?", params).status();
}

}  // namespace

Result<nlohmann::json> Parties::Merge(store::Tx& tx, const security::Access& who, int64_t survivor,
                                      int64_t merged, const VersionCheck& check) const {
  ASSIGN_OR_RETURN(auto keep, VisibleParty(tx, who, survivor, kUpdate));
  auto gone = VisibleParty(tx, who, merged, kUpdate);
  if (!gone.ok()) return InvalidField("merge_id", "not_found", "No such party.");
  if (survivor == merged) {
    return InvalidField("merge_id", "same_party", "A party cannot be merged into itself.");
  }
  for (const auto* row : {&keep, &*gone}) {
    if (!row->IsNull("merged_into_id")) {
      return FailedPrecondition("party.merged",
                                "Party " + std::to_string(row->Int("id")) + " was already merged.");
    }
  }
  RETURN_IF_ERROR(check(keep.Int("version")));
  ASSIGN_OR_RETURN(auto snapshot, Snapshot(tx, *gone));
  ASSIGN_OR_RETURN(auto before, PartyJson(tx, keep));
  int64_t company = who.company_id();
  nlohmann::json moved = nlohmann::json::object();
  for (const char* table : kChildTables) {
    ASSIGN_OR_RETURN(moved[table], tx.Exec(std::string("UPDATE ") + table +
                                               " SET party_id = ? WHERE party_id = ?",
                                           survivor, merged));
  }
  RETURN_IF_ERROR(Unite(tx, company, survivor, merged));
  for (const auto& hook : registry_.merge_hooks()) {
    ASSIGN_OR_RETURN(moved[hook.name], hook.fn(tx, company, merged, survivor));
  }
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE parties SET active = 0, merged_into_id = ?, version = version + "
                          "1, updated_at = ? WHERE id = ?",
                          survivor, now, merged)
                      .status());
  RETURN_IF_ERROR(tx.Exec("DELETE FROM party_search_keys WHERE party_id = ?", merged).status());
  RETURN_IF_ERROR(tx.Exec("UPDATE parties SET version = version + 1, updated_at = ? WHERE id = ?",
                          now, survivor)
                      .status());
  ASSIGN_OR_RETURN(auto row, LoadParty(tx, survivor));
  RETURN_IF_ERROR(WriteSearchKeys(tx, company, survivor, row->Text("name"),
                                  row->OptText("email_norm").value_or(""),
                                  row->OptText("phone_norm").value_or("")));
  ASSIGN_OR_RETURN(
      int64_t merge_id,
      tx.Insert("INSERT INTO party_merges (company_id, survivor_id, merged_id, "
                "snapshot, moved, user_id, merged_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                company, survivor, merged, snapshot.dump(), moved.dump(), who.user_id(), now));
  ASSIGN_OR_RETURN(auto after, PartyJson(tx, *row));
  nlohmann::json changes = store::Changes(before, after);
  changes.erase("version");
  changes.erase("updated_at");
  changes["merged_party_id"] = {nullptr, merged};
  tx.Audit({"party", survivor, "merge", changes});
  tx.Audit({"party",
            merged,
            "merged_into",
            {{"merged_into_id", {nullptr, survivor}}, {"active", {true, false}}}});
  nlohmann::json payload = {{"survivor_id", survivor}, {"merged_id", merged}, {"moved", moved}};
  tx.Emit({"party.merged", "party", survivor, payload});
  tx.Emit({"party.merged_into", "party", merged, payload});
  return nlohmann::json{{"merge_id", merge_id}, {"party", after}, {"moved", moved}};
}

}  // namespace concord::party
