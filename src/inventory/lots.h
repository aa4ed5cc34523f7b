// Lots and serial numbers: a name unique per product, with an expiry date for products that
// use expiry. Lot-tracked products need a lot on every move into or out of an internal
// location; serial-tracked ones move one unit per serial number.
//
// Thread-safety: stateless apart from its references; every method runs in the caller's Tx.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "catalog/products.h"
#include "core/time.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::inventory {

class Lots {
 public:
  Lots(const Clock& clock, const catalog::Products& products)
      : clock_(clock), products_(products) {}

  // inventory.transfer.read / create: JSON in and out, audited and published.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who,
                              std::optional<int64_t> product_id, const std::string& q,
                              int64_t limit, int64_t after) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;

  // The lot `name` of a tracked product, created (audited) when missing. Field errors (on
  // `lot_name` / `expiry_date`): the product is not tracked, a new lot of a product that uses
  // expiry has no expiry date, an expiry date for a product without expiry, or one that differs
  // from the existing lot's.
  Result<int64_t> FindOrCreate(store::Tx& tx, const catalog::ProductInfo& product,
                               const std::string& name, std::optional<Date> expiry) const;
  // InvalidField("lot_id", "not_found") unless the lot is the product's (same company).
  static Status Check(store::Tx& tx, int64_t company_id, int64_t lot_id, int64_t product_id);

 private:
  const Clock& clock_;
  const catalog::Products& products_;
};

}  // namespace concord::inventory
