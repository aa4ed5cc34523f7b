#include "store/row_json.h"

namespace concord::store {

nlohmann::json RowJson(const Record& row) {
  nlohmann::json out = nlohmann::json::object();
  for (int i = 0; i < row.size(); ++i) {
    const Value& v = row.value(i);
    if (const auto* n = std::get_if<int64_t>(&v)) {
      out[row.names()[i]] = *n;
    } else if (row.IsInteger(i)) {
      out[row.names()[i]] = row.Int(i);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      out[row.names()[i]] = *s;
    } else {
      out[row.names()[i]] = nullptr;
    }
  }
  return out;
}

}  // namespace concord::store
