// Tickets: reading, listing, creating (with deadlines and link checks), the 360° section.
// The verbs, entries and surveys are in ticket_flow.cc.
#include "service/tickets.h"

#include <cmath>

#include "core/json_input.h"
#include "inventory/lots.h"
#include "inventory/transfers.h"
#include "service/calendars.h"
#include "service/categories.h"
#include "service/tickets_internal.h"
#include "store/row_json.h"
#include "store/sequence.h"

namespace concord::service {
namespace internal {

using nlohmann::json;

json TicketJson(const store::Record& r) {
  json out = store::RowJson(r);
  out.erase("company_id");
  for (const char* flag :
       {"response_breached", "resolution_breached", "response_escalated", "resolution_escalated"}) {
    out[flag] = r.Int(flag) == 1;
  }
  out["breached"] = r.Int("response_breached") == 1 || r.Int("resolution_breached") == 1;
  return out;
}

Result<store::Record> LoadTicket(store::Tx& tx, const security::Access& who, int64_t id,
                                 bool update) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kTicketColumns) + "WHERE t.id = ?", id));
  if (!row) return NotFound("ticket");
  security::Ownership owner{row->Int("company_id"), row->OptInt("owner_user_id"),
                            row->OptInt("department_id")};
  RETURN_IF_ERROR(who.CheckRecord("service.ticket.read", owner, "ticket"));
  if (update) RETURN_IF_ERROR(who.CheckRecord("service.ticket.update", owner, "ticket"));
  return std::move(*row);
}

Result<store::Record> ReadTicket(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row,
      tx.One(std::string(kTicketColumns) + "WHERE t.id = ? AND t.company_id = ?", id, company_id));
  if (!row) return NotFound("ticket");
  return std::move(*row);
}

Result<json> Entries(store::Tx& tx, int64_t ticket_id, int latest) {
  std::string sql =
      "SELECT id, text, visibility, author_user_id, created_at FROM ticket_entries WHERE "
      "ticket_id = ? ORDER BY id DESC";
  if (latest > 0) sql += " LIMIT " + std::to_string(latest);
  ASSIGN_OR_RETURN(auto rows, tx.Rows(sql, ticket_id));
  json out = json::array();
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) out.push_back(store::RowJson(*it));
  return out;
}

Result<json> Suggestions(store::Tx& tx, int64_t ticket_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT article_id, title, language, score_micros, passage "
                                      "FROM ticket_suggestions WHERE ticket_id = ? ORDER BY "
                                      "ordinal",
                                      ticket_id));
  json out = json::array();
  for (const auto& r : rows) {
    out.push_back(kb::SuggestionJson({r.Int("article_id"), r.Text("title"), r.Text("language"),
                                      static_cast<double>(r.Int("score_micros")) / 1e6,
                                      r.Text("passage")}));
  }
  return out;
}

Status WriteTicket(store::Tx& tx, int64_t id, int64_t version, const Sets& sets,
                   const std::string& now) {
  std::string sql = "UPDATE tickets SET ";
  std::vector<store::Value> params;
  for (const auto& [column, value] : sets) {
    sql += column + " = ?, ";
    params.push_back(value);
  }
  sql += "version = version + 1, updated_at = ? WHERE id = ? AND version = ?";
  params.emplace_back(now);
  params.emplace_back(id);
  params.emplace_back(version);
  ASSIGN_OR_RETURN(int64_t n, tx.ExecV(sql, params));
  if (n != 1)
    return Status(Code::kStaleVersion, "version.stale", "The ticket changed concurrently.");
  return Status::Ok();
}

void Journal(store::Tx& tx, int64_t id, const std::string& action, const json& before,
             const json& after, std::optional<int64_t> company_id) {
  tx.Audit({"ticket", id, action, store::Changes(before, after), company_id});
  tx.Emit({"ticket." + action, "ticket", id, after, company_id});
}

