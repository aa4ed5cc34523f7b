// Routes of the party area (thin: parse the request, call the service, shape the answer).
#include "party/api.h"

#include "party/settings.h"
#include "security/api.h"

namespace concord::party {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::RouteDoc;
using http::TxKind;
using security::ListOf;
using security::Ref;
using security::Versioned;
using Handler = Result<Response> (*)(ApiServices&, Ctx&);

VersionCheck Checker(Ctx& c, const nlohmann::json* body) {
  return [&c, body](int64_t current) { return c.CheckVersion(current, body); };
}

Response Created(const nlohmann::json& body, const std::string& location) {
  Response r = Versioned(201, body);
  r.Header("Location", location);
  return r;
}

Result<PartyFilter> QueryFilter(Ctx& c) {
  nlohmann::json j = nlohmann::json::object();
  for (const char* k : {"q", "role", "tag", "city", "country", "lifecycle", "sort"}) {
    if (auto v = c.req().Query(k)) j[k] = *v;
  }
  for (const char* k : {"owner_user_id", "department_id"}) {
    ASSIGN_OR_RETURN(auto v, c.QueryId(k));
    if (v) j[k] = *v;
  }
  if (auto a = c.req().Query("active")) {
    if (*a == "all") {
      j["active"] = nullptr;
    } else if (*a == "true" || *a == "false") {
      j["active"] = *a == "true";
    } else {
      return InvalidField("active", "enum", "active is true, false or all.");
    }
  }
  return ParseFilter(j);
}

Result<Response> ListParties(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto filter, QueryFilter(c));
  auto limit_text = c.req().Query("limit");
  int64_t limit = 50;
  if (limit_text) {
    try {
      limit = std::stoll(*limit_text);
    } catch (...) {
      limit = 0;
    }
    if (limit < 1 || limit > 500) return InvalidField("limit", "range", "limit is 1..500.");
  }
  std::string cursor = c.req().Query("cursor").value_or("");
  ASSIGN_OR_RETURN(auto out, s.parties.List(c.tx(), c.access(), filter, limit, cursor));
  return Response::Json(200, out);
}
Result<Response> GetParty(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.parties.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}
Result<Response> CreateParty(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.parties.Create(c.tx(), c.access(), body));
  return Created(out, "/api/v1/parties/" + std::to_string(out["id"].get<int64_t>()));
}
Result<Response> UpdateParty(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.parties.Update(c.tx(), c.access(), id, body, Checker(c, &body)));
  return Versioned(200, out);
}
Result<Response> CheckDuplicates(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  DuplicateProbe probe;
  probe.exclude_id = f.Int("exclude_id").value_or(0);
  probe.name = f.Text("name", {.max_chars = 200}).value_or("");
  probe.email = f.Text("email", {.max_chars = 254}).value_or("");
  probe.phone = f.Text("phone", {.max_chars = 40}).value_or("");
  probe.tax_id = f.Text("tax_id", {.max_chars = 50}).value_or("");
  probe.city = f.Text("city", {.max_chars = 100}).value_or("");
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto out, s.parties.FindDuplicates(c.tx(), c.access(), probe));
  return Response::Json(200, {{"candidates", out}});
}
Result<Response> MergeParty(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  auto merged = f.Int("merge_id", true);
  f.Ignore("version");
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto out, s.parties.Merge(c.tx(), c.access(), id, *merged, Checker(c, &body)));
  RETURN_IF_ERROR(s.lifecycle.Recompute(c.tx(), c.access().company_id(), id).status());
  ASSIGN_OR_RETURN(out["party"], s.parties.Get(c.tx(), c.access(), id));
  return Response::Json(200, out);
}
Result<Response> Overview(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.parties.Overview(c.tx(), c.access(), id));
  return Response::Json(200, out);
}

// --- contacts, addresses, consents
Result<Response> ListContacts(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.parties.ListContacts(c.tx(), c.access(), id));
  return Response::Json(200, {{"items", out}, {"next_cursor", nullptr}});
}
Result<Response> CreateContact(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.parties.CreateContact(c.tx(), c.access(), id, body));
  return Created(out, "/api/v1/contacts/" + std::to_string(out["id"].get<int64_t>()));
}
Result<Response> GetContact(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.parties.GetContact(c.tx(), c.access(), id));
  return Versioned(200, out);
}
Result<Response> UpdateContact(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   s.parties.UpdateContact(c.tx(), c.access(), id, body, Checker(c, &body)));
  return Versioned(200, out);
}
Result<Response> ListAddresses(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.parties.ListAddresses(c.tx(), c.access(), id));
  return Response::Json(200, {{"items", out}, {"next_cursor", nullptr}});
}
Result<Response> CreateAddress(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.parties.CreateAddress(c.tx(), c.access(), id, body));
  return Created(out, "/api/v1/parties/" + std::to_string(id) + "/addresses/" +
                          std::to_string(out["id"].get<int64_t>()));
}
Result<Response> UpdateAddress(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(int64_t address, c.PathId("address_id"));
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(
      auto out, s.parties.UpdateAddress(c.tx(), c.access(), id, address, body, Checker(c, &body)));
  return Versioned(200, out);
}
Result<Response> ListConsents(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.parties.ListConsents(c.tx(), c.access(), id));
  return Response::Json(200, out);
}
Result<Response> RecordConsent(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.parties.RecordConsent(c.tx(), c.access(), id, body));
  return Response::Json(201, out);
}

}  // namespace

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("party.party", {"read", "create", "update", "delete", "export"},
                      "parties (customers, suppliers, prospects) with their contacts");
  catalog.AddResource("party.merge", {"create"}, "merges of duplicate parties");
  catalog.AddResource("party.settings", {"read", "update"}, "party and lifecycle settings");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("party", "party.party.read");
  entities.Add("contact", "party.party.read");
  entities.Add("address", "party.party.read");
  entities.Add("setting", "party.settings.read");
}

