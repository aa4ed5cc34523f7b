#include "sales/schema.h"

namespace concord::sales {

// Quantities and unit prices are BIGINT scaled by 10^6; discounts percent × 10^4; amounts
// BIGINT minor units of the document currency (the *_company columns: company currency).
// Addresses, taxes and price explanations are frozen JSON text.
store::AreaMigrations Migrations() {
  store::AreaMigrations area{"sales", {"catalog", "crm"}, {}};
  area.steps.push_back({"sales", 1, "settings, quotes, orders, lines, sales facts", R"sql(
CREATE TABLE sales_settings (
  company_id BIGINT PRIMARY KEY REFERENCES companies (id),
  discount_approval BIGINT NOT NULL DEFAULT 150000,
  quote_validity_days BIGINT NOT NULL DEFAULT 30,
  invoice_policy TEXT NOT NULL DEFAULT 'delivered',
  version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE quotes (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  number ${ctext} NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1,
  party_id BIGINT NOT NULL REFERENCES parties (id),
  opportunity_id BIGINT,
  owner_user_id BIGINT REFERENCES users (id),
  department_id BIGINT REFERENCES departments (id),
  currency TEXT NOT NULL,
  price_list_id BIGINT,
  payment_term_id BIGINT,
  date TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  state TEXT NOT NULL,
  needs_approval BIGINT NOT NULL DEFAULT 0,
  approved_by BIGINT,
  approved_at TEXT,
  order_id BIGINT,
  untaxed BIGINT NOT NULL DEFAULT 0,
  tax BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, number)
);
CREATE INDEX quotes_party ON quotes (company_id, party_id);
CREATE INDEX quotes_state ON quotes (company_id, state, valid_until);

CREATE TABLE quote_revisions (
  id ${pk},
  quote_id BIGINT NOT NULL REFERENCES quotes (id),
  revision BIGINT NOT NULL,
  snapshot TEXT NOT NULL,
  user_id BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX quote_revisions_quote ON quote_revisions (quote_id, revision);

CREATE TABLE sales_orders (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  number ${ctext} NOT NULL,
  party_id BIGINT NOT NULL REFERENCES parties (id),
  quote_id BIGINT REFERENCES quotes (id),
  owner_user_id BIGINT REFERENCES users (id),
  department_id BIGINT REFERENCES departments (id),
  currency TEXT NOT NULL,
  price_list_id BIGINT,
  payment_term_id BIGINT,
  advance_required BIGINT NOT NULL DEFAULT 0,
  invoice_policy TEXT NOT NULL,
  allow_partial BIGINT NOT NULL DEFAULT 1,
  warehouse_id BIGINT,
  date TEXT NOT NULL,
  state TEXT NOT NULL,
  billing_address TEXT NOT NULL DEFAULT '{}',
  shipping_address TEXT NOT NULL DEFAULT '{}',
  credit_override_by BIGINT,
  confirmed_at TEXT,
  untaxed BIGINT NOT NULL DEFAULT 0,
  tax BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  total_company BIGINT NOT NULL DEFAULT 0,
  invoiced_company BIGINT NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, number)
);
CREATE INDEX sales_orders_party ON sales_orders (company_id, party_id, state);
CREATE INDEX sales_orders_state ON sales_orders (company_id, state, id);

-- Lines of quotes (quote_id) and of orders (order_id).
CREATE TABLE sales_lines (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  quote_id BIGINT REFERENCES quotes (id),
  order_id BIGINT REFERENCES sales_orders (id),
  sequence BIGINT NOT NULL,
  product_id BIGINT NOT NULL REFERENCES products (id),
  description TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  uom_id BIGINT NOT NULL,
  quantity_product BIGINT NOT NULL,
  list_price BIGINT NOT NULL,
  unit_price BIGINT NOT NULL,
  discount BIGINT NOT NULL DEFAULT 0,
  manual_price BIGINT NOT NULL DEFAULT 0,
  tax_ids TEXT NOT NULL DEFAULT '[]',
  untaxed BIGINT NOT NULL,
  tax BIGINT NOT NULL DEFAULT 0,
  explanation TEXT NOT NULL DEFAULT '[]',
  delivered BIGINT NOT NULL DEFAULT 0,
  invoiced BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sales_lines_quote ON sales_lines (quote_id, sequence);
CREATE INDEX sales_lines_order ON sales_lines (order_id, sequence);
CREATE INDEX sales_lines_product ON sales_lines (company_id, product_id);

-- One row per delivered (cost) or invoiced (revenue) quantity of an order line: margins by
-- customer, product, sales rep and period are sums over this table.
CREATE TABLE sales_facts (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  date TEXT NOT NULL,
  kind TEXT NOT NULL,
  order_id BIGINT NOT NULL REFERENCES sales_orders (id),
  line_id BIGINT NOT NULL REFERENCES sales_lines (id),
  party_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  owner_user_id BIGINT,
  department_id BIGINT,
  quantity BIGINT NOT NULL,
  revenue BIGINT NOT NULL DEFAULT 0,
  cost BIGINT NOT NULL DEFAULT 0,
  source_type TEXT NOT NULL,
  source_id BIGINT NOT NULL
);
CREATE INDEX sales_facts_date ON sales_facts (company_id, date);
CREATE INDEX sales_facts_party ON sales_facts (company_id, party_id, date);
CREATE INDEX sales_facts_product ON sales_facts (company_id, product_id, date);
)sql"});
  return area;
}

}  // namespace concord::sales
