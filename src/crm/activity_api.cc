// Routes of activities, the agenda and the iCalendar feed: parse the request, call
// crm::Activities, shape the response.
#include <memory>

#include "crm/activity_service.h"
#include "crm/crm.h"
#include "security/api.h"

namespace concord::crm {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::RouteDoc;
using http::TxKind;
using nlohmann::json;
using security::ListOf;
using security::Ref;
using Svc = std::shared_ptr<const Activities>;

const json kStr = {{"type", "string"}};
const json kNullStr = {{"type", "string"}, {"nullable", true}};
const json kInt = {{"type", "integer"}, {"format", "int64"}};
const json kNullInt = {{"type", "integer"}, {"format", "int64"}, {"nullable", true}};
const json kBool = {{"type", "boolean"}};

json Obj(json props, std::vector<std::string> required = {}) {
  json s = {{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) s["required"] = required;
  return s;
}

void RegisterSchemas(http::Api& api) {
  json kinds = {{"type", "string"}, {"enum", {"call", "meeting", "email", "task", "note"}}};
  json refs = {{"type", "string"},
               {"nullable", true},
               {"enum", {"sales_order", "quote", "invoice", "ticket", "delivery"}}};
  json input = {{"kind", kinds},        {"subject", kStr},
                {"description", kStr},  {"location", kNullStr},
                {"party_id", kNullInt}, {"contact_id", kNullInt},
                {"lead_id", kNullInt},  {"opportunity_id", kNullInt},
                {"ref_type", refs},     {"ref_id", kNullInt},
                {"due_at", kNullStr},   {"ends_at", kNullStr},
                {"owner_user_id", kInt}};
  api.AddSchema("ActivityInput", Obj(input, {"kind", "subject"}));
  json patch = input;
  patch["version"] = kInt;
  api.AddSchema("ActivityPatch", Obj(patch));
  json out = input;
  for (const char* k : {"id", "version"}) out[k] = kInt;
  for (const char* k : {"created_at", "updated_at"}) out[k] = kStr;
  out["done_at"] = kNullStr;
  out["done"] = kBool;
  out["department_id"] = kNullInt;
  api.AddSchema("Activity", Obj(out));
  json list = {{"type", "array"}, {"items", Ref("Activity")}};
  api.AddSchema("Agenda", Obj({{"user_id", kInt},
                               {"time_zone", kStr},
                               {"from", kStr},
                               {"to", kStr},
                               {"starts_at", kStr},
                               {"ends_at", kStr},
                               {"items", list},
                               {"overdue", list}}));
  api.AddSchema("OverdueActivities", Obj({{"items", list}, {"truncated", kBool}}));
  api.AddSchema("CalendarFeed", Obj({{"url", kStr}}, {"url"}));
}

Result<std::optional<Timestamp>> QueryTime(Ctx& c, const std::string& name) {
  auto text = c.req().Query(name);
  if (!text) return std::optional<Timestamp>();
  auto t = Timestamp::ParseIso(*text);
  if (!t.ok()) return InvalidField(name, t.status().message_id(), name + " is an RFC 3339 time.");
  return std::optional<Timestamp>(*t);
}

Result<ActivityFilter> ParseListFilter(Ctx& c) {
  ActivityFilter f;
  ASSIGN_OR_RETURN(f.party_id, c.QueryId("party_id"));
  ASSIGN_OR_RETURN(f.lead_id, c.QueryId("lead_id"));
  ASSIGN_OR_RETURN(f.opportunity_id, c.QueryId("opportunity_id"));
  ASSIGN_OR_RETURN(f.owner_user_id, c.QueryId("owner_user_id"));
  f.kind = c.req().Query("kind").value_or("");
  if (!f.kind.empty() && f.kind != "call" && f.kind != "meeting" && f.kind != "email" &&
      f.kind != "task" && f.kind != "note") {
    return InvalidField("kind", "enum", "kind must be call, meeting, email, task or note.");
  }
  if (auto done = c.req().Query("done")) {
    if (*done != "true" && *done != "false") {
      return InvalidField("done", "type", "done must be true or false.");
    }
    f.done = *done == "true";
  }
  ASSIGN_OR_RETURN(f.due_before, QueryTime(c, "due_before"));
  ASSIGN_OR_RETURN(f.due_after, QueryTime(c, "due_after"));
  return f;
}

party::VersionCheck Checker(Ctx& c, const json* body) {
  return [&c, body](int64_t current) { return c.CheckVersion(current, body); };
}

Result<Response> List(const Activities& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto filter, ParseListFilter(c));
  ASSIGN_OR_RETURN(auto items, s.List(c.tx(), c.access(), filter, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}
Result<Response> Get(const Activities& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.Get(c.tx(), c.access(), id));
  return security::Versioned(200, out);
}
Result<Response> Create(const Activities& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.Create(c.tx(), c.access(), body));
  Response r = security::Versioned(201, out);
  r.Header("Location", "/api/v1/activities/" + std::to_string(out["id"].get<int64_t>()));
  return r;
}
Result<Response> Update(const Activities& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.Update(c.tx(), c.access(), id, body, Checker(c, &body)));
  return security::Versioned(200, out);
}
Result<Response> Done(const Activities& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.MarkDone(c.tx(), c.access(), id));
  return security::Versioned(200, out);
}
Result<Response> Reopen(const Activities& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.Reopen(c.tx(), c.access(), id));
  return security::Versioned(200, out);
}
Result<Response> Agenda(const Activities& s, Ctx& c) {
  AgendaQuery q;
  ASSIGN_OR_RETURN(q.user_id, c.QueryId("user_id"));
  q.from = c.req().Query("from");
  q.to = c.req().Query("to");
  ASSIGN_OR_RETURN(auto out, s.Agenda(c.tx(), c.access(), q));
  return Response::Json(200, out);
}
Result<Response> Overdue(const Activities& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto owner, c.QueryId("owner_user_id"));
  ASSIGN_OR_RETURN(auto out, s.Overdue(c.tx(), c.access(), owner, page.limit));
  return Response::Json(200, out);
}
Result<Response> RotateFeed(const Activities& s, Ctx& c) {
  ASSIGN_OR_RETURN(std::string token, s.RotateFeed(c.tx(), c.access()));
  Response r = Response::Json(201, {{"url", "/api/v1/calendar/" + token + ".ics"}});
  r.Header("Cache-Control", "no-store");  // the URL is a credential, shown once
  return r;
}
Result<Response> RevokeFeed(const Activities& s, Ctx& c) {
  RETURN_IF_ERROR(s.RevokeFeed(c.tx(), c.access()));
  return Response::NoContent();
}
Result<Response> Feed(const Activities& s, Ctx& c) {
  std::string_view token = c.req().path_params["token"];
  if (!token.ends_with(".ics")) return NotFound("calendar feed");
  token.remove_suffix(4);
  ASSIGN_OR_RETURN(std::string body, s.FeedCalendar(c.tx(), token));
  Response r;
  r.content_type = "text/calendar; charset=utf-8";
  r.body = std::move(body);
  r.Header("Cache-Control", "private, no-store");
  return r;
}

}  // namespace

