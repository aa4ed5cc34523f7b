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
}

void RegisterRoutes(http::Api& api, Services& s) {
  RegisterLeadRoutes(api, s);
  RegisterOpportunityRoutes(api, s);
  RegisterActivityRoutes(api, s);
  RegisterCampaignRoutes(api, s);
}

}  // namespace concord::crm
