// Perpetual valuation of done moves of stocked products, and its postings.
//
// A move into an internal location from outside (receipt, customer return, count gain) adds a
// layer: receipts at the move's unit cost (standard costing: the standard cost), returns at
// the original delivery's cost (their share of its value), anything else at the current cost.
// A move out of internal locations (delivery, count loss) consumes layers: FIFO the oldest
// first; average and standard as one pool at the average or the standard cost. Moves between
// internal locations are not valued.
//
// Each valued move posts one entry in the "stock" journal, in the caller's transaction:
//   in from supplier:  Dr inventory / Cr goods_received_not_invoiced
//   in from customer:  Dr inventory / Cr cogs        out to customer: Dr cogs / Cr inventory
//   in from loss:      Dr inventory / Cr expense     out to loss:     Dr expense / Cr inventory
// A zero value posts nothing. Σ remaining layer value == the inventory account, exactly.
#pragma once

#include <optional>
#include <string>

#include "accounting/ledger.h"
#include "catalog/products.h"
#include "core/time.h"
#include "inventory/internal.h"
#include "store/tx.h"

namespace concord::inventory {

struct Valued {
  int64_t value = 0;      // minor units, >= 0
  int64_t unit_cost = 0;  // scale 6
  std::optional<int64_t> entry_id;
};

class Valuation {
 public:
  Valuation(const Clock& clock, const accounting::Ledger& ledger)
      : clock_(clock), ledger_(ledger) {}

  // Values done move `m` (a stocked product) and posts it. `ref` names the document.
  Result<Valued> Apply(store::Tx& tx, const Move& m, const catalog::ProductInfo& product,
                       const Location& src, const Location& dst, Date date, const std::string& ref,
                       int64_t user_id) const;

  // The cost a product enters at when nothing else says (scale 6): standard cost; the pool's
  // average (or the last average) for average costing; the last receipt's cost for FIFO.
  Result<int64_t> CurrentCost(store::Tx& tx, const catalog::ProductInfo& product) const;

 private:
  Result<int64_t> IncomingCost(store::Tx& tx, const Move& m, const catalog::ProductInfo& product,
                               const Location& src, int minor_units, int64_t* value) const;
  Result<int64_t> Outgoing(store::Tx& tx, const Move& m, const catalog::ProductInfo& product,
                           int minor_units) const;
  Status KeepCost(store::Tx& tx, const catalog::ProductInfo& product, int minor_units,
                  std::optional<int64_t> incoming_cost) const;
  Result<std::optional<int64_t>> Post(store::Tx& tx, const Move& m, bool in,
                                      const std::string& other_kind, int64_t value, Date date,
                                      const std::string& ref, int64_t user_id) const;

  const Clock& clock_;
  const accounting::Ledger& ledger_;
};

}  // namespace concord::inventory
