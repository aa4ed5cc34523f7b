// Kanban boards: opportunities by pipeline stage, sales orders by where they are in order to
// cash, tickets by status. A board is a read model over the areas' documents: columns with the
// count and sums of every visible card and the first cards of each column; moving a card calls
// the area's own service verb, so guards, permissions and audit apply as on the verb's route.
//
// Record rules: every query goes through security::Access::Visible with the area's read
// permission (crm.opportunity.read, sales.order.read, service.ticket.read), so a board shows
// exactly what the area's list shows the caller. Another company's card is "not found".
//
// Sums: opportunities carry no exchange rate, so their columns sum per currency ("sums");
// sales orders are also summed in the company currency ("sum", from the rate frozen on each
// order: total_company). Tickets have no amounts (count only).
//
// Thread-safety: stateless apart from the references given at construction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "crm/opportunity_service.h"
#include "sales/orders.h"
#include "security/access.h"
#include "service/tickets.h"
#include "store/tx.h"

namespace concord::board {

inline const std::vector<std::string> kBoards = {"opportunities", "sales-orders", "tickets"};

struct BoardFilter {
  std::optional<int64_t> owner_user_id, department_id, party_id;
  int64_t cards_per_column = 50;  // 1..200; counts and sums always cover every card
};

// Where a sales order stands in order to cash, the input of SalesOrderColumn.
struct OrderFacts {
  std::string state;              // draft | confirmed | done | cancelled
  bool advance_required = false;  // payment term asks for an advance payment
  int64_t total = 0;              // order currency, minor units
  int64_t paid = 0;               // payments allocated to the order's invoices, minor units
  bool undelivered = false;       // a goods line is delivered less than ordered
  bool uninvoiced = false;        // a line is invoiced less than ordered
};

// The sales-order column (see docs/boards.md), first rule that applies:
//   cancelled                                  -> "" (not on the board)
//   draft                                      -> to_confirm
//   advance required and paid < total          -> awaiting_advance
//   undelivered                                -> to_deliver
//   uninvoiced                                 -> to_invoice
//   paid < total                               -> awaiting_payment
//   otherwise                                  -> done
std::string SalesOrderColumn(const OrderFacts& f);
inline const std::vector<std::string> kOrderColumns = {
    "to_confirm", "awaiting_advance", "to_deliver", "to_invoice", "awaiting_payment", "done"};
inline const std::vector<std::string> kTicketColumns = {
    "new", "assigned", "in_progress", "waiting_on_customer", "resolved", "closed"};

// The entity of the outbox events that change a board's cards, and the read permission that
// decides who sees them ("" for an unknown board).
struct BoardEntity {
  std::string entity, permission, table;
};
BoardEntity EntityOf(const std::string& board);

struct BoardDeps {
  const crm::Opportunities& opportunities;
  const sales::Orders& orders;
  const service::Tickets& tickets;
};

class Boards {
 public:
  explicit Boards(BoardDeps deps) : d_(deps) {}

  // {board, currency, columns: [{key, title, count, sums: [{amount, currency}], sum?,
  //  cards: [...]}], last_event_id}. NotFound for an unknown board.
  Result<nlohmann::json> Read(store::Tx& tx, const security::Access& who, const std::string& board,
                              const BoardFilter& f) const;
  // Body {to, version?, ...}: the verb behind the move (the rest of the body is the verb's
  // input). InvalidArgument "to" for an unknown column, Conflict "board.move_not_allowed"
  // when no verb leads from the card's column to `to`; the verb's own errors unchanged.
  // Returns {board, card: <the document as its area returns it>, from, to}.
  Result<nlohmann::json> Move(store::Tx& tx, const security::Access& who, const std::string& board,
                              int64_t id, const nlohmann::json& body,
                              const security::VersionCheck& check) const;
  // The column the card is in now ("" if none), or NotFound when it is not visible.
  Result<std::string> ColumnOf(store::Tx& tx, const security::Access& who, const std::string& board,
                               int64_t id) const;

 private:
  BoardDeps d_;
};

}  // namespace concord::board
