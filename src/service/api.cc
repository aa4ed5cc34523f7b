// Schemas of the service area and the routes of its set-up: business calendars, ticket
// categories, the SLA job's admin trigger and the SLA report.
#include "security/api.h"

#include <memory>

#include "http/schema.h"
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

void CalendarSchemas(http::Api& api) {
  json window = sc::Obj({{"start", sc::kStr}, {"end", sc::kStr}}, {"start", "end"});
  json input = {{"name", sc::kStr},
                {"time_zone", sc::kStr},
                {"working_days", sc::ArrayOf(sc::kInt)},
                {"hours", sc::ArrayOf(window)},
                {"holidays", sc::ArrayOf(sc::kDate)},
                {"is_default", sc::kBool}};
  api.AddSchema("ServiceCalendarInput", sc::Obj(input, {"name"}));
  json patch = input;
  patch["version"] = sc::kInt;
  api.AddSchema("ServiceCalendarPatch", sc::Obj(patch));
  json out = input;
  for (const char* k : {"id", "version"}) out[k] = sc::kInt;
  for (const char* k : {"created_at", "updated_at"}) out[k] = sc::kTime;
  api.AddSchema("ServiceCalendar", sc::Obj(out));
  api.AddSchema("ServiceCalendarList", sc::Obj({{"items", sc::ArrayOf(Ref("ServiceCalendar"))}}));
}

void CategorySchemas(http::Api& api) {
  json input = {{"name", sc::kStr},
                {"kind", sc::Enum({"complaint", "question", "request"})},
                {"max_processing_minutes", sc::kInt},
                {"first_response_minutes", sc::Nullable(sc::kInt)},
                {"department_id", sc::Nullable(sc::kInt)},
                {"default_priority", sc::Enum({"low", "normal", "high", "urgent"})},
                {"active", sc::kBool}};
  api.AddSchema("ServiceCategoryInput", sc::Obj(input, {"name", "kind", "max_processing_minutes"}));
  json patch = input;
  patch["version"] = sc::kInt;
  api.AddSchema("ServiceCategoryPatch", sc::Obj(patch));
  json out = input;
  for (const char* k : {"id", "version"}) out[k] = sc::kInt;
  for (const char* k : {"created_at", "updated_at"}) out[k] = sc::kTime;
  api.AddSchema("ServiceCategory", sc::Obj(out));
}

void ReportSchemas(http::Api& api) {
  api.AddSchema("SlaRun", sc::Obj({{"tickets", sc::kInt},
                                   {"response_breaches", sc::kInt},
                                   {"resolution_breaches", sc::kInt},
                                   {"reassigned", sc::kInt},
                                   {"notifications", sc::kInt}}));
  json figures = {{"count", sc::kInt},
                  {"resolved", sc::kInt},
                  {"on_time", sc::kInt},
                  {"breached", sc::kInt},
                  {"on_time_rate", sc::Nullable(sc::kDecimal)},
                  {"mean_resolution_hours", sc::Nullable(sc::kDecimal)},
                  {"mean_score", sc::Nullable(sc::kDecimal)}};
  json by_category = figures;
  by_category["category_id"] = sc::kInt;
  by_category["name"] = sc::kStr;
  json by_department = figures;
  by_department["department_id"] = sc::Nullable(sc::kInt);
  by_department["department_name"] = sc::Nullable(sc::kStr);
  api.AddSchema("SlaReport", sc::Obj({{"from", sc::kDate},
                                      {"to", sc::kDate},
                                      {"time_zone", sc::kStr},
                                      {"total", sc::Obj(figures)},
                                      {"by_category", sc::ArrayOf(sc::Obj(by_category))},
                                      {"by_department", sc::ArrayOf(sc::Obj(by_department))}}));
}

Response Created(const json& out, const std::string& collection) {
  Response r = security::Versioned(201, out);
  r.Header("Location", collection + "/" + std::to_string(out["id"].get<int64_t>()));
  return r;
}

}  // namespace

