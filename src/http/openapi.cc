// The OpenAPI 3.0 document, generated from the route table so that it cannot drift from it.
#include <algorithm>

#include "http/api.h"

namespace concord::http {
namespace {

nlohmann::json ProblemSchema() {
  return {{"type", "object"},
          {"required", {"type", "title", "status"}},
          {"properties",
           {{"type", {{"type", "string"}}},
            {"title", {{"type", "string"}}},
            {"status", {{"type", "integer"}}},
            {"code", {{"type", "string"}, {"description", "Stable message id for translation."}}},
            {"detail", {{"type", "string"}}},
            {"request_id", {{"type", "string"}}},
            {"errors",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"field", {{"type", "string"}}},
                  {"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}}}}}}}}}}}};
}

nlohmann::json ProblemResponse(const std::string& description) {
  return {
      {"description", description},
      {"content",
       {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
}

std::string OpenApiPath(const std::string& pattern) {
  std::string out = pattern;
  size_t pos = out.find("{*");
  if (pos != std::string::npos) out.erase(pos + 1, 1);
  return out;
}

nlohmann::json Operation(const Route& r) {
  nlohmann::json op = {{"summary", r.doc.summary},
                       {"operationId", r.method + " " + r.pattern},
                       {"tags", {r.doc.tag.empty() ? "platform" : r.doc.tag}}};
  nlohmann::json params = nlohmann::json::array();
  size_t pos = 0;
  while ((pos = r.pattern.find('{', pos)) != std::string::npos) {
    size_t end = r.pattern.find('}', pos);
    std::string name = r.pattern.substr(pos + 1, end - pos - 1);
    if (name.starts_with("*")) name.erase(0, 1);
    params.push_back(
        {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    pos = end;
  }
  for (const auto& q : r.doc.query) {
    nlohmann::json schema = {{"type", q.type}};
    if (!q.values.empty()) schema["enum"] = q.values;
    params.push_back({{"name", q.name},
                      {"in", "query"},
                      {"required", false},
                      {"description", q.description},
                      {"schema", std::move(schema)}});
  }
  if (r.method == "POST") {
    params.push_back({{"name", "Idempotency-Key"},
                      {"in", "header"},
                      {"required", false},
                      {"description", "Makes the request safe to retry."},
                      {"schema", {{"type", "string"}, {"maxLength", 255}}}});
  }
  if (!params.empty()) op["parameters"] = params;
  if (!r.doc.request.is_null()) {
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", r.doc.request}}}}}};
  }
  nlohmann::json ok = {{"description", "Success"}};
  if (!r.doc.response.is_null()) {
    ok["content"] = {{r.doc.response_type, {{"schema", r.doc.response}}}};
  }
  nlohmann::json responses = {{std::to_string(r.doc.success), ok}};
  responses["400"] = ProblemResponse("Malformed request");
  if (r.auth != AuthKind::kPublic) {
    responses["401"] = ProblemResponse("Not authenticated");
    responses["403"] = ProblemResponse("Permission denied");
    op["security"] = {{{"bearer", nlohmann::json::array()}}, {{"cookie", nlohmann::json::array()}}};
    if (r.auth == AuthKind::kPermission) op["x-permission"] = r.permission;
  } else {
    op["security"] = nlohmann::json::array();
  }
  // A GET answers 422 for a bad query parameter (limit, sort, cursor, filters).
  if (r.method != "GET" || !r.doc.query.empty())
    responses["422"] = ProblemResponse("Invalid input");
  op["responses"] = responses;
  return op;
}

}  // namespace

nlohmann::json Api::OpenApi() const {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& r : routes_) {
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    paths[OpenApiPath(r.pattern)][method] = Operation(r);
  }
  nlohmann::json schemas = schemas_;
  schemas["Problem"] = ProblemSchema();
  return {{"openapi", "3.0.3"},
          {"info", {{"title", options_.title}, {"version", options_.version}}},
          {"paths", paths},
          {"components",
           {{"schemas", schemas},
            {"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "concord_session"}}}}}}}};
}

}  // namespace concord::http
