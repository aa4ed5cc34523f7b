// Moving a card: the verb of the document's area that leads from the card's column to the
// target column, called through the area's service so that its guards and permissions apply.
#include <algorithm>
#include <array>
#include <charconv>

#include "board/board.h"
#include "board/internal.h"
#include "core/json_input.h"

namespace concord::board {
namespace {

using nlohmann::json;

Status NotAllowed(const std::string& from, const std::string& to) {
  return Conflict(
      "board.move_not_allowed",
      "No action moves a card from " + (from.empty() ? "nowhere" : from) + " to " + to + ".");
}

bool Known(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// The ticket verb between two status columns, "" if none.
std::string TicketVerb(const std::string& from, const std::string& to) {
  static const std::vector<std::array<std::string, 3>> kMoves = {
      {"new", "assigned", "assign"},
      {"assigned", "in_progress", "start"},
      {"waiting_on_customer", "in_progress", "resume"},
      {"resolved", "in_progress", "reopen"},
      {"closed", "in_progress", "reopen"},
      {"in_progress", "waiting_on_customer", "wait"},
      {"in_progress", "resolved", "resolve"},
      {"waiting_on_customer", "resolved", "resolve"},
      {"resolved", "closed", "close"}};
  for (const auto& m : kMoves) {
    if (m[0] == from && m[1] == to) return m[2];
  }
  return "";
}

}  // namespace

Result<std::string> Boards::ColumnOf(store::Tx& tx, const security::Access& who,
                                     const std::string& board, int64_t id) const {
  if (board == "opportunities") {
    ASSIGN_OR_RETURN(json o, d_.opportunities.Get(tx, who, id));
    return std::to_string(o["stage_id"].get<int64_t>());
  }
  if (board == "sales-orders") {
    RETURN_IF_ERROR(d_.orders.Get(tx, who, id).status());
    return OrderColumn(tx, who, id);
  }
  if (board == "tickets") {
    ASSIGN_OR_RETURN(json t, d_.tickets.Get(tx, who, id));
    return t["status"].get<std::string>();
  }
  return NotFound("board");
}

namespace {

Status UnknownColumn() {
  return InvalidField("to", "unknown_column", "to is not a column of this board.");
}

Result<json> MoveOpportunity(const BoardDeps& d, store::Tx& tx, const security::Access& who,
                             int64_t id, const std::string& to, json input,
                             const security::VersionCheck& check) {
  int64_t stage_id = 0;
  auto [end, ec] = std::from_chars(to.data(), to.data() + to.size(), stage_id);
  bool number = ec == std::errc() && end == to.data() + to.size();
  ASSIGN_OR_RETURN(auto stage, tx.One("SELECT id FROM opportunity_stages WHERE company_id = ? "
                                      "AND id = ? AND active = 1",
                                      who.company_id(), number ? stage_id : int64_t{0}));
  if (!stage) return UnknownColumn();
  input["stage_id"] = stage->Int(0);
  return d.opportunities.MoveStage(tx, who, id, input, check);
}

Result<json> MoveOrder(const BoardDeps& d, store::Tx& tx, const security::Access& who, int64_t id,
                       const std::string& from, const std::string& to, const json& input,
                       const security::VersionCheck& check) {
  if (!Known(kOrderColumns, to)) return UnknownColumn();
  if (from == "to_confirm" && (to == "to_deliver" || to == "awaiting_advance")) {
    return d.orders.Confirm(tx, who, id, input, check);
  }
  if (from == "to_invoice" && to == "awaiting_payment") {
    // Orders::Invoice takes no version: the board checks it before invoicing.
    ASSIGN_OR_RETURN(json order, d.orders.Get(tx, who, id));
    if (check) RETURN_IF_ERROR(check(order["version"].get<int64_t>()));
    return d.orders.Invoice(tx, who, id, input);
  }
  return NotAllowed(from, to);
}

Result<json> MoveTicket(const BoardDeps& d, store::Tx& tx, const security::Access& who, int64_t id,
                        const std::string& from, const std::string& to, json input,
                        const security::VersionCheck& check) {
  if (!Known(kTicketColumns, to)) return UnknownColumn();
  std::string verb = TicketVerb(from, to);
  if (verb.empty()) return NotAllowed(from, to);
  if (verb == "assign" && !input.contains("user_id") && !input.contains("department_id")) {
    input["user_id"] = who.user_id();  // "assigned" without a name: the mover takes it
  }
  return d.tickets.Act(tx, who, id, verb, input, check);
}

}  // namespace

Result<json> Boards::Move(store::Tx& tx, const security::Access& who, const std::string& board,
                          int64_t id, const json& body, const security::VersionCheck& check) const {
  if (EntityOf(board).entity.empty()) return NotFound("board");
  // Only "to" is the move's; the verb checks the rest.
  json own = body.contains("to") ? json{{"to", body["to"]}} : json::object();
  Fields f(own);
  auto to = f.Text("to", {.required = true, .max_chars = 64});
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(std::string from, ColumnOf(tx, who, board, id));
  // The verb's input: the body without the move's own fields (the version is checked through
  // `check`, which reads the request's body).
  json input = body;
  input.erase("to");
  input.erase("version");
  json result;
  if (board == "opportunities") {
    ASSIGN_OR_RETURN(result, MoveOpportunity(d_, tx, who, id, *to, input, check));
  } else if (board == "sales-orders") {
    ASSIGN_OR_RETURN(result, MoveOrder(d_, tx, who, id, from, *to, input, check));
  } else {
    ASSIGN_OR_RETURN(result, MoveTicket(d_, tx, who, id, from, *to, input, check));
  }
  ASSIGN_OR_RETURN(std::string now, ColumnOf(tx, who, board, id));
  return json{{"board", board}, {"from", from}, {"to", *to}, {"column", now}, {"result", result}};
}

}  // namespace concord::board
