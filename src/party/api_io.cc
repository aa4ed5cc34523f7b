// Routes moving data in and out: CSV imports, the party CSV export, vCard export and import.
#include "party/api_io.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "party/import.h"
#include "party/import_request.h"
#include "party/internal.h"
#include "party/normalize.h"
#include "security/api.h"
#include "security/crypto.h"
#include "store/row_json.h"

namespace concord::party {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::RouteDoc;
using http::TxKind;
using nlohmann::json;
using security::Ref;

constexpr int64_t kMaxExportRows = 100000;
constexpr int64_t kExportPage = 1000;
const std::vector<std::string> kExportColumns = {
    "id",         "kind",         "name",     "roles",     "email",   "phone",
    "phone_e164", "tax_id",       "tags",     "city",      "country", "owner_user_id",
    "lifecycle",  "credit_limit", "currency", "created_at"};

std::string TextOf(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// ---- imports

// 422 with every error, 200 for a clean dry run, 201 with the new ids.
Result<Response> RunAndAnswer(Ctx& c, const ImportJob& job) {
  if (job.items.empty()) {
    return InvalidField(job.unit == "row" ? "csv" : "vcard", "empty",
                        "The file holds nothing to import.");
  }
  ASSIGN_OR_RETURN(ImportReport report, RunImport(c.tx(), c.access(), job));
  ASSIGN_OR_RETURN(ImportAnswer answer, AnswerOf(job, report));
  return Response::Json(answer.status, answer.body);
}

Result<Response> CsvImport(Ctx& c, const CsvKind& kind) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto req, ReadImportRequest(body, "csv", true));
  ASSIGN_OR_RETURN(ImportJob job, CsvJob(c.tx(), c.access(), kind, req));
  return RunAndAnswer(c, job);
}

// ---- the party export

Result<PartyFilter> QueryFilter(Ctx& c) {
  json j = json::object();
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

// The caller, seeing parties only where it holds both read and export: a rep with company-wide
// read but own-scope export exports only own parties.
security::Access Exporter(const security::Access& who) {
  auto grants = who.grants();
  grants[internal::kRead] =
      std::min(who.ScopeOf(internal::kRead), who.ScopeOf("party.party.export"));
  return security::Access(who.user_id(), who.login(), who.company_id(), who.department_id(),
                          grants);
}

bool Current(const json& a, const std::string& today) {
  std::string from = TextOf(a, "valid_from");
  std::string to = TextOf(a, "valid_to");
  return (from.empty() || from <= today) && (to.empty() || to >= today);
}

// The address a card or a report shows: a current billing address, else any current one, else
// the first; null if there is none.
json PrimaryAddress(const json& addresses, const std::string& today) {
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& a : addresses) {
      if ((pass == 0 && Current(a, today) && a["kind"] == "billing") ||
          (pass == 1 && Current(a, today)) || pass == 2) {
        return a;
      }
    }
  }
  return nullptr;
}

struct PageExtras {
  std::map<int64_t, std::string> tags;  // "a;b"
  std::map<int64_t, json> address;
};

