// Contacts and addresses of a party.
#include "core/time.h"
#include "party/internal.h"
#include "party/normalize.h"
#include "store/row_json.h"

namespace concord::party {

using namespace internal;  // NOLINT

namespace {

constexpr const char* kContactColumns =
    "id, party_id, name, job_title, roles, email, phone, phone_norm, mobile, language, notes, "
    "active, version, created_at";
constexpr const char* kAddressColumns =
    "id, party_id, kind, line1, line2, city, region, postal_code, country, valid_from, valid_to, "
    "version, created_at";
const std::vector<std::string> kContactRoles = {"billing",        "shipping",  "purchasing",
                                                "decision_maker", "technical", "sales",
                                                "support",        "other"};

nlohmann::json ContactJson(const store::Record& r) {
  nlohmann::json j = store::RowJson(r);
  nlohmann::json roles = nlohmann::json::array();
  std::string text = r.Text("roles");
  for (size_t pos = 0; pos < text.size();) {
    size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    if (comma > pos) roles.push_back(text.substr(pos, comma - pos));
    pos = comma + 1;
  }
  j["roles"] = roles;
  j["active"] = j["active"] == 1;
  j["phone_e164"] = j["phone_norm"];
  j.erase("phone_norm");
  return j;
}

// Validated contact columns of a create or patch body.
Result<std::map<std::string, store::Value>> ReadContact(const nlohmann::json& body, bool create,
                                                        const std::string& country) {
  std::map<std::string, store::Value> cols;
  Fields f(body);
  auto text = [&](const char* name, TextRule rule) {
    if (!f.Has(name) && !(create && rule.required)) return;
    auto v = f.Text(name, rule);
    cols[name] = v ? store::Value(*v) : store::Value(nullptr);
  };
  text("name", {.required = true, .max_chars = 200});
  text("job_title", {.max_chars = 100});
  text("mobile", {.max_chars = 40});
  if (f.Has("notes")) cols["notes"] = f.Text("notes", {.max_chars = 4000}).value_or("");
  if (f.Has("language")) cols["language"] = store::ToValue(f.Enum("language", {"en", "zh-CN"}));
  if (const auto* roles = f.Raw("roles"); roles && !roles->is_null()) {
    std::string joined;
    bool ok = roles->is_array();
    for (const auto& r : ok ? *roles : nlohmann::json::array()) {
      ok = ok && r.is_string() &&
           std::find(kContactRoles.begin(), kContactRoles.end(), r) != kContactRoles.end();
      if (ok) joined += (joined.empty() ? "" : ",") + r.get<std::string>();
    }
    if (!ok)
      f.Error("roles", "enum",
              "Contact roles are billing, shipping, purchasing, "
              "decision_maker, technical, sales, support, other.");
    cols["roles"] = joined;
  }
  if (auto e = ReadEmail(f, "email")) {
    cols["email"] = store::ToValue(e->raw);
    cols["email_norm"] = store::ToValue(e->norm);
  }
  if (auto p = ReadPhone(f, "phone", country)) {
    cols["phone"] = store::ToValue(p->raw);
    cols["phone_norm"] = store::ToValue(p->norm);
  }
  if (!create && f.Has("active")) cols["active"] = store::ToValue(f.Bool("active").value_or(true));
  f.Ignore("version");
  RETURN_IF_ERROR(f.Finish());
  return cols;
}

std::string Joined(const std::map<std::string, store::Value>& cols, const char* sep,
                   bool assignments, std::vector<store::Value>& params) {
  std::string out;
  for (const auto& [col, v] : cols) {
    out += (out.empty() ? "" : sep) + col + (assignments ? " = ?" : "");
    params.push_back(v);
  }
  return out;
}

Result<store::Record> VisibleContact(store::Tx& tx, const security::Access& who, int64_t id,
                                     const std::string& permission) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kContactColumns +
                                        ", company_id FROM party_contacts WHERE id = ?",
                                    id));
  if (!row) return NotFound("contact");
  RETURN_IF_ERROR(VisibleParty(tx, who, row->Int("party_id"), permission).status());
  return std::move(*row);
}

}  // namespace

Result<nlohmann::json> Parties::ListContacts(store::Tx& tx, const security::Access& who,
                                             int64_t party_id) const {
  RETURN_IF_ERROR(VisibleParty(tx, who, party_id).status());
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string("SELECT ") + kContactColumns +
                                          " FROM party_contacts WHERE party_id = ? ORDER BY id",
                                      party_id));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) out.push_back(ContactJson(r));
  return out;
}

Result<nlohmann::json> Parties::GetContact(store::Tx& tx, const security::Access& who,
                                           int64_t contact_id) const {
  ASSIGN_OR_RETURN(auto row, VisibleContact(tx, who, contact_id, kRead));
  return ContactJson(row);
}

