#include "invoicing/invoicing.h"

namespace concord::invoicing {

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("invoicing.invoice", {"read", "create", "update", "approve"},
                      "customer invoices and credit notes (approve: post)");
  catalog.AddResource("invoicing.payment", {"read", "create", "approve"},
                      "customer payments, refunds and their allocation (approve: post)");
  catalog.AddResource("invoicing.term", {"read", "create", "update"}, "payment terms");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("invoice", "invoicing.invoice.read");
  entities.Add("payment", "invoicing.payment.read");
  entities.Add("allocation", "invoicing.payment.read");
  entities.Add("payment_term", "invoicing.term.read");
}

Status SetUpCompany(store::Tx& tx, int64_t company_id, const Clock& clock) {
  return SeedPaymentTerms(tx, company_id, clock.Now().ToIso());
}

Status SetUpMissingCompanies(store::Database& db, const Clock& clock) {
  return db.Write([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT c.id FROM companies c WHERE NOT EXISTS (SELECT "
                                        "1 FROM payment_terms t WHERE t.company_id = c.id) "
                                        "ORDER BY c.id"));
    for (const auto& r : rows) RETURN_IF_ERROR(SetUpCompany(tx, r.Int(0), clock));
    return Status::Ok();
  });
}

void RegisterRoutes(http::Api& api, const Services& s) {
  RegisterSchemas(api);
  RegisterInvoiceRoutes(api, s);
  RegisterPaymentRoutes(api, s);
}

}  // namespace concord::invoicing
