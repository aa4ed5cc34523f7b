// OpenAPI schemas of the party area.
#include "party/api.h"
#include "security/api.h"

namespace concord::party {
namespace {

using nlohmann::json;

json Obj(json props, std::vector<std::string> required = {}) {
  json s = {{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) s["required"] = required;
  return s;
}
const json kStr = {{"type", "string"}};
const json kNStr = {{"type", "string"}, {"nullable", true}};
const json kInt = {{"type", "integer"}, {"format", "int64"}};
const json kNInt = {{"type", "integer"}, {"format", "int64"}, {"nullable", true}};
const json kBool = {{"type", "boolean"}};
const json kDecimal = {
    {"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}, {"nullable", true}};
json Array(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json Enum(std::vector<std::string> values) { return {{"type", "string"}, {"enum", values}}; }

json AddressProps() {
  return {{"kind", Enum({"billing", "shipping", "other"})},
          {"line1", kStr},
          {"line2", kNStr},
          {"city", kStr},
          {"region", kNStr},
          {"postal_code", kNStr},
          {"country", kStr},
          {"valid_from", kNStr},
          {"valid_to", kNStr}};
}

json PartyProps() {
  return {{"kind", Enum({"person", "organization"})},
          {"name", kStr},
          {"roles", Array(Enum({"prospect", "customer", "supplier"}))},
          {"email", kNStr},
          {"phone", kNStr},
          {"website", kNStr},
          {"tax_id", kNStr},
          {"owner_user_id", kNInt},
          {"credit_limit", kDecimal},
          {"payment_term_days", kNInt},
          {"price_list_id", kNInt},
          {"currency", kStr},
          {"language", {{"type", "string"}, {"enum", {"en", "zh-CN"}}, {"nullable", true}}},
          {"notes", kStr},
          {"tags", Array(kStr)},
          {"identifiers",
           Array(Obj({{"kind", Enum({"loyalty_card", "membership", "external", "other"})},
                      {"system", kStr},
                      {"value", kStr}}))}};
}

}  // namespace

void RegisterSchemas(http::Api& api) {
  json party = PartyProps();
  party.update({{"id", kInt},
                {"phone_e164", kNStr},
                {"department_id", kNInt},
                {"lifecycle", Enum({"prospect", "new", "active", "loyal", "at_risk", "churned"})},
                {"lifecycle_at", kNStr},
                {"active", kBool},
                {"merged_into_id", kNInt},
                {"version", kInt},
                {"created_at", kStr},
                {"updated_at", kStr}});
  api.AddSchema("Party", Obj(party));
  json input = PartyProps();
  input.update({{"addresses", Array(security::Ref("AddressInput"))},
                {"active", kBool},
                {"allow_duplicates", kBool},
                {"version", kInt}});
  api.AddSchema("PartyInput", Obj(input, {"kind", "name"}));
  json address = AddressProps();
  address.update({{"id", kInt}, {"party_id", kInt}, {"version", kInt}, {"created_at", kStr}});
  api.AddSchema("Address", Obj(address));
  json address_in = AddressProps();
  address_in["version"] = kInt;
  api.AddSchema("AddressInput", Obj(address_in, {"kind", "line1", "country"}));
  json contact = {{"name", kStr},   {"job_title", kNStr}, {"roles", Array(kStr)}, {"email", kNStr},
                  {"phone", kNStr}, {"mobile", kNStr},    {"language", kNStr},    {"notes", kStr}};
  json contact_in = contact;
  contact_in.update({{"active", kBool}, {"version", kInt}});
  api.AddSchema("ContactInput", Obj(contact_in, {"name"}));
  contact.update({{"id", kInt},
                  {"party_id", kInt},
                  {"phone_e164", kNStr},
                  {"active", kBool},
                  {"version", kInt},
                  {"created_at", kStr}});
  api.AddSchema("Contact", Obj(contact));
  json consent = {{"purpose", Enum({"marketing_email", "marketing_phone", "marketing_sms",
                                    "data_processing", "profiling"})},
                  {"granted", kBool},
                  {"source", kStr},
                  {"note", kStr},
                  {"contact_id", kNInt}};
  api.AddSchema("ConsentInput", Obj(consent, {"purpose", "granted", "source"}));
  consent.update({{"id", kInt}, {"recorded_at", kStr}, {"user_id", kNInt}});
  api.AddSchema("Consent", Obj(consent));
  api.AddSchema("Consents", Obj({{"current", Array(security::Ref("Consent"))},
                                 {"history", Array(security::Ref("Consent"))}}));
  api.AddSchema("DuplicateProbe", Obj({{"name", kStr},
                                       {"email", kStr},
                                       {"phone", kStr},
                                       {"tax_id", kStr},
                                       {"city", kStr},
                                       {"exclude_id", kInt}}));
  json candidate = Obj({{"id", kInt},
                        {"name", kStr},
                        {"reasons", Array(Enum({"email", "phone", "tax_id", "name_city"}))},
                        {"similarity_pct", kInt}});
  api.AddSchema("DuplicateCandidates", Obj({{"candidates", Array(candidate)}}));
  api.AddSchema("MergeRequest", Obj({{"merge_id", kInt}, {"version", kInt}}, {"merge_id"}));
  api.AddSchema("MergeResult",
                Obj({{"merge_id", kInt},
                     {"party", security::Ref("Party")},
                     {"moved", {{"type", "object"}, {"additionalProperties", kInt}}}}));
  api.AddSchema("PartyOverview", Obj({{"profile", security::Ref("Party")},
                                      {"contacts", Array(security::Ref("Contact"))},
                                      {"addresses", Array(security::Ref("Address"))},
                                      {"consents", Array(security::Ref("Consent"))},
                                      {"lifecycle", {{"type", "object"}}},
                                      {"merged_from", Array({{"type", "object"}})},
                                      {"sections", {{"type", "object"}}},
                                      {"restricted", Array(kStr)},
                                      {"coming_sections", Array(kStr)}}));
  api.AddSchema("Purchase", Obj({{"id", kInt},
                                 {"occurred_on", kStr},
                                 {"amount", kDecimal},
                                 {"currency", kStr},
                                 {"source", kStr},
                                 {"source_id", kNInt},
                                 {"created_at", kStr}}));
  api.AddSchema(
      "PurchaseInput",
      Obj({{"occurred_on", kStr}, {"amount", kDecimal}, {"currency", kStr}, {"source_id", kInt}},
          {"occurred_on", "amount"}));
  api.AddSchema("LifecycleStatus", Obj({{"status", kStr},
                                        {"reason", kStr},
                                        {"purchases", kInt},
                                        {"usual_interval_days", kNInt},
                                        {"days_since_last", kNInt}}));
  api.AddSchema("Setting",
                Obj({{"key", kStr}, {"value", {{"type", "object"}}}, {"version", kInt}}));
  api.AddSchema("SettingInput",
                Obj({{"value", {{"type", "object"}}}, {"version", kInt}}, {"value"}));
}

}  // namespace concord::party
