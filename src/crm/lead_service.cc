#include "crm/lead_service.h"

#include <cctype>
#include <set>

#include "crm/lead_rules.h"
#include "party/normalize.h"
#include "party/ownership.h"
#include "party/settings.h"
#include "store/row_json.h"
#include "store/sequence.h"

namespace concord::crm {
namespace {

using nlohmann::json;

constexpr const char* kSelect =
    "SELECT t.id, t.number, t.title, t.source, t.campaign_id, t.company_name, t.contact_name, "
    "t.email, t.phone, t.city, t.country, t.industry, t.employees, t.estimated_value, "
    "t.currency, t.status, t.disqualify_reason, t.score, t.score_detail, t.notes, "
    "t.owner_user_id, t.department_id, t.party_id, t.contact_id, t.opportunity_id, "
    "t.converted_at, t.version, t.created_at, t.updated_at FROM leads t ";

json LeadJson(const store::Record& r) {
  json j = TypedRow(r, {"id", "campaign_id", "employees", "score", "owner_user_id", "department_id",
                        "party_id", "contact_id", "opportunity_id", "version"});
  j["score_detail"] = json::parse(r.Text("score_detail"), nullptr, false);
  if (j["score_detail"].is_discarded()) j["score_detail"] = json::array();
  return j;
}

Result<json> Load(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kSelect) + "WHERE t.id = ? AND t.company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("lead");
  return LeadJson(*row);
}

std::optional<int64_t> OptId(const json& j, const char* key) {
  return j[key].is_null() ? std::nullopt : std::optional<int64_t>(j[key].get<int64_t>());
}

std::optional<std::string> OptStr(const json& j, const char* key) {
  return j[key].is_null() ? std::nullopt : std::optional<std::string>(j[key].get<std::string>());
}

json AuditView(json j) {
  for (const char* k : {"version", "updated_at", "score_detail"}) j.erase(k);
  return j;
}

// The editable fields of a lead, filled from the body over the current values.
struct Draft {
  std::string title, source = "other", notes;
  std::optional<int64_t> campaign_id, employees;
  std::optional<std::string> company_name, contact_name, email, email_norm, phone, phone_norm, city,
      country, industry, estimated_value, currency;
};

Draft DraftOf(const json& lead) {
  Draft d;
  d.title = lead["title"].get<std::string>();
  d.source = lead["source"].get<std::string>();
  d.notes = lead["notes"].get<std::string>();
  d.campaign_id = OptId(lead, "campaign_id");
  d.employees = OptId(lead, "employees");
  d.company_name = OptStr(lead, "company_name");
  d.contact_name = OptStr(lead, "contact_name");
  d.email = OptStr(lead, "email");
  d.phone = OptStr(lead, "phone");
  d.city = OptStr(lead, "city");
  d.country = OptStr(lead, "country");
  d.industry = OptStr(lead, "industry");
  d.estimated_value = OptStr(lead, "estimated_value");
  d.currency = OptStr(lead, "currency");
  if (d.email) d.email_norm = party::NormalizeEmail(*d.email);
  if (d.phone) d.phone_norm = party::NormalizePhone(*d.phone, "CN");
  return d;
}

// An optional text field: absent keeps `slot`, null or blank clears it.
void OptText(Fields& f, const char* name, size_t max, std::optional<std::string>& slot) {
  if (!f.Has(name)) return;
  slot = f.Text(name, {.max_chars = max, .allow_empty = true});
  if (slot && slot->empty()) slot.reset();
}

void ReadContact(Fields& f, Draft& d) {
  OptText(f, "email", 254, d.email);
  if (f.Has("email")) {
    d.email_norm = d.email ? party::NormalizeEmail(*d.email) : std::nullopt;
    if (d.email && !d.email_norm) f.Error("email", "invalid", "Not an e-mail address.");
  }
  OptText(f, "phone", 50, d.phone);
  if (f.Has("phone")) {
    d.phone_norm = d.phone ? party::NormalizePhone(*d.phone, "CN") : std::nullopt;
    if (d.phone && !d.phone_norm) f.Error("phone", "invalid", "Not a phone number.");
  }
  OptText(f, "country", 2, d.country);
  if (d.country) {
    for (auto& c : *d.country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bool ok = d.country->size() == 2 && std::isupper(static_cast<unsigned char>((*d.country)[0])) &&
              std::isupper(static_cast<unsigned char>((*d.country)[1]));
    if (!ok) f.Error("country", "invalid", "country is an ISO 3166-1 alpha-2 code like CN.");
  }
}

// Reads the body into `d` and validates every value and reference.
Status ReadDraft(store::Tx& tx, const security::Access& who, Fields& f, Draft& d, bool create) {
  if (auto v = f.Text("title", {.required = create, .max_chars = 200})) d.title = *v;
  if (auto v = f.Enum("source", LeadSources())) d.source = *v;
  if (f.Has("campaign_id")) d.campaign_id = f.Int("campaign_id");
  const std::pair<const char*, std::optional<std::string>*> texts[] = {
      {"company_name", &d.company_name},
      {"contact_name", &d.contact_name},
      {"city", &d.city},
      {"industry", &d.industry}};
  for (const auto& [name, slot] : texts) OptText(f, name, 200, *slot);
  ReadContact(f, d);
  if (f.Has("employees")) d.employees = f.Int("employees", false, 0, 100000000);
  if (auto v = f.Text("notes", {.max_chars = 4000, .allow_empty = true})) d.notes = *v;
  OptText(f, "currency", 3, d.currency);
  OptText(f, "estimated_value", 40, d.estimated_value);
  if (d.estimated_value && !d.currency) {
    ASSIGN_OR_RETURN(std::string currency, CompanyCurrency(tx, who.company_id()));
    d.currency = currency;
  }
  if (d.currency && (f.Has("currency") || f.Has("estimated_value"))) {
    if (auto v = CheckAmount(f, "estimated_value", d.estimated_value.value_or("0"), *d.currency,
                             "currency");
        v && d.estimated_value) {
      d.estimated_value = *v;
    }
  }
  if (f.Has("campaign_id"))
    RETURN_IF_ERROR(CheckCampaignLink(tx, f, who.company_id(), d.campaign_id));
  return Status::Ok();
}

// The fit fields the scoring and assignment rules read, from a lead's JSON.
json FactFields(const json& lead) {
  json out = json::object();
  for (const char* k : {"source", "country", "city", "industry", "company_name", "contact_name",
                        "email", "phone", "employees", "campaign_id", "estimated_value"}) {
    out[k] = lead[k];
  }
  return out;
}

// The department of an active member of the company, or nullopt if the user is none.
Result<std::optional<party::Owner>> ActiveMember(store::Tx& tx, int64_t company, int64_t user) {
  ASSIGN_OR_RETURN(auto row,
                   tx.One("SELECT m.department_id FROM company_members m JOIN users u ON u.id = "
                          "m.user_id WHERE m.company_id = ? AND m.user_id = ? AND u.active = 1",
                          company, user));
  if (!row) return std::optional<party::Owner>();
  return std::optional<party::Owner>(party::Owner{user, row->OptInt(0)});
}

// The owner the assignment rules give a new lead; nullopt when no rule applies.
Result<std::optional<party::Owner>> AssignByRules(store::Tx& tx, int64_t company,
                                                  const json& fields) {
  ASSIGN_OR_RETURN(auto setting,
                   party::LoadSetting(tx, company, kLeadAssignmentKey, DefaultAssignmentRules()));
  if (!ValidateAssignmentRules(setting.value).ok()) return std::optional<party::Owner>();
  AssignmentChoice choice = ChooseAssignee(setting.value, fields);
  if (choice.user_id) return ActiveMember(tx, company, *choice.user_id);
  if (choice.rotation.empty()) return std::optional<party::Owner>();
  ASSIGN_OR_RETURN(auto state,
                   party::LoadSetting(tx, company, kLeadAssignmentStateKey, {{"position", 0}}));
  int64_t position = state.value.value("position", int64_t{0});
  std::vector<int64_t> order = RotationOrder(choice.rotation, position);
  for (size_t i = 0; i < order.size(); ++i) {
    ASSIGN_OR_RETURN(auto member, ActiveMember(tx, company, order[i]));
    if (!member) continue;  // deactivated since the rules were saved: skip
    RETURN_IF_ERROR(
        party::SaveSettingQuietly(tx, company, kLeadAssignmentStateKey,
                                  {{"position", position + static_cast<int64_t>(i) + 1}}));
    return member;
  }
  return std::optional<party::Owner>();
}

Result<party::Owner> OwnerForNewLead(store::Tx& tx, const security::Access& who, Fields& f,
                                     const json& fields) {
  if (!f.Has("owner_user_id")) {
    ASSIGN_OR_RETURN(auto assigned, AssignByRules(tx, who.company_id(), fields));
    if (assigned) return *assigned;
  }
  return party::ResolveOwner(tx, who, "crm.lead.create", f.Int("owner_user_id"));
}

json DraftFields(const Draft& d) {
  auto opt = [](const auto& v) { return v ? json(*v) : json(); };
  return {{"source", d.source},
          {"country", opt(d.country)},
          {"city", opt(d.city)},
          {"industry", opt(d.industry)},
          {"company_name", opt(d.company_name)},
          {"contact_name", opt(d.contact_name)},
          {"email", opt(d.email)},
          {"phone", opt(d.phone)},
          {"employees", opt(d.employees)},
          {"campaign_id", opt(d.campaign_id)},
          {"estimated_value", opt(d.estimated_value)}};
}

Status RescoreOpenLeads(store::Tx& tx, int64_t company) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id FROM leads WHERE company_id = ? AND status IN "
                                      "('new', 'contacted', 'qualified') ORDER BY id",
                                      company));
  for (const auto& r : rows) RETURN_IF_ERROR(RescoreLead(tx, company, r.Int(0)));
  return Status::Ok();
}

