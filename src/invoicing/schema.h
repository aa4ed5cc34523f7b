// Schema of the invoicing area: payment terms, customer invoices and credit notes (lines, tax
// and instalment snapshots), payments, and allocations (payments and credit notes settled
// against invoices through the ledger's matches).
#pragma once

#include "store/migrate.h"

namespace concord::invoicing {

store::AreaMigrations Migrations();

}  // namespace concord::invoicing
