#include "catalog/schema.h"

namespace concord::catalog {

// Quantities, factors and unit prices are BIGINT scaled by 10^6 (Quantity / UnitPrice);
// percentages are BIGINT percent × 10^4 (13.5% = 135000); dates are ISO text.
store::AreaMigrations Migrations() {
  store::AreaMigrations area{"catalog", {"party"}, {}};
  area.steps.push_back({"catalog", 1, "units, categories, products, price lists, promotions",
                        R"sql(
CREATE TABLE uoms (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  code ${ctext} NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  factor BIGINT NOT NULL,
  decimals BIGINT NOT NULL DEFAULT 0,
  active BIGINT NOT NULL DEFAULT 1,
  UNIQUE (company_id, code)
);

CREATE TABLE product_categories (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  parent_id BIGINT REFERENCES product_categories (id),
  name TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, parent_id, name)
);

CREATE TABLE products (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  sku ${ctext} NOT NULL,
  gtin ${ctext},
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  category_id BIGINT REFERENCES product_categories (id),
  uom_id BIGINT NOT NULL REFERENCES uoms (id),
  sale_tax_id BIGINT,
  purchase_tax_id BIGINT,
  costing_method TEXT NOT NULL,
  list_price BIGINT NOT NULL DEFAULT 0,
  standard_cost BIGINT NOT NULL DEFAULT 0,
  tracking TEXT NOT NULL DEFAULT 'none',
  use_expiry BIGINT NOT NULL DEFAULT 0,
  weight_kg BIGINT NOT NULL DEFAULT 0,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, sku)
);
CREATE UNIQUE INDEX products_gtin ON products (company_id, gtin);
CREATE INDEX products_category ON products (company_id, category_id);
CREATE INDEX products_name ON products (company_id, name);

CREATE TABLE price_lists (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  valid_from TEXT,
  valid_to TEXT,
  priority BIGINT NOT NULL DEFAULT 10,
  rounding BIGINT NOT NULL DEFAULT 0,
  rounding_surcharge BIGINT NOT NULL DEFAULT 0,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX price_lists_company ON price_lists (company_id, active);

CREATE TABLE price_list_assignments (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  price_list_id BIGINT NOT NULL REFERENCES price_lists (id),
  party_id BIGINT,
  party_tag TEXT
);
CREATE INDEX price_list_assignments_party ON price_list_assignments (company_id, party_id);
CREATE INDEX price_list_assignments_tag ON price_list_assignments (company_id, party_tag);
CREATE INDEX price_list_assignments_list ON price_list_assignments (price_list_id);

CREATE TABLE price_rules (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  price_list_id BIGINT NOT NULL REFERENCES price_lists (id),
  sequence BIGINT NOT NULL DEFAULT 10,
  product_id BIGINT REFERENCES products (id),
  category_id BIGINT REFERENCES product_categories (id),
  min_quantity BIGINT NOT NULL DEFAULT 0,
  method TEXT NOT NULL,
  fixed_price BIGINT NOT NULL DEFAULT 0,
  discount BIGINT NOT NULL DEFAULT 0,
  base TEXT NOT NULL DEFAULT 'list_price',
  margin BIGINT NOT NULL DEFAULT 0,
  surcharge BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX price_rules_list ON price_rules (price_list_id, sequence);

CREATE TABLE promotions (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  name TEXT NOT NULL,
  product_id BIGINT REFERENCES products (id),
  category_id BIGINT REFERENCES product_categories (id),
  price_list_id BIGINT REFERENCES price_lists (id),
  discount BIGINT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX promotions_company ON promotions (company_id, valid_from);
)sql"});
  // Global search finds products by the start of their name in any letter case (PostgreSQL:
  // the lowered name ordered bytewise, so that prefix ranges hold under any database collation).
  area.steps.push_back({"catalog", 2, "product names indexed for case-insensitive search", "",
                        "CREATE INDEX products_name_lower ON products (company_id, lower(name));",
                        "CREATE INDEX products_name_lower ON products "
                        "(company_id, lower(name) COLLATE \"C\");"});
  return area;
}

}  // namespace concord::catalog