Result<PageExtras> LoadExtras(store::Tx& tx, const std::vector<int64_t>& ids,
                              const std::string& today) {
  PageExtras out;
  if (ids.empty()) return out;
  std::string marks;
  std::vector<store::Value> params;
  for (int64_t id : ids) {
    marks += marks.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  ASSIGN_OR_RETURN(auto tags, tx.RowsV("SELECT party_id, tag FROM party_tags WHERE party_id IN (" +
                                           marks + ") ORDER BY party_id, tag",
                                       params));
  for (const auto& t : tags) {
    std::string& list = out.tags[t.Int(0)];
    list += (list.empty() ? "" : ";") + t.Text(1);
  }
  ASSIGN_OR_RETURN(auto rows, tx.RowsV("SELECT party_id, kind, city, country, valid_from, valid_to "
                                       "FROM party_addresses WHERE party_id IN (" +
                                           marks + ") ORDER BY party_id, id",
                                       params));
  std::map<int64_t, json> by_party;
  for (const auto& r : rows) {
    json a = store::RowJson(r);
    by_party[r.Int(0)].push_back(a);
  }
  for (const auto& [id, list] : by_party) out.address[id] = PrimaryAddress(list, today);
  return out;
}

std::vector<std::string> ExportRow(const json& p, const PageExtras& extras) {
  int64_t id = p["id"].get<int64_t>();
  std::string roles;
  for (const auto& r : p["roles"]) roles += (roles.empty() ? "" : ";") + r.get<std::string>();
  auto tags = extras.tags.find(id);
  auto address = extras.address.find(id);
  json a = address == extras.address.end() ? json() : address->second;
  return {std::to_string(id),
          TextOf(p, "kind"),
          TextOf(p, "name"),
          roles,
          TextOf(p, "email"),
          TextOf(p, "phone"),
          TextOf(p, "phone_e164"),
          TextOf(p, "tax_id"),
          tags == extras.tags.end() ? "" : tags->second,
          a.is_object() ? TextOf(a, "city") : "",
          a.is_object() ? TextOf(a, "country") : "",
          TextOf(p, "owner_user_id"),
          TextOf(p, "lifecycle"),
          TextOf(p, "credit_limit"),
          TextOf(p, "currency"),
          TextOf(p, "created_at")};
}

Result<Response> ExportParties(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(PartyFilter filter, QueryFilter(c));
  security::Access exporter = Exporter(c.access());
  const std::string today = s.clock.Now().ToIso().substr(0, 10);
  CsvWriter csv;
  csv.Row(kExportColumns);
  std::string cursor;
  int64_t total = 0;
  do {
    ASSIGN_OR_RETURN(json page, s.parties.List(c.tx(), exporter, filter, kExportPage, cursor));
    std::vector<int64_t> ids;
    for (const auto& p : page["items"]) ids.push_back(p["id"].get<int64_t>());
    total += static_cast<int64_t>(ids.size());
    if (total > kMaxExportRows) {
      return InvalidArgument("export.too_many_rows", "More than " + std::to_string(kMaxExportRows) +
                                                         " parties match; narrow the filter.");
    }
    ASSIGN_OR_RETURN(PageExtras extras, LoadExtras(c.tx(), ids, today));
    for (const auto& p : page["items"]) csv.Row(ExportRow(p, extras));
    cursor = page["next_cursor"].is_string() ? page["next_cursor"].get<std::string>() : "";
  } while (!cursor.empty());
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = csv.Take();
  r.Header("Content-Disposition", "attachment; filename=\"parties.csv\"");
  return r;
}

// ---- vCard

Result<Response> ExportVCard(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(json party, s.parties.Get(c.tx(), c.access(), id));
  ASSIGN_OR_RETURN(json contacts, s.parties.ListContacts(c.tx(), c.access(), id));
  ASSIGN_OR_RETURN(json addresses, s.parties.ListAddresses(c.tx(), c.access(), id));
  ASSIGN_OR_RETURN(std::string country, internal::DefaultCountry(c.tx(), c.access().company_id()));
  json address = PrimaryAddress(addresses, s.clock.Now().ToIso().substr(0, 10));
  Response r;
  r.content_type = "text/vcard; charset=utf-8";
  r.body = vcard::Write(
      ContactCards(c.access().company_id(), TextOf(party, "name"), contacts, address, country));
  r.Header("Content-Disposition",
           "attachment; filename=\"contacts-" + std::to_string(id) + ".vcf\"");
  return r;
}

Result<Response> ImportVCard(ApiServices& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto req, ReadImportRequest(body, "vcard", false));
  RETURN_IF_ERROR(internal::VisibleParty(c.tx(), c.access(), id, internal::kUpdate).status());
  ASSIGN_OR_RETURN(std::string country, internal::DefaultCountry(c.tx(), c.access().company_id()));
  ImportJob job;
  job.unit = "card";
  job.items = VCardItems(req.text, id, country);
  if (job.items.size() > kMaxImportRows) {
    return Status(Code::kTooLarge, "import.too_many_rows",
                  "At most " + std::to_string(kMaxImportRows) + " cards per import.");
  }
  job.create = ContactCreator(s.parties, country);
  job.dry_run = req.dry_run;
  job.allow_duplicates = req.allow_duplicates;
  return RunAndAnswer(c, job);
}

// "urn:uuid:..." stable per contact (a name-based UUID, version 8 of RFC 9562).
std::string ContactUid(int64_t company_id, int64_t contact_id) {
  std::string h = security::Sha256Hex("concord contact " + std::to_string(company_id) + "/" +
                                      std::to_string(contact_id));
  h[12] = '8';
  h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3];
  return "urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20, 12);
}

