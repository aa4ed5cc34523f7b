// The inventory area's service interface for other areas (sales confirms and cancels orders
// through it; purchasing will receive through the same transfers): availability, deliveries
// created and reserved for an origin document, cancelling an origin's moves, the transfers of
// an origin, and listeners told of every done move of an origin.
//
// Quantities are in the product's unit of measure (catalog ProductInfo::uom_id). Values are
// integer minor units of the company currency. Every method runs in the caller's transaction
// and checks no permission (the calling area checks its own); rows of another company are
// NotFound. Writes are audited ("stock_transfer") and published like the API's.
//
// Thread-safety: listeners are registered at wiring time and read-only afterwards; the methods
// are then safe from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "accounting/ledger.h"
#include "catalog/products.h"
#include "core/quantity.h"
#include "core/status.h"
#include "core/time.h"
#include "store/tx.h"

namespace concord::inventory {

struct Availability {
  Quantity on_hand, reserved, available;  // internal locations of the warehouse
  Quantity incoming, outgoing;            // not-done moves dated <= date (outgoing: unreserved)
  Quantity projected;                     // available + incoming - outgoing
};

struct DeliveryLine {
  int64_t origin_line_id = 0;
  int64_t product_id = 0;
  Quantity quantity;  // product uom, > 0
};

struct DeliveryRequest {
  int64_t company_id = 0;
  int64_t warehouse_id = 0;  // 0: the default warehouse
  int64_t party_id = 0;      // 0: none
  std::string origin_type;   // e.g. "sales_order"
  int64_t origin_id = 0;
  std::string origin_ref;  // e.g. the order number
  Date date;               // scheduled
  std::vector<DeliveryLine> lines;
};

// A move of an origin that became done. Returns carry negative quantity and value.
struct DoneMove {
  int64_t company_id = 0;
  std::string origin_type;
  int64_t origin_id = 0;
  int64_t origin_line_id = 0;
  int64_t move_id = 0;
  int64_t product_id = 0;
  Quantity quantity;  // signed: returns negative
  int64_t value = 0;  // cost, company minor units, signed like quantity (0 if not valued)
  Date date;
};

// Called inside the transaction that makes the move done; an error fails that transaction.
using DoneListener = std::function<Status(store::Tx&, const DoneMove&)>;
// Asked before a delivery of an origin is validated (e.g. sales: the advance is not paid
// yet); an error refuses the validation with nothing written.
using ValidateGuard = std::function<Status(store::Tx&, int64_t company_id,
                                           const std::string& origin_type, int64_t origin_id)>;

class Stock {
 public:
  Stock(const Clock& clock, const accounting::Ledger& ledger, const catalog::Products& products)
      : clock_(clock), ledger_(ledger), products_(products) {}

  // Called for every done move that has an origin_type. Register before serving.
  void AddDoneListener(DoneListener listener) { listeners_.push_back(std::move(listener)); }
  // Asked before a delivery that has an origin_type is validated. Register before serving.
  void AddValidateGuard(ValidateGuard guard) { guards_.push_back(std::move(guard)); }
  Status CheckValidate(store::Tx& tx, int64_t company_id, const std::string& origin_type,
                       int64_t origin_id) const {
    for (const auto& g : guards_) RETURN_IF_ERROR(g(tx, company_id, origin_type, origin_id));
    return Status::Ok();
  }

  // The company's first active warehouse (by id). NotFound "warehouse" if it has none.
  Result<int64_t> DefaultWarehouse(store::Tx& tx, int64_t company_id) const;

  // Stock of a product in a warehouse (its internal locations). NotFound for another
  // company's warehouse or product.
  Result<Availability> Available(store::Tx& tx, int64_t company_id, int64_t warehouse_id,
                                 int64_t product_id, Date date) const;

  // Creates a delivery transfer (warehouse stock -> customer) with one move per line (serial
  // products: one per unit) and reserves what is available now (allow_partial: the rest
  // waits) or everything (otherwise FailedPrecondition "stock.insufficient" with
  // {"shortfalls": [{"origin_line_id", "product_id", "requested", "available"}]} as the
  // problem's extra, nothing written). Services are refused (InvalidArgument
  // "inventory.service_product" on lines/i/product_id). Returns the transfer id.
  Result<int64_t> CreateDelivery(store::Tx& tx, const DeliveryRequest& request, bool allow_partial,
                                 int64_t user_id) const;

  // Cancels every not-done move of the origin, releases its reservations and cancels the
  // transfers left without open moves. Done moves stay (returns undo them).
  Status CancelOrigin(store::Tx& tx, int64_t company_id, const std::string& origin_type,
                      int64_t origin_id, int64_t user_id) const;

  // The transfers (any state) of an origin, each as GET /api/v1/transfers/{id} shows it.
  Result<nlohmann::json> TransfersOf(store::Tx& tx, int64_t company_id,
                                     const std::string& origin_type, int64_t origin_id) const;

  // For the inventory area's own services.
  const Clock& clock() const { return clock_; }
  const accounting::Ledger& ledger() const { return ledger_; }
  const catalog::Products& products() const { return products_; }
  const std::vector<DoneListener>& done_listeners() const { return listeners_; }

 private:
  const Clock& clock_;
  const accounting::Ledger& ledger_;
  const catalog::Products& products_;
  std::vector<DoneListener> listeners_;
  std::vector<ValidateGuard> guards_;
};

}  // namespace concord::inventory
