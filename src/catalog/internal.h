// Helpers shared by the catalog's source files (not an interface of the area).
#pragma once

#include <optional>
#include <string>

#include "core/decimal_fields.h"
#include "core/quantity.h"
#include "store/tx.h"

namespace concord::catalog {

// A JSON scalar (null, string, integer) as a column value.
store::Value JsonColumn(const nlohmann::json& v);

// INSERT INTO `table` the columns of `c` (keys are trusted column names); returns the id.
Result<int64_t> InsertColumns(store::Tx& tx, const std::string& table, const nlohmann::json& c);
// UPDATE `table` SET the columns of `c`, version + 1 and updated_at = `now` WHERE id = `id`.
Status UpdateColumns(store::Tx& tx, const std::string& table, int64_t id, const nlohmann::json& c,
                     const std::string& now);

// Validity of a [from, to] date pair given as ISO text or null: from ≤ to.
Status CheckDateRange(const nlohmann::json& from, const nlohmann::json& to);

// True when `gtin` is 8, 12, 13 or 14 digits with a valid GS1 check digit.
bool ValidGtin(const std::string& gtin);

}  // namespace concord::catalog
