// Routes: purchase history (fed by the sales area; imported from earlier systems), lifecycle
// status, and the party area's settings.
#include "party/api.h"
#include "party/settings.h"
#include "security/api.h"
#include "store/row_json.h"

namespace concord::party {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::RouteDoc;
using http::TxKind;
using security::Ref;
using Handler = Result<Response> (*)(ApiServices&, Ctx&);

nlohmann::json ResultJson(const LifecycleResult& r) {
  return {{"status", r.status},
          {"reason", r.reason},
          {"purchases", r.purchases},
          {"usual_interval_days", r.usual_interval_days ? nlohmann::json(*r.usual_interval_days)
                                                        : nlohmann::json(nullptr)},
          {"days_since_last",
           r.days_since_last ? nlohmann::json(*r.days_since_last) : nlohmann::json(nullptr)}};
}

Result<Response> ListPurchases(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  RETURN_IF_ERROR(s.parties.Get(c.tx(), c.access(), id).status());
  ASSIGN_OR_RETURN(auto rows,
                   c.tx().Rows("SELECT id, occurred_on, amount, currency, source, "
                               "source_id, created_at FROM party_purchases WHERE "
                               "party_id = ? ORDER BY occurred_on DESC, id DESC LIMIT 500",
                               id));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back(store::RowJson(r));
  return Response::Json(200, {{"items", items}, {"next_cursor", nullptr}});
}

Result<Response> AddPurchase(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  RETURN_IF_ERROR(c.access().Require("party.party.update"));
  ASSIGN_OR_RETURN(auto party, s.parties.Get(c.tx(), c.access(), id));
  Fields f(body);
  auto on = f.Text("occurred_on", {.required = true, .max_chars = 10});
  auto amount = f.Text("amount", {.required = true, .max_chars = 30});
  auto currency = f.Text("currency", {.max_chars = 3});
  auto reference = f.Int("source_id");
  RETURN_IF_ERROR(f.Finish());
  auto date = Date::Parse(*on);
  if (!date.ok()) return InvalidField("occurred_on", "date.invalid", "A date is YYYY-MM-DD.");
  Purchase p{id,       *date,    *amount, currency.value_or(party["currency"].get<std::string>()),
             "import", reference};
  RETURN_IF_ERROR(s.lifecycle.RecordPurchase(c.tx(), p));
  c.tx().Audit({"party",
                id,
                "purchase_recorded",
                {{"purchase", {nullptr, {{"occurred_on", *on}, {"amount", *amount}}}}}});
  c.tx().Emit({"party.purchase_recorded", "party", id, {{"occurred_on", *on}}});
  ASSIGN_OR_RETURN(auto result, s.lifecycle.Recompute(c.tx(), c.access().company_id(), id));
  return Response::Json(201, {{"lifecycle", ResultJson(result)}});
}

Result<Response> GetLifecycle(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  RETURN_IF_ERROR(s.parties.Get(c.tx(), c.access(), id).status());
  ASSIGN_OR_RETURN(auto result, s.lifecycle.Recompute(c.tx(), c.access().company_id(), id));
  return Response::Json(200, ResultJson(result));
}

Result<Response> RecomputeAll(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t changed, s.lifecycle.RecomputeAll(c.tx(), c.access().company_id()));
  return Response::Json(200, {{"changed", changed}});
}

// Settings documents: "lifecycle" (rules) and "general" ({"default_country"}).
Result<nlohmann::json> Validated(const std::string& which, const nlohmann::json& value) {
  if (which == "lifecycle") {
    ASSIGN_OR_RETURN(auto rules, ParseLifecycleRules(value));
    return LifecycleRulesJson(rules);
  }
  Fields f(value);
  auto country = f.Text("default_country", {.max_chars = 2, .min_chars = 2});
  RETURN_IF_ERROR(f.Finish());
  nlohmann::json out = nlohmann::json::object();
  if (country) out["default_country"] = *country;
  return out;
}