json SettingJson(const party::Setting& s) {
  return {{"value", s.value}, {"version", s.version}, {"is_default", s.version == 0}};
}

// Reads {"value", "version"} of a settings PUT.
Result<json> SettingValue(const json& body) {
  Fields f(body);
  f.Ignore("version");
  const json* value = f.Raw("value");
  if (!value) f.Error("value", "required", "value is required.");
  RETURN_IF_ERROR(f.Finish());
  return *value;
}

}  // namespace

Status RescoreLead(store::Tx& tx, int64_t company_id, int64_t lead_id) {
  ASSIGN_OR_RETURN(json lead, Load(tx, company_id, lead_id));
  ASSIGN_OR_RETURN(auto rules,
                   party::LoadSetting(tx, company_id, kLeadScoringKey, DefaultScoringRules()));
  LeadFacts facts;
  facts.fields = FactFields(lead);
  ASSIGN_OR_RETURN(auto done, tx.One("SELECT COUNT(*) FROM activities WHERE company_id = ? AND "
                                     "lead_id = ? AND done_at IS NOT NULL",
                                     company_id, lead_id));
  facts.activities_done = done->Int(0);
  if (!lead["campaign_id"].is_null() && !lead["party_id"].is_null()) {
    ASSIGN_OR_RETURN(auto member,
                     tx.One("SELECT 1 FROM campaign_members WHERE campaign_id = ? AND party_id = ? "
                            "AND status IN ('responded', 'converted')",
                            lead["campaign_id"].get<int64_t>(), lead["party_id"].get<int64_t>()));
    facts.campaign_responded = member.has_value();
  }
  LeadScore score = EvaluateScore(rules.value, facts);
  return tx
      .Exec("UPDATE leads SET score = ?, score_detail = ? WHERE id = ?", score.points,
            score.detail.dump(), lead_id)
      .status();
}

