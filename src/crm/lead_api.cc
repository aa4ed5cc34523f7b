// Routes of leads and the lead settings (scoring and assignment rules): parse, call the service.
#include <memory>

#include "crm/crm.h"
#include "crm/lead_rules.h"
#include "crm/lead_service.h"
#include "security/api.h"

namespace concord::crm {

// Defined in crm_schemas_leads.cc.
void RegisterLeadSchemas(http::Api& api);

namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::ListOf;
using security::Ref;
using security::Versioned;

struct LeadApi {
  Opportunities opportunities;
  Leads leads;
  LeadApi(const Clock& clock, const party::Parties& parties)
      : opportunities(clock, parties), leads(clock, parties, opportunities) {}
};

VersionCheck Checker(Ctx& c, const json* body) {
  return [&c, body](int64_t current) { return c.CheckVersion(current, body); };
}

// Verbs check the version only when the caller sends one (If-Match or body "version").
VersionCheck OptionalChecker(Ctx& c, const json* body) {
  if (c.req().Header("if-match").empty() && !(body && body->contains("version"))) return nullptr;
  return Checker(c, body);
}

Result<Response> ListLeads(LeadApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.SortedPaging(Leads::kSorts));
  LeadFilter f;
  f.status = c.req().Query("status").value_or("");
  if (!f.status.empty() &&
      std::find(LeadStatuses().begin(), LeadStatuses().end(), f.status) == LeadStatuses().end()) {
    return InvalidField("status", "enum", "Unknown lead status.");
  }
  ASSIGN_OR_RETURN(f.owner_user_id, c.QueryId("owner_user_id"));
  f.q = c.req().Query("q").value_or("");
  if (f.q.size() > 100) return InvalidField("q", "too_long", "q is at most 100 characters.");
  ASSIGN_OR_RETURN(auto out, a.leads.List(c.tx(), c.access(), f, page));
  return Response::Json(200, out);
}

Result<Response> GetLead(LeadApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.leads.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateLead(LeadApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.leads.Create(c.tx(), c.access(), body));
  Response r = Versioned(201, out);
  r.Header("Location", "/api/v1/leads/" + std::to_string(out["id"].get<int64_t>()));
  return r;
}

Result<Response> UpdateLead(LeadApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.leads.Update(c.tx(), c.access(), id, body, Checker(c, &body)));
  return Versioned(200, out);
}

Result<Response> ChangeStatus(LeadApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.leads.ChangeStatus(c.tx(), c.access(), id, body, OptionalChecker(c, &body)));
  return Versioned(200, out);
}

Result<Response> ConvertLead(LeadApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.leads.Convert(c.tx(), c.access(), id, body, OptionalChecker(c, &body)));
  return Versioned(200, out);
}

Result<Response> GetScoring(LeadApi&, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, GetLeadScoring(c.tx(), c.access()));
  return Versioned(200, out);
}

Result<Response> PutScoring(LeadApi&, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, PutLeadScoring(c.tx(), c.access(), body, Checker(c, &body)));
  return Versioned(200, out);
}

Result<Response> GetAssignment(LeadApi&, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, GetLeadAssignment(c.tx(), c.access()));
  return Versioned(200, out);
}

Result<Response> PutAssignment(LeadApi&, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, PutLeadAssignment(c.tx(), c.access(), body, Checker(c, &body)));
  return Versioned(200, out);
}

}  // namespace

void RegisterLeadRoutes(http::Api& api, Services& s) {
  RegisterLeadSchemas(api);
  auto a = std::make_shared<LeadApi>(s.clock, s.parties);
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(LeadApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  const std::vector<http::QueryParamDoc> list_query = {
      {"limit", "integer", "Page size, 1..500 (default 50)"},
      {"cursor", "string", "next_cursor of the previous page"},
      {"status", "string", "new | contacted | qualified | converted | disqualified"},
      {"owner_user_id", "integer", "Only leads of this owner"},
      {"q", "string", "Prefix of the title, company, contact name or e-mail"},
      http::SortParam(Leads::kSorts)};
  add("GET", "/api/v1/leads", "crm.lead.read",
      {"List leads (record rules apply)", "crm", nullptr, ListOf("Lead"), 200, list_query},
      ListLeads);
  add("POST", "/api/v1/leads", "crm.lead.create",
      {"Create a lead; without owner_user_id the assignment rules pick the owner", "crm",
       Ref("LeadInput"), Ref("Lead"), 201},
      CreateLead);
  add("GET", "/api/v1/leads/{id}", "crm.lead.read", {"Read a lead", "crm", nullptr, Ref("Lead")},
      GetLead);
  add("PATCH", "/api/v1/leads/{id}", "crm.lead.update",
      {"Update a lead (If-Match required)", "crm", Ref("LeadInput"), Ref("Lead")}, UpdateLead);
  add("POST", "/api/v1/leads/{id}/status", "crm.lead.update",
      {"Move a lead to contacted, qualified or disqualified (with a reason)", "crm",
       Ref("LeadStatusChange"), Ref("Lead")},
      ChangeStatus);
  add("POST", "/api/v1/leads/{id}/convert", "crm.lead.update",
      {"Convert a lead: create or link the party, a contact and an opportunity in one step", "crm",
       Ref("LeadConversion"), Ref("Lead")},
      ConvertLead);
  add("GET", "/api/v1/crm/settings/lead-scoring", "crm.settings.read",
      {"The lead scoring rules (the defaults when none are stored)", "crm", nullptr,
       Ref("CrmSetting")},
      GetScoring);
  add("PUT", "/api/v1/crm/settings/lead-scoring", "crm.settings.update",
      {"Replace the lead scoring rules (version: the current one, 0 when none stored); open "
       "leads are rescored",
       "crm", Ref("CrmSettingInput"), Ref("CrmSetting")},
      PutScoring);
  add("GET", "/api/v1/crm/settings/lead-assignment", "crm.settings.read",
      {"The lead assignment rules", "crm", nullptr, Ref("CrmSetting")}, GetAssignment);
  add("PUT", "/api/v1/crm/settings/lead-assignment", "crm.settings.update",
      {"Replace the lead assignment rules (round_robin, criteria or none)", "crm",
       Ref("CrmSettingInput"), Ref("CrmSetting")},
      PutAssignment);
}

}  // namespace concord::crm