Timestamp At(const std::string& iso) {
  auto t = Timestamp::ParseIso(iso);
  return t.ok() ? *t : Timestamp();
}

}  // namespace internal

namespace {

using nlohmann::json;
using namespace internal;

const std::vector<std::string> kChannels = {"phone", "email", "web"};

// What another area reports as not found (or not visible) is "not found" here, under our name.
Status AsNotFound(Status st, const std::string& what) {
  if (st.ok()) return st;
  if (st.code() == Code::kNotFound || st.code() == Code::kInvalidArgument ||
      st.code() == Code::kPermissionDenied) {
    return NotFound(what);
  }
  return st;
}

// Link checks read other areas' documents only to prove that they exist in the caller's
// company (and belong to the ticket's party): the ticket shows ids, never their contents, so
// the caller needs no read right on sales orders or invoices to link one.
security::Access LinkReader(const security::Access& who) {
  using security::Scope;
  return security::Access(who.user_id(), who.login(), who.company_id(), who.department_id(),
                          {{"sales.order.read", Scope::kCompany},
                           {"invoicing.invoice.read", Scope::kCompany},
                           {"inventory.transfer.read", Scope::kCompany}});
}

Status SameParty(const json& doc, int64_t party_id, const std::string& field) {
  if (doc.contains("party_id") && doc["party_id"].is_number_integer() &&
      doc["party_id"].get<int64_t>() != party_id) {
    return InvalidField(field, "party_mismatch", "The document belongs to another party.");
  }
  return Status::Ok();
}

struct Input {
  std::string subject, description, channel, priority;
  int64_t party_id = 0, category_id = 0;
  std::optional<int64_t> contact_id;
  json links = json::object();
};

Result<Input> ReadInput(const json& body) {
  Fields f(body);
  Input in;
  in.subject = f.Text("subject", {.required = true, .max_chars = 200}).value_or("");
  in.description = f.Text("description", {.max_chars = 10000, .allow_empty = true}).value_or("");
  in.party_id = f.Int("party_id", true).value_or(0);
  in.contact_id = f.Int("contact_id");
  in.channel = f.Enum("channel", kChannels, true).value_or("");
  in.category_id = f.Int("category_id", true).value_or(0);
  in.priority = f.Enum("priority", kPriorities).value_or("");
  for (const char* link : {"sales_order_id", "invoice_id", "delivery_id", "product_id", "lot_id"}) {
    if (auto id = f.Int(link)) in.links[link] = *id;
  }
  RETURN_IF_ERROR(f.Finish());
  return in;
}

}  // namespace

Status Tickets::CheckLinks(store::Tx& tx, const security::Access& who, const json& links,
                           int64_t party_id) const {
  security::Access reader = LinkReader(who);
  auto id = [&](const char* name) { return links.value(name, int64_t{0}); };
  if (int64_t order = id("sales_order_id")) {
    auto doc = d_.orders.Get(tx, reader, order);
    RETURN_IF_ERROR(AsNotFound(doc.status(), "sales order"));
    RETURN_IF_ERROR(SameParty(*doc, party_id, "sales_order_id"));
  }
  if (int64_t invoice = id("invoice_id")) {
    auto doc = d_.invoices.Get(tx, reader, invoice);
    RETURN_IF_ERROR(AsNotFound(doc.status(), "invoice"));
    RETURN_IF_ERROR(SameParty(*doc, party_id, "invoice_id"));
  }
  if (int64_t delivery = id("delivery_id")) {
    auto doc = inventory::Transfers(d_.stock).Get(tx, reader, delivery);
    RETURN_IF_ERROR(AsNotFound(doc.status(), "delivery"));
    if (doc->value("kind", "") != "delivery") return NotFound("delivery");
  }
  if (int64_t product = id("product_id")) {
    RETURN_IF_ERROR(
        AsNotFound(d_.products.Info(tx, who.company_id(), product).status(), "product"));
  }
  if (int64_t lot = id("lot_id")) {
    if (int64_t product = id("product_id")) {
      RETURN_IF_ERROR(
          AsNotFound(inventory::Lots::Check(tx, who.company_id(), lot, product), "lot"));
    } else {
      inventory::Lots lots(d_.clock, d_.products);
      RETURN_IF_ERROR(AsNotFound(lots.Get(tx, reader, lot).status(), "lot"));
    }
  }
  return Status::Ok();
}

