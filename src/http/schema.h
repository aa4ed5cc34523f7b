// Building blocks of the OpenAPI schemas that areas register with Api::AddSchema, so that
// every area spells a decimal amount, a date or a nullable id the same way.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace concord::http::schema {

inline nlohmann::json Obj(nlohmann::json props, std::vector<std::string> required = {}) {
  nlohmann::json s = {{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) s["required"] = required;
  return s;
}
inline nlohmann::json Nullable(nlohmann::json t) {
  t["nullable"] = true;
  return t;
}
inline nlohmann::json Enum(std::vector<std::string> values) {
  return {{"type", "string"}, {"enum", values}};
}
inline nlohmann::json ArrayOf(nlohmann::json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}

inline const nlohmann::json kStr = {{"type", "string"}};
inline const nlohmann::json kInt = {{"type", "integer"}, {"format", "int64"}};
inline const nlohmann::json kBool = {{"type", "boolean"}};
inline const nlohmann::json kDecimal = {{"type", "string"},
                                        {"description", "Decimal amount, e.g. 1234.50"}};
inline const nlohmann::json kDate = {{"type", "string"}, {"format", "date"}};
inline const nlohmann::json kTime = {{"type", "string"}, {"format", "date-time"}};

}  // namespace concord::http::schema