void RegisterRoutes(http::Api& api, ApiServices& s) {
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc, Handler fn) {
    api.Add({std::move(method), std::move(path), AuthKind::kPermission, std::move(perm),
             TxKind::kDefault, std::move(doc), [&s, fn](Ctx& c) { return fn(s, c); }});
  };
  const std::vector<http::QueryParamDoc> list_query = {
      {"limit", "integer", "Page size, 1..500 (default 50)"},
      {"cursor", "string", "next_cursor of the previous page"},
      {"q", "string", "Prefix of a name word (also pinyin), e-mail or phone number"},
      {"role", "string", "prospect | customer | supplier"},
      {"tag", "string", "Only parties with this tag"},
      {"city", "string", "Only parties with an address in this city"},
      {"country", "string", "Only parties with an address in this country (ISO 3166)"},
      {"lifecycle", "string", "prospect | new | active | loyal | at_risk | churned"},
      {"owner_user_id", "integer", "Owner (sales rep)"},
      {"department_id", "integer", "Department"},
      {"active", "string", "true (default) | false | all"},
      {"sort",
       "string",
       "id (default) | name | -name (pinyin order for Chinese names)",
       {"id", "name", "-name"}}};
  add("GET", "/api/v1/parties", "party.party.read",
      {"List and search parties (record rules apply)", "parties", nullptr, ListOf("Party"), 200,
       list_query},
      ListParties);
  add("POST", "/api/v1/parties", "party.party.create",
      {"Create a party; 409 party.possible_duplicates lists likely duplicates unless "
       "allow_duplicates is true",
       "parties", Ref("PartyInput"), Ref("Party"), 201},
      CreateParty);
  add("GET", "/api/v1/parties/{id}", "party.party.read",
      {"Read a party", "parties", nullptr, Ref("Party")}, GetParty);
  add("PATCH", "/api/v1/parties/{id}", "party.party.update",
      {"Update a party (If-Match)", "parties", Ref("PartyInput"), Ref("Party")}, UpdateParty);
  add("POST", "/api/v1/party-duplicates", "party.party.read",
      {"Likely duplicates of the given data, without writing anything", "parties",
       Ref("DuplicateProbe"), Ref("DuplicateCandidates")},
      CheckDuplicates);
  add("POST", "/api/v1/parties/{id}/merge", "party.merge.create",
      {"Merge party merge_id into this party (If-Match: this party's version)", "parties",
       Ref("MergeRequest"), Ref("MergeResult")},
      MergeParty);
  add("GET", "/api/v1/parties/{id}/overview", "party.party.read",
      {"The customer's 360° page; each section obeys the caller's permissions", "parties", nullptr,
       Ref("PartyOverview")},
      Overview);
  add("GET", "/api/v1/parties/{id}/contacts", "party.party.read",
      {"Contacts of a party", "parties", nullptr, ListOf("Contact")}, ListContacts);
  add("POST", "/api/v1/parties/{id}/contacts", "party.party.update",
      {"Add a contact to a party", "parties", Ref("ContactInput"), Ref("Contact"), 201},
      CreateContact);
  add("GET", "/api/v1/contacts/{id}", "party.party.read",
      {"Read a contact", "parties", nullptr, Ref("Contact")}, GetContact);
  add("PATCH", "/api/v1/contacts/{id}", "party.party.update",
      {"Update a contact (If-Match)", "parties", Ref("ContactInput"), Ref("Contact")},
      UpdateContact);
  add("GET", "/api/v1/parties/{id}/addresses", "party.party.read",
      {"Addresses of a party", "parties", nullptr, ListOf("Address")}, ListAddresses);
  add("POST", "/api/v1/parties/{id}/addresses", "party.party.update",
      {"Add an address", "parties", Ref("AddressInput"), Ref("Address"), 201}, CreateAddress);
  add("PATCH", "/api/v1/parties/{id}/addresses/{address_id}", "party.party.update",
      {"Update an address (If-Match); end it with valid_to", "parties", Ref("AddressInput"),
       Ref("Address")},
      UpdateAddress);
  add("GET", "/api/v1/parties/{id}/consents", "party.party.read",
      {"Consent history and current consent per purpose", "parties", nullptr, Ref("Consents")},
      ListConsents);
  add("POST", "/api/v1/parties/{id}/consents", "party.party.update",
      {"Record a consent (granted or withdrawn), with its source", "parties", Ref("ConsentInput"),
       Ref("Consent"), 201},
      RecordConsent);
  RegisterLifecycleRoutes(api, s);
}

}  // namespace concord::party
