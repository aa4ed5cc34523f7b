// A result row as a JSON object keyed by column name: integers as numbers, text as strings,
// NULL as null. For read models whose JSON is exactly their columns.
#pragma once

#include <nlohmann/json.hpp>

#include "store/tx.h"

namespace concord::store {

nlohmann::json RowJson(const Record& row);

}  // namespace concord::store
