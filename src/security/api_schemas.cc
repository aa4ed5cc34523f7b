// OpenAPI schemas of the security area.
#include "security/api.h"

namespace concord::security {
namespace {

nlohmann::json Obj(nlohmann::json props, std::vector<std::string> required = {}) {
  nlohmann::json s = {{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) s["required"] = required;
  return s;
}
const nlohmann::json kStr = {{"type", "string"}};
const nlohmann::json kInt = {{"type", "integer"}, {"format", "int64"}};
const nlohmann::json kBool = {{"type", "boolean"}};
const nlohmann::json kNullableInt = {{"type", "integer"}, {"format", "int64"}, {"nullable", true}};

}  // namespace

nlohmann::json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

nlohmann::json ListOf(const std::string& name) {
  return Obj({{"items", {{"type", "array"}, {"items", Ref(name)}}},
              {"next_cursor", {{"type", "string"}, {"nullable", true}}}},
             {"items", "next_cursor"});
}

http::Response Versioned(int status, const nlohmann::json& body) {
  http::Response r = http::Response::Json(status, body);
  if (body.contains("version")) r.Header("ETag", http::VersionTag(body["version"].get<int64_t>()));
  return r;
}

std::function<Status(int64_t)> RequiredVersion(http::Ctx& c, const nlohmann::json* body) {
  return [&c, body](int64_t current) { return c.CheckVersion(current, body); };
}

std::function<Status(int64_t)> OptionalVersion(http::Ctx& c, const nlohmann::json* body) {
  if (c.req().Header("if-match").empty() && !(body && body->contains("version"))) return nullptr;
  return RequiredVersion(c, body);
}

void RegisterSchemas(http::Api& api) {
  api.AddSchema("LoginRequest",
                Obj({{"login", kStr}, {"password", kStr}, {"totp", kStr}, {"company_id", kInt}},
                    {"login", "password"}));
  api.AddSchema("LoginResponse", Obj({{"token", kStr},
                                      {"csrf_token", kStr},
                                      {"expires_at", kStr},
                                      {"company_id", kInt},
                                      {"mfa_pending", kBool},
                                      {"user", Ref("User")}}));
  api.AddSchema("User", Obj({{"id", kInt},
                             {"login", kStr},
                             {"display_name", kStr},
                             {"email", {{"type", "string"}, {"nullable", true}}},
                             {"active", kBool},
                             {"language", {{"type", "string"}, {"enum", {"en", "zh-CN"}}}},
                             {"totp_enabled", kBool},
                             {"department_id", kNullableInt},
                             {"role_ids", {{"type", "array"}, {"items", kInt}}},
                             {"version", kInt},
                             {"created_at", kStr}}));
  api.AddSchema("UserCreate", Obj({{"login", kStr},
                                   {"display_name", kStr},
                                   {"email", kStr},
                                   {"password", kStr},
                                   {"language", kStr},
                                   {"department_id", kInt},
                                   {"role_ids", {{"type", "array"}, {"items", kInt}}}},
                                  {"login", "display_name", "password"}));
  api.AddSchema("UserPatch", Obj({{"display_name", kStr},
                                  {"email", kStr},
                                  {"language", kStr},
                                  {"active", kBool},
                                  {"department_id", kNullableInt},
                                  {"role_ids", {{"type", "array"}, {"items", kInt}}},
                                  {"version", kInt}}));
  api.AddSchema("Department", Obj({{"id", kInt},
                                   {"name", kStr},
                                   {"parent_id", kNullableInt},
                                   {"manager_user_id", kNullableInt},
                                   {"version", kInt},
                                   {"created_at", kStr}}));
  api.AddSchema("DepartmentInput", Obj({{"name", kStr},
                                        {"parent_id", kNullableInt},
                                        {"manager_user_id", kNullableInt},
                                        {"version", kInt}}));
  nlohmann::json grant =
      Obj({{"permission", kStr},
           {"scope", {{"type", "string"}, {"enum", {"own", "department", "company"}}}}},
          {"permission"});
  api.AddSchema("Role", Obj({{"id", kInt},
                             {"name", kStr},
                             {"description", kStr},
                             {"is_admin", kBool},
                             {"permissions", {{"type", "array"}, {"items", grant}}},
                             {"version", kInt},
                             {"created_at", kStr}}));
  api.AddSchema("RoleInput", Obj({{"name", kStr},
                                  {"description", kStr},
                                  {"is_admin", kBool},
                                  {"permissions", {{"type", "array"}, {"items", grant}}},
                                  {"version", kInt}}));
  api.AddSchema("Company", Obj({{"id", kInt},
                                {"name", kStr},
                                {"currency", kStr},
                                {"time_zone", kStr},
                                {"require_totp_for_admins", kBool},
                                {"version", kInt},
                                {"created_at", kStr}}));
  api.AddSchema("CompanyInput", Obj({{"name", kStr},
                                     {"currency", kStr},
                                     {"time_zone", kStr},
                                     {"require_totp_for_admins", kBool},
                                     {"version", kInt}}));
  api.AddSchema(
      "ApiToken",
      Obj({{"id", kInt},
           {"name", kStr},
           {"user_id", kInt},
           {"created_at", kStr},
           {"expires_at", {{"type", "string"}, {"nullable", true}}},
           {"last_used_at", {{"type", "string"}, {"nullable", true}}},
           {"revoked_at", {{"type", "string"}, {"nullable", true}}},
           {"token", {{"type", "string"}, {"description", "Only in the create response."}}}}));
  api.AddSchema("AuditEntry", Obj({{"id", kInt},
                                   {"at", kStr},
                                   {"user_id", kNullableInt},
                                   {"request_id", kStr},
                                   {"entity", kStr},
                                   {"entity_id", kInt},
                                   {"action", kStr},
                                   {"changes", {{"type", "object"}}}}));
  api.AddSchema("Event", Obj({{"id", kInt},
                              {"at", kStr},
                              {"user_id", kNullableInt},
                              {"type", kStr},
                              {"entity", kStr},
                              {"entity_id", kInt},
                              {"payload", {{"type", "object"}}}}));
  api.AddSchema(
      "Me", Obj({{"user", Ref("User")},
                 {"company", Ref("Company")},
                 {"companies", {{"type", "array"}, {"items", Obj({{"id", kInt}, {"name", kStr}})}}},
                 {"permissions", {{"type", "object"}, {"additionalProperties", kStr}}},
                 {"mfa_pending", kBool}}));
}

}  // namespace concord::security
