// Warehouses and stock locations. Each warehouse has a view location (its root) and an
// internal stock location under it; further internal or view locations can be added below.
// Company-wide virtual locations (customer, supplier, inventory_loss, transit) are created with
// the company. Locations are never deleted: they are deactivated.
//
// Thread-safety: stateless apart from the clock; every method runs in the caller's Tx.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/time.h"
#include "security/access.h"
#include "store/database.h"
#include "store/tx.h"

namespace concord::inventory {

using VersionCheck = std::function<Status(int64_t current)>;

// A new company's stock set-up: the virtual locations and warehouse "WH" (a company
// initializer; idempotent).
Status SetUpCompanyStock(store::Tx& tx, int64_t company_id, const Clock& clock);
// Companies without stock locations (databases created before this area), at start-up.
Status SetUpMissingCompanies(store::Database& db, const Clock& clock);

class Locations {
 public:
  explicit Locations(const Clock& clock) : clock_(clock) {}

  // inventory.warehouse.* use cases: JSON in and out, audited and published.
  Result<nlohmann::json> ListWarehouses(store::Tx& tx, const security::Access& who) const;
  Result<nlohmann::json> GetWarehouse(store::Tx& tx, const security::Access& who, int64_t id) const;
  Result<nlohmann::json> CreateWarehouse(store::Tx& tx, const security::Access& who,
                                         const nlohmann::json& body) const;
  // name and active; a warehouse with stock on hand cannot be deactivated.
  Result<nlohmann::json> UpdateWarehouse(store::Tx& tx, const security::Access& who, int64_t id,
                                         const nlohmann::json& body,
                                         const VersionCheck& check) const;

  Result<nlohmann::json> ListLocations(store::Tx& tx, const security::Access& who,
                                       std::optional<int64_t> warehouse_id, const std::string& kind,
                                       int64_t limit, int64_t after) const;
  Result<nlohmann::json> GetLocation(store::Tx& tx, const security::Access& who, int64_t id) const;
  // An internal or view location under a warehouse's view or internal location.
  Result<nlohmann::json> CreateLocation(store::Tx& tx, const security::Access& who,
                                        const nlohmann::json& body) const;

 private:
  const Clock& clock_;
};

}  // namespace concord::inventory
