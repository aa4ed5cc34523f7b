#include "inventory/schema.h"

namespace concord::inventory {

// Quantities and unit costs are BIGINT scaled by 10^6 (Quantity / UnitPrice) in the product's
// unit of measure; values are BIGINT minor units of the company currency; dates are ISO text.
// Quants exist for internal locations only; their CHECK is the last line of defence of
// "internal locations never go negative and reserved <= on hand".
store::AreaMigrations Migrations() {
  store::AreaMigrations area{"inventory", {"party", "accounting", "catalog"}, {}};
  area.steps.push_back({"inventory", 1,
                        "warehouses, locations, lots, transfers, moves, quants, valuation, counts",
                        R"sql(
CREATE TABLE warehouses (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  code ${ctext} NOT NULL,
  name TEXT NOT NULL,
  view_location_id BIGINT,
  stock_location_id BIGINT,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, code)
);

-- `path` lists the ids from the root down ("/4/5/"), so a subtree is a prefix scan.
CREATE TABLE stock_locations (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  warehouse_id BIGINT REFERENCES warehouses (id),
  parent_id BIGINT REFERENCES stock_locations (id),
  path ${ctext} NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX stock_locations_kind ON stock_locations (company_id, kind);
CREATE INDEX stock_locations_path ON stock_locations (company_id, path);
CREATE INDEX stock_locations_warehouse ON stock_locations (warehouse_id);

CREATE TABLE stock_lots (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  product_id BIGINT NOT NULL REFERENCES products (id),
  name ${ctext} NOT NULL,
  expiry_date TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, product_id, name)
);

CREATE TABLE stock_transfers (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  number TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
  party_id BIGINT REFERENCES parties (id),
  source_location_id BIGINT NOT NULL REFERENCES stock_locations (id),
  dest_location_id BIGINT NOT NULL REFERENCES stock_locations (id),
  date TEXT NOT NULL,
  done_date TEXT,
  origin_type TEXT NOT NULL DEFAULT '',
  origin_id BIGINT,
  origin_ref TEXT NOT NULL DEFAULT '',
  backorder_of_id BIGINT REFERENCES stock_transfers (id),
  return_of_id BIGINT REFERENCES stock_transfers (id),
  note TEXT NOT NULL DEFAULT '',
  created_by_user_id BIGINT REFERENCES users (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, number)
);
CREATE INDEX stock_transfers_origin ON stock_transfers (company_id, origin_type, origin_id);
CREATE INDEX stock_transfers_state ON stock_transfers (company_id, state);
CREATE INDEX stock_transfers_backorder ON stock_transfers (backorder_of_id)
  WHERE backorder_of_id IS NOT NULL;

CREATE TABLE inventory_counts (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  number TEXT NOT NULL,
  location_id BIGINT NOT NULL REFERENCES stock_locations (id),
  state TEXT NOT NULL,
  date TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by_user_id BIGINT REFERENCES users (id),
  validated_by_user_id BIGINT REFERENCES users (id),
  validated_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, number)
);

-- `product_kind` is the product's kind when the move was made (stocked moves have quants and
-- valuation, consumable ones neither). `unit_cost` is the receipt cost given for the move,
-- then the cost it was valued at; `value` (minor units, >= 0) is set once done.
CREATE TABLE stock_moves (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  transfer_id BIGINT REFERENCES stock_transfers (id),
  count_id BIGINT REFERENCES inventory_counts (id),
  product_id BIGINT NOT NULL REFERENCES products (id),
  product_kind TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  source_location_id BIGINT NOT NULL REFERENCES stock_locations (id),
  dest_location_id BIGINT NOT NULL REFERENCES stock_locations (id),
  lot_id BIGINT REFERENCES stock_lots (id),
  state TEXT NOT NULL,
  date TEXT NOT NULL,
  origin_type TEXT NOT NULL DEFAULT '',
  origin_id BIGINT,
  origin_line_id BIGINT,
  return_of_move_id BIGINT REFERENCES stock_moves (id),
  unit_cost BIGINT,
  value BIGINT,
  entry_id BIGINT REFERENCES journal_entries (id),
  done_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (quantity > 0)
);
CREATE INDEX stock_moves_transfer ON stock_moves (transfer_id);
CREATE INDEX stock_moves_count ON stock_moves (count_id) WHERE count_id IS NOT NULL;
CREATE INDEX stock_moves_product ON stock_moves (company_id, product_id, state);
CREATE INDEX stock_moves_origin ON stock_moves (company_id, origin_type, origin_id);
CREATE INDEX stock_moves_return ON stock_moves (return_of_move_id)
  WHERE return_of_move_id IS NOT NULL;

-- On hand and reserved per product, internal location and lot (0: none).
CREATE TABLE stock_quants (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  product_id BIGINT NOT NULL REFERENCES products (id),
  location_id BIGINT NOT NULL REFERENCES stock_locations (id),
  lot_id BIGINT NOT NULL DEFAULT 0,
  quantity BIGINT NOT NULL DEFAULT 0,
  reserved BIGINT NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, product_id, location_id, lot_id),
  CHECK (quantity >= 0 AND reserved >= 0 AND reserved <= quantity)
);
CREATE INDEX stock_quants_location ON stock_quants (company_id, location_id);

-- Perpetual valuation: a positive layer per incoming valued move, a negative one per outgoing
-- move. remaining_qty / remaining_value are what is still in stock of an incoming layer; their
-- sum per company equals the inventory account's balance to the minor unit.
CREATE TABLE stock_valuation_layers (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  product_id BIGINT NOT NULL REFERENCES products (id),
  move_id BIGINT NOT NULL REFERENCES stock_moves (id),
  date TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  unit_cost BIGINT NOT NULL,
  value BIGINT NOT NULL,
  remaining_qty BIGINT NOT NULL,
  remaining_value BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX stock_valuation_layers_product ON stock_valuation_layers (company_id, product_id, id);
CREATE INDEX stock_valuation_layers_move ON stock_valuation_layers (move_id);

-- The moving average (or last) unit cost per product, kept with every valued move.
CREATE TABLE stock_product_costs (
  company_id BIGINT NOT NULL REFERENCES companies (id),
  product_id BIGINT NOT NULL REFERENCES products (id),
  unit_cost BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (company_id, product_id)
);

CREATE TABLE inventory_count_lines (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  count_id BIGINT NOT NULL REFERENCES inventory_counts (id),
  line_no BIGINT NOT NULL,
  product_id BIGINT NOT NULL REFERENCES products (id),
  lot_id BIGINT REFERENCES stock_lots (id),
  counted BIGINT NOT NULL,
  expected BIGINT,
  difference BIGINT,
  move_id BIGINT REFERENCES stock_moves (id)
);
CREATE INDEX inventory_count_lines_count ON inventory_count_lines (count_id, line_no);
)sql"});
  return area;
}

}  // namespace concord::inventory