Result<nlohmann::json> Parties::CreateContact(store::Tx& tx, const security::Access& who,
                                              int64_t party_id, const nlohmann::json& body) const {
  ASSIGN_OR_RETURN(auto party, VisibleParty(tx, who, party_id, kUpdate));
  ASSIGN_OR_RETURN(std::string country, DefaultCountry(tx, who.company_id()));
  ASSIGN_OR_RETURN(auto cols, ReadContact(body, true, country));
  cols["company_id"] = who.company_id();
  cols["party_id"] = party_id;
  cols["created_at"] = clock_.Now().ToIso();
  std::vector<store::Value> params;
  std::string names = Joined(cols, ", ", false, params);
  std::string marks;
  for (size_t i = 0; i < params.size(); ++i) marks += i == 0 ? "?" : ", ?";
  ASSIGN_OR_RETURN(int64_t id, tx.InsertV("INSERT INTO party_contacts (" + names + ") VALUES (" +
                                              marks + ") RETURNING id",
                                          params));
  ASSIGN_OR_RETURN(auto out, GetContact(tx, who, id));
  tx.Audit({"contact", id, "create", store::Changes(nlohmann::json::object(), out)});
  tx.Emit({"contact.created", "contact", id, {{"party_id", party_id}}});
  return out;
}

Result<nlohmann::json> Parties::UpdateContact(store::Tx& tx, const security::Access& who,
                                              int64_t contact_id, const nlohmann::json& body,
                                              const VersionCheck& check) const {
  ASSIGN_OR_RETURN(auto row, VisibleContact(tx, who, contact_id, kUpdate));
  RETURN_IF_ERROR(check(row.Int("version")));
  ASSIGN_OR_RETURN(std::string country, DefaultCountry(tx, who.company_id()));
  ASSIGN_OR_RETURN(auto cols, ReadContact(body, false, country));
  nlohmann::json before = ContactJson(row);
  std::vector<store::Value> params;
  std::string sets = Joined(cols, ", ", true, params);
  params.emplace_back(contact_id);
  RETURN_IF_ERROR(tx.ExecV("UPDATE party_contacts SET " + sets + (sets.empty() ? "" : ", ") +
                               "version = version + 1 WHERE id = ?",
                           params)
                      .status());
  ASSIGN_OR_RETURN(auto out, GetContact(tx, who, contact_id));
  nlohmann::json changes = store::Changes(before, out);
  changes.erase("version");
  tx.Audit({"contact", contact_id, "update", changes});
  tx.Emit({"contact.updated", "contact", contact_id, {{"party_id", row.Int("party_id")}}});
  return out;
}

namespace internal {

nlohmann::json ReadAddress(Fields& f, bool create) {
  nlohmann::json a = nlohmann::json::object();
  auto text = [&](const char* name, TextRule rule) {
    if (!f.Has(name) && !(create && rule.required)) return;
    auto v = f.Text(name, rule);
    a[name] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  if (f.Has("kind") || create) {
    if (auto kind = f.Enum("kind", {"billing", "shipping", "other"}, create)) a["kind"] = *kind;
  }
  text("line1", {.required = true, .max_chars = 200});
  text("line2", {.max_chars = 200});
  text("city", {.max_chars = 100});
  text("region", {.max_chars = 100});
  text("postal_code", {.max_chars = 20});
  if (f.Has("country") || create) {
    auto c = f.Text("country", {.required = true, .max_chars = 2, .min_chars = 2});
    if (c && !(std::isupper(static_cast<unsigned char>((*c)[0])) &&
               std::isupper(static_cast<unsigned char>((*c)[1])))) {
      f.Error("country", "country.invalid", "country is an ISO 3166 code such as CN or US.");
    }
    if (c) a["country"] = *c;
  }
  for (const char* d : {"valid_from", "valid_to"}) {
    if (!f.Has(d)) continue;
    auto v = f.Text(d, {.max_chars = 10});
    if (v && !Date::Parse(*v).ok()) f.Error(d, "date.invalid", "A date is YYYY-MM-DD.");
    a[d] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  }
  if (a.contains("valid_from") && a.contains("valid_to") && a["valid_from"].is_string() &&
      a["valid_to"].is_string() && a["valid_to"] < a["valid_from"]) {
    f.Error("valid_to", "range", "valid_to is on or after valid_from.");
  }
  f.Ignore("version");
  return a;
}

Result<int64_t> InsertAddress(store::Tx& tx, int64_t company_id, int64_t party_id,
                              const nlohmann::json& a, const std::string& now) {
  std::string city = a.value("city", nlohmann::json("")).is_string() ? a.value("city", "") : "";
  return tx.Insert(
      "INSERT INTO party_addresses (company_id, party_id, kind, line1, line2, city, city_key, "
      "region, postal_code, country, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?) RETURNING id",
      company_id, party_id, a.value("kind", "other"), a.value("line1", ""),
      a.contains("line2") && a["line2"].is_string() ? store::Value(a["line2"].get<std::string>())
                                                    : store::Value(nullptr),
      city, CityKey(city),
      a.contains("region") && a["region"].is_string() ? store::Value(a["region"].get<std::string>())
                                                      : store::Value(nullptr),
      a.contains("postal_code") && a["postal_code"].is_string()
          ? store::Value(a["postal_code"].get<std::string>())
          : store::Value(nullptr),
      a.value("country", ""),
      a.contains("valid_from") && a["valid_from"].is_string()
          ? store::Value(a["valid_from"].get<std::string>())
          : store::Value(nullptr),
      a.contains("valid_to") && a["valid_to"].is_string()
          ? store::Value(a["valid_to"].get<std::string>())
          : store::Value(nullptr),
      now);
}

}  // namespace internal

Result<nlohmann::json> Parties::ListAddresses(store::Tx& tx, const security::Access& who,
                                              int64_t party_id) const {
  RETURN_IF_ERROR(VisibleParty(tx, who, party_id).status());
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string("SELECT ") + kAddressColumns +
                                          " FROM party_addresses WHERE party_id = ? ORDER BY id",
                                      party_id));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) out.push_back(store::RowJson(r));
  return out;
}