void RegisterActivityRoutes(http::Api& api, Services& s) {
  RegisterSchemas(api);
  Svc svc = std::make_shared<const Activities>(s.clock, s.parties);
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(const Activities&, Ctx&)) {
    AuthKind auth = perm.empty() ? AuthKind::kPublic : AuthKind::kPermission;
    TxKind tx = perm.empty() ? TxKind::kRead : TxKind::kDefault;
    api.Add({std::move(method), std::move(path), auth, std::move(perm), tx, std::move(doc),
             [svc, fn](Ctx& c) { return fn(*svc, c); }});
  };
  const std::vector<http::QueryParamDoc> paging = {
      {"limit", "integer", "Page size, 1..500 (default 50)"},
      {"cursor", "string", "next_cursor of the previous page"}};
  std::vector<http::QueryParamDoc> filters = paging;
  for (const char* id : {"party_id", "lead_id", "opportunity_id", "owner_user_id"}) {
    filters.push_back({id, "integer", "Only activities with this " + std::string(id)});
  }
  filters.push_back({"kind", "string", "call | meeting | email | task | note"});
  filters.push_back({"done", "boolean", "true: done ones; false: open ones"});
  filters.push_back({"due_before", "string", "due_at before this RFC 3339 time"});
  filters.push_back({"due_after", "string", "due_at at or after this RFC 3339 time"});
  // The fixed paths come before /activities/{id}, which would otherwise match them.
  add("GET", "/api/v1/activities/agenda", "crm.activity.read",
      {"A user's agenda: open activities due in a range of days, and overdue ones",
       "crm",
       nullptr,
       Ref("Agenda"),
       200,
       {{"user_id", "integer", "Whose agenda (default: the caller)"},
        {"from", "string", "First day (YYYY-MM-DD, company time zone; default today)"},
        {"to", "string", "Last day, inclusive (default from + 6 days)"}}},
      Agenda);
  add("GET", "/api/v1/activities/overdue", "crm.activity.read",
      {"Open activities past their due time that the caller may see, most overdue first",
       "crm",
       nullptr,
       Ref("OverdueActivities"),
       200,
       {paging[0], {"owner_user_id", "integer", "Only this owner's"}}},
      Overdue);
  add("GET", "/api/v1/activities", "crm.activity.read",
      {"List activities (record rules apply)", "crm", nullptr, ListOf("Activity"), 200, filters},
      List);
  add("POST", "/api/v1/activities", "crm.activity.create",
      {"Create an activity (a note is created done)", "crm", Ref("ActivityInput"), Ref("Activity"),
       201},
      Create);
  add("GET", "/api/v1/activities/{id}", "crm.activity.read",
      {"Read an activity", "crm", nullptr, Ref("Activity")}, Get);
  add("PATCH", "/api/v1/activities/{id}", "crm.activity.update",
      {"Update an activity (If-Match required)", "crm", Ref("ActivityPatch"), Ref("Activity")},
      Update);
  add("POST", "/api/v1/activities/{id}/done", "crm.activity.update",
      {"Mark an activity done (409 if it is done already)", "crm", nullptr, Ref("Activity")}, Done);
  add("POST", "/api/v1/activities/{id}/reopen", "crm.activity.update",
      {"Reopen a done activity", "crm", nullptr, Ref("Activity")}, Reopen);
  add("POST", "/api/v1/calendar-feed", "crm.activity.read",
      {"Create or rotate the caller's secret iCalendar feed URL (older URLs stop working)", "crm",
       nullptr, Ref("CalendarFeed"), 201},
      RotateFeed);
  add("DELETE", "/api/v1/calendar-feed", "crm.activity.read",
      {"Revoke the caller's iCalendar feed URL", "crm", nullptr, nullptr, 204}, RevokeFeed);
  add("GET", "/api/v1/calendar/{token}", "",
      {"iCalendar (RFC 5545) feed of the token owner's activities; the secret URL is the "
       "credential",
       "crm",
       nullptr,
       kStr,
       200,
       {},
       "text/calendar"},
      Feed);
}

}  // namespace concord::crm
