// Service desk tickets: a customer's complaint, question or request, classified into a
// category whose processing times become deadlines on the company's business calendar.
//
// State machine (kTransitions in tickets.cc; anything else is Conflict "ticket.transition",
// HTTP 409):
//   new -> assigned (assign) -> in_progress (start) <-> waiting_on_customer (wait / resume)
//   in_progress | waiting_on_customer -> resolved (resolve) -> closed (close)
//   resolved | closed -> in_progress (reopen)
// `assign` is also allowed while in progress or waiting (it changes the assignee only).
//
// Deadlines: response_due_at = created + first_response_minutes (when the category has one),
// resolution_due_at = created + max_processing_minutes, both in business time. While waiting
// on the customer the clock stops: resume (or resolve from waiting) moves the open deadlines by
// the business time spent waiting. The first response is the first assignment or the first
// customer-visible entry; a response or resolution after its deadline sets the breach flag
// (the SLA job sets it for deadlines that pass unanswered, see sla.h).
//
// Access: service.ticket.read / create / update with record rules on the assignee
// (owner_user_id) and department_id. Another company's (or an invisible) ticket is "not
// found"; so is another company's party, contact or linked document on create.
// Every mutation writes an audit record and an outbox event in the caller's transaction.
// Thread-safety: stateless apart from the references it holds.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "catalog/products.h"
#include "core/time.h"
#include "http/list_sort.h"
#include "inventory/stock.h"
#include "invoicing/invoices.h"
#include "kb/answers.h"
#include "notify/notifier.h"
#include "party/service.h"
#include "sales/orders.h"
#include "security/access.h"
#include "security/directory.h"
#include "store/tx.h"

namespace concord::service {

struct TicketDeps {
  const Clock& clock;
  const party::Parties& parties;
  const sales::Orders& orders;
  const invoicing::Invoices& invoices;
  const inventory::Stock& stock;
  const catalog::Products& products;
  const kb::Answers& answers;        // suggested answers for new tickets
  const notify::Notifier& notifier;  // the assignee hears of an assignment
};

struct TicketFilter {
  std::optional<int64_t> party_id, sales_order_id, invoice_id, category_id, owner_user_id;
  std::string status;  // empty: all
  std::optional<bool> breached;
};

class Tickets {
 public:
  explicit Tickets(TicketDeps deps) : d_(deps) {}

  // What List sorts by: resolution_due_at (the deadline), priority (low → urgent), created_at,
  // status.
  static const http::SortSpec kSorts;
  // One page of the tickets the caller may read: {"items", "next_cursor"}.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, const TicketFilter& f,
                              const http::ListPage& page) const;
  // The ticket with its progress entries ("entries", oldest first).
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // {subject, description?, party_id, contact_id?, channel, category_id, priority?,
  //  sales_order_id?, invoice_id?, delivery_id?, product_id?, lot_id?}
  // The knowledge base's answers to the subject and description (kb::Answers::Suggest, at most
  // five, those the creator may read) are kept with the ticket as "suggestions" (Get returns
  // them too).
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;

  // The verbs. `body` may be empty for verbs without input; `check` is the optional If-Match.
  // assign: {user_id?, department_id?} (at least one; a new assignee other than the caller
  // gets an "assignment" notification); resolve: {resolution}.
  Result<nlohmann::json> Act(store::Tx& tx, const security::Access& who, int64_t id,
                             const std::string& verb, const nlohmann::json& body,
                             const security::VersionCheck& check) const;

  // {text, visibility: internal | customer}; not on closed tickets. Returns the entry.
  Result<nlohmann::json> AddEntry(store::Tx& tx, const security::Access& who, int64_t id,
                                  const nlohmann::json& body) const;
  // {score: 1..5, comment?}: once, on a resolved or closed ticket.
  Result<nlohmann::json> Survey(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body) const;

  // A resolution action on a ticket linked to an invoice: a credit note of that invoice
  // through invoicing::Invoices::ApiCredit (body {date?, post?}; the caller needs
  // invoicing.invoice.create, and .approve to post), linked as credit_note_id. Once per
  // ticket (Conflict "ticket.credited"); FailedPrecondition "ticket.no_invoice" without an
  // invoice; not on closed tickets. Returns the ticket with "credit_note": the new document.
  Result<nlohmann::json> CreditNote(store::Tx& tx, const security::Access& who, int64_t id,
                                    const nlohmann::json& body) const;

  // The 360° section of a party: its latest tickets (at most 20) with their latest three
  // entries each, and counts of open and breached ones.
  static Result<nlohmann::json> PartySection(store::Tx& tx, const security::Access& who,
                                             int64_t party_id);

 private:
  static constexpr int kSuggestions = 5;
  // Asks the knowledge base and keeps its answers with the new ticket; returns them.
  Result<nlohmann::json> Suggest(store::Tx& tx, const security::Access& who, int64_t id,
                                 const std::string& text) const;
  Result<nlohmann::json> Assign(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body,
                                const security::VersionCheck& check) const;
  Status CheckLinks(store::Tx& tx, const security::Access& who, const nlohmann::json& links,
                    int64_t party_id) const;

  TicketDeps d_;
};

// Ticket verbs other than assign, in the order of the state machine.
inline const std::vector<std::string> kTicketVerbs = {"start",   "wait",  "resume",
                                                      "resolve", "close", "reopen"};

}  // namespace concord::service
