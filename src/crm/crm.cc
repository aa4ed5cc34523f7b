#include "crm/crm.h"

namespace concord::crm {

void RegisterPermissions(security::PermissionCatalog& catalog) {
  const std::vector<std::string> crud = {"read", "create", "update", "delete", "export"};
  catalog.AddResource("crm.lead", crud, "leads");
  catalog.AddResource("crm.opportunity", crud, "opportunities");
  catalog.AddResource("crm.stage", {"read", "create", "update"}, "pipeline stages");
  catalog.AddResource("crm.activity", crud, "activities");
  catalog.AddResource("crm.campaign", crud, "campaigns");
  catalog.AddResource("crm.segment", {"read", "create", "update", "delete"}, "segments");
  catalog.AddResource("crm.settings", {"read", "update"},
                      "CRM settings (lead scoring and assignment rules)");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("lead", "crm.lead.read");
  entities.Add("opportunity", "crm.opportunity.read");
  entities.Add("opportunity_stage", "crm.stage.read");
  entities.Add("activity", "crm.activity.read");
  entities.Add("campaign", "crm.campaign.read");
  entities.Add("segment", "crm.segment.read");
  entities.Add("calendar_feed", "crm.activity.read");
}

Status SeedDefaultStages(store::Tx& tx, int64_t company_id) {
  struct Stage {
    const char* name;
    int sequence;
    int probability;
    const char* outcome;
  };
  static constexpr Stage kStages[] = {
      {"Qualification", 10, 10, "open"}, {"Needs analysis", 20, 25, "open"},
      {"Proposal", 30, 50, "open"},      {"Negotiation", 40, 75, "open"},
      {"Won", 90, 100, "won"},           {"Lost", 100, 0, "lost"}};
  ASSIGN_OR_RETURN(auto created,
                   tx.One("SELECT created_at FROM companies WHERE id = ?", company_id));
  if (!created) return NotFound("company");
  for (const auto& st : kStages) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO opportunity_stages (company_id, name, sequence, "
                            "probability, outcome, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                            company_id, st.name, st.sequence, st.probability, st.outcome,
                            created->Text(0))
                        .status());
  }
  return Status::Ok();
}

void RegisterRoutes(http::Api& api, Services& s) {
  RegisterLeadRoutes(api, s);
  RegisterOpportunityRoutes(api, s);
  RegisterActivityRoutes(api, s);
  RegisterCampaignRoutes(api, s);
}

}  // namespace concord::crm
