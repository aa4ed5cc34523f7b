// OpenAPI schemas of leads, lead settings, opportunities, stages and pipeline reports.
#include "crm/crm.h"
#include "security/api.h"

namespace concord::crm {
namespace {

using nlohmann::json;
using security::Ref;

json Obj(json props, std::vector<std::string> required = {}) {
  json s = {{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) s["required"] = required;
  return s;
}
json Nullable(json t) {
  t["nullable"] = true;
  return t;
}
json Enum(std::vector<std::string> values) { return {{"type", "string"}, {"enum", values}}; }
json ArrayOf(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

const json kStr = {{"type", "string"}};
const json kInt = {{"type", "integer"}, {"format", "int64"}};
const json kBool = {{"type", "boolean"}};
const json kDecimal = {{"type", "string"}, {"description", "Decimal number, e.g. 1234.50"}};
const json kDate = {{"type", "string"}, {"format", "date"}};
const json kTime = {{"type", "string"}, {"format", "date-time"}};

json LeadInput() {
  return Obj(
      {{"title", kStr},
       {"source", Enum({"web", "referral", "event", "campaign", "cold_call", "partner", "other"})},
       {"campaign_id", Nullable(kInt)},
       {"company_name", Nullable(kStr)},
       {"contact_name", Nullable(kStr)},
       {"email", Nullable(kStr)},
       {"phone", Nullable(kStr)},
       {"city", Nullable(kStr)},
       {"country", Nullable(kStr)},
       {"industry", Nullable(kStr)},
       {"employees", Nullable(kInt)},
       {"estimated_value", Nullable(kDecimal)},
       {"currency", Nullable(kStr)},
       {"notes", kStr},
       {"owner_user_id", kInt},
       {"version", kInt}},
      {"title"});
}

json Lead() {
  json s = LeadInput();
  s.erase("required");
  auto& p = s["properties"];
  p.erase("version");
  for (const char* k : {"id", "score", "version"}) p[k] = kInt;
  for (const char* k : {"department_id", "party_id", "contact_id", "opportunity_id"})
    p[k] = Nullable(kInt);
  p["number"] = kStr;
  p["status"] = Enum({"new", "contacted", "qualified", "converted", "disqualified"});
  p["disqualify_reason"] = Nullable(kStr);
  p["score_detail"] = ArrayOf(Obj({{"group", Enum({"fit", "engagement"})},
                                   {"field", kStr},
                                   {"signal", kStr},
                                   {"op", kStr},
                                   {"value", json::object()},
                                   {"points", kInt},
                                   {"label", kStr}}));
  p["converted_at"] = Nullable(kTime);
  p["created_at"] = kTime;
  p["updated_at"] = kTime;
  return s;
}

json OpportunityInput() {
  return Obj({{"name", kStr},
              {"party_id", kInt},
              {"contact_id", Nullable(kInt)},
              {"stage_id", kInt},
              {"amount", kDecimal},
              {"currency", kStr},
              {"probability", kInt},
              {"expected_close", Nullable(kDate)},
              {"competitors", kStr},
              {"campaign_id", Nullable(kInt)},
              {"owner_user_id", kInt},
              {"version", kInt}},
             {"name", "party_id"});
}

json Opportunity() {
  json s = OpportunityInput();
  s.erase("required");
  auto& p = s["properties"];
  for (const char* k : {"id", "version"}) p[k] = kInt;
  for (const char* k : {"lead_id", "department_id"}) p[k] = Nullable(kInt);
  p["number"] = kStr;
  p["stage_name"] = kStr;
  p["stage_outcome"] = Enum({"open", "won", "lost"});
  p["status"] = Enum({"open", "won", "lost"});
  p["lost_reason"] = Nullable(kStr);
  p["weighted_amount"] = kDecimal;
  p["closed_at"] = Nullable(kTime);
  p["created_at"] = kTime;
  p["updated_at"] = kTime;
  return s;
}

json Sums() {
  return Obj({{"key", json::object()},
              {"currency", kStr},
              {"count", kInt},
              {"amount", kDecimal},
              {"weighted", kDecimal}});
}

json Amounts() { return ArrayOf(Obj({{"currency", kStr}, {"amount", kDecimal}})); }

}  // namespace

void RegisterLeadSchemas(http::Api& api) {
  api.AddSchema("LeadInput", LeadInput());
  api.AddSchema("Lead", Lead());
  api.AddSchema("LeadStatusChange",
                Obj({{"status", Enum({"contacted", "qualified", "disqualified"})},
                     {"reason", kStr},
                     {"version", kInt}},
                    {"status"}));
  api.AddSchema(
      "LeadConversion",
      Obj({{"party_id", kInt},
           {"create_party", {{"type", "object"}, {"description", "Party fields over the lead's"}}},
           {"contact", kBool},
           {"opportunity", Nullable(Obj({{"name", kStr},
                                         {"amount", kDecimal},
                                         {"currency", kStr},
                                         {"probability", kInt},
                                         {"expected_close", kDate},
                                         {"stage_id", kInt},
                                         {"competitors", kStr}}))},
           {"allow_duplicates", kBool},
           {"version", kInt}}));
  api.AddSchema("CrmSetting",
                Obj({{"value", {{"type", "object"}}}, {"version", kInt}, {"is_default", kBool}}));
  api.AddSchema("CrmSettingInput",
                Obj({{"value", {{"type", "object"}}}, {"version", kInt}}, {"value", "version"}));
}

void RegisterOpportunitySchemas(http::Api& api) {
  api.AddSchema("OpportunityInput", OpportunityInput());
  api.AddSchema("Opportunity", Opportunity());
  api.AddSchema("OpportunityStageMove",
                Obj({{"stage_id", kInt}, {"lost_reason", kStr}, {"version", kInt}}, {"stage_id"}));
  json stage = Obj({{"id", kInt},
                    {"name", kStr},
                    {"sequence", kInt},
                    {"probability", kInt},
                    {"outcome", Enum({"open", "won", "lost"})},
                    {"active", kBool},
                    {"version", kInt},
                    {"created_at", kTime}});
  api.AddSchema("OpportunityStage", stage);
  api.AddSchema("OpportunityStageInput", Obj({{"name", kStr},
                                              {"sequence", kInt},
                                              {"probability", kInt},
                                              {"outcome", Enum({"open", "won", "lost"})},
                                              {"active", kBool},
                                              {"version", kInt}}));
  api.AddSchema("OpportunityHistory", Obj({{"items", ArrayOf(Obj({{"id", kInt},
                                                                  {"stage_id", kInt},
                                                                  {"stage_name", kStr},
                                                                  {"outcome", kStr},
                                                                  {"entered_at", kTime},
                                                                  {"left_at", Nullable(kTime)},
                                                                  {"user_id", Nullable(kInt)},
                                                                  {"seconds", kInt}}))}}));
  api.AddSchema("PipelineForecast", Obj({{"group", Enum({"month", "owner", "department"})},
                                         {"from", Nullable(kDate)},
                                         {"to", Nullable(kDate)},
                                         {"items", ArrayOf(Sums())},
                                         {"totals", ArrayOf(Sums())}}));
  api.AddSchema("WinLoss", Obj({{"from", Nullable(kDate)},
                                {"to", Nullable(kDate)},
                                {"won", kInt},
                                {"lost", kInt},
                                {"win_rate", Nullable(kDecimal)},
                                {"won_amount", Amounts()},
                                {"lost_amount", Amounts()},
                                {"lost_reasons", ArrayOf(Obj({{"reason", kStr}, {"count", kInt}}))},
                                {"avg_days_to_close", Nullable(kDecimal)},
                                {"by_owner", ArrayOf(Obj({{"owner_user_id", Nullable(kInt)},
                                                          {"won", kInt},
                                                          {"lost", kInt},
                                                          {"win_rate", Nullable(kDecimal)},
                                                          {"won_amount", Amounts()}}))}}));
  api.AddSchema("StageDurations",
                Obj({{"items", ArrayOf(Obj({{"stage_id", kInt},
                                            {"name", kStr},
                                            {"outcome", kStr},
                                            {"sequence", kInt},
                                            {"completed", kInt},
                                            {"total_seconds", kInt},
                                            {"avg_seconds", Nullable(kInt)},
                                            {"current", kInt},
                                            {"current_avg_seconds", Nullable(kInt)}}))}}));
}

}  // namespace concord::crm
