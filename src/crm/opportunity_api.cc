// Routes of opportunities, pipeline stages and pipeline reports: parse, call the service.
#include <memory>

#include "crm/crm.h"
#include "crm/opportunity_service.h"
#include "crm/pipeline_report.h"
#include "security/api.h"

namespace concord::crm {

// Defined in crm_schemas_leads.cc.
void RegisterOpportunitySchemas(http::Api& api);

namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::ListOf;
using security::Ref;
using security::Versioned;

struct OpportunityApi {
  const Clock& clock;
  Opportunities opportunities;
};

VersionCheck Checker(Ctx& c, const json* body) {
  return [&c, body](int64_t current) { return c.CheckVersion(current, body); };
}

VersionCheck OptionalChecker(Ctx& c, const json* body) {
  if (c.req().Header("if-match").empty() && !(body && body->contains("version"))) return nullptr;
  return Checker(c, body);
}

Response Created(const json& body, const std::string& collection) {
  Response r = Versioned(201, body);
  r.Header("Location", collection + "/" + std::to_string(body["id"].get<int64_t>()));
  return r;
}

Result<DateRange> QueryRange(Ctx& c) {
  DateRange range;
  ASSIGN_OR_RETURN(range.from, c.QueryDate("from"));
  ASSIGN_OR_RETURN(range.to, c.QueryDate("to"));
  if (range.from && range.to && *range.to < *range.from)
    return InvalidField("to", "range", "to is on or after from.");
  return range;
}

Result<Response> List(OpportunityApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  OpportunityFilter f;
  ASSIGN_OR_RETURN(f.party_id, c.QueryId("party_id"));
  ASSIGN_OR_RETURN(f.stage_id, c.QueryId("stage_id"));
  ASSIGN_OR_RETURN(f.owner_user_id, c.QueryId("owner_user_id"));
  f.status = c.req().Query("status").value_or("");
  if (!f.status.empty() && f.status != "open" && f.status != "won" && f.status != "lost")
    return InvalidField("status", "enum", "status is open, won or lost.");
  ASSIGN_OR_RETURN(auto items, a.opportunities.List(c.tx(), c.access(), f, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> Get(OpportunityApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.opportunities.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> Create(OpportunityApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.opportunities.Create(c.tx(), c.access(), body));
  return Created(out, "/api/v1/opportunities");
}

Result<Response> Update(OpportunityApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.opportunities.Update(c.tx(), c.access(), id, body, Checker(c, &body)));
  return Versioned(200, out);
}

Result<Response> MoveStage(OpportunityApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(
      auto out, a.opportunities.MoveStage(c.tx(), c.access(), id, body, OptionalChecker(c, &body)));
  return Versioned(200, out);
}

Result<Response> History(OpportunityApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, OpportunityHistory(c.tx(), c.access(), a.clock, id));
  return Response::Json(200, out);
}

Result<Response> ListStages(OpportunityApi& a, Ctx& c) {
  bool all = c.req().Query("all").value_or("") == "true";
  ASSIGN_OR_RETURN(auto items, a.opportunities.ListStages(c.tx(), c.access(), all));
  return Response::Json(200, {{"items", items}, {"next_cursor", nullptr}});
}

Result<Response> GetStage(OpportunityApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.opportunities.GetStage(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateStage(OpportunityApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.opportunities.CreateStage(c.tx(), c.access(), body));
  return Created(out, "/api/v1/opportunity-stages");
}

Result<Response> UpdateStage(OpportunityApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.opportunities.UpdateStage(c.tx(), c.access(), id, body, Checker(c, &body)));
  return Versioned(200, out);
}

Result<Response> ForecastReport(OpportunityApi&, Ctx& c) {
  std::string group = c.req().Query("group").value_or("month");
  if (group != "month" && group != "owner" && group != "department")
    return InvalidField("group", "enum", "group is month, owner or department.");
  ASSIGN_OR_RETURN(DateRange range, QueryRange(c));
  ASSIGN_OR_RETURN(auto out, Forecast(c.tx(), c.access(), group, range));
  return Response::Json(200, out);
}

Result<Response> WinLossReport(OpportunityApi&, Ctx& c) {
  ASSIGN_OR_RETURN(DateRange range, QueryRange(c));
  ASSIGN_OR_RETURN(auto out, WinLoss(c.tx(), c.access(), range));
  return Response::Json(200, out);
}

Result<Response> StageDurationReport(OpportunityApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, StageDurations(c.tx(), c.access(), a.clock));
  return Response::Json(200, out);
}

}  // namespace