Result<json> Leads::LoadChecked(store::Tx& tx, const security::Access& who, int64_t id,
                                const std::string& permission) const {
  ASSIGN_OR_RETURN(json lead, Load(tx, who.company_id(), id));
  RETURN_IF_ERROR(who.CheckRecord(
      permission, {who.company_id(), OptId(lead, "owner_user_id"), OptId(lead, "department_id")},
      "lead"));
  return lead;
}

// Titles sort by lower(title), the expression of the case-insensitive title index.
const http::SortSpec Leads::kSorts = {"t.id",
                                      {{"title", "lower(t.title)", http::SortKind::kText},
                                       {"created_at", "t.created_at", http::SortKind::kTimestamp}}};

Result<json> Leads::List(store::Tx& tx, const security::Access& who, const LeadFilter& f,
                         const http::ListPage& page) const {
  security::SqlFilter vis = who.Visible("crm.lead.read", {}, "t.");
  std::vector<store::Value> params = vis.params;
  std::string sql = page.Select(std::string(kSelect) + "WHERE " + vis.sql) + page.After(params);
  if (!f.status.empty()) {
    sql += " AND t.status = ?";
    params.emplace_back(f.status);
  }
  if (f.owner_user_id) {
    sql += " AND t.owner_user_id = ?";
    params.emplace_back(*f.owner_user_id);
  }
  if (!f.q.empty()) {
    std::string pattern;
    for (char c : f.q) {
      if (c == '!' || c == '%' || c == '_') pattern += '!';
      pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    pattern += '%';
    sql +=
        " AND (LOWER(t.title) LIKE ? ESCAPE '!' OR LOWER(t.company_name) LIKE ? ESCAPE '!' "
        "OR LOWER(t.contact_name) LIKE ? ESCAPE '!' OR t.email_norm LIKE ? ESCAPE '!')";
    for (int i = 0; i < 4; ++i) params.emplace_back(pattern);
  }
  sql += page.OrderLimit(params);  // before params is passed: it adds the limit
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, params));
  json items = json::array();
  for (const auto& r : rows) items.push_back(LeadJson(r));
  return page.Body(std::move(items), rows);
}

