#include "core/json_input.h"

#include <fmt/format.h>

namespace concord {

std::optional<size_t> Utf8Length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return std::nullopt;
    }
    i += len;
  }
  return n;
}

void Fields::Error(const std::string& field, const std::string& code, const std::string& message) {
  failed_ = true;
  errors_.AddFieldError(field, code, message);
}

const nlohmann::json* Fields::Raw(const std::string& name) {
  known_.insert(name);
  auto it = body_.find(name);
  if (it == body_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> Fields::Text(const std::string& name, TextRule rule) {
  const nlohmann::json* v = Raw(name);
  if (!v) {
    if (rule.required) Error(name, "required", name + " is required.");
    return std::nullopt;
  }
  if (!v->is_string()) {
    Error(name, "type", name + " must be a string.");
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  size_t b = s.find_first_not_of(" \t\r\n");
  s = b == std::string::npos ? std::string() : s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
  auto len = Utf8Length(s);
  if (!len) {
    Error(name, "invalid_utf8", name + " is not valid UTF-8.");
  } else if (s.find('\0') != std::string::npos) {
    Error(name, "invalid_char", name + " contains a NUL character.");
  } else if (*len == 0 && !rule.allow_empty && (rule.required || rule.min_chars > 0)) {
    Error(name, "required", name + " must not be empty.");
  } else if (*len > rule.max_chars) {
    Error(name, "too_long", fmt::format("{} is longer than {} characters.", name, rule.max_chars));
  } else if (*len < rule.min_chars) {
    Error(name, "too_short",
          fmt::format("{} is shorter than {} characters.", name, rule.min_chars));
  } else {
    return s;
  }
  return std::nullopt;
}

std::optional<int64_t> Fields::Int(const std::string& name, bool required, int64_t min,
                                   int64_t max) {
  const nlohmann::json* v = Raw(name);
  if (!v) {
    if (required) Error(name, "required", name + " is required.");
    return std::nullopt;
  }
  if (!v->is_number_integer()) {
    Error(name, "type", name + " must be an integer.");
    return std::nullopt;
  }
  int64_t n =
      v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX ? INT64_MAX : v->get<int64_t>();
  if (n < min || n > max) {
    Error(name, "range", fmt::format("{} must be between {} and {}.", name, min, max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> Fields::Bool(const std::string& name, bool required) {
  const nlohmann::json* v = Raw(name);
  if (!v) {
    if (required) Error(name, "required", name + " is required.");
    return std::nullopt;
  }
  if (!v->is_boolean()) {
    Error(name, "type", name + " must be true or false.");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<Date> Fields::Day(const std::string& name, bool required) {
  auto text = Text(name, {.required = required, .max_chars = 10});
  if (!text) return std::nullopt;
  auto d = Date::Parse(*text);
  if (!d.ok()) {
    Error(name, d.status().message_id(), name + " is a date, YYYY-MM-DD.");
    return std::nullopt;
  }
  return *d;
}

std::optional<std::string> Fields::Enum(const std::string& name,
                                        const std::vector<std::string>& allowed, bool required) {
  auto s = Text(name, {.required = required, .max_chars = 64});
  if (!s) return std::nullopt;
  for (const auto& a : allowed) {
    if (a == *s) return s;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  Error(name, "enum", name + " must be one of: " + list + ".");
  return std::nullopt;
}

Status Fields::Finish() {
  for (auto it = body_.begin(); it != body_.end(); ++it) {
    if (!known_.count(it.key()))
      Error(it.key(), "unknown_field", "Unknown field " + it.key() + ".");
  }
  return failed_ ? errors_ : Status::Ok();
}

}  // namespace concord
