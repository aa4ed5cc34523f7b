#include "catalog/internal.h"

#include <cctype>

namespace concord::catalog {


store::Value JsonColumn(const nlohmann::json& v) {
  if (v.is_null()) return nullptr;
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return static_cast<int64_t>(v.get<bool>());
  return v.get<int64_t>();
}

Result<int64_t> InsertColumns(store::Tx& tx, const std::string& table, const nlohmann::json& c) {
  std::string cols, marks;
  std::vector<store::Value> params;
  for (auto it = c.begin(); it != c.end(); ++it) {
    cols += (cols.empty() ? "" : ", ") + it.key();
    marks += marks.empty() ? "?" : ", ?";
    params.push_back(JsonColumn(it.value()));
  }
  return tx.InsertV("INSERT INTO " + table + " (" + cols + ") VALUES (" + marks +
                        ") RETURNING id",
                    params);
}

Status UpdateColumns(store::Tx& tx, const std::string& table, int64_t id, const nlohmann::json& c,
                     const std::string& now) {
  std::string sets;
  std::vector<store::Value> params;
  for (auto it = c.begin(); it != c.end(); ++it) {
    sets += it.key() + " = ?, ";
    params.push_back(JsonColumn(it.value()));
  }
  params.emplace_back(now);
  params.emplace_back(id);
  return tx.ExecV("UPDATE " + table + " SET " + sets +
                      "version = version + 1, updated_at = ? WHERE id = ?",
                  params)
      .status();
}

Status CheckDateRange(const nlohmann::json& from, const nlohmann::json& to) {
  if (from.is_string() && to.is_string() && from.get<std::string>() > to.get<std::string>()) {
    return InvalidField("valid_to", "before_start", "valid_to is before valid_from.");
  }
  return Status::Ok();
}

bool ValidGtin(const std::string& gtin) {
  if (gtin.size() != 8 && gtin.size() != 12 && gtin.size() != 13 && gtin.size() != 14) {
    return false;
  }
  int sum = 0;
  for (size_t i = 0; i < gtin.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(gtin[i]))) return false;
  }
  // From the right, excluding the check digit: weights 3, 1, 3, 1, ...
  for (size_t k = 1; k < gtin.size(); ++k) {
    int d = gtin[gtin.size() - 1 - k] - '0';
    sum += (k % 2 == 1) ? d * 3 : d;
  }
  return (10 - sum % 10) % 10 == gtin.back() - '0';
}

}  // namespace concord::catalog