Result<json> Leads::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  return LoadChecked(tx, who, id, "crm.lead.read");
}

Result<json> Leads::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  Fields f(body);
  Draft d;
  RETURN_IF_ERROR(ReadDraft(tx, who, f, d, true));
  auto owner = OwnerForNewLead(tx, who, f, DraftFields(d));
  RETURN_IF_ERROR(FieldErrorsInto(f, owner.status()));
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(std::string number, store::NextNumber(tx, who.company_id(), "lead"));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO leads (company_id, number, title, source, campaign_id, "
                "company_name, contact_name, email, email_norm, phone, phone_norm, city, country, "
                "industry, employees, estimated_value, currency, status, notes, owner_user_id, "
                "department_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?) RETURNING id",
                who.company_id(), number, d.title, d.source, d.campaign_id, d.company_name,
                d.contact_name, d.email, d.email_norm, d.phone, d.phone_norm, d.city, d.country,
                d.industry, d.employees, d.estimated_value, d.currency, d.notes, owner->user_id,
                owner->department_id, now, now));
  RETURN_IF_ERROR(RescoreLead(tx, who.company_id(), id));
  // Not LoadChecked: the assignment rules may give the lead to someone the caller cannot see.
  ASSIGN_OR_RETURN(json out, Load(tx, who.company_id(), id));
  tx.Audit({"lead", id, "create", store::Changes(json::object(), AuditView(out))});
  tx.Emit({"lead.created", "lead", id, out});
  return out;
}