Result<nlohmann::json> Parties::CreateAddress(store::Tx& tx, const security::Access& who,
                                              int64_t party_id, const nlohmann::json& body) const {
  RETURN_IF_ERROR(VisibleParty(tx, who, party_id, kUpdate).status());
  Fields f(body);
  nlohmann::json a = ReadAddress(f, true);
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(int64_t id,
                   InsertAddress(tx, who.company_id(), party_id, a, clock_.Now().ToIso()));
  ASSIGN_OR_RETURN(
      auto row,
      tx.One(std::string("SELECT ") + kAddressColumns + " FROM party_addresses WHERE id = ?", id));
  nlohmann::json out = store::RowJson(*row);
  tx.Audit({"address", id, "create", store::Changes(nlohmann::json::object(), out)});
  tx.Emit({"address.created", "address", id, {{"party_id", party_id}}});
  return out;
}

Result<nlohmann::json> Parties::UpdateAddress(store::Tx& tx, const security::Access& who,
                                              int64_t party_id, int64_t address_id,
                                              const nlohmann::json& body,
                                              const VersionCheck& check) const {
  RETURN_IF_ERROR(VisibleParty(tx, who, party_id, kUpdate).status());
  const std::string select =
      std::string("SELECT ") + kAddressColumns + " FROM party_addresses WHERE id = ?";
  ASSIGN_OR_RETURN(auto row, tx.One(select + " AND party_id = ?", address_id, party_id));
  if (!row) return NotFound("address");
  RETURN_IF_ERROR(check(row->Int("version")));
  Fields f(body);
  nlohmann::json a = ReadAddress(f, false);
  RETURN_IF_ERROR(f.Finish());
  nlohmann::json before = store::RowJson(*row);
  nlohmann::json merged = before;
  merged.update(a);
  if (merged["valid_from"].is_string() && merged["valid_to"].is_string() &&
      merged["valid_to"] < merged["valid_from"]) {
    return InvalidField("valid_to", "range", "valid_to is on or after valid_from.");
  }
  if (a.contains("city")) a["city_key"] = CityKey(a["city"].is_string() ? a.value("city", "") : "");
  std::string sets;
  std::vector<store::Value> params;
  for (const auto& [col, v] : a.items()) {
    sets += col + " = ?, ";
    if (v.is_string()) {
      params.emplace_back(v.get<std::string>());
    } else {
      params.push_back(col == "city" ? store::Value(std::string()) : store::Value(nullptr));
    }
  }
  params.emplace_back(address_id);
  RETURN_IF_ERROR(
      tx.ExecV("UPDATE party_addresses SET " + sets + "version = version + 1 WHERE id = ?", params)
          .status());
  ASSIGN_OR_RETURN(auto after, tx.One(select, address_id));
  nlohmann::json out = store::RowJson(*after);
  nlohmann::json changes = store::Changes(before, out);
  changes.erase("version");
  tx.Audit({"address", address_id, "update", changes});
  tx.Emit({"address.updated", "address", address_id, {{"party_id", party_id}}});
  return out;
}

}  // namespace concord::party
