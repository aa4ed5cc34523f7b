// Reading a party create/patch body into column values (internal to the party area).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/json_input.h"
#include "store/db.h"

namespace concord::party::internal {

struct PartyInput {
  std::map<std::string, store::Value> cols;  // column -> new value (only fields present)
  std::optional<std::vector<std::string>> tags;
  std::optional<nlohmann::json> identifiers;  // [{kind, system, value, value_norm}]
  std::optional<nlohmann::json> addresses;    // create only: validated address column objects
  std::optional<int64_t> owner_user_id;
  bool owner_given = false;
  bool allow_duplicates = false;
};

struct InputContext {
  bool create = false;
  std::string country;   // for national phone numbers
  std::string currency;  // the party's current (or the company's) currency
};

// Validates everything at once (all field errors in one InvalidArgument).
Result<PartyInput> ReadPartyInput(const nlohmann::json& body, const InputContext& ctx);

}  // namespace concord::party::internal
