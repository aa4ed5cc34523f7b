#include "board/board.h"

#include <algorithm>
#include <functional>
#include <map>

#include "board/internal.h"
#include "core/money.h"

namespace concord::board {
namespace {

using nlohmann::json;

// One column while the board is being built.
struct Column {
  std::string key, title;
  int64_t count = 0;
  std::map<std::string, int64_t> sums;  // currency -> minor units
  std::optional<int64_t> sum_company;   // sales orders only
  json cards = json::array();
};

std::string Decimal(int64_t minor, const std::string& currency) {
  auto c = Currency::FromCode(currency);
  return c.ok() ? Money::FromMinor(minor, *c).ToString() : std::to_string(minor);
}

Status AddTo(int64_t& acc, int64_t v) {
  if (__builtin_add_overflow(acc, v, &acc)) return Internal("board sum overflows");
  return Status::Ok();
}

json ColumnJson(const Column& c, const std::string& company_currency) {
  json sums = json::array();
  for (const auto& [cur, minor] : c.sums) {
    sums.push_back({{"amount", Decimal(minor, cur)}, {"currency", cur}});
  }
  json out = {
      {"key", c.key}, {"title", c.title}, {"count", c.count}, {"sums", sums}, {"cards", c.cards}};
  if (c.sum_company) {
    out["sum"] = {{"amount", Decimal(*c.sum_company, company_currency)},
                  {"currency", company_currency}};
  }
  return out;
}

// The visible rows of a board's table with the caller's filters ("t." is the document).
struct Query {
  std::string sql;
  std::vector<store::Value> params;
};
Query Visible(const security::Access& who, const BoardEntity& e, const BoardFilter& f,
              const std::string& select, const std::string& joins) {
  security::SqlFilter vis = who.Visible(e.permission, {}, "t.");
  Query q{select + " FROM " + e.table + " t " + joins + " WHERE " + vis.sql, vis.params};
  auto add = [&q](const char* cond, const std::optional<int64_t>& v) {
    if (!v) return;
    q.sql += cond;
    q.params.emplace_back(*v);
  };
  add(" AND t.owner_user_id = ?", f.owner_user_id);
  add(" AND t.department_id = ?", f.department_id);
  add(" AND t.party_id = ?", f.party_id);
  return q;
}

const char* kPartyOwnerJoins =
    "JOIN parties p ON p.id = t.party_id LEFT JOIN users u ON u.id = t.owner_user_id";

json Nullable(const store::Record& r, const char* col) {
  return r.IsNull(col) ? json() : json(r.Int(col));
}

// The fields every card has.
json CardBase(const store::Record& r) {
  return {{"id", r.Int("id")},
          {"number", r.Text("number")},
          {"party_id", r.Int("party_id")},
          {"party_name", r.Text("party_name")},
          {"owner_user_id", Nullable(r, "owner_user_id")},
          {"owner_name", r.IsNull("owner_name") ? json() : json(r.Text("owner_name"))},
          {"department_id", Nullable(r, "department_id")},
          {"updated_at", r.Text("updated_at")},
          {"version", r.Int("version")}};
}

// Adds a row to its column: counted and summed always, a card while the column has room.
Status Place(std::map<std::string, Column>& cols, const std::string& key, const BoardFilter& f,
             const std::string& currency, int64_t amount, std::optional<int64_t> company_amount,
             const std::function<json()>& card) {
  auto it = cols.find(key);
  if (it == cols.end()) return Status::Ok();
  Column& c = it->second;
  ++c.count;
  if (!currency.empty()) RETURN_IF_ERROR(AddTo(c.sums[currency], amount));
  if (company_amount) {
    if (!c.sum_company) c.sum_company = 0;
    RETURN_IF_ERROR(AddTo(*c.sum_company, *company_amount));
  }
  if (static_cast<int64_t>(c.cards.size()) < f.cards_per_column) c.cards.push_back(card());
  return Status::Ok();
}

json Finish(const std::string& board, const std::vector<std::string>& order,
            const std::map<std::string, Column>& cols, const std::string& currency,
            int64_t last_event_id) {
  json columns = json::array();
  for (const auto& key : order) columns.push_back(ColumnJson(cols.at(key), currency));
  return {{"board", board},
          {"currency", currency},
          {"columns", columns},
          {"last_event_id", last_event_id}};
}

Result<int64_t> LastEventId(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(
      auto row, tx.One("SELECT COALESCE(MAX(id), 0) FROM outbox WHERE company_id = ?", company_id));
  return row ? row->Int(0) : 0;
}

const char* kOrder = " ORDER BY t.updated_at DESC, t.id DESC";

}  // namespace

std::string SalesOrderColumn(const OrderFacts& f) {
  if (f.state == "cancelled") return "";
  if (f.state == "draft") return "to_confirm";
  if (f.advance_required && f.paid < f.total) return "awaiting_advance";
  if (f.undelivered) return "to_deliver";
  if (f.uninvoiced) return "to_invoice";
  if (f.paid < f.total) return "awaiting_payment";
  return "done";
}

BoardEntity EntityOf(const std::string& board) {
  if (board == "opportunities") return {"opportunity", "crm.opportunity.read", "opportunities"};
  if (board == "sales-orders") return {"sales_order", "sales.order.read", "sales_orders"};
  if (board == "tickets") return {"ticket", "service.ticket.read", "tickets"};
  return {};
}

namespace {

Result<json> OpportunityBoard(store::Tx& tx, const security::Access& who, const BoardFilter& f,
                              const std::string& currency) {
  std::map<std::string, Column> cols;
  std::vector<std::string> order;
  ASSIGN_OR_RETURN(auto stages, tx.Rows("SELECT id, name, active FROM opportunity_stages WHERE "
                                        "company_id = ? ORDER BY sequence, id",
                                        who.company_id()));
  for (const auto& s : stages) {
    std::string key = std::to_string(s.Int(0));
    cols[key] = Column{key, s.Text(1)};
    if (s.Int(2)) order.push_back(key);
  }
  Query q = Visible(who, EntityOf("opportunities"), f,
                    "SELECT t.id, t.number, t.name, t.stage_id, t.status, t.amount, t.currency, "
                    "t.probability, t.expected_close, t.party_id, p.name AS party_name, "
                    "t.owner_user_id, u.display_name AS owner_name, t.department_id, "
                    "t.updated_at, t.version",
                    kPartyOwnerJoins);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(q.sql + kOrder, q.params));
  for (const auto& r : rows) {
    std::string key = std::to_string(r.Int("stage_id"));
    std::string cur = r.Text("currency");
    auto amount = Money::Parse(r.Text("amount"), cur);
    if (!amount.ok()) return Internal("opportunity amount " + r.Text("amount"));
    // An inactive stage that still holds cards is shown after the active ones.
    if (std::find(order.begin(), order.end(), key) == order.end()) order.push_back(key);
    RETURN_IF_ERROR(Place(cols, key, f, cur, amount->minor(), std::nullopt, [&] {
      json card = CardBase(r);
      card["title"] = r.Text("name");
      card["status"] = r.Text("status");
      card["amount"] = r.Text("amount");
      card["currency"] = cur;
      card["probability"] = r.Int("probability");
      card["expected_close"] = r.IsNull("expected_close") ? json() : json(r.Text("expected_close"));
      return card;
    }));
  }
  ASSIGN_OR_RETURN(int64_t last, LastEventId(tx, who.company_id()));
  return Finish("opportunities", order, cols, currency, last);
}

// Per order id: {undelivered lines, uninvoiced lines} and payments, of the visible orders.
struct OrderExtras {
  std::map<int64_t, std::pair<bool, bool>> lines;
  std::map<int64_t, int64_t> paid;
};
// `only`: of one order.
Result<OrderExtras> LoadOrderExtras(store::Tx& tx, const security::Access& who,
                                    const BoardFilter& f, std::optional<int64_t> only) {
  OrderExtras x;
  std::string one = only ? " AND t.id = " + std::to_string(*only) : "";
  Query q = Visible(who, EntityOf("sales-orders"), f,
                    "SELECT l.order_id, SUM(CASE WHEN pr.kind <> 'service' AND l.delivered < "
                    "l.quantity_product THEN 1 ELSE 0 END), SUM(CASE WHEN l.invoiced < "
                    "l.quantity_product THEN 1 ELSE 0 END)",
                    "JOIN sales_lines l ON l.order_id = t.id JOIN products pr ON pr.id = "
                    "l.product_id");
  ASSIGN_OR_RETURN(
      auto lines,
      tx.RowsV(q.sql + one + " AND t.state IN ('confirmed', 'done') GROUP BY l.order_id",
               q.params));
  for (const auto& r : lines) x.lines[r.Int(0)] = {r.Int(1) > 0, r.Int(2) > 0};
  // What Invoices::PaidForOrigin counts, for every order at once.
  ASSIGN_OR_RETURN(
      auto paid,
      tx.Rows("SELECT i.origin_id, SUM(a.amount) FROM allocations a JOIN invoices i "
              "ON i.id = a.debit_id AND i.company_id = a.company_id WHERE "
              "a.company_id = ? AND a.state = 'active' AND a.debit_type = 'invoice' "
              "AND a.credit_type = 'payment' AND i.origin_type = 'sales_order' " +
                  std::string(only ? " AND i.origin_id = " + std::to_string(*only) : "") +
                  " GROUP BY i.origin_id",
              who.company_id()));
  for (const auto& r : paid) x.paid[r.Int(0)] = r.Int(1);
  return x;
}

OrderFacts FactsOf(const store::Record& r, const OrderExtras& x) {
  OrderFacts facts;
  facts.state = r.Text("state");
  facts.advance_required = r.Int("advance_required") != 0;
  facts.total = r.Int("total");
  int64_t id = r.Int("id");
  if (auto it = x.paid.find(id); it != x.paid.end()) facts.paid = it->second;
  if (auto it = x.lines.find(id); it != x.lines.end()) {
    facts.undelivered = it->second.first;
    facts.uninvoiced = it->second.second;
  }
  return facts;
}

const std::map<std::string, std::string> kTitles = {{"to_confirm", "To confirm"},
                                                    {"awaiting_advance", "Awaiting advance"},
                                                    {"to_deliver", "To deliver"},
                                                    {"to_invoice", "To invoice"},
                                                    {"awaiting_payment", "Awaiting payment"},
                                                    {"done", "Done"},
                                                    {"new", "New"},
                                                    {"assigned", "Assigned"},
                                                    {"in_progress", "In progress"},
                                                    {"waiting_on_customer", "Waiting on customer"},
                                                    {"resolved", "Resolved"},
                                                    {"closed", "Closed"}};

std::map<std::string, Column> ColumnsOf(const std::vector<std::string>& keys) {
  std::map<std::string, Column> cols;
  for (const auto& k : keys) cols[k] = Column{k, kTitles.at(k)};
  return cols;
}

const char* kOrderSelect =
    "SELECT t.id, t.number, t.state, t.currency, t.total, t.total_company, "
    "t.advance_required, t.date, t.party_id, p.name AS party_name, t.owner_user_id, "
    "u.display_name AS owner_name, t.department_id, t.updated_at, t.version";

Result<json> OrderBoard(store::Tx& tx, const security::Access& who, const BoardFilter& f,
                        const std::string& currency) {
  std::map<std::string, Column> cols = ColumnsOf(kOrderColumns);
  for (auto& [k, c] : cols) c.sum_company = 0;
  ASSIGN_OR_RETURN(OrderExtras extras, LoadOrderExtras(tx, who, f, std::nullopt));
  Query q = Visible(who, EntityOf("sales-orders"), f, kOrderSelect, kPartyOwnerJoins);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(q.sql + " AND t.state <> 'cancelled'" + kOrder, q.params));
  for (const auto& r : rows) {
    OrderFacts facts = FactsOf(r, extras);
    std::string cur = r.Text("currency");
    RETURN_IF_ERROR(
        Place(cols, SalesOrderColumn(facts), f, cur, facts.total, r.Int("total_company"), [&] {
          json card = CardBase(r);
          card["title"] = r.Text("number");
          card["state"] = facts.state;
          card["amount"] = Decimal(facts.total, cur);
          card["paid"] = Decimal(facts.paid, cur);
          card["currency"] = cur;
          card["date"] = r.Text("date");
          return card;
        }));
  }
  ASSIGN_OR_RETURN(int64_t last, LastEventId(tx, who.company_id()));
  return Finish("sales-orders", kOrderColumns, cols, currency, last);
}

