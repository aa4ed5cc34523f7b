#include "party/lifecycle.h"

namespace concord::party {
Result<LifecycleRules> ParseLifecycleRules(const nlohmann::json&) { return LifecycleRules{}; }
nlohmann::json LifecycleRulesJson(const LifecycleRules&) { return nlohmann::json::object(); }
LifecycleResult ComputeLifecycle(std::vector<Date>, Date, const LifecycleRules&) { return {}; }
Status Lifecycle::RecordPurchase(store::Tx&, const Purchase&) const { return Internal("todo"); }
Result<LifecycleResult> Lifecycle::Recompute(store::Tx&, int64_t, int64_t) const {
  return Internal("todo");
}
Result<int64_t> Lifecycle::RecomputeAll(store::Tx&, int64_t) const { return Internal("todo"); }
Result<LifecycleRules> Lifecycle::Rules(store::Tx&, int64_t) const { return Internal("todo"); }
}  // namespace concord::party