// Priorities sort by urgency, not by name.
const http::SortSpec Tickets::kSorts = {
    "t.id",
    {{"resolution_due_at", "t.resolution_due_at", http::SortKind::kTimestamp},
     {"priority",
      "CASE t.priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2 WHEN 'high' THEN 3 "
      "WHEN 'urgent' THEN 4 ELSE 0 END",
      http::SortKind::kInteger},
     {"created_at", "t.created_at", http::SortKind::kTimestamp},
     {"status", "t.status", http::SortKind::kText}}};

Result<json> Tickets::List(store::Tx& tx, const security::Access& who, const TicketFilter& f,
                           const http::ListPage& page) const {
  security::SqlFilter v = who.Visible("service.ticket.read", {}, "t.");
  std::vector<store::Value> params = v.params;
  std::string where = page.After(params);
  auto add = [&](const char* cond, store::Value value) {
    where += cond;
    params.push_back(std::move(value));
  };
  if (f.party_id) add(" AND t.party_id = ?", *f.party_id);
  if (f.sales_order_id) add(" AND t.sales_order_id = ?", *f.sales_order_id);
  if (f.invoice_id) add(" AND t.invoice_id = ?", *f.invoice_id);
  if (f.category_id) add(" AND t.category_id = ?", *f.category_id);
  if (f.owner_user_id) add(" AND t.owner_user_id = ?", *f.owner_user_id);
  if (!f.status.empty()) add(" AND t.status = ?", f.status);
  if (f.breached) {
    where += *f.breached ? " AND (t.response_breached = 1 OR t.resolution_breached = 1)"
                         : " AND t.response_breached = 0 AND t.resolution_breached = 0";
  }
  where += page.OrderLimit(params);
  ASSIGN_OR_RETURN(auto rows,
                   tx.RowsV(page.Select(kTicketColumns) + "WHERE " + v.sql + where, params));
  json items = json::array();
  for (const auto& r : rows) items.push_back(TicketJson(r));
  return page.Body(std::move(items), rows);
}

Result<json> Tickets::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, LoadTicket(tx, who, id, false));
  json out = TicketJson(row);
  ASSIGN_OR_RETURN(out["entries"], Entries(tx, id));
  ASSIGN_OR_RETURN(out["suggestions"], Suggestions(tx, id));
  return out;
}