void RegisterSetupRoutes(http::Api& api, Services& s) {
  auto calendars = std::make_shared<const Calendars>(s.clock);
  auto categories = std::make_shared<const Categories>(s.clock);
  const SlaMonitor* monitor = &s.monitor;
  const Clock* clock = &s.clock;
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 http::ApiHandler fn) {
    api.Add({std::move(method), std::move(path), AuthKind::kPermission, std::move(perm),
             TxKind::kDefault, std::move(doc), std::move(fn)});
  };
  const std::string base = "/api/v1/service/calendars";
  add("GET", base, "service.calendar.read",
      {"List the company's business calendars", "service", nullptr, Ref("ServiceCalendarList")},
      [calendars](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto items, calendars->List(c.tx(), c.access()));
        return Response::Json(200, {{"items", items}});
      });
  add("POST", base, "service.calendar.update",
      {"Create a business calendar (the first one is the default)", "service",
       Ref("ServiceCalendarInput"), Ref("ServiceCalendar"), 201},
      [calendars, base](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto body, c.Body());
        ASSIGN_OR_RETURN(auto out, calendars->Create(c.tx(), c.access(), body));
        return Created(out, base);
      });
  add("GET", base + "/{id}", "service.calendar.read",
      {"Read a business calendar", "service", nullptr, Ref("ServiceCalendar")},
      [calendars](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, c.PathId());
        ASSIGN_OR_RETURN(auto out, calendars->Get(c.tx(), c.access(), id));
        return security::Versioned(200, out);
      });
  add("PATCH", base + "/{id}", "service.calendar.update",
      {"Change a business calendar (If-Match required); is_default: true moves the default",
       "service", Ref("ServiceCalendarPatch"), Ref("ServiceCalendar")},
      [calendars](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, c.PathId());
        ASSIGN_OR_RETURN(auto body, c.Body());
        ASSIGN_OR_RETURN(auto out, calendars->Update(c.tx(), c.access(), id, body,
                                                     security::RequiredVersion(c, &body)));
        return security::Versioned(200, out);
      });
  const std::string cats = "/api/v1/service/categories";
  add("GET", cats, "service.category.read",
      {"List ticket categories",
       "service",
       nullptr,
       ListOf("ServiceCategory"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"}}},
      [categories](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto page, c.Paging());
        ASSIGN_OR_RETURN(auto items, categories->List(c.tx(), c.access(), page.limit, page.after));
        return Response::Json(200, http::ListBody(std::move(items), page.limit));
      });
  add("POST", cats, "service.category.update",
      {"Create a ticket category", "service", Ref("ServiceCategoryInput"), Ref("ServiceCategory"),
       201},
      [categories, cats](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto body, c.Body());
        ASSIGN_OR_RETURN(auto out, categories->Create(c.tx(), c.access(), body));
        return Created(out, cats);
      });
  add("GET", cats + "/{id}", "service.category.read",
      {"Read a ticket category", "service", nullptr, Ref("ServiceCategory")},
      [categories](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, c.PathId());
        ASSIGN_OR_RETURN(auto out, categories->Get(c.tx(), c.access(), id));
        return security::Versioned(200, out);
      });
  add("PATCH", cats + "/{id}", "service.category.update",
      {"Change a ticket category (If-Match required); existing tickets keep their deadlines",
       "service", Ref("ServiceCategoryPatch"), Ref("ServiceCategory")},
      [categories](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, c.PathId());
        ASSIGN_OR_RETURN(auto body, c.Body());
        ASSIGN_OR_RETURN(auto out, categories->Update(c.tx(), c.access(), id, body,
                                                      security::RequiredVersion(c, &body)));
        return security::Versioned(200, out);
      });
  add("POST", "/api/v1/service/sla/run", "service.category.update",
      {"Run the SLA job now for the caller's company (it also runs in the background)", "service",
       nullptr, Ref("SlaRun")},
      [monitor, clock](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto out, monitor->Run(c.tx(), clock->Now(), c.access().company_id()));
        return Response::Json(200, out.ToJson());
      });
  add("GET", "/api/v1/service/reports/sla", "service.report.read",
      {"SLA report per category and department for tickets created in a range of days",
       "service",
       nullptr,
       Ref("SlaReport"),
       200,
       {{"from", "string", "First day (YYYY-MM-DD, company time zone; default to - 29 days)"},
        {"to", "string", "Last day, inclusive (default today)"}}},
      [clock, monitor](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto from, c.QueryDate("from"));
        ASSIGN_OR_RETURN(auto to, c.QueryDate("to"));
        ASSIGN_OR_RETURN(auto out,
                         SlaReport(c.tx(), c.access(), *clock, monitor->directory(), from, to));
        return Response::Json(200, out);
      });
}

void RegisterSchemas(http::Api& api) {
  CalendarSchemas(api);
  CategorySchemas(api);
  ReportSchemas(api);
  // Ticket schemas are registered with the ticket routes (ticket_api.cc).
}

}  // namespace concord::service
