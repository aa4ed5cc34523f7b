// Scaffolding: replaced by the real implementation.
#include "party/normalize.h"

namespace concord::party {
std::optional<std::string> NormalizeEmail(std::string_view raw) { return std::string(raw); }
std::optional<std::string> NormalizePhone(std::string_view raw, std::string_view) {
  return std::string(raw);
}
std::string NameKey(std::string_view name) { return std::string(name); }
std::string CityKey(std::string_view city) { return std::string(city); }
std::string SortKey(std::string_view name) { return std::string(name); }
std::string Pinyin(std::string_view) { return ""; }
std::vector<std::string> SearchKeys(std::string_view name, std::string_view, std::string_view) {
  return {std::string(name)};
}
std::string QueryKey(std::string_view q) { return std::string(q); }
double NameSimilarity(std::string_view a, std::string_view b) { return a == b ? 1 : 0; }
std::string PrefixEnd(std::string_view p) { return std::string(p) + "\xff"; }
}  // namespace concord::party