void RegisterOpportunityRoutes(http::Api& api, Services& s) {
  RegisterOpportunitySchemas(api);
  auto a =
      std::make_shared<OpportunityApi>(OpportunityApi{s.clock, Opportunities(s.clock, s.parties)});
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(OpportunityApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  const std::string opp = "/api/v1/opportunities";
  const std::string stages = "/api/v1/opportunity-stages";
  const std::vector<http::QueryParamDoc> range = {{"from", "string", "First day (YYYY-MM-DD)"},
                                                  {"to", "string", "Last day (YYYY-MM-DD)"}};
  add("GET", opp, "crm.opportunity.read",
      {"List opportunities (record rules apply)",
       "crm",
       nullptr,
       ListOf("Opportunity"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"party_id", "integer", "Only this party's"},
        {"stage_id", "integer", "Only those in this stage"},
        {"status", "string", "open | won | lost"},
        {"owner_user_id", "integer", "Only this owner's"}}},
      List);
  add("POST", opp, "crm.opportunity.create",
      {"Create an opportunity", "crm", Ref("OpportunityInput"), Ref("Opportunity"), 201}, Create);
  add("GET", opp + "/{id}", "crm.opportunity.read",
      {"Read an opportunity", "crm", nullptr, Ref("Opportunity")}, Get);
  add("PATCH", opp + "/{id}", "crm.opportunity.update",
      {"Update an opportunity (If-Match required)", "crm", Ref("OpportunityInput"),
       Ref("Opportunity")},
      Update);
  add("POST", opp + "/{id}/stage", "crm.opportunity.update",
      {"Move an opportunity to another stage; a won/lost stage closes it, an open one reopens it",
       "crm", Ref("OpportunityStageMove"), Ref("Opportunity")},
      MoveStage);
  add("GET", opp + "/{id}/history", "crm.opportunity.read",
      {"The stage history with the seconds spent in each stage", "crm", nullptr,
       Ref("OpportunityHistory")},
      History);
  add("GET", stages, "crm.stage.read",
      {"The pipeline stages by sequence",
       "crm",
       nullptr,
       ListOf("OpportunityStage"),
       200,
       {{"all", "boolean", "true: inactive stages too"}}},
      ListStages);
  add("POST", stages, "crm.stage.create",
      {"Create a pipeline stage", "crm", Ref("OpportunityStageInput"), Ref("OpportunityStage"),
       201},
      CreateStage);
  add("GET", stages + "/{id}", "crm.stage.read",
      {"Read a pipeline stage", "crm", nullptr, Ref("OpportunityStage")}, GetStage);
  add("PATCH", stages + "/{id}", "crm.stage.update",
      {"Update a pipeline stage (If-Match required; the outcome is fixed)", "crm",
       Ref("OpportunityStageInput"), Ref("OpportunityStage")},
      UpdateStage);
  std::vector<http::QueryParamDoc> forecast_query = range;
  forecast_query.push_back({"group", "string", "month (default) | owner | department"});
  add("GET", "/api/v1/pipeline/forecast", "crm.opportunity.read",
      {"Weighted forecast of open opportunities per group and currency", "crm", nullptr,
       Ref("PipelineForecast"), 200, forecast_query},
      ForecastReport);
  add("GET", "/api/v1/pipeline/win-loss", "crm.opportunity.read",
      {"Win/loss analysis of the opportunities closed in the range", "crm", nullptr, Ref("WinLoss"),
       200, range},
      WinLossReport);
  add("GET", "/api/v1/pipeline/stage-durations", "crm.opportunity.read",
      {"Average time opportunities spend in each stage", "crm", nullptr, Ref("StageDurations")},
      StageDurationReport);
}

}  // namespace concord::crm