Result<json> Leads::Update(store::Tx& tx, const security::Access& who, int64_t id, const json& body,
                           const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, LoadChecked(tx, who, id, "crm.lead.update"));
  RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  if (before["status"] == "converted")
    return FailedPrecondition("lead.converted", "A converted lead can no longer be edited.");
  Fields f(body);
  f.Ignore("version");
  for (const char* k : {"status", "disqualify_reason", "score", "party_id"}) {
    if (f.Has(k)) {
      f.Ignore(k);
      f.Error(k, "read_only", std::string(k) + " changes only through the lead's verbs.");
    }
  }
  Draft d = DraftOf(before);
  RETURN_IF_ERROR(ReadDraft(tx, who, f, d, false));
  party::Owner owner{OptId(before, "owner_user_id"), OptId(before, "department_id")};
  if (f.Has("owner_user_id")) {
    auto resolved = party::ResolveOwner(tx, who, "crm.lead.update", f.Int("owner_user_id"));
    if (resolved.ok()) owner = *resolved;
    RETURN_IF_ERROR(FieldErrorsInto(f, resolved.status()));
  }
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE leads SET title = ?, source = ?, campaign_id = ?, company_name = ?, "
              "contact_name = ?, email = ?, email_norm = ?, phone = ?, phone_norm = ?, city = ?, "
              "country = ?, industry = ?, employees = ?, estimated_value = ?, currency = ?, "
              "notes = ?, owner_user_id = ?, department_id = ?, version = version + 1, "
              "updated_at = ? WHERE id = ? AND version = ?",
              d.title, d.source, d.campaign_id, d.company_name, d.contact_name, d.email,
              d.email_norm, d.phone, d.phone_norm, d.city, d.country, d.industry, d.employees,
              d.estimated_value, d.currency, d.notes, owner.user_id, owner.department_id,
              clock_.Now().ToIso(), id, before["version"].get<int64_t>()));
  if (n != 1) return Status(Code::kStaleVersion, "version.stale", "The lead changed.");
  RETURN_IF_ERROR(RescoreLead(tx, who.company_id(), id));
  ASSIGN_OR_RETURN(json after, Load(tx, who.company_id(), id));
  tx.Audit({"lead", id, "update", store::Changes(AuditView(before), AuditView(after))});
  tx.Emit({"lead.updated", "lead", id, after});
  return after;
}

Result<json> Leads::ChangeStatus(store::Tx& tx, const security::Access& who, int64_t id,
                                 const json& body, const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, LoadChecked(tx, who, id, "crm.lead.update"));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  Fields f(body);
  f.Ignore("version");
  auto to = f.Enum("status", {"contacted", "qualified", "disqualified"}, true);
  auto reason = f.Text("reason", {.max_chars = 500});
  if (to == "disqualified" && !reason)
    f.Error("reason", "required", "Say why the lead is disqualified.");
  if (to && to != "disqualified" && reason)
    f.Error("reason", "not_allowed", "Only a disqualification takes a reason.");
  RETURN_IF_ERROR(f.Finish());
  std::string from = before["status"];
  if (!LeadTransitionAllowed(from, *to)) {
    return FailedPrecondition("lead.invalid_transition",
                              "A lead in status " + from + " cannot become " + *to + ".")
        .SetExtra(json({{"current_status", from}, {"requested_status", *to}}).dump());
  }
  ASSIGN_OR_RETURN(
      int64_t n, tx.Exec("UPDATE leads SET status = ?, disqualify_reason = ?, "
                         "version = version + 1, updated_at = ? WHERE id = ? AND "
                         "version = ?",
                         *to, reason, clock_.Now().ToIso(), id, before["version"].get<int64_t>()));
  if (n != 1) return Status(Code::kStaleVersion, "version.stale", "The lead changed.");
  ASSIGN_OR_RETURN(json after, Load(tx, who.company_id(), id));
  tx.Audit({"lead", id, *to, store::Changes(AuditView(before), AuditView(after))});
  tx.Emit({"lead." + *to, "lead", id, after});
  return after;
}

Result<json> Leads::ConversionParty(store::Tx& tx, const security::Access& who, const json& lead,
                                    const json& body) const {
  if (body.contains("party_id") && !body["party_id"].is_null())
    return parties_.Get(tx, who, body["party_id"].get<int64_t>());
  // Conversion creates what the caller could create by hand, no more.
  RETURN_IF_ERROR(who.Require("party.party.create"));
  bool organization = !lead["company_name"].is_null();
  json p = {{"kind", organization ? "organization" : "person"},
            {"name", organization                      ? lead["company_name"]
                     : !lead["contact_name"].is_null() ? lead["contact_name"]
                                                       : lead["title"]},
            {"roles", {"prospect"}}};
  for (const char* k : {"email", "phone", "owner_user_id"}) {
    if (!lead[k].is_null()) p[k] = lead[k];
  }
  if (body.value("allow_duplicates", false)) p["allow_duplicates"] = true;
  if (body.contains("create_party") && body["create_party"].is_object()) {
    for (const auto& [k, v] : body["create_party"].items()) p[k] = v;
  }
  auto party = parties_.Create(tx, who, p);
  if (!party.ok()) {
    Status st = party.status();
    if (st.code() == Code::kInvalidArgument) st.PrefixFields("create_party");
    return st;
  }
  return std::move(party).value();
}

