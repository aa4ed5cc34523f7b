// Quants: on hand and reserved quantity per product, internal location and lot (0: none).
// Only stocked products have quants. Every change keeps 0 <= reserved <= on hand; a change
// that would break it fails with FailedPrecondition "stock.insufficient" (the table's CHECK
// backs this up). Reads and writes run in the caller's transaction, so on PostgreSQL a race
// for the same quant is a serialization failure that the transaction's retry resolves.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/time.h"
#include "inventory/internal.h"
#include "store/tx.h"

namespace concord::inventory {

struct QuantKey {
  int64_t company_id = 0;
  int64_t product_id = 0;
  int64_t location_id = 0;
  int64_t lot_id = 0;  // 0: no lot
};

struct FreeQuant {
  int64_t location_id = 0;
  int64_t lot_id = 0;
  int64_t free = 0;  // on hand - reserved, > 0
};

// Free stock of a product in the internal locations of `root`'s subtree, in the order it is
// reserved: lots expiring first (lots without expiry after them), then by lot and location.
// `lot_id` set: only that lot (0: stock without lot). Otherwise any lot, except lots expired
// before `date`.
Result<std::vector<FreeQuant>> FreeStock(store::Tx& tx, int64_t company_id, int64_t product_id,
                                         const Location& root, std::optional<int64_t> lot_id,
                                         Date date);

// Adds `delta` (signed) to the reserved quantity of a quant.
Status AddReserved(store::Tx& tx, const QuantKey& key, int64_t delta);
// Stock arriving: adds `qty` (> 0) on hand, creating the quant if needed.
Status AddOnHand(store::Tx& tx, const QuantKey& key, int64_t qty, const std::string& now);
// Stock leaving under its reservation: removes `qty` from on hand and from reserved.
Status TakeReserved(store::Tx& tx, const QuantKey& key, int64_t qty, const std::string& now);

}  // namespace concord::inventory
