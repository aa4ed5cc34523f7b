// Routes of tickets (documents, verbs, entries, surveys, suggested answers).
#include <memory>

#include "http/schema.h"
#include "security/api.h"
#include "service/service.h"

namespace concord::service {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::RouteDoc;
using http::TxKind;
using nlohmann::json;
using security::ListOf;
using security::Ref;
namespace sc = http::schema;

void TicketSchemas(http::Api& api) {
  const json id = sc::Nullable(sc::kInt);
  json input = {{"subject", sc::kStr},
                {"description", sc::kStr},
                {"party_id", sc::kInt},
                {"contact_id", id},
                {"channel", sc::Enum({"phone", "email", "web"})},
                {"category_id", sc::kInt},
                {"priority", sc::Enum({"low", "normal", "high", "urgent"})},
                {"sales_order_id", id},
                {"invoice_id", id},
                {"delivery_id", id},
                {"product_id", id},
                {"lot_id", id}};
  api.AddSchema("TicketInput", sc::Obj(input, {"subject", "party_id", "channel", "category_id"}));
  json entry = {{"id", sc::kInt},       {"ticket_id", sc::kInt},
                {"text", sc::kStr},     {"visibility", sc::Enum({"internal", "customer"})},
                {"author_user_id", id}, {"created_at", sc::kTime}};
  api.AddSchema("TicketEntry", sc::Obj(entry));
  api.AddSchema("TicketEntryInput",
                sc::Obj({{"text", sc::kStr}, {"visibility", sc::Enum({"internal", "customer"})}},
                        {"text", "visibility"}));
  json out = input;
  for (const char* k : {"id", "version"}) out[k] = sc::kInt;
  for (const char* k : {"number", "resolution", "survey_comment"}) out[k] = sc::kStr;
  out["status"] =
      sc::Enum({"new", "assigned", "in_progress", "waiting_on_customer", "resolved", "closed"});
  for (const char* k : {"owner_user_id", "department_id", "survey_score", "created_by_user_id",
                        "resolution_business_seconds", "paused_business_seconds"}) {
    out[k] = id;
  }
  for (const char* k : {"response_due_at", "first_response_at", "paused_at", "resolved_at",
                        "closed_at", "surveyed_at"}) {
    out[k] = sc::Nullable(sc::kTime);
  }
  for (const char* k : {"resolution_due_at", "created_at", "updated_at"}) out[k] = sc::kTime;
  for (const char* k : {"breached", "response_breached", "resolution_breached",
                        "response_escalated", "resolution_escalated"}) {
    out[k] = sc::kBool;
  }
  out["credit_note_id"] = id;
  out["credit_note"] = {{"type", "object"},
                        {"description", "The credit note created (credit-note only)"}};
  out["entries"] = sc::ArrayOf(Ref("TicketEntry"));
  api.AddSchema("Ticket", sc::Obj(out));
  api.AddSchema("TicketAssign", sc::Obj({{"user_id", id}, {"department_id", id}}));
  api.AddSchema("TicketResolve", sc::Obj({{"resolution", sc::kStr}}, {"resolution"}));
  api.AddSchema("TicketCreditNote", sc::Obj({{"date", sc::kDate}, {"post", sc::kBool}}));
  api.AddSchema("TicketSurvey", sc::Obj({{"score", sc::kInt}, {"comment", sc::kStr}}, {"score"}));
}

// A verb's body: optional (an empty body is an empty object).
Result<json> OptionalBody(Ctx& c) {
  if (c.req().body.empty()) return json::object();
  return c.Body();
}

Result<std::optional<bool>> QueryBool(Ctx& c, const std::string& name) {
  auto v = c.req().Query(name);
  if (!v) return std::optional<bool>();
  if (*v != "true" && *v != "false") return InvalidField(name, "type", name + " is true or false.");
  return std::optional<bool>(*v == "true");
}

Result<TicketFilter> ParseFilter(Ctx& c) {
  TicketFilter f;
  ASSIGN_OR_RETURN(f.party_id, c.QueryId("party_id"));
  ASSIGN_OR_RETURN(f.sales_order_id, c.QueryId("sales_order_id"));
  ASSIGN_OR_RETURN(f.invoice_id, c.QueryId("invoice_id"));
  ASSIGN_OR_RETURN(f.category_id, c.QueryId("category_id"));
  ASSIGN_OR_RETURN(f.owner_user_id, c.QueryId("owner_user_id"));
  f.status = c.req().Query("status").value_or("");
  static const std::vector<std::string> kStatuses = {
      "new", "assigned", "in_progress", "waiting_on_customer", "resolved", "closed"};
  if (!f.status.empty() &&
      std::find(kStatuses.begin(), kStatuses.end(), f.status) == kStatuses.end()) {
    return InvalidField("status", "enum", "Unknown ticket status.");
  }
  ASSIGN_OR_RETURN(f.breached, QueryBool(c, "breached"));
  return f;
}

std::vector<http::QueryParamDoc> ListParams() {
  std::vector<http::QueryParamDoc> q = {{"limit", "integer", "Page size, 1..500 (default 50)"},
                                        {"cursor", "string", "next_cursor of the previous page"}};
  for (const char* id :
       {"party_id", "sales_order_id", "invoice_id", "category_id", "owner_user_id"}) {
    q.push_back({id, "integer", "Only tickets with this " + std::string(id)});
  }
  q.push_back({"status", "string",
               "new | assigned | in_progress | waiting_on_customer | "
               "resolved | closed"});
  q.push_back({"breached", "boolean", "true: breached ones; false: the others"});
  q.push_back(http::SortParam(Tickets::kSorts));
  return q;
}

}  // namespace

