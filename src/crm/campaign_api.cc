// Routes of segments and campaigns: parse the request, call crm::Segments / crm::Campaigns,
// shape the response.
#include <algorithm>
#include <charconv>
#include <functional>
#include <memory>

#include "crm/campaign_service.h"
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

struct Svc {
  Svc(const Clock& clock, const party::Parties& parties)
      : segments(clock, parties), campaigns(clock, parties, segments) {}
  Segments segments;  // before campaigns, which hold a reference to it
  Campaigns campaigns;
};
using Handler = Result<Response> (*)(const Svc&, Ctx&);

const json kStr = {{"type", "string"}};
const json kNullStr = {{"type", "string"}, {"nullable", true}};
const json kInt = {{"type", "integer"}, {"format", "int64"}};
const json kNullInt = {{"type", "integer"}, {"format", "int64"}, {"nullable", true}};
const json kBool = {{"type", "boolean"}};
const json kObj = {{"type", "object"}};

json Obj(json props, std::vector<std::string> required = {}) {
  json s = {{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) s["required"] = required;
  return s;
}

void RegisterSchemas(http::Api& api) {
  json segment = {{"name", kStr}, {"filter", kObj}, {"owner_user_id", kInt}};
  api.AddSchema("SegmentInput", Obj(segment, {"name", "filter"}));
  segment["version"] = kInt;
  api.AddSchema("SegmentPatch", Obj(segment));
  segment["id"] = kInt;
  segment["department_id"] = kNullInt;
  segment["created_at"] = kStr;
  api.AddSchema("Segment", Obj(segment));

  json channel = {{"type", "string"},
                  {"enum", {"email", "phone", "event", "social", "ads", "mail", "other"}}};
  json campaign = {{"name", kStr},           {"channel", channel},    {"budget", kStr},
                   {"currency", kStr},       {"starts_on", kNullStr}, {"ends_on", kNullStr},
                   {"segment_id", kNullInt}, {"description", kStr},   {"owner_user_id", kInt}};
  api.AddSchema("CampaignInput", Obj(campaign, {"name", "channel"}));
  campaign["version"] = kInt;
  api.AddSchema("CampaignPatch", Obj(campaign));
  campaign["id"] = kInt;
  campaign["status"] = {{"type", "string"}, {"enum", {"planned", "active", "done", "cancelled"}}};
  campaign["department_id"] = kNullInt;
  campaign["created_at"] = kStr;
  api.AddSchema("Campaign", Obj(campaign));
  json member_status = {{"type", "string"},
                        {"enum", {"targeted", "sent", "responded", "converted"}}};
  api.AddSchema("CampaignMember", Obj({{"id", kInt},
                                       {"party_id", kInt},
                                       {"contact_id", kNullInt},
                                       {"status", member_status},
                                       {"sent_at", kNullStr},
                                       {"responded_at", kNullStr},
                                       {"converted_at", kNullStr},
                                       {"updated_at", kStr}}));
  api.AddSchema(
      "CampaignMembersAdded",
      Obj({{"added", kInt}, {"already_members", kInt}, {"matched", kInt}, {"capped", kBool}}));
  api.AddSchema("CampaignStats", Obj({{"campaign_id", kInt},
                                      {"members", kInt},
                                      {"by_status", kObj},
                                      {"response_rate", kNullStr},
                                      {"conversion_rate", kNullStr},
                                      {"budget", kStr},
                                      {"currency", kStr},
                                      {"cost_per_response", kNullStr},
                                      {"cost_per_conversion", kNullStr},
                                      {"revenue", kNullStr},
                                      {"roi", kNullStr},
                                      {"revenue_source", kStr}}));
}

party::VersionCheck Checker(Ctx& c, const json* body) {
  return [&c, body](int64_t current) { return c.CheckVersion(current, body); };
}

Response Created(const json& body, const std::string& collection) {
  Response r = security::Versioned(201, body);
  r.Header("Location", collection + "/" + std::to_string(body["id"].get<int64_t>()));
  return r;
}

// An optional query parameter that must be one of `allowed`.
Result<std::string> QueryEnum(Ctx& c, const std::string& name,
                              const std::vector<std::string>& allowed) {
  std::string v = c.req().Query(name).value_or("");
  if (v.empty() || std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return v;
  return InvalidField(name, "enum", name + " is not one of the allowed values.");
}

// --- segments
Result<Response> ListSegments(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto items, s.segments.List(c.tx(), c.access(), page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}
Result<Response> GetSegment(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.segments.Get(c.tx(), c.access(), id));
  return security::Versioned(200, out);
}
Result<Response> CreateSegment(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.segments.Create(c.tx(), c.access(), body));
  return Created(out, "/api/v1/segments");
}
Result<Response> UpdateSegment(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.segments.Update(c.tx(), c.access(), id, body, Checker(c, &body)));
  return security::Versioned(200, out);
}
Result<Response> DeleteSegment(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  RETURN_IF_ERROR(s.segments.Delete(c.tx(), c.access(), id, Checker(c, nullptr)));
  return Response::NoContent();
}
Result<Response> SegmentParties(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  int64_t limit = 50;
  if (auto text = c.req().Query("limit")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc() || end != text->data() + text->size() || limit < 1 || limit > 500) {
      return InvalidField("limit", "range", "limit must be 1..500.");
    }
  }
  std::string cursor = c.req().Query("cursor").value_or("");
  if (cursor.size() > 400) return InvalidField("cursor", "malformed", "cursor is not valid.");
  ASSIGN_OR_RETURN(auto out, s.segments.Parties(c.tx(), c.access(), id, limit, cursor));
  return Response::Json(200, out);
}