Result<json> Tickets::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  ASSIGN_OR_RETURN(Input in, ReadInput(body));
  ASSIGN_OR_RETURN(CategoryInfo category, Categories::Info(tx, who.company_id(), in.category_id));
  if (!category.active) {
    return InvalidField("category_id", "inactive", "The category is no longer in use.");
  }
  RETURN_IF_ERROR(AsNotFound(d_.parties.CheckLink(tx, who, in.party_id, "party_id"), "party"));
  if (in.contact_id) {
    RETURN_IF_ERROR(
        AsNotFound(d_.parties.CheckContactLink(tx, who, *in.contact_id, in.party_id, "contact_id"),
                   "contact"));
  }
  RETURN_IF_ERROR(CheckLinks(tx, who, in.links, in.party_id));
  ASSIGN_OR_RETURN(BusinessCalendar calendar, Calendars::ForCompany(tx, who.company_id()));
  Timestamp now = d_.clock.Now();
  ASSIGN_OR_RETURN(
      Timestamp resolution_due,
      calendar.AddBusinessTime(now, std::chrono::minutes(category.max_processing_minutes)));
  std::optional<std::string> response_due;
  if (category.first_response_minutes) {
    ASSIGN_OR_RETURN(
        Timestamp due,
        calendar.AddBusinessTime(now, std::chrono::minutes(*category.first_response_minutes)));
    response_due = due.ToIso();
  }
  ASSIGN_OR_RETURN(std::string number, store::NextNumber(tx, who.company_id(), "ticket", "TK-"));
  auto link = [&](const char* name) -> std::optional<int64_t> {
    if (!in.links.contains(name)) return std::nullopt;
    return in.links[name].get<int64_t>();
  };
  std::string at = now.ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO tickets (company_id, number, subject, description, party_id, "
                "contact_id, sales_order_id, invoice_id, delivery_id, product_id, lot_id, channel, "
                "category_id, priority, status, department_id, response_due_at, "
                "resolution_due_at, created_by_user_id, created_at, updated_at) VALUES (?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?) RETURNING id",
                who.company_id(), number, in.subject, in.description, in.party_id, in.contact_id,
                link("sales_order_id"), link("invoice_id"), link("delivery_id"), link("product_id"),
                link("lot_id"), in.channel, category.id,
                in.priority.empty() ? category.default_priority : in.priority,
                category.department_id, response_due, resolution_due.ToIso(), who.user_id(), at,
                at));
  ASSIGN_OR_RETURN(auto row, ReadTicket(tx, who.company_id(), id));
  json out = TicketJson(row);
  Journal(tx, id, "created", json::object(), out);
  out["entries"] = json::array();
  ASSIGN_OR_RETURN(out["suggestions"], Suggest(tx, who, id, in.subject + "\n" + in.description));
  return out;
}

Result<json> Tickets::Suggest(store::Tx& tx, const security::Access& who, int64_t id,
                              const std::string& text) const {
  // The question is the subject and the start of the description (a whole page of text
  // would only make the search slower, not better), cut at a character boundary.
  size_t cut = std::min(text.size(), kb::kMaxQuestionChars);
  while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  ASSIGN_OR_RETURN(auto found,
                   d_.answers.Suggest(tx, who, std::string_view(text).substr(0, cut), kSuggestions));
  json out = json::array();
  for (size_t i = 0; i < found.size(); ++i) {
    const kb::Suggestion& s = found[i];
    RETURN_IF_ERROR(tx.Exec("INSERT INTO ticket_suggestions (ticket_id, ordinal, article_id, "
                            "title, language, score_micros, passage) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            id, static_cast<int64_t>(i + 1), s.article_id, s.title, s.language,
                            static_cast<int64_t>(std::llround(s.score * 1e6)), s.passage)
                        .status());
    out.push_back(kb::SuggestionJson(s));
  }
  return out;
}

Result<json> Tickets::PartySection(store::Tx& tx, const security::Access& who, int64_t party_id) {
  security::SqlFilter v = who.Visible("service.ticket.read", {}, "t.");
  std::vector<store::Value> params = v.params;
  params.emplace_back(party_id);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(std::string(kTicketColumns) + "WHERE " + v.sql +
                                           " AND t.party_id = ? ORDER BY t.id DESC LIMIT 20",
                                       params));
  ASSIGN_OR_RETURN(
      auto counts,
      tx.OneV("SELECT COUNT(*), COALESCE(SUM(CASE WHEN t.status NOT IN ('resolved', 'closed') "
              "THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN t.response_breached = 1 OR "
              "t.resolution_breached = 1 THEN 1 ELSE 0 END), 0) FROM tickets t WHERE " +
                  v.sql + " AND t.party_id = ?",
              params));
  json items = json::array();
  for (const auto& r : rows) {
    json t = TicketJson(r);
    ASSIGN_OR_RETURN(t["latest_entries"], Entries(tx, r.Int("id"), 3));
    items.push_back(std::move(t));
  }
  return json{{"total", counts->Int(0)},
              {"open", counts->Int(1)},
              {"breached", counts->Int(2)},
              {"items", std::move(items)}};
}

}  // namespace concord::service
