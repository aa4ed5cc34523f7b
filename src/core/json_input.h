// Validated reading of JSON request bodies. A Fields reader collects every problem (missing
// field, wrong type, too long, unknown field) so that the caller gets all field errors at once
// as one InvalidArgument status.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace concord {

struct TextRule {
  bool required = false;
  size_t max_chars = 200;  // Unicode code points
  size_t min_chars = 0;
  bool allow_empty = false;  // when present; also allows whitespace-only text
};

class Fields {
 public:
  explicit Fields(const nlohmann::json& body) : body_(body) {}

  bool Has(const std::string& name) const { return body_.contains(name); }
  // Text: must be a JSON string of valid UTF-8 within the limits; leading/trailing spaces are
  // trimmed. NULL (or absent) yields nullopt; `required` makes absence an error.
  std::optional<std::string> Text(const std::string& name, TextRule rule = {});
  std::optional<int64_t> Int(const std::string& name, bool required = false, int64_t min = 1,
                             int64_t max = INT64_MAX);
  std::optional<bool> Bool(const std::string& name, bool required = false);
  // One of a fixed set of strings.
  std::optional<std::string> Enum(const std::string& name, const std::vector<std::string>& allowed,
                                  bool required = false);
  // A calendar day as "YYYY-MM-DD".
  std::optional<Date> Day(const std::string& name, bool required = false);
  const nlohmann::json* Raw(const std::string& name);  // marks the field as known
  void Ignore(const std::string& name) { known_.insert(name); }
  void Error(const std::string& field, const std::string& code, const std::string& message);

  // OK, or InvalidArgument listing every field error (unknown fields included).
  Status Finish();

 private:
  const nlohmann::json& body_;
  std::set<std::string> known_;
  Status errors_{Code::kInvalidArgument, "validation.failed", "The request has invalid fields."};
  bool failed_ = false;
};

// Number of Unicode code points, or nullopt for invalid UTF-8.
std::optional<size_t> Utf8Length(std::string_view s);

}  // namespace concord
