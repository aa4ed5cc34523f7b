// The sales area: quotes, sales orders, sales settings, the sales and margin report, and the
// customer overview sections. It calls the catalog (pricing), inventory (deliveries),
// invoicing (invoices, payments) and party (lifecycle) services; never their tables.
#pragma once

#include "http/api.h"
#include "party/registry.h"
#include "sales/orders.h"
#include "sales/quotes.h"
#include "security/journal.h"
#include "security/permissions.h"

namespace concord::sales {

struct Services {
  const Clock& clock;
  Orders& orders;
  Quotes& quotes;
};

void RegisterPermissions(security::PermissionCatalog& catalog);
void RegisterEntities(security::EntityRegistry& entities);
// Customer overview sections: quotes, orders, sales (revenue and margin).
void RegisterPartySections(party::PartyRegistry& registry);
void RegisterRoutes(http::Api& api, Services& s);
void RegisterQuoteRoutes(http::Api& api, Services& s);
void RegisterReportRoutes(http::Api& api);

// Sales and margin figures grouped by customer, product, sales rep or month (sales.report.read,
// record rules of sales.order.read apply to the orders counted).
Result<nlohmann::json> SalesReport(store::Tx& tx, const security::Access& who,
                                   const std::string& group_by, Date from, Date to);

}  // namespace concord::sales