// --- campaigns
Result<Response> ListCampaigns(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.SortedPaging(Campaigns::kSorts));
  CampaignFilter f;
  ASSIGN_OR_RETURN(f.status, QueryEnum(c, "status", {"planned", "active", "done", "cancelled"}));
  ASSIGN_OR_RETURN(
      f.channel,
      QueryEnum(c, "channel", {"email", "phone", "event", "social", "ads", "mail", "other"}));
  ASSIGN_OR_RETURN(f.segment_id, c.QueryId("segment_id"));
  ASSIGN_OR_RETURN(f.owner_user_id, c.QueryId("owner_user_id"));
  ASSIGN_OR_RETURN(auto out, s.campaigns.List(c.tx(), c.access(), f, page));
  return Response::Json(200, out);
}
Result<Response> GetCampaign(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.campaigns.Get(c.tx(), c.access(), id));
  return security::Versioned(200, out);
}
Result<Response> CreateCampaign(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.campaigns.Create(c.tx(), c.access(), body));
  return Created(out, "/api/v1/campaigns");
}
Result<Response> UpdateCampaign(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.campaigns.Update(c.tx(), c.access(), id, body, Checker(c, &body)));
  return security::Versioned(200, out);
}
Result<Response> Move(const Svc& s, Ctx& c, const char* verb) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.campaigns.Transition(c.tx(), c.access(), id, verb));
  return security::Versioned(200, out);
}
Result<Response> Activate(const Svc& s, Ctx& c) { return Move(s, c, "activate"); }
Result<Response> Complete(const Svc& s, Ctx& c) { return Move(s, c, "complete"); }
Result<Response> Cancel(const Svc& s, Ctx& c) { return Move(s, c, "cancel"); }
Result<Response> AddMembers(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.campaigns.AddMembers(c.tx(), c.access(), id, body));
  return Response::Json(200, out);
}
Result<Response> AddSegmentMembers(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.campaigns.AddSegmentMembers(c.tx(), c.access(), id));
  return Response::Json(200, out);
}
Result<Response> ListMembers(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto status,
                   QueryEnum(c, "status", {"targeted", "sent", "responded", "converted"}));
  ASSIGN_OR_RETURN(auto items,
                   s.campaigns.ListMembers(c.tx(), c.access(), id, status, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}
Result<Response> SetMemberStatus(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(int64_t party, c.PathId("party_id"));
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.campaigns.SetMemberStatus(c.tx(), c.access(), id, party, body));
  return Response::Json(200, out);
}
Result<Response> Stats(const Svc& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.campaigns.Stats(c.tx(), c.access(), id));
  return Response::Json(200, out);
}

void AddSegmentRoutes(
    const std::function<void(std::string, std::string, std::string, RouteDoc, Handler)>& add,
    const std::vector<http::QueryParamDoc>& paging) {
  add("GET", "/api/v1/segments", "crm.segment.read",
      {"List segments (saved party filters)", "crm", nullptr, ListOf("Segment"), 200, paging},
      ListSegments);
  add("POST", "/api/v1/segments", "crm.segment.create",
      {"Create a segment; the filter has the party list's filter shape", "crm", Ref("SegmentInput"),
       Ref("Segment"), 201},
      CreateSegment);
  add("GET", "/api/v1/segments/{id}", "crm.segment.read",
      {"Read a segment", "crm", nullptr, Ref("Segment")}, GetSegment);
  add("PATCH", "/api/v1/segments/{id}", "crm.segment.update",
      {"Update a segment (If-Match required)", "crm", Ref("SegmentPatch"), Ref("Segment")},
      UpdateSegment);
  add("DELETE", "/api/v1/segments/{id}", "crm.segment.delete",
      {"Delete a segment no campaign targets (If-Match required)", "crm", nullptr, nullptr, 204},
      DeleteSegment);
  add("GET", "/api/v1/segments/{id}/parties", "crm.segment.read",
      {"The parties matching the segment that the caller may see", "crm", nullptr, kObj, 200,
       paging},
      SegmentParties);
}

