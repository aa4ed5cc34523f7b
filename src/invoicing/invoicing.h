// The invoicing area: payment terms, customer invoices and credit notes, payments, their
// allocation, customer credit and refunds. It posts through accounting's Ledger and settles
// through accounting's Matching in the caller's transaction; other areas use Invoices
// (invoices.h), PaymentTerm / DefaultPaymentTerm (terms.h); never the tables.
#pragma once

#include "http/api.h"
#include "invoicing/allocations.h"
#include "invoicing/invoices.h"
#include "invoicing/payments.h"
#include "invoicing/terms.h"
#include "security/journal.h"
#include "security/permissions.h"
#include "store/database.h"

namespace concord::invoicing {

// What the routes use; owned by the composition root (Invoices is shared with the sales area,
// which adds its posted-invoice listener while wiring).
struct Services {
  const Clock& clock;
  const accounting::Ledger& ledger;
  const party::Parties& parties;
  const Invoices& invoices;
};

void RegisterPermissions(security::PermissionCatalog& catalog);
void RegisterEntities(security::EntityRegistry& entities);

// A new company's payment terms ("immediate", the default, and "30 days"). A company
// initializer.
Status SetUpCompany(store::Tx& tx, int64_t company_id, const Clock& clock);
// Companies without payment terms (databases created before this area), at start-up.
Status SetUpMissingCompanies(store::Database& db, const Clock& clock);

void RegisterRoutes(http::Api& api, const Services& s);
// In their own files: schemas (api_schemas.cc), invoice and term routes (api_invoices.cc),
// payment, allocation and credit routes (api_payments.cc).
void RegisterSchemas(http::Api& api);
void RegisterInvoiceRoutes(http::Api& api, const Services& s);
void RegisterPaymentRoutes(http::Api& api, const Services& s);

}  // namespace concord::invoicing
