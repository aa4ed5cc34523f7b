// The service area: the service desk. Tickets classified into categories whose processing
// times become deadlines on the company's business calendar, progress entries, the SLA job
// that flags and escalates breaches, in-app notifications, satisfaction surveys and the SLA
// report. It links to parties through party::Parties and checks linked sales orders, invoices,
// deliveries, products and lots through those areas' services; never their tables.
#pragma once

#include "http/api.h"
#include "party/registry.h"
#include "security/journal.h"
#include "security/permissions.h"
#include "service/calendars.h"
#include "service/categories.h"
#include "service/sla.h"
#include "service/tickets.h"

namespace concord::service {

struct Services {
  const Clock& clock;
  Tickets& tickets;
  const SlaMonitor& monitor;
};

void RegisterPermissions(security::PermissionCatalog& catalog);
void RegisterEntities(security::EntityRegistry& entities);
// The "tickets" section of the customer's 360° page and the merge hook that moves a merged
// party's tickets to the survivor.
void RegisterPartyHooks(party::PartyRegistry& registry);
// Schemas and every route of the area (api.cc, ticket_api.cc).
void RegisterRoutes(http::Api& api, Services& s);
void RegisterSchemas(http::Api& api);
void RegisterSetupRoutes(http::Api& api, Services& s);   // calendars, categories, SLA, report
void RegisterTicketRoutes(http::Api& api, Services& s);  // tickets, entries, notifications

}  // namespace concord::service