Result<json> TicketBoard(store::Tx& tx, const security::Access& who, const BoardFilter& f,
                         const std::string& currency) {
  std::map<std::string, Column> cols = ColumnsOf(kTicketColumns);
  Query q = Visible(who, EntityOf("tickets"), f,
                    "SELECT t.id, t.number, t.subject, t.status, t.priority, t.party_id, "
                    "p.name AS party_name, t.owner_user_id, u.display_name AS owner_name, "
                    "t.department_id, t.resolution_due_at, t.response_breached, "
                    "t.resolution_breached, t.updated_at, t.version",
                    kPartyOwnerJoins);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(q.sql + kOrder, q.params));
  for (const auto& r : rows) {
    RETURN_IF_ERROR(Place(cols, r.Text("status"), f, "", 0, std::nullopt, [&] {
      json card = CardBase(r);
      card["title"] = r.Text("subject");
      card["status"] = r.Text("status");
      card["priority"] = r.Text("priority");
      card["resolution_due_at"] = r.Text("resolution_due_at");
      card["breached"] = r.Int("response_breached") != 0 || r.Int("resolution_breached") != 0;
      return card;
    }));
  }
  ASSIGN_OR_RETURN(int64_t last, LastEventId(tx, who.company_id()));
  return Finish("tickets", kTicketColumns, cols, currency, last);
}

}  // namespace

Result<std::string> OrderColumn(store::Tx& tx, const security::Access& who, int64_t id) {
  BoardFilter f;
  ASSIGN_OR_RETURN(OrderExtras extras, LoadOrderExtras(tx, who, f, id));
  Query q = Visible(who, EntityOf("sales-orders"), f, kOrderSelect, kPartyOwnerJoins);
  q.params.emplace_back(id);
  ASSIGN_OR_RETURN(auto row, tx.OneV(q.sql + " AND t.id = ?", q.params));
  if (!row) return NotFound("sales order");
  return SalesOrderColumn(FactsOf(*row, extras));
}

Result<json> Boards::Read(store::Tx& tx, const security::Access& who, const std::string& board,
                          const BoardFilter& f) const {
  BoardEntity e = EntityOf(board);
  if (e.entity.empty()) return NotFound("board");
  RETURN_IF_ERROR(who.Require(e.permission));
  ASSIGN_OR_RETURN(std::string currency, crm::CompanyCurrency(tx, who.company_id()));
  if (board == "opportunities") return OpportunityBoard(tx, who, f, currency);
  if (board == "sales-orders") return OrderBoard(tx, who, f, currency);
  return TicketBoard(tx, who, f, currency);
}

}  // namespace concord::board
