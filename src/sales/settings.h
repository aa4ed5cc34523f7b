// Sales settings per company: the discount above which a quote needs approval, the default
// validity of quotes, and the invoice policy (invoice delivered or ordered quantities).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::sales {

struct SalesSettings {
  int64_t discount_approval = 150000;  // percent × 10^4
  int64_t quote_validity_days = 30;
  std::string invoice_policy = "delivered";  // delivered | ordered
  int64_t version = 1;
};

// The company's settings (defaults when never saved).
Result<SalesSettings> LoadSettings(store::Tx& tx, int64_t company_id);
nlohmann::json SettingsJson(const SalesSettings& s);
// API: GET needs sales.settings.read, PATCH sales.settings.update (If-Match).
Result<nlohmann::json> GetSettings(store::Tx& tx, const security::Access& who);
Result<nlohmann::json> UpdateSettings(store::Tx& tx, const security::Access& who,
                                      const nlohmann::json& body,
                                      const std::function<Status(int64_t)>& check);

}  // namespace concord::sales