Result<Response> SettingFor(const std::string& which, Ctx& c, bool put) {
  const std::string key = which == "lifecycle" ? "party.lifecycle" : "party";
  int64_t company = c.access().company_id();
  if (put) {
    ASSIGN_OR_RETURN(auto body, c.Body());
    ASSIGN_OR_RETURN(auto current, LoadSetting(c.tx(), company, key, nullptr));
    RETURN_IF_ERROR(c.CheckVersion(current.version, &body));
    nlohmann::json value = body.contains("value") ? body["value"] : nlohmann::json();
    auto valid = Validated(which, value);
    if (!valid.ok()) {
      Status st = valid.status();
      return st.PrefixFields("value/");
    }
    RETURN_IF_ERROR(SaveSetting(c.tx(), company, key, *valid, current.version));
  }
  ASSIGN_OR_RETURN(auto s, LoadSetting(c.tx(), company, key, nlohmann::json::object()));
  ASSIGN_OR_RETURN(auto value, Validated(which, s.value));
  return security::Versioned(200, {{"key", which}, {"value", value}, {"version", s.version}});
}

Result<Response> GetLifecycleSettings(ApiServices&, Ctx& c) {
  return SettingFor("lifecycle", c, false);
}
Result<Response> PutLifecycleSettings(ApiServices&, Ctx& c) {
  return SettingFor("lifecycle", c, true);
}
Result<Response> GetGeneralSettings(ApiServices&, Ctx& c) {
  return SettingFor("general", c, false);
}
Result<Response> PutGeneralSettings(ApiServices&, Ctx& c) { return SettingFor("general", c, true); }

}  // namespace

void RegisterLifecycleRoutes(http::Api& api, ApiServices& s) {
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc, Handler fn) {
    api.Add({std::move(method), std::move(path), AuthKind::kPermission, std::move(perm),
             TxKind::kDefault, std::move(doc), [&s, fn](Ctx& c) { return fn(s, c); }});
  };
  add("GET", "/api/v1/parties/{id}/purchases", "party.party.read",
      {"Purchase history that drives the lifecycle status", "parties", nullptr,
       security::ListOf("Purchase")},
      ListPurchases);
  add("POST", "/api/v1/parties/{id}/purchases", "party.party.update",
      {"Record a purchase from an earlier system (the sales area records its own orders)",
       "parties", Ref("PurchaseInput"), Ref("LifecycleStatus"), 201},
      AddPurchase);
  add("GET", "/api/v1/parties/{id}/lifecycle", "party.party.read",
      {"The lifecycle status computed today, with its reason", "parties", nullptr,
       Ref("LifecycleStatus")},
      GetLifecycle);
  add("POST", "/api/v1/party-lifecycle/recompute", "party.settings.update",
      {"Recompute every party's lifecycle status (statuses move with time alone)",
       "parties",
       nullptr,
       {{"type", "object"}}},
      RecomputeAll);
  add("GET", "/api/v1/party-settings/lifecycle", "party.settings.read",
      {"Lifecycle thresholds", "parties", nullptr, Ref("Setting")}, GetLifecycleSettings);
  add("PUT", "/api/v1/party-settings/lifecycle", "party.settings.update",
      {"Change lifecycle thresholds (If-Match: the setting's version, 0 before the first save)",
       "parties", Ref("SettingInput"), Ref("Setting")},
      PutLifecycleSettings);
  add("GET", "/api/v1/party-settings/general", "party.settings.read",
      {"Party settings: default_country for national phone numbers", "parties", nullptr,
       Ref("Setting")},
      GetGeneralSettings);
  add("PUT", "/api/v1/party-settings/general", "party.settings.update",
      {"Change party settings (If-Match)", "parties", Ref("SettingInput"), Ref("Setting")},
      PutGeneralSettings);
}

}  // namespace concord::party
