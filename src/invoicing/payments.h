// Customer payments: money received from a customer (inbound) or refunded to one (outbound),
// on a bank or cash journal. A draft is posted (invoicing.payment.approve) or cancelled; a
// posted payment is never edited.
//
// Posting (one transaction): the payment journal, Dr bank / Cr receivable (inbound) or Dr
// receivable / Cr bank (outbound), the receivable line with the party; a foreign amount is
// converted at the accounting rate of the payment date and both lines carry it. Numbered
// "PAY-000001" (store::NextNumber "payment", gap-free per company). Allocations given at
// creation are kept on the draft and applied when it posts (allocations.h); more can be made
// later. What an inbound payment leaves unallocated is the customer's credit.
//
// Thread-safety: stateless apart from the clock; every method runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "accounting/ledger.h"
#include "http/list_sort.h"
#include "invoicing/allocations.h"
#include "invoicing/terms.h"
#include "party/service.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::invoicing {

struct PaymentFilter {
  std::optional<int64_t> party_id;
  std::string state;      // draft | posted | cancelled
  std::string direction;  // inbound | outbound
  std::optional<Date> from, to;
};

class Payments {
 public:
  Payments(const Clock& clock, const accounting::Ledger& ledger, const party::Parties& parties)
      : clock_(clock), ledger_(ledger), parties_(parties), allocations_(clock, ledger) {}

  // Body {party_id, amount, currency?, date?, journal_id? (kind bank or cash; default: the
  // bank journal), direction? (inbound | outbound), reference?, memo?, allocations?: [{invoice_id
  // | payment_id, amount?}], post?}. invoicing.payment.create (+ approve to post).
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Post(store::Tx& tx, const security::Access& who, int64_t id,
                              const VersionCheck& check) const;
  Result<nlohmann::json> Cancel(store::Tx& tx, const security::Access& who, int64_t id,
                                const VersionCheck& check) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // What List sorts by: date, amount (in the payment's currency).
  static const http::SortSpec kSorts;
  // One page of payments: {"items", "next_cursor"}.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, const PaymentFilter& f,
                              const http::ListPage& page) const;

  // The service: posts draft `id` and applies its planned allocations.
  Status PostPayment(store::Tx& tx, int64_t company_id, int64_t id, int64_t user_id) const;

 private:
  const Clock& clock_;
  const accounting::Ledger& ledger_;
  const party::Parties& parties_;
  Allocations allocations_;
};

}  // namespace concord::invoicing