void RegisterTicketRoutes(http::Api& api, Services& s) {
  TicketSchemas(api);
  Tickets* tickets = &s.tickets;
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 http::ApiHandler fn) {
    AuthKind auth = perm.empty() ? AuthKind::kAuthenticated : AuthKind::kPermission;
    api.Add({std::move(method), std::move(path), auth, std::move(perm), TxKind::kDefault,
             std::move(doc), std::move(fn)});
  };
  add("GET", "/api/v1/tickets", "service.ticket.read",
      {"List tickets (record rules apply); ?sales_order_id= lists an order's tickets", "service",
       nullptr, ListOf("Ticket"), 200, ListParams()},
      [tickets](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto page, c.SortedPaging(Tickets::kSorts));
        ASSIGN_OR_RETURN(auto filter, ParseFilter(c));
        ASSIGN_OR_RETURN(auto out, tickets->List(c.tx(), c.access(), filter, page));
        return Response::Json(200, out);
      });
  add("POST", "/api/v1/tickets", "service.ticket.create",
      {"Open a ticket; deadlines come from the category and the company calendar", "service",
       Ref("TicketInput"), Ref("Ticket"), 201},
      [tickets](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto body, c.Body());
        ASSIGN_OR_RETURN(auto out, tickets->Create(c.tx(), c.access(), body));
        Response r = security::Versioned(201, out);
        r.Header("Location", "/api/v1/tickets/" + std::to_string(out["id"].get<int64_t>()));
        return r;
      });
  add("GET", "/api/v1/tickets/{id}", "service.ticket.read",
      {"Read a ticket with its progress entries", "service", nullptr, Ref("Ticket")},
      [tickets](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, c.PathId());
        ASSIGN_OR_RETURN(auto out, tickets->Get(c.tx(), c.access(), id));
        return security::Versioned(200, out);
      });
  std::vector<std::string> verbs = kTicketVerbs;
  verbs.insert(verbs.begin(), "assign");
  for (const std::string& verb : verbs) {
    json request = verb == "assign"    ? Ref("TicketAssign")
                   : verb == "resolve" ? Ref("TicketResolve")
                                       : json();
    add("POST", "/api/v1/tickets/{id}/" + verb, "service.ticket.update",
        {"Ticket verb: " + verb + " (409 when the state does not allow it; If-Match optional)",
         "service", request, Ref("Ticket")},
        [tickets, verb](Ctx& c) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, c.PathId());
          ASSIGN_OR_RETURN(auto body, OptionalBody(c));
          ASSIGN_OR_RETURN(auto out, tickets->Act(c.tx(), c.access(), id, verb, body,
                                                  security::OptionalVersion(c, &body)));
          return security::Versioned(200, out);
        });
  }
  add("POST", "/api/v1/tickets/{id}/entries", "service.ticket.update",
      {"Add a progress entry (internal or visible to the customer)", "service",
       Ref("TicketEntryInput"), Ref("TicketEntry"), 201},
      [tickets](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, c.PathId());
        ASSIGN_OR_RETURN(auto body, c.Body());
        ASSIGN_OR_RETURN(auto out, tickets->AddEntry(c.tx(), c.access(), id, body));
        return Response::Json(201, out);
      });
  add("POST", "/api/v1/tickets/{id}/survey", "service.ticket.update",
      {"Record the customer's satisfaction survey (once, after resolution)", "service",
       Ref("TicketSurvey"), Ref("Ticket")},
      [tickets](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, c.PathId());
        ASSIGN_OR_RETURN(auto body, c.Body());
        ASSIGN_OR_RETURN(auto out, tickets->Survey(c.tx(), c.access(), id, body));
        return security::Versioned(200, out);
      });
  add("POST", "/api/v1/tickets/{id}/credit-note", "service.ticket.update",
      {"Resolution action: a credit note of the ticket's invoice (needs invoicing rights too)",
       "service", Ref("TicketCreditNote"), Ref("Ticket"), 201},
      [tickets](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, c.PathId());
        ASSIGN_OR_RETURN(auto body, OptionalBody(c));
        ASSIGN_OR_RETURN(auto out, tickets->CreditNote(c.tx(), c.access(), id, body));
        return security::Versioned(201, out);
      });
}

}  // namespace concord::service
