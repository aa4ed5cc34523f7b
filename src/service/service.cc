#include "service/service.h"

namespace concord::service {

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("service.ticket", {"read", "create", "update"},
                      "service tickets (update: assign, work, resolve, entries, surveys)");
  catalog.AddResource(
      "service.category", {"read", "update"},
      "ticket categories and their processing times (update: also run the SLA job)");
  catalog.AddResource("service.calendar", {"read", "update"}, "business calendars");
  catalog.AddResource("service.report", {"read"}, "the SLA report");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("ticket", "service.ticket.read");
  entities.Add("ticket_entry", "service.ticket.read");
  entities.Add("service_category", "service.category.read");
  entities.Add("service_calendar", "service.calendar.read");
  entities.Add("notification", "service.ticket.read");
}

void RegisterPartyHooks(party::PartyRegistry& registry) {
  registry.AddMergeHook("tickets", [](store::Tx& tx, int64_t company, int64_t from, int64_t to) {
    return tx.Exec("UPDATE tickets SET party_id = ? WHERE company_id = ? AND party_id = ?", to,
                   company, from);
  });
  registry.AddSection({"tickets", "service.ticket.read", Tickets::PartySection});
}

void RegisterRoutes(http::Api& api, Services& s) {
  RegisterSchemas(api);
  RegisterSetupRoutes(api, s);
  RegisterTicketRoutes(api, s);
}

}  // namespace concord::service
