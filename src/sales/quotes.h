// Quotes: made for a party directly or from an opportunity; lines priced live by the catalog's
// pricing service while the quote is a draft (re-priced on demand); a validity date; revisions
// kept (editing a sent quote snapshots it and starts the next revision); a printable view.
//
// State machine: draft → sent → accepted | rejected | expired; draft → cancelled.
// A quote whose largest line discount below list price exceeds the company's threshold
// (sales settings) needs an approval (sales.quote.approve) before it can be sent; any edit
// of the lines asks again. Accepting (before valid_until) creates the draft sales order with
// the quoted prices and moves the opportunity, if any, to its won stage.
//
// Permissions: sales.quote.read/create/update/approve, record rules on owner and department.
// Thread-safety: stateless after wiring.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "crm/opportunity_service.h"
#include "sales/orders.h"

namespace concord::sales {

struct QuoteDeps {
  const Clock& clock;
  const catalog::Products& products;
  const catalog::Pricing& pricing;
  const Orders& orders;
  const party::Parties& parties;
  const crm::Opportunities& opportunities;
};

// The discount-approval workflow, wired by the app (the workflow area). `request` starts it,
// `approve` decides the caller's open step (starting it first if none runs), `reset` cancels
// a running one when the lines change, `guard_send` refuses sending while one runs. Unset:
// the one-step approval by a holder of sales.quote.approve.
struct QuoteApproval {
  using Fn = std::function<Status(store::Tx&, const security::Access&, int64_t quote_id)>;
  Fn request, approve, reset, guard_send;
};

class Quotes {
 public:
  explicit Quotes(QuoteDeps deps) : d_(deps) {}
  void SetApproval(QuoteApproval approval) { approval_ = std::move(approval); }
  // Marks a quote that needs approval as approved by `who` (the workflow's completion).
  Status MarkApproved(store::Tx& tx, const security::Access& who, int64_t id) const;

  // What List sorts by: number, date, total (quote currency), state.
  static const http::SortSpec kSorts;
  // One page of the quotes the caller may read: {"items", "next_cursor"}.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who,
                              std::optional<int64_t> party_id, const std::string& state,
                              const http::ListPage& page) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // Body {party_id | opportunity_id, lines, currency?, date?, valid_until?, price_list_id?,
  // payment_term_id?, notes?, owner_user_id?}.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // Draft or sent quotes: lines, valid_until, notes, payment_term_id. A sent quote becomes the
  // next revision (the previous one kept) and a draft again.
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check) const;
  Result<nlohmann::json> Reprice(store::Tx& tx, const security::Access& who, int64_t id,
                                 const VersionCheck& check) const;
  // verb: approve | request-approval | send | accept | reject | cancel | expire.
  Result<nlohmann::json> Act(store::Tx& tx, const security::Access& who, int64_t id,
                             const std::string& verb, const VersionCheck& check) const;
  // Expires every sent quote whose validity has passed (company today); returns the count.
  Result<int64_t> ExpireDue(store::Tx& tx, const security::Access& who) const;
  Result<nlohmann::json> Revisions(store::Tx& tx, const security::Access& who, int64_t id) const;
  Result<std::string> Print(store::Tx& tx, const security::Access& who, int64_t id) const;

 private:
  Result<nlohmann::json> Load(store::Tx& tx, int64_t company_id, int64_t id) const;
  Result<nlohmann::json> LoadVisible(store::Tx& tx, const security::Access& who, int64_t id,
                                     const std::string& permission) const;
  Status StoreLines(store::Tx& tx, int64_t company_id, int64_t id, std::vector<Line>& lines,
                    const std::string& currency) const;
  Result<nlohmann::json> Accept(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& quote) const;

  QuoteDeps d_;
  QuoteApproval approval_;
};

}  // namespace concord::sales
