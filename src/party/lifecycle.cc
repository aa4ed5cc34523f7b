#include "party/lifecycle.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/json_input.h"
#include "core/money.h"
#include "party/settings.h"

namespace concord::party {

namespace {
constexpr const char* kSettingKey = "party.lifecycle";
}  // namespace

Result<LifecycleRules> ParseLifecycleRules(const nlohmann::json& j) {
  if (!j.is_object()) return InvalidField("", "type", "Lifecycle rules are an object.");
  LifecycleRules r;
  Fields f(j);
  auto get = [&](const char* name, int64_t& target, int64_t min, int64_t max) {
    if (auto v = f.Int(name, false, min, max)) target = *v;
  };
  get("new_days", r.new_days, 1, 3650);
  get("loyal_min_purchases", r.loyal_min_purchases, 2, 1000);
  get("loyal_min_days", r.loyal_min_days, 0, 3650);
  get("default_interval_days", r.default_interval_days, 1, 3650);
  get("at_risk_factor_pct", r.at_risk_factor_pct, 100, 10000);
  get("churn_factor_pct", r.churn_factor_pct, 100, 100000);
  get("churn_days", r.churn_days, 1, 36500);
  RETURN_IF_ERROR(f.Finish());
  if (r.churn_factor_pct <= r.at_risk_factor_pct) {
    return InvalidField("churn_factor_pct", "range",
                        "churn_factor_pct must be greater than at_risk_factor_pct.");
  }
  return r;
}

nlohmann::json LifecycleRulesJson(const LifecycleRules& r) {
  return {{"new_days", r.new_days},
          {"loyal_min_purchases", r.loyal_min_purchases},
          {"loyal_min_days", r.loyal_min_days},
          {"default_interval_days", r.default_interval_days},
          {"at_risk_factor_pct", r.at_risk_factor_pct},
          {"churn_factor_pct", r.churn_factor_pct},
          {"churn_days", r.churn_days}};
}

LifecycleResult ComputeLifecycle(std::vector<Date> purchases, Date today,
                                 const LifecycleRules& rules) {
  LifecycleResult out;
  std::sort(purchases.begin(), purchases.end(),
            [](Date a, Date b) { return a.days_since_epoch() < b.days_since_epoch(); });
  purchases.erase(
      std::unique(purchases.begin(), purchases.end(),
                  [](Date a, Date b) { return a.days_since_epoch() == b.days_since_epoch(); }),
      purchases.end());
  out.purchases = static_cast<int64_t>(purchases.size());
  if (purchases.empty()) {
    out.status = "prospect";
    out.reason = "No purchase yet.";
    return out;
  }
  int64_t first = purchases.front().days_since_epoch();
  int64_t last = purchases.back().days_since_epoch();
  int64_t since = std::max<int64_t>(0, today.days_since_epoch() - last);
  int64_t usual = rules.default_interval_days;
  if (purchases.size() >= 2) {
    std::vector<int64_t> gaps;
    for (size_t i = 1; i < purchases.size(); ++i) {
      gaps.push_back(purchases[i].days_since_epoch() - purchases[i - 1].days_since_epoch());
    }
    std::sort(gaps.begin(), gaps.end());
    size_t n = gaps.size();
    usual = n % 2 ? gaps[n / 2] : (gaps[n / 2 - 1] + gaps[n / 2] + 1) / 2;
    usual = std::max<int64_t>(1, usual);
  }
  out.usual_interval_days = usual;
  out.days_since_last = since;
  if (since > rules.churn_days || since * 100 > usual * rules.churn_factor_pct) {
    out.status = "churned";
    out.reason =
        fmt::format("{} days since the last purchase; usual interval {} days.", since, usual);
  } else if (since * 100 > usual * rules.at_risk_factor_pct) {
    out.status = "at_risk";
    out.reason = fmt::format("{} days since the last purchase exceeds {}% of the usual {} days.",
                             since, rules.at_risk_factor_pct, usual);
  } else if (today.days_since_epoch() - first <= rules.new_days) {
    out.status = "new";
    out.reason = fmt::format("First purchase {} days ago.", today.days_since_epoch() - first);
  } else if (out.purchases >= rules.loyal_min_purchases && last - first >= rules.loyal_min_days) {
    out.status = "loyal";
    out.reason = fmt::format("{} purchases over {} days, still buying at the usual rhythm.",
                             out.purchases, last - first);
  } else {
    out.status = "active";
    out.reason = fmt::format("Buying at the usual rhythm ({} purchases).", out.purchases);
  }
  return out;
}

Result<LifecycleRules> Lifecycle::Rules(store::Tx& tx, int64_t company_id) const {
  ASSIGN_OR_RETURN(auto s, LoadSetting(tx, company_id, kSettingKey, nlohmann::json::object()));
  return ParseLifecycleRules(s.value);
}

Status Lifecycle::RecordPurchase(store::Tx& tx, const Purchase& p) const {
  int64_t company = tx.actor().company_id;
  ASSIGN_OR_RETURN(auto party, tx.One("SELECT 1 FROM parties WHERE id = ? AND company_id = ?",
                                      p.party_id, company));
  if (!party) return InvalidField("party_id", "not_found", "No such party.");
  auto money = Money::Parse(p.amount, p.currency);
  if (!money.ok()) return InvalidField("amount", "decimal.invalid", money.status().message());
  RETURN_IF_ERROR(
      tx.Exec("INSERT INTO party_purchases (company_id, party_id, occurred_on, amount, "
              "currency, source, source_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              company, p.party_id, p.occurred_on.ToString(), money->ToString(), p.currency,
              p.source, p.source_id, clock_.Now().ToIso())
          .status());
  return Recompute(tx, company, p.party_id).status();
}

Result<LifecycleResult> Lifecycle::Recompute(store::Tx& tx, int64_t company_id,
                                             int64_t party_id) const {
  ASSIGN_OR_RETURN(LifecycleRules rules, Rules(tx, company_id));
  ASSIGN_OR_RETURN(auto company,
                   tx.One("SELECT time_zone FROM companies WHERE id = ?", company_id));
  if (!company) return NotFound("company");
  ASSIGN_OR_RETURN(Date today, BusinessDate(clock_.Now(), company->Text(0)));
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT occurred_on FROM party_purchases WHERE party_id = ? "
                                      "AND company_id = ?",
                                      party_id, company_id));
  std::vector<Date> dates;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(Date d, Date::Parse(r.Text(0)));
    dates.push_back(d);
  }
  LifecycleResult result = ComputeLifecycle(std::move(dates), today, rules);
  ASSIGN_OR_RETURN(auto party,
                   tx.One("SELECT lifecycle FROM parties WHERE id = ? AND company_id = ?", party_id,
                          company_id));
  if (!party) return NotFound("party");
  if (party->Text(0) != result.status && tx.writable()) {
    RETURN_IF_ERROR(tx.Exec("UPDATE parties SET lifecycle = ?, lifecycle_at = ? WHERE id = ?",
                            result.status, clock_.Now().ToIso(), party_id)
                        .status());
    tx.Audit({"party",
              party_id,
              "lifecycle",
              {{"lifecycle", {party->Text(0), result.status}}},
              company_id});
    tx.Emit({"party.lifecycle_changed",
             "party",
             party_id,
             {{"from", party->Text(0)}, {"to", result.status}, {"reason", result.reason}},
             company_id});
  }
  return result;
}

Result<int64_t> Lifecycle::RecomputeAll(store::Tx& tx, int64_t company_id) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, lifecycle FROM parties WHERE company_id = ? AND "
                                      "active = 1 ORDER BY id",
                                      company_id));
  int64_t changed = 0;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(auto result, Recompute(tx, company_id, r.Int(0)));
    if (result.status != r.Text(1)) ++changed;
  }
  return changed;
}

}  // namespace concord::party
