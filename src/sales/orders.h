// Sales orders: created directly or from an accepted quote, priced live while a draft, then
// confirmed in one transaction that checks credit, reserves stock (or refuses, by the order's
// back-order policy), freezes prices, taxes, addresses and terms, and creates the delivery.
// Deliveries are validated in the inventory area; its done-move listener brings delivered
// quantities and their cost back here. Invoices come from delivered (or ordered) quantities
// through the invoicing area; its posted-invoice listener records invoiced quantities and
// revenue. Both write sales_facts, so margins are a query.
//
// State machine: draft → confirmed → done (everything delivered and invoiced) | cancelled
// (draft, or confirmed with nothing delivered: reservations released).
//
// Credit (Confirm): open receivable + confirmed-but-unbilled orders + this order ≤ the
// party's credit limit (company currency; no limit: no check). Otherwise Conflict
// "sales.credit_limit" with the figures in the problem's extra, unless the body says
// "override_credit": true and the caller holds sales.credit.approve (audited as
// "credit_override"); the problem's extra names the credit_override workflow that asks
// such a user to confirm it.
// Advance payment: an order whose payment term requires an advance is invoiced in full at
// confirmation; its delivery cannot be validated until that invoice is paid (inventory
// validate guard, Conflict "sales.advance_pending").
//
// Permissions: sales.order.read/create/update (record rules on owner and department);
// confirm and cancel need sales.order.update; invoicing an order also needs
// invoicing.invoice.create (and .approve to post). Thread-safety: stateless after wiring.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "catalog/pricing.h"
#include "core/status.h"
#include "core/time.h"
#include "http/list_sort.h"
#include "inventory/stock.h"
#include "invoicing/invoices.h"
#include "party/lifecycle.h"
#include "party/service.h"
#include "sales/lines.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::sales {

using VersionCheck = std::function<Status(int64_t)>;

struct OrderDeps {
  const Clock& clock;
  const catalog::Products& products;
  const catalog::Pricing& pricing;
  const inventory::Stock& stock;
  const invoicing::Invoices& invoices;
  const party::Parties& parties;
  const party::Lifecycle& lifecycle;
};

struct OrderFilter {
  std::optional<int64_t> party_id;
  std::string state;
};

// What a quote hands to a new order.
struct OrderDraft {
  int64_t party_id = 0;
  std::optional<int64_t> quote_id;
  std::optional<int64_t> owner_user_id;
  std::optional<int64_t> department_id;
  std::string currency;
  std::optional<int64_t> price_list_id;
  std::optional<int64_t> payment_term_id;
  Date date;
  std::string notes;
  std::vector<Line> lines;
};

// Called at the end of every confirmation, in its transaction (the app starts the
// advance-payment workflow for orders that require an advance).
using ConfirmHook =
    std::function<Status(store::Tx&, const security::Access&, const nlohmann::json& order)>;

class Orders {
 public:
  explicit Orders(OrderDeps deps) : d_(deps) {}
  void SetConfirmHook(ConfirmHook hook) { confirm_hook_ = std::move(hook); }

  // What List sorts by: number, date, total (order currency), state.
  static const http::SortSpec kSorts;
  // One page of the orders the caller may read: {"items", "next_cursor"}.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, const OrderFilter& f,
                              const http::ListPage& page) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // Body {party_id, lines, currency?, date?, price_list_id?, payment_term_id?, warehouse_id?,
  // allow_partial?, notes?, owner_user_id?}.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // A draft order from an accepted quote (prices as quoted). Returns the order id.
  Result<int64_t> CreateFromDraft(store::Tx& tx, const security::Access& who,
                                  OrderDraft draft) const;
  // Draft only: lines (re-priced), notes, terms, warehouse, policy.
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check) const;
  Result<nlohmann::json> Reprice(store::Tx& tx, const security::Access& who, int64_t id,
                                 const VersionCheck& check) const;
  Result<nlohmann::json> Confirm(store::Tx& tx, const security::Access& who, int64_t id,
                                 const nlohmann::json& body, const VersionCheck& check) const;
  Result<nlohmann::json> Cancel(store::Tx& tx, const security::Access& who, int64_t id,
                                const VersionCheck& check) const;
  // Body {date?, post? (default true)}: invoices what is delivered (or ordered, by policy)
  // and not yet invoiced. FailedPrecondition "sales.nothing_to_invoice" otherwise.
  Result<nlohmann::json> Invoice(store::Tx& tx, const security::Access& who, int64_t id,
                                 const nlohmann::json& body) const;
  // Body {date?, post?}: a credit note for what was invoiced but returned (invoiced >
  // delivered). FailedPrecondition "sales.nothing_to_credit" otherwise.
  Result<nlohmann::json> CreditReturns(store::Tx& tx, const security::Access& who, int64_t id,
                                       const nlohmann::json& body) const;
  // Available-to-promise per line in the order's warehouse on `date` (default: the order's).
  Result<nlohmann::json> Availability(store::Tx& tx, const security::Access& who, int64_t id,
                                      std::optional<Date> date) const;

  // Listeners wired to inventory and invoicing.
  Status OnDoneMove(store::Tx& tx, const inventory::DoneMove& move) const;
  Status OnInvoicePosted(store::Tx& tx, const invoicing::PostedInvoice& invoice) const;
  // The inventory validate guard: Conflict "sales.advance_pending" while an advance-payment
  // order is not paid.
  Status CheckDeliveryAllowed(store::Tx& tx, int64_t company_id, const std::string& origin_type,
                              int64_t origin_id) const;

 private:
  Result<nlohmann::json> Load(store::Tx& tx, int64_t company_id, int64_t id) const;
  Result<nlohmann::json> LoadVisible(store::Tx& tx, const security::Access& who, int64_t id,
                                     const std::string& permission) const;
  Status CheckCredit(store::Tx& tx, const security::Access& who, const nlohmann::json& order,
                     bool override_credit) const;
  // {"warehouse_id"?, "allow_partial"?} of a draft order.
  Status ApplySettings(store::Tx& tx, int64_t company_id, int64_t id,
                       const nlohmann::json& settings) const;
  Status StoreDraft(store::Tx& tx, int64_t id, int64_t company_id, std::vector<Line>& lines,
                    const std::string& currency) const;
  Result<nlohmann::json> InvoiceLines(store::Tx& tx, const security::Access& who,
                                      const nlohmann::json& order, bool credit,
                                      const nlohmann::json& body) const;

  OrderDeps d_;
  ConfirmHook confirm_hook_;
};

}  // namespace concord::sales
