// Order-to-cash demo data: a tea and office-supplies trader's catalog (categories, ~30
// products, a general and a wholesale price list, a promotion of the month), opening stock
// received at changing costs, about four months of sales orders taken through confirmation,
// delivery, invoice and payment (some left at each step), and a few open quotes.
//
// Everything goes through the services the API uses (catalog, inventory, sales, invoicing),
// with their checks, inside the caller's transaction. Documents are dated in the past through
// the services' own date fields; the few records the services date themselves keep today's
// date (payment allocations, the order of an accepted quote). The history is generated from a
// fixed seed relative to the company's today, so every load produces the same documents.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "accounting/ledger.h"
#include "catalog/products.h"
#include "core/status.h"
#include "core/time.h"
#include "inventory/stock.h"
#include "party/service.h"
#include "sales/orders.h"
#include "sales/quotes.h"
#include "store/tx.h"

namespace concord::app {

// The services the demo uses; all owned by the App.
struct SalesDemoServices {
  const Clock& clock;
  const accounting::Ledger& ledger;
  const party::Parties& parties;
  const catalog::Products& products;
  const inventory::Stock& stock;
  const sales::Orders& orders;
  const sales::Quotes& quotes;
};

// What was loaded, for the console summary.
struct SalesDemoCounts {
  int products = 0;
  int orders = 0;
  int invoices = 0;
  int payments = 0;
  int quotes = 0;
};

// Loads the demo into company `company_id` after the CRM demo (it sells to the CRM demo's
// customers, found by name) and the accounting demo. `users` maps the demo logins (alice, bob,
// carol, dave) to user ids, `departments` the demo department names to ids. Creates the
// fiscal year of the first month of history when it is missing (history that starts in the
// previous year). Any service's refusal fails the call (and the caller's transaction).
Result<SalesDemoCounts> LoadSalesDemo(store::Tx& tx, const SalesDemoServices& services,
                                      int64_t company_id,
                                      const std::map<std::string, int64_t>& users,
                                      const std::map<std::string, int64_t>& departments);

}  // namespace concord::app
