// Per-company configuration documents of the business areas (lifecycle thresholds, lead
// scoring rules, assignment rules ...), stored as JSON under a key in `area_settings`.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "store/tx.h"

namespace concord::party {

struct Setting {
  nlohmann::json value;  // the stored document, or the default when none is stored
  int64_t version = 0;   // 0 when none is stored
};

Result<Setting> LoadSetting(store::Tx& tx, int64_t company_id, const std::string& key,
                            const nlohmann::json& fallback);
// Stores the document (insert or update, version + 1) with an audit record and an event
// "setting.updated". `expected_version` (0 = none stored yet) guards concurrent edits:
// StaleVersion when it differs.
Status SaveSetting(store::Tx& tx, int64_t company_id, const std::string& key,
                   const nlohmann::json& value, int64_t expected_version);
// Stores without a version check and without audit: internal bookkeeping such as the
// round-robin position of lead assignment.
Status SaveSettingQuietly(store::Tx& tx, int64_t company_id, const std::string& key,
                          const nlohmann::json& value);

}  // namespace concord::party
