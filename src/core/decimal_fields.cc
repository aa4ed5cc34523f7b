#include "core/decimal_fields.h"

namespace concord {

std::string ScaledText(int64_t scaled, int min_decimals) {
  std::string s = FormatScaled(scaled, 6);
  size_t dot = s.find('.');
  size_t keep = dot + 1 + static_cast<size_t>(min_decimals);
  while (s.size() > keep && s.back() == '0') s.pop_back();
  if (min_decimals == 0 && s.back() == '.') s.pop_back();
  return s;
}

std::optional<int64_t> ScaledField(Fields& f, const std::string& name, bool required,
                                   bool allow_negative) {
  const nlohmann::json* raw = f.Raw(name);
  if (!raw || raw->is_null()) {
    if (required) f.Error(name, "required", name + " is required.");
    return std::nullopt;
  }
  if (!raw->is_string()) {
    f.Error(name, "type", name + " is a decimal string, e.g. \"12.50\".");
    return std::nullopt;
  }
  auto v = ParseScaled(raw->get<std::string>(), 6);
  if (!v.ok()) {
    f.Error(name, v.status().message_id(), name + " is a decimal with at most 6 decimals.");
    return std::nullopt;
  }
  if (*v < 0 && !allow_negative) {
    f.Error(name, "negative", name + " cannot be negative.");
    return std::nullopt;
  }
  return *v;
}

std::optional<int64_t> PercentField(Fields& f, const std::string& name, bool required,
                                    int64_t max) {
  const nlohmann::json* raw = f.Raw(name);
  if (!raw || raw->is_null()) {
    if (required) f.Error(name, "required", name + " is required.");
    return std::nullopt;
  }
  if (!raw->is_string()) {
    f.Error(name, "type", name + " is a decimal string percentage, e.g. \"12.5\".");
    return std::nullopt;
  }
  auto v = ParseScaled(raw->get<std::string>(), 4);
  if (!v.ok() || *v < 0 || *v > max) {
    f.Error(name, "range", name + " is a percentage between 0 and " +
                               FormatScaledTrimmed(max, 4) + " with at most 4 decimals.");
    return std::nullopt;
  }
  return *v;
}

}  // namespace concord