std::string LowerAscii(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// The number of a TEL property: a tel: URI without its parameters, or the text.
std::string TelNumber(const vcard::Property& p) {
  std::string v(Trim(p.value));
  if (LowerAscii(v.substr(0, 4)) != "tel:") return std::string(Trim(p.Text()));
  v = v.substr(4);
  return v.substr(0, v.find(';'));
}

// A contact's name from FN, else from N (family name first for Chinese names).
std::string CardName(const vcard::ParsedCard& card) {
  if (const auto* fn = card.First("FN")) {
    std::string name(Trim(fn->Text()));
    if (!name.empty()) return name;
  }
  const auto* n = card.First("N");
  if (!n) return "";
  auto parts = n->Components();
  std::string family(Trim(parts[0]));
  std::string given(parts.size() > 1 ? Trim(parts[1]) : "");
  bool cjk = !family.empty() && static_cast<unsigned char>(family[0]) >= 0xE3 &&
             static_cast<unsigned char>(family[0]) <= 0xE9;
  if (cjk) return family + given;
  return std::string(Trim(given + " " + family));
}

json ContactBody(const vcard::ParsedCard& card) {
  json b = json::object();
  if (std::string name = CardName(card); !name.empty()) b["name"] = name;
  auto text = [&](const char* property, const char* field) {
    const auto* p = card.First(property);
    std::string v = p ? std::string(Trim(p->Text())) : "";
    if (!v.empty()) b[field] = v;
  };
  text("TITLE", "job_title");
  text("NOTE", "notes");
  const vcard::Property* email = nullptr;
  for (const auto* e : card.All("EMAIL")) {
    if (!email || (e->HasType("pref") && !email->HasType("pref"))) email = e;
  }
  if (std::string e(email ? Trim(email->Text()) : ""); !e.empty()) b["email"] = e;
  for (const auto* tel : card.All("TEL")) {
    const char* slot = tel->HasType("cell") ? "mobile" : "phone";
    if (tel->HasType("fax") || tel->HasType("pager") || b.contains(slot)) continue;
    if (std::string number = TelNumber(*tel); !number.empty()) b[slot] = number;
  }
  if (const auto* lang = card.First("LANG")) {
    std::string l = LowerAscii(std::string(Trim(lang->value)));
    if (l == "en" || l.starts_with("en-")) b["language"] = "en";
    if (l == "zh" || l.starts_with("zh-")) b["language"] = "zh-CN";
  }
  return b;
}

void RegisterIoSchemas(http::Api& api) {
  api.AddSchema("ImportRequest", ImportRequestSchema(false));
  api.AddSchema("VCardImportRequest",
                {{"type", "object"},
                 {"required", {"vcard"}},
                 {"properties",
                  {{"vcard", {{"type", "string"}, {"description", "vCard 3.0 or 4.0 text"}}},
                   {"dry_run", {{"type", "boolean"}}},
                   {"allow_duplicates", {{"type", "boolean"}}}}}});
  api.AddSchema("ImportResult", {{"type", "object"},
                                 {"properties",
                                  {{"created", {{"type", "integer"}}},
                                   {"ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
                                   {"dry_run", {{"type", "boolean"}}},
                                   {"would_create", {{"type", "integer"}}}}}});
}

}  // namespace

std::vector<vcard::Card> ContactCards(int64_t company_id, const std::string& party_name,
                                      const json& contacts, const json& address,
                                      const std::string& country) {
  std::vector<vcard::Card> cards;
  for (const auto& c : contacts) {
    if (c.value("active", true) == false) continue;
    vcard::Card card;
    card.uid = ContactUid(company_id, c["id"].get<int64_t>());
    card.full_name = TextOf(c, "name");
    card.org = party_name;
    card.title = TextOf(c, "job_title");
    if (std::string e = TextOf(c, "email"); !e.empty()) card.emails.emplace_back(e, "work");
    std::string e164 = TextOf(c, "phone_e164");
    std::string phone = e164.empty() ? TextOf(c, "phone") : e164;
    if (!phone.empty()) card.telephones.push_back({phone, {"work", "voice"}});
    if (std::string m = TextOf(c, "mobile"); !m.empty()) {
      card.telephones.push_back({NormalizePhone(m, country).value_or(m), {"cell"}});
    }
    if (address.is_object()) {
      std::string street = TextOf(address, "line1");
      if (std::string l2 = TextOf(address, "line2"); !l2.empty()) street += ", " + l2;
      card.addresses.push_back({{"work"},
                                street,
                                TextOf(address, "city"),
                                TextOf(address, "region"),
                                TextOf(address, "postal_code"),
                                TextOf(address, "country")});
    }
    card.language = TextOf(c, "language");
    card.note = TextOf(c, "notes");
    cards.push_back(std::move(card));
  }
  return cards;
}

std::vector<ImportItem> VCardItems(std::string_view text, int64_t party_id,
                                   const std::string& country) {
  vcard::ParseResult parsed = vcard::Parse(text);
  std::vector<ImportItem> items;
  auto malformed = [](const std::string& message) {
    return json{{"field", nullptr}, {"code", "vcard.malformed"}, {"message", message}};
  };
  for (const auto& stray : parsed.stray) {
    ImportItem item;
    item.line = stray.line;
    item.create = false;
    item.errors.push_back(malformed(stray.message));
    items.push_back(std::move(item));
  }
  const json ref = {{"id", party_id}};
  for (const auto& card : parsed.cards) {
    ImportItem item;
    item.number = card.number;
    item.line = card.line;
    if (!card.error.empty()) {
      item.create = false;
      item.errors.push_back(malformed(card.error));
    } else {
      item.body = ContactBody(card);
      if (auto e = NormalizeEmail(TextOf(item.body, "email"))) item.keys.emplace_back("email", *e);
      if (auto p = NormalizePhone(TextOf(item.body, "phone"), country)) {
        item.keys.emplace_back("phone", *p);
      }
      item.body["party"] = ref;
    }
    items.push_back(std::move(item));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const ImportItem& a, const ImportItem& b) { return a.line < b.line; });
  return items;
}

