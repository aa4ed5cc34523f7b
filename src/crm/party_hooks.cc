// How the CRM area joins the party master record: its records follow a merge, and it fills
// the leads, opportunities, activities and campaigns sections of the customer's 360° page.
#include "crm/crm.h"
#include "store/row_json.h"

namespace concord::crm {
namespace {

using store::RowJson;

Result<int64_t> Repoint(store::Tx& tx, const std::string& table, int64_t company, int64_t from,
                        int64_t to) {
  return tx.Exec("UPDATE " + table + " SET party_id = ? WHERE company_id = ? AND party_id = ?", to,
                 company, from);
}

// A party in a campaign twice after a merge keeps one membership: the survivor's, advanced to
// the further of the two statuses.
Result<int64_t> MergeMembers(store::Tx& tx, int64_t company, int64_t from, int64_t to) {
  constexpr const char* kRank =
      "CASE status WHEN 'converted' THEN 4 WHEN 'responded' THEN 3 WHEN 'sent' THEN 2 ELSE 1 END";
  ASSIGN_OR_RETURN(auto both, tx.Rows(std::string("SELECT m.campaign_id, m.status, ") + kRank +
                                          " AS r FROM campaign_members m WHERE m.company_id = ? "
                                          "AND m.party_id = ? AND EXISTS (SELECT 1 FROM "
                                          "campaign_members s WHERE s.campaign_id = m.campaign_id "
                                          "AND s.party_id = ?)",
                                      company, from, to));
  for (const auto& r : both) {
    RETURN_IF_ERROR(tx.Exec(std::string("UPDATE campaign_members SET status = ? WHERE "
                                        "campaign_id = ? AND party_id = ? AND ") +
                                kRank + " < ?",
                            r.Text("status"), r.Int("campaign_id"), to, r.Int("r"))
                        .status());
    RETURN_IF_ERROR(tx.Exec("DELETE FROM campaign_members WHERE campaign_id = ? AND party_id = ?",
                            r.Int("campaign_id"), from)
                        .status());
  }
  ASSIGN_OR_RETURN(int64_t moved, Repoint(tx, "campaign_members", company, from, to));
  return moved + static_cast<int64_t>(both.size());
}

// Rows of `table` (alias t) linked to the party that the caller may see under `permission`,
// as JSON objects of the selected columns.
Result<nlohmann::json> Section(store::Tx& tx, const security::Access& who,
                               const std::string& permission, const std::string& select,
                               const std::string& from, const std::string& where, int64_t party_id,
                               const std::string& order) {
  security::SqlFilter f = who.Visible(permission, {}, "t.");
  std::vector<store::Value> params = f.params;
  params.emplace_back(party_id);
  ASSIGN_OR_RETURN(auto rows,
                   tx.RowsV("SELECT " + select + " FROM " + from + " WHERE " + f.sql +
                                " AND t.party_id = ?" + where + " ORDER BY " + order + " LIMIT 50",
                            params));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) out.push_back(RowJson(r));
  return out;
}

Result<nlohmann::json> OpportunitiesSection(store::Tx& tx, const security::Access& who,
                                            int64_t party) {
  return Section(tx, who, "crm.opportunity.read",
                 "t.id, t.number, t.name, t.status, s.name AS stage, t.amount, t.currency, "
                 "t.probability, t.expected_close, t.owner_user_id",
                 "opportunities t JOIN opportunity_stages s ON s.id = t.stage_id",
                 " AND t.status = 'open'", party, "t.expected_close, t.id");
}

Result<nlohmann::json> LeadsSection(store::Tx& tx, const security::Access& who, int64_t party) {
  return Section(tx, who, "crm.lead.read",
                 "t.id, t.number, t.title, t.status, t.score, t.owner_user_id", "leads t", "",
                 party, "t.id DESC");
}

// Due (not done, soonest first) and recent (done, newest first) activities.
Result<nlohmann::json> ActivitiesSection(store::Tx& tx, const security::Access& who,
                                         int64_t party) {
  const std::string cols =
      "t.id, t.kind, t.subject, t.due_at, t.done_at, t.owner_user_id, t.contact_id, "
      "t.opportunity_id";
  nlohmann::json out;
  ASSIGN_OR_RETURN(out["due"], Section(tx, who, "crm.activity.read", cols, "activities t",
                                       " AND t.done_at IS NULL", party, "t.due_at, t.id"));
  ASSIGN_OR_RETURN(out["recent"],
                   Section(tx, who, "crm.activity.read", cols, "activities t",
                           " AND t.done_at IS NOT NULL", party, "t.done_at DESC, t.id DESC"));
  return out;
}

Result<nlohmann::json> CampaignsSection(store::Tx& tx, const security::Access& who, int64_t party) {
  security::SqlFilter f = who.Visible("crm.campaign.read", {}, "c.");
  std::vector<store::Value> params = f.params;
  params.emplace_back(party);
  ASSIGN_OR_RETURN(auto rows,
                   tx.RowsV("SELECT c.id AS campaign_id, c.name, c.channel, m.status, "
                            "m.responded_at, m.converted_at FROM campaign_members m JOIN campaigns "
                            "c ON c.id = m.campaign_id WHERE " +
                                f.sql + " AND m.party_id = ? ORDER BY c.id DESC LIMIT 50",
                            params));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) out.push_back(RowJson(r));
  return out;
}

}  // namespace

void RegisterPartyHooks(party::PartyRegistry& registry) {
  for (const char* table : {"leads", "opportunities", "activities"}) {
    registry.AddMergeHook(table, [table](store::Tx& tx, int64_t company, int64_t from, int64_t to) {
      return Repoint(tx, table, company, from, to);
    });
  }
  registry.AddMergeHook("campaign_members", MergeMembers);
  registry.AddSection({"leads", "crm.lead.read", LeadsSection});
  registry.AddSection({"opportunities", "crm.opportunity.read", OpportunitiesSection});
  registry.AddSection({"activities", "crm.activity.read", ActivitiesSection});
  registry.AddSection({"campaigns", "crm.campaign.read", CampaignsSection});
}

}  // namespace concord::crm
