// Read models of the inventory area: stock on hand (quants), availability of a product in a
// warehouse, the moves list, valuation per product and its layers. Filters naming another
// company's product, location, warehouse or transfer answer NotFound.
//
// Thread-safety: stateless apart from its references; every method runs in the caller's Tx.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "inventory/stock.h"
#include "security/access.h"

namespace concord::inventory {

struct StockFilter {
  std::optional<int64_t> product_id, location_id, warehouse_id, lot_id;
};

struct MoveFilter {
  std::optional<int64_t> product_id, location_id, transfer_id, origin_id, count_id;
  std::string state, origin_type;
};

class Reports {
 public:
  explicit Reports(const Stock& stock) : stock_(stock) {}

  // inventory.warehouse.read: quants with stock or reservations (location_id: its subtree).
  Result<nlohmann::json> OnHand(store::Tx& tx, const security::Access& who, const StockFilter& f,
                                int64_t limit, int64_t after) const;
  // inventory.warehouse.read: Stock::Available as JSON (default warehouse and today).
  Result<nlohmann::json> Availability(store::Tx& tx, const security::Access& who,
                                      int64_t product_id, std::optional<int64_t> warehouse_id,
                                      std::optional<Date> date) const;
  // inventory.transfer.read: moves, newest last (location_id: from or to it).
  Result<nlohmann::json> MoveList(store::Tx& tx, const security::Access& who, const MoveFilter& f,
                                  int64_t limit, int64_t after) const;
  // inventory.valuation.read: per product (id = product id) quantity, value, unit cost.
  Result<nlohmann::json> Valuation(store::Tx& tx, const security::Access& who,
                                   std::optional<int64_t> product_id, int64_t limit,
                                   int64_t after) const;
  // inventory.valuation.read: the layers of one product, oldest first.
  Result<nlohmann::json> Layers(store::Tx& tx, const security::Access& who, int64_t product_id,
                                int64_t limit, int64_t after) const;

 private:
  Status CheckFilters(store::Tx& tx, int64_t company_id, std::optional<int64_t> product_id,
                      std::optional<int64_t> location_id,
                      std::optional<int64_t> warehouse_id) const;
  const Stock& stock_;
};

}  // namespace concord::inventory