void RegisterImportExportRoutes(http::Api& api, ApiServices& s, LeadCreateFn create_lead) {
  using Handler = std::function<Result<Response>(Ctx&)>;
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc, Handler fn) {
    api.Add({std::move(method), std::move(path), AuthKind::kPermission, std::move(perm),
             TxKind::kDefault, std::move(doc), std::move(fn)});
  };
  RegisterIoSchemas(api);
  const char* import_note =
      "; 422 import.rejected lists every row's errors and writes nothing; dry_run checks "
      "without writing";
  const json result = Ref("ImportResult");
  auto kinds = CsvKinds(s, create_lead);
  const std::map<std::string, std::string> summaries = {
      {"parties", "Import parties from CSV"},
      {"contacts",
       "Import contacts from CSV (party_id, party_tax_id or party_email names the party)"},
      {"leads", "Import leads from CSV"}};
  for (const auto& [name, kind] : kinds) {
    add("POST", "/api/v1/imports/" + name, kind.permission,
        {summaries.at(name) + import_note, name == "leads" ? "crm" : "parties",
         Ref("ImportRequest"), result, 201},
        [kind](Ctx& c) { return CsvImport(c, kind); });
  }
  add("GET", "/api/v1/exports/parties.csv", "party.party.export",
      {"The party list as CSV (UTF-8 with BOM), with the list's filters and record rules",
       "parties",
       nullptr,
       {{"type", "string"}},
       200,
       {{"q", "string", "As in GET /api/v1/parties"},
        {"role", "string", "prospect | customer | supplier"},
        {"tag", "string", "Only parties with this tag"},
        {"city", "string", "Only parties with an address in this city"},
        {"country", "string", "ISO 3166 country of an address"},
        {"lifecycle", "string", "Lifecycle status"},
        {"owner_user_id", "integer", "Owner"},
        {"department_id", "integer", "Department"},
        {"active", "string", "true (default) | false | all"},
        {"sort", "string", "id (default) | name | -name", {"id", "name", "-name"}}},
       "text/csv"},
      [&s](Ctx& c) { return ExportParties(s, c); });
  add("GET", "/api/v1/parties/{id}/contacts.vcf", "party.party.read",
      {"The party's contacts as vCard 4.0",
       "parties",
       nullptr,
       {{"type", "string"}},
       200,
       {},
       "text/vcard"},
      [&s](Ctx& c) { return ExportVCard(s, c); });
  add("POST", "/api/v1/parties/{id}/contacts/vcard", "party.party.update",
      {"Import vCard 3.0/4.0 cards as contacts of the party; 422 import.rejected lists every "
       "card's errors and writes nothing",
       "parties", Ref("VCardImportRequest"), result, 201},
      [&s](Ctx& c) { return ImportVCard(s, c); });
}

}  // namespace concord::party
