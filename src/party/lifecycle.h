// The lifecycle status of a customer, computed from its purchase history:
//   prospect  no purchase yet;
//   new       first purchase within `new_days`, or fewer than `loyal_min_purchases` purchases
//             and the last purchase recent;
//   active    buying at its usual rhythm;
//   loyal     at least `loyal_min_purchases` purchases over at least `loyal_min_days`, and
//             buying at its usual rhythm;
//   at_risk   the gap since the last purchase exceeds `at_risk_factor` times the customer's
//             usual interval (median gap between purchases; `default_interval_days` with a
//             single purchase);
//   churned   the gap exceeds `churn_factor` times the usual interval, or `churn_days`.
// The history is fed by the sales area (RecordPurchase inside its own transaction) and can be
// imported from an earlier system; every change recomputes the status.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::party {

struct LifecycleRules {
  int64_t new_days = 90;
  int64_t loyal_min_purchases = 5;
  int64_t loyal_min_days = 180;
  int64_t default_interval_days = 90;
  // Factors in hundredths: 200 = 2.0 times the usual interval.
  int64_t at_risk_factor_pct = 200;
  int64_t churn_factor_pct = 400;
  int64_t churn_days = 730;
};
Result<LifecycleRules> ParseLifecycleRules(const nlohmann::json& j);
nlohmann::json LifecycleRulesJson(const LifecycleRules& r);

struct LifecycleResult {
  std::string status;  // prospect | new | active | loyal | at_risk | churned
  std::string reason;  // English explanation with the numbers
  int64_t purchases = 0;
  std::optional<int64_t> usual_interval_days;
  std::optional<int64_t> days_since_last;
};

// Pure: the status of a history of purchase dates (any order, duplicates allowed) on `today`.
LifecycleResult ComputeLifecycle(std::vector<Date> purchases, Date today,
                                 const LifecycleRules& rules);

struct Purchase {
  int64_t party_id = 0;
  Date occurred_on;
  std::string amount;    // decimal string
  std::string currency;  // ISO 4217
  std::string source;    // "sales_order", "import" ...
  std::optional<int64_t> source_id;
};

class Lifecycle {
 public:
  explicit Lifecycle(const Clock& clock) : clock_(clock) {}

  // The interface the sales area feeds: records a purchase of a party of the actor's company
  // and recomputes its status (audited and published when it changes).
  Status RecordPurchase(store::Tx& tx, const Purchase& purchase) const;
  // Recomputes one party's status from its history at today's date (company time zone).
  Result<LifecycleResult> Recompute(store::Tx& tx, int64_t company_id, int64_t party_id) const;
  // Recomputes every party of the company (statuses move with time alone); returns how many
  // changed.
  Result<int64_t> RecomputeAll(store::Tx& tx, int64_t company_id) const;
  Result<LifecycleRules> Rules(store::Tx& tx, int64_t company_id) const;

 private:
  const Clock& clock_;
};

}  // namespace concord::party
