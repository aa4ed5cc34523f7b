// Allocations: settling what a customer owes with what the customer paid or was credited,
// through the ledger's matching so that open items, ageing and statements stay right.
//
// Every posted document of the area has receivable lines on one side: an invoice and an
// outbound payment (a refund) are debits, a credit note and an inbound payment are credits.
// An allocation settles `amount` (document currency, default: as much as both have open) of
// one debit document against one credit document of the same party and currency, matching
// their open receivable lines oldest due first (accounting::Matching::Match, which books the
// realised exchange difference of foreign lines). So:
//   inbound payment → invoices (payment), credit note → invoices, outbound payment → credit
//   notes or inbound payments (refund of a credit note or of customer credit).
// What an inbound payment or a credit note has not allocated stays open on the receivable
// account: the customer's credit, usable later. An invoice whose lines have nothing open left
// is "paid"; undoing an allocation unmatches (reversing any exchange difference) and makes
// it "posted" again.
//
// Thread-safety: stateless apart from the clock; every method runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "accounting/ledger.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::invoicing {

struct DocRef {
  std::string type;  // invoice (invoices and credit notes) | payment
  int64_t id = 0;
};

class Allocations {
 public:
  Allocations(const Clock& clock, const accounting::Ledger& ledger)
      : clock_(clock), ledger_(ledger) {}

  // Allocates between `source` and `target` (one debit and one credit document, either way
  // round). `field` prefixes field errors ("allocations/0/"). Returns the allocation id.
  // InvalidArgument: not_found / invoicing.not_posted / invoicing.same_side /
  // invoicing.party_mismatch / invoicing.currency_mismatch (under `field` + "invoice_id" or
  // "payment_id"), positive / invoicing.over_allocation / invoicing.nothing_open ("amount").
  Result<int64_t> Allocate(store::Tx& tx, int64_t company_id, const DocRef& source,
                           const DocRef& target, std::optional<int64_t> amount, int64_t user_id,
                           const std::string& field = "") const;
  // Unmatches an active allocation's matches (a match already deleted in accounting is
  // skipped) and marks it undone. FailedPrecondition "invoicing.undone" if it is.
  Status Undo(store::Tx& tx, int64_t company_id, int64_t allocation_id, int64_t user_id) const;

  // The API (invoicing.payment.create): body {allocations: [{invoice_id | payment_id,
  // amount?}]} from a posted source document (decimals in the documents' currency).
  Status ApiAllocate(store::Tx& tx, const security::Access& who, const DocRef& source,
                     const nlohmann::json& body) const;
  // Parses an allocation list without touching the database: [{type, id, amount?}] as JSON
  // {"type", "id", "amount": minor units or null}; `currency` gives the decimals.
  static Result<nlohmann::json> ParseTargets(const nlohmann::json* list,
                                             const std::string& currency);
  // Allocates parsed targets from `source`.
  Status AllocateAll(store::Tx& tx, int64_t company_id, const DocRef& source,
                     const nlohmann::json& targets, int64_t user_id) const;
  Result<nlohmann::json> ApiUndo(store::Tx& tx, const security::Access& who, int64_t id) const;
  // The customer's open credit (unallocated inbound payments and credit notes, company
  // currency and per document) and open receivable. invoicing.invoice.read.
  Result<nlohmann::json> Credit(store::Tx& tx, const security::Access& who, int64_t party_id) const;

 private:
  const Clock& clock_;
  const accounting::Ledger& ledger_;
};

}  // namespace concord::invoicing
