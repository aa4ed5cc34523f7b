#include "invoicing/schema.h"

namespace concord::invoicing {

// Amounts are BIGINT minor units: of the document's currency, or of the company currency in the
// *_company columns. Quantities and unit prices are scale-6 integers (core/quantity.h). Dates
// are ISO text. JSON snapshots (address, line taxes, term lines, planned allocations) are text.
store::AreaMigrations Migrations() {
  store::AreaMigrations area{"invoicing", {"party", "accounting"}, {}};
  area.steps.push_back({"invoicing", 1, "payment terms, invoices, payments, allocations",
                        R"sql(
CREATE TABLE payment_terms (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  name TEXT NOT NULL,
  lines TEXT NOT NULL,
  advance_required BIGINT NOT NULL DEFAULT 0,
  is_default BIGINT NOT NULL DEFAULT 0,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, name)
);

CREATE TABLE invoices (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  kind TEXT NOT NULL,
  number TEXT,
  state TEXT NOT NULL,
  party_id BIGINT NOT NULL REFERENCES parties (id),
  currency TEXT NOT NULL,
  rate TEXT,
  date TEXT NOT NULL,
  payment_term_id BIGINT REFERENCES payment_terms (id),
  address TEXT NOT NULL,
  origin_type TEXT NOT NULL DEFAULT '',
  origin_id BIGINT,
  origin_ref TEXT NOT NULL DEFAULT '',
  department_id BIGINT REFERENCES departments (id),
  credit_of_id BIGINT REFERENCES invoices (id),
  untaxed BIGINT NOT NULL DEFAULT 0,
  tax BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  total_company BIGINT NOT NULL DEFAULT 0,
  entry_id BIGINT REFERENCES journal_entries (id),
  entry_number TEXT,
  created_by_user_id BIGINT REFERENCES users (id),
  posted_by_user_id BIGINT REFERENCES users (id),
  posted_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX invoices_number ON invoices (company_id, kind, number);
CREATE INDEX invoices_party ON invoices (company_id, party_id, id);
CREATE INDEX invoices_state ON invoices (company_id, state, id);
CREATE INDEX invoices_origin ON invoices (company_id, origin_type, origin_id);

CREATE TABLE invoice_lines (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  invoice_id BIGINT NOT NULL REFERENCES invoices (id),
  line_no BIGINT NOT NULL,
  product_id BIGINT,
  description TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  uom_code TEXT NOT NULL DEFAULT '',
  unit_price BIGINT NOT NULL,
  discount_ppm BIGINT NOT NULL DEFAULT 0,
  tax_ids TEXT NOT NULL DEFAULT '[]',
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  origin_line_id BIGINT,
  untaxed BIGINT NOT NULL DEFAULT 0,
  tax BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  untaxed_company BIGINT NOT NULL DEFAULT 0,
  taxes TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, line_no);
CREATE INDEX invoice_lines_origin ON invoice_lines (company_id, origin_line_id)
  WHERE origin_line_id IS NOT NULL;

-- The tax totals of an invoice as computed when it was saved or posted (rate frozen).
CREATE TABLE invoice_taxes (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  invoice_id BIGINT NOT NULL REFERENCES invoices (id),
  tax_id BIGINT NOT NULL REFERENCES taxes (id),
  code TEXT NOT NULL,
  rate TEXT NOT NULL,
  included BIGINT NOT NULL DEFAULT 0,
  base BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  base_company BIGINT NOT NULL,
  amount_company BIGINT NOT NULL
);
CREATE INDEX invoice_taxes_invoice ON invoice_taxes (invoice_id);

-- What falls due when; line_id is the receivable line that carries it once posted.
CREATE TABLE invoice_instalments (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  invoice_id BIGINT NOT NULL REFERENCES invoices (id),
  seq BIGINT NOT NULL,
  due_date TEXT NOT NULL,
  amount BIGINT NOT NULL,
  amount_company BIGINT NOT NULL,
  line_id BIGINT REFERENCES journal_lines (id)
);
CREATE INDEX invoice_instalments_invoice ON invoice_instalments (invoice_id, seq);

CREATE TABLE payments (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  number TEXT,
  state TEXT NOT NULL,
  direction TEXT NOT NULL,
  party_id BIGINT NOT NULL REFERENCES parties (id),
  date TEXT NOT NULL,
  currency TEXT NOT NULL,
  rate TEXT,
  amount BIGINT NOT NULL,
  amount_company BIGINT NOT NULL DEFAULT 0,
  journal_id BIGINT NOT NULL REFERENCES journals (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  reference TEXT NOT NULL DEFAULT '',
  memo TEXT NOT NULL DEFAULT '',
  planned TEXT NOT NULL DEFAULT '[]',
  entry_id BIGINT REFERENCES journal_entries (id),
  entry_number TEXT,
  line_id BIGINT REFERENCES journal_lines (id),
  created_by_user_id BIGINT REFERENCES users (id),
  posted_by_user_id BIGINT REFERENCES users (id),
  posted_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX payments_number ON payments (company_id, number);
CREATE INDEX payments_party ON payments (company_id, party_id, id);

-- An allocation settles `amount` (document currency) of a debit document (an invoice, or an
-- outbound payment) against a credit document (a credit note, or an inbound payment); the
-- settlement itself is the ledger matches listed in allocation_matches. `source_type` is the
-- document whose verb made it (payment | invoice).
CREATE TABLE allocations (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  party_id BIGINT NOT NULL REFERENCES parties (id),
  currency TEXT NOT NULL,
  amount BIGINT NOT NULL,
  debit_type TEXT NOT NULL,
  debit_id BIGINT NOT NULL,
  credit_type TEXT NOT NULL,
  credit_id BIGINT NOT NULL,
  source_type TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'active',
  date TEXT NOT NULL,
  created_by_user_id BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  undone_by_user_id BIGINT REFERENCES users (id),
  undone_at TEXT
);
CREATE INDEX allocations_debit ON allocations (company_id, debit_type, debit_id);
CREATE INDEX allocations_credit ON allocations (company_id, credit_type, credit_id);

-- The ledger matches of an allocation (no foreign key: unmatching deletes the match row; the
-- ids stay here as history of an undone allocation).
CREATE TABLE allocation_matches (
  allocation_id BIGINT NOT NULL REFERENCES allocations (id),
  match_id BIGINT NOT NULL,
  PRIMARY KEY (allocation_id, match_id)
);
)sql"});
  return area;
}

}  // namespace concord::invoicing