namespace {

// The opportunity body of a conversion: the caller's fields over the lead's defaults.
Result<json> ConversionOpportunity(const json& lead, const json& given, int64_t party_id,
                                   std::optional<int64_t> contact_id) {
  Status errors(Code::kInvalidArgument, "validation.failed", "The request has invalid fields.");
  for (const auto& [k, v] : given.items()) {
    static const std::set<std::string> kAllowed = {
        "name", "amount", "currency", "probability", "expected_close", "stage_id", "competitors"};
    if (!kAllowed.count(k)) errors.AddFieldError("opportunity/" + k, "unknown_field", "Unknown.");
  }
  if (!errors.field_errors().empty()) return errors;
  json o = {{"name", lead["title"]}, {"party_id", party_id}};
  if (!lead["estimated_value"].is_null()) {
    o["amount"] = lead["estimated_value"];
    o["currency"] = lead["currency"];
  }
  for (const char* k : {"campaign_id", "owner_user_id"}) {
    if (!lead[k].is_null()) o[k] = lead[k];
  }
  if (contact_id) o["contact_id"] = *contact_id;
  for (const auto& [k, v] : given.items()) o[k] = v;
  return o;
}

struct Conversion {
  bool contact = true;
  const json* opportunity = nullptr;  // into the body
};

Result<Conversion> ReadConversion(store::Tx& tx, const security::Access& who,
                                  const party::Parties& parties, const json& body) {
  Fields f(body);
  f.Ignore("version");
  Conversion c;
  auto party_id = f.Int("party_id");
  const json* overrides = f.Raw("create_party");
  c.contact = f.Bool("contact").value_or(true);
  c.opportunity = f.Raw("opportunity");
  f.Bool("allow_duplicates");
  if (overrides && !overrides->is_object())
    f.Error("create_party", "type", "create_party is an object of party fields.");
  if (overrides && party_id)
    f.Error("create_party", "not_allowed", "Give either party_id or create_party.");
  if (c.opportunity && !c.opportunity->is_object())
    f.Error("opportunity", "type", "opportunity is an object or null.");
  if (party_id)
    RETURN_IF_ERROR(FieldErrorsInto(f, parties.CheckLink(tx, who, *party_id, "party_id")));
  RETURN_IF_ERROR(f.Finish());
  return c;
}

// The contact of an organisation for the lead's contact person (when wanted and named).
Result<std::optional<int64_t>> ConversionContact(store::Tx& tx, const security::Access& who,
                                                 const party::Parties& parties, const json& lead,
                                                 const json& party, bool wanted) {
  if (!wanted || lead["contact_name"].is_null() || party["kind"] != "organization")
    return std::optional<int64_t>();
  json c = {{"name", lead["contact_name"]}};
  for (const char* k : {"email", "phone"}) {
    if (!lead[k].is_null()) c[k] = lead[k];
  }
  ASSIGN_OR_RETURN(json contact, parties.CreateContact(tx, who, party["id"].get<int64_t>(), c));
  return std::optional<int64_t>(contact["id"].get<int64_t>());
}

}  // namespace