void AddCampaignRoutes(
    const std::function<void(std::string, std::string, std::string, RouteDoc, Handler)>& add,
    const std::vector<http::QueryParamDoc>& paging) {
  std::vector<http::QueryParamDoc> filters = paging;
  filters.push_back({"status", "string", "planned | active | done | cancelled"});
  filters.push_back({"channel", "string", "email | phone | event | social | ads | mail | other"});
  filters.push_back({"segment_id", "integer", "Only campaigns targeting this segment"});
  filters.push_back({"owner_user_id", "integer", "Only this owner's campaigns"});
  filters.push_back(http::SortParam(Campaigns::kSorts));
  const std::string base = "/api/v1/campaigns";
  add("GET", base, "crm.campaign.read",
      {"List campaigns", "crm", nullptr, ListOf("Campaign"), 200, filters}, ListCampaigns);
  add("POST", base, "crm.campaign.create",
      {"Create a campaign (planned)", "crm", Ref("CampaignInput"), Ref("Campaign"), 201},
      CreateCampaign);
  add("GET", base + "/{id}", "crm.campaign.read",
      {"Read a campaign", "crm", nullptr, Ref("Campaign")}, GetCampaign);
  add("PATCH", base + "/{id}", "crm.campaign.update",
      {"Update a campaign (If-Match required)", "crm", Ref("CampaignPatch"), Ref("Campaign")},
      UpdateCampaign);
  add("POST", base + "/{id}/activate", "crm.campaign.update",
      {"Start a planned campaign", "crm", nullptr, Ref("Campaign")}, Activate);
  add("POST", base + "/{id}/complete", "crm.campaign.update",
      {"Finish an active campaign", "crm", nullptr, Ref("Campaign")}, Complete);
  add("POST", base + "/{id}/cancel", "crm.campaign.update",
      {"Cancel a planned or active campaign", "crm", nullptr, Ref("Campaign")}, Cancel);
  json ids = Obj({{"party_ids", {{"type", "array"}, {"items", kInt}}}}, {"party_ids"});
  add("POST", base + "/{id}/members", "crm.campaign.update",
      {"Add parties as members (duplicates ignored)", "crm", ids, Ref("CampaignMembersAdded")},
      AddMembers);
  add("POST", base + "/{id}/members/from-segment", "crm.campaign.update",
      {"Add every party of the campaign's segment that the caller may see", "crm", nullptr,
       Ref("CampaignMembersAdded")},
      AddSegmentMembers);
  std::vector<http::QueryParamDoc> member_filters = paging;
  member_filters.push_back({"status", "string", "targeted | sent | responded | converted"});
  add("GET", base + "/{id}/members", "crm.campaign.read",
      {"List a campaign's members", "crm", nullptr, ListOf("CampaignMember"), 200, member_filters},
      ListMembers);
  add("POST", base + "/{id}/members/{party_id}/status", "crm.campaign.update",
      {"Move a member forward: sent, responded or converted", "crm",
       Obj({{"status", kStr}}, {"status"}), Ref("CampaignMember")},
      SetMemberStatus);
  add("GET", base + "/{id}/stats", "crm.campaign.read",
      {"Response tracking: members by status, response rate, cost per response", "crm", nullptr,
       Ref("CampaignStats")},
      Stats);
}

}  // namespace

void RegisterCampaignRoutes(http::Api& api, Services& s) {
  RegisterSchemas(api);
  auto svc = std::make_shared<const Svc>(s.clock, s.parties);
  auto add = [&api, svc](std::string method, std::string path, std::string perm, RouteDoc doc,
                         Handler fn) {
    api.Add({std::move(method), std::move(path), AuthKind::kPermission, std::move(perm),
             TxKind::kDefault, std::move(doc), [svc, fn](Ctx& c) { return fn(*svc, c); }});
  };
  const std::vector<http::QueryParamDoc> paging = {
      {"limit", "integer", "Page size, 1..500 (default 50)"},
      {"cursor", "string", "next_cursor of the previous page"}};
  AddSegmentRoutes(add, paging);
  AddCampaignRoutes(add, paging);
}

}  // namespace concord::crm
