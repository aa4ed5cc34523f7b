// The import kinds of the party area (parties, contacts) and of leads: their CSV fields, how
// their rows become create requests with duplicate keys, and their creators (party/import.h).
#include <optional>
#include <string>

#include "party/import.h"
#include "party/internal.h"
#include "party/normalize.h"

namespace concord::party {
namespace {

using nlohmann::json;

std::string TextOf(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}

void AddKey(ImportItem& item, const std::string& field, const std::optional<std::string>& key,
            const std::string& scope = "") {
  if (key && !key->empty()) item.keys.emplace_back(field, scope + *key);
}

// The party a contact row names: by id, or the one visible party with the tax id or e-mail.
Result<int64_t> FindParty(store::Tx& tx, const security::Access& who, const Parties& parties,
                          const json& ref) {
  if (ref.contains("id")) return ref["id"].get<int64_t>();
  bool by_tax = ref.contains("tax_id");
  DuplicateProbe probe;
  (by_tax ? probe.tax_id : probe.email) = TextOf(ref, by_tax ? "tax_id" : "email");
  ASSIGN_OR_RETURN(json candidates, parties.FindDuplicates(tx, who, probe));
  const std::string reason = by_tax ? "tax_id" : "email";
  std::vector<int64_t> ids;
  for (const auto& c : candidates) {
    for (const auto& r : c["reasons"]) {
      if (r == reason) ids.push_back(c["id"].get<int64_t>());
    }
  }
  const std::string field = by_tax ? "party_tax_id" : "party_email";
  if (ids.empty()) {
    return InvalidField(field, "not_found", "No party you may see has this " + reason + ".");
  }
  if (ids.size() > 1) {
    return InvalidField(field, "ambiguous",
                        "Several parties have this " + reason + "; name the party by party_id.");
  }
  return ids[0];
}

// Conflict "contact.possible_duplicates" if the party has a contact with the same normalised
// e-mail or phone number.
Status CheckContactDuplicates(store::Tx& tx, const security::Access& who, const Parties& parties,
                              int64_t party_id, const json& body, const std::string& country) {
  auto email = NormalizeEmail(TextOf(body, "email"));
  auto phone = NormalizePhone(TextOf(body, "phone"), country);
  if (!email && !phone) return Status::Ok();
  auto contacts = parties.ListContacts(tx, who, party_id);
  if (!contacts.ok()) return Status::Ok();  // CreateContact reports the party
  json candidates = json::array();
  for (const auto& c : *contacts) {
    json reasons = json::array();
    if (email && NormalizeEmail(TextOf(c, "email")) == email) reasons.push_back("email");
    if (phone && TextOf(c, "phone_e164") == *phone) reasons.push_back("phone");
    if (!reasons.empty()) {
      candidates.push_back({{"id", c["id"]}, {"name", c["name"]}, {"reasons", reasons}});
    }
  }
  if (candidates.empty()) return Status::Ok();
  Status st = Conflict("contact.possible_duplicates",
                       "The party already has a contact with this e-mail or phone number.");
  st.SetExtra(json{{"candidates", candidates}}.dump());
  return st;
}

}  // namespace

// ---- parties

const std::vector<ImportField>& PartyImportFields() {
  static const std::vector<ImportField> kFields = {{"kind"},
                                                   {"name"},
                                                   {"email"},
                                                   {"phone"},
                                                   {"tax_id"},
                                                   {"website"},
                                                   {"language"},
                                                   {"currency"},
                                                   {"credit_limit"},
                                                   {"payment_term_days", FieldType::kInt},
                                                   {"notes"},
                                                   {"roles", FieldType::kList},
                                                   {"tags", FieldType::kList},
                                                   {"owner_user_id", FieldType::kInt},
                                                   {"address_kind"},
                                                   {"address_line1"},
                                                   {"address_line2"},
                                                   {"address_city"},
                                                   {"address_region"},
                                                   {"address_postal_code"},
                                                   {"address_country"}};
  return kFields;
}

void ShapePartyItems(std::vector<ImportItem>& items, const std::string& country) {
  for (auto& item : items) {
    json& b = item.body;
    if (!b.contains("kind")) b["kind"] = "organization";
    json address = json::object();
    for (const char* part :
         {"kind", "line1", "line2", "city", "region", "postal_code", "country"}) {
      std::string column = std::string("address_") + part;
      if (!b.contains(column)) continue;
      address[part] = b[column];
      b.erase(column);
    }
    if (!address.empty()) {
      if (!address.contains("kind")) address["kind"] = "billing";
      b["addresses"] = json::array({address});
    }
    AddKey(item, "email", NormalizeEmail(TextOf(b, "email")));
    AddKey(item, "phone", NormalizePhone(TextOf(b, "phone"), country));
    AddKey(item, "tax_id", QueryKey(TextOf(b, "tax_id")));
  }
}

std::string PartyFieldName(const std::string& service_field) {
  const std::string prefix = "addresses/0/";
  if (service_field.starts_with(prefix)) return "address_" + service_field.substr(prefix.size());
  return service_field;
}

CreateFn PartyCreator(const Parties& parties) {
  return [&parties](store::Tx& tx, const security::Access& who, const json& body,
                    bool check_duplicates) {
    json b = body;
    b["allow_duplicates"] = !check_duplicates;
    return parties.Create(tx, who, b);
  };
}

// ---- contacts

const std::vector<ImportField>& ContactImportFields() {
  static const std::vector<ImportField> kFields = {{"party_id", FieldType::kInt},
                                                   {"party_tax_id"},
                                                   {"party_email"},
                                                   {"name"},
                                                   {"job_title"},
                                                   {"email"},
                                                   {"phone"},
                                                   {"mobile"},
                                                   {"roles", FieldType::kList},
                                                   {"language"},
                                                   {"notes"}};
  return kFields;
}

void ShapeContactItems(std::vector<ImportItem>& items, const std::string& country) {
  for (auto& item : items) {
    json& b = item.body;
    json ref;
    if (b.contains("party_id")) {
      ref = {{"id", b["party_id"]}};
    } else if (b.contains("party_tax_id")) {
      ref = {{"tax_id", b["party_tax_id"]}};
    } else if (b.contains("party_email")) {
      ref = {{"email", b["party_email"]}};
    } else {
      item.create = false;
      bool reported = false;
      for (const auto& e : item.errors) reported = reported || e["field"] == "party_id";
      if (!reported) {
        item.errors.push_back({{"field", "party_id"},
                               {"code", "required"},
                               {"message",
                                "Name the party by party_id, party_tax_id or "
                                "party_email."}});
      }
    }
    for (const char* k : {"party_id", "party_tax_id", "party_email"}) b.erase(k);
    b["party"] = ref;
    // Duplicates within the file are per party, however the rows name it.
    std::string scope = ref.contains("id")       ? "id:" + ref["id"].dump()
                        : ref.contains("tax_id") ? "tax:" + QueryKey(TextOf(ref, "tax_id"))
                        : ref.contains("email")
                            ? "email:" + NormalizeEmail(TextOf(ref, "email")).value_or("?")
                            : "none";
    scope += '\x1f';
    AddKey(item, "email", NormalizeEmail(TextOf(b, "email")), scope);
    AddKey(item, "phone", NormalizePhone(TextOf(b, "phone"), country), scope);
  }
}

CreateFn ContactCreator(const Parties& parties, const std::string& country) {
  return [&parties, country](store::Tx& tx, const security::Access& who, const json& body,
                             bool check_duplicates) -> Result<json> {
    json b = body;
    json ref = b["party"];
    b.erase("party");
    ASSIGN_OR_RETURN(int64_t party_id, FindParty(tx, who, parties, ref));
    if (check_duplicates) {
      RETURN_IF_ERROR(CheckContactDuplicates(tx, who, parties, party_id, b, country));
    }
    auto out = parties.CreateContact(tx, who, party_id, b);
    if (!out.ok() && out.status().code() == Code::kNotFound) {
      return InvalidField(ref.contains("id")       ? "party_id"
                          : ref.contains("tax_id") ? "party_tax_id"
                                                   : "party_email",
                          "not_found", "No such party, or not one you may edit.");
    }
    return out;
  };
}

// ---- leads

const std::vector<ImportField>& LeadImportFields() {
  static const std::vector<ImportField> kFields = {{"title"},
                                                   {"source"},
                                                   {"campaign_id", FieldType::kInt},
                                                   {"company_name"},
                                                   {"contact_name"},
                                                   {"email"},
                                                   {"phone"},
                                                   {"city"},
                                                   {"country"},
                                                   {"industry"},
                                                   {"employees", FieldType::kInt},
                                                   {"estimated_value"},
                                                   {"currency"},
                                                   {"notes"},
                                                   {"owner_user_id", FieldType::kInt}};
  return kFields;
}

void ShapeLeadItems(std::vector<ImportItem>& items, const std::string& country) {
  for (auto& item : items) {
    AddKey(item, "email", NormalizeEmail(TextOf(item.body, "email")));
    AddKey(item, "phone", NormalizePhone(TextOf(item.body, "phone"), country));
  }
}

}  // namespace concord::party