Result<json> Leads::Convert(store::Tx& tx, const security::Access& who, int64_t id,
                            const json& body, const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json lead, LoadChecked(tx, who, id, "crm.lead.update"));
  if (check) RETURN_IF_ERROR(check(lead["version"].get<int64_t>()));
  ASSIGN_OR_RETURN(Conversion c, ReadConversion(tx, who, parties_, body));
  std::string status = lead["status"];
  if (!LeadConvertible(status)) {
    return FailedPrecondition("lead.invalid_transition",
                              "A lead in status " + status + " cannot be converted.")
        .SetExtra(json({{"current_status", status}, {"requested_status", "converted"}}).dump());
  }
  if (c.opportunity) RETURN_IF_ERROR(who.Require("crm.opportunity.create"));
  ASSIGN_OR_RETURN(json party, ConversionParty(tx, who, lead, body));
  int64_t pid = party["id"].get<int64_t>();
  ASSIGN_OR_RETURN(auto contact_id, ConversionContact(tx, who, parties_, lead, party, c.contact));
  std::optional<int64_t> opportunity_id;
  if (c.opportunity) {
    ASSIGN_OR_RETURN(json o, ConversionOpportunity(lead, *c.opportunity, pid, contact_id));
    auto created = opportunities_.Create(tx, who, o, id);
    if (!created.ok()) {
      Status st = created.status();
      if (st.code() == Code::kInvalidArgument) st.PrefixFields("opportunity");
      return st;
    }
    opportunity_id = (*created)["id"].get<int64_t>();
  }
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE leads SET status = 'converted', party_id = ?, "
                                      "contact_id = ?, opportunity_id = ?, converted_at = ?, "
                                      "version = version + 1, updated_at = ? WHERE id = ? AND "
                                      "version = ?",
                                      pid, contact_id, opportunity_id, now, now, id,
                                      lead["version"].get<int64_t>()));
  if (n != 1) return Status(Code::kStaleVersion, "version.stale", "The lead changed.");
  RETURN_IF_ERROR(RescoreLead(tx, who.company_id(), id));
  ASSIGN_OR_RETURN(json after, Load(tx, who.company_id(), id));
  tx.Audit({"lead", id, "convert", store::Changes(AuditView(lead), AuditView(after))});
  tx.Emit({"lead.converted", "lead", id, after});
  return after;
}

Result<json> GetLeadScoring(store::Tx& tx, const security::Access& who) {
  ASSIGN_OR_RETURN(
      auto s, party::LoadSetting(tx, who.company_id(), kLeadScoringKey, DefaultScoringRules()));
  return SettingJson(s);
}

Result<json> PutLeadScoring(store::Tx& tx, const security::Access& who, const json& body,
                            const VersionCheck& check) {
  ASSIGN_OR_RETURN(auto current, party::LoadSetting(tx, who.company_id(), kLeadScoringKey,
                                                    DefaultScoringRules()));
  RETURN_IF_ERROR(check(current.version));
  ASSIGN_OR_RETURN(json value, SettingValue(body));
  RETURN_IF_ERROR(ValidateScoringRules(value, "value/"));
  RETURN_IF_ERROR(
      party::SaveSetting(tx, who.company_id(), kLeadScoringKey, value, current.version));
  RETURN_IF_ERROR(RescoreOpenLeads(tx, who.company_id()));
  return GetLeadScoring(tx, who);
}

Result<json> GetLeadAssignment(store::Tx& tx, const security::Access& who) {
  ASSIGN_OR_RETURN(auto s, party::LoadSetting(tx, who.company_id(), kLeadAssignmentKey,
                                              DefaultAssignmentRules()));
  return SettingJson(s);
}

Result<json> PutLeadAssignment(store::Tx& tx, const security::Access& who, const json& body,
                               const VersionCheck& check) {
  ASSIGN_OR_RETURN(auto current, party::LoadSetting(tx, who.company_id(), kLeadAssignmentKey,
                                                    DefaultAssignmentRules()));
  RETURN_IF_ERROR(check(current.version));
  ASSIGN_OR_RETURN(json value, SettingValue(body));
  RETURN_IF_ERROR(ValidateAssignmentRules(value, "value/"));
  Status errors(Code::kInvalidArgument, "validation.failed", "The rules name unknown users.");
  for (const auto& [path, user] : AssignmentUserRefs(value, "value/")) {
    ASSIGN_OR_RETURN(auto member, ActiveMember(tx, who.company_id(), user));
    if (!member) errors.AddFieldError(path, "not_found", "No such active user in this company.");
  }
  if (!errors.field_errors().empty()) return errors;
  RETURN_IF_ERROR(
      party::SaveSetting(tx, who.company_id(), kLeadAssignmentKey, value, current.version));
  return GetLeadAssignment(tx, who);
}

}  // namespace concord::crm
