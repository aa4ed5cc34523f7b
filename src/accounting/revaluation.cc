// Unrealised revaluation of open foreign-currency items at a date, auto-reversed the next day.
#include <map>

#include "accounting/currency_rates.h"
#include "accounting/matching.h"
#include "core/json_input.h"
#include "core/money.h"
#include "security/company.h"

namespace concord::accounting {
namespace {

using nlohmann::json;

// The revaluation lines of the open foreign items as of `day` (control side only) and the
// sums of gains and losses.
struct Plan {
  std::vector<PostingLine> lines;
  int64_t gains = 0;
  int64_t losses = 0;
  json items = json::array();
};

Result<Plan> PlanRevaluation(store::Tx& tx, int64_t company_id, Date day, const std::string& own) {
  std::string d = day.ToString();
  ASSIGN_OR_RETURN(
      auto rows,
      tx.Rows("SELECT * FROM (SELECT l.id, l.account_id, l.party_id, l.currency, l.due_date, " +
                  internal::ResidualAsOfSql(false) + " AS residual, " +
                  internal::ResidualAsOfSql(true) +
                  " AS residual_currency FROM journal_lines l JOIN accounts a ON a.id = "
                  "l.account_id WHERE l.company_id = ? AND l.posted = 1 AND a.reconcilable = 1 "
                  "AND l.currency <> ? AND l.date <= ?) x WHERE x.residual_currency <> 0 ORDER "
                  "BY x.id",
              d, d, d, d, company_id, own, d));
  std::map<std::string, Rate> rates;
  Plan plan;
  for (const auto& r : rows) {
    std::string cur = r.Text(3);
    if (!rates.count(cur)) {
      ASSIGN_OR_RETURN(Rate rate, RateOn(tx, company_id, cur, day));
      rates[cur] = rate;
    }
    ASSIGN_OR_RETURN(int64_t value, ToCompany(r.Int(6), rates[cur], own));
    int64_t diff = value - r.Int(5);
    if (diff == 0) continue;
    PostingLine l{.account_id = r.Int(1), .party_id = r.OptInt(2)};
    (diff > 0 ? l.debit : l.credit) = diff > 0 ? diff : -diff;
    if (!r.IsNull(4)) {
      ASSIGN_OR_RETURN(Date due, Date::Parse(r.Text(4)));
      l.due_date = due;
    }
    l.description = "Revaluation of line " + std::to_string(r.Int(0)) + " at " + rates[cur].text;
    (diff > 0 ? plan.gains : plan.losses) += diff > 0 ? diff : -diff;
    plan.lines.push_back(l);
    plan.items.push_back({{"line_id", r.Int(0)},
                          {"currency", cur},
                          {"rate", rates[cur].text},
                          {"difference_minor", diff}});
  }
  return plan;
}

}  // namespace

Result<json> Matching::Revalue(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.entry.approve"));
  Fields f(body);
  auto day = f.Day("date", true);
  RETURN_IF_ERROR(f.Finish());
  int64_t company = who.company_id();
  ASSIGN_OR_RETURN(auto done, tx.One("SELECT id FROM journal_entries WHERE company_id = ? AND "
                                     "kind = 'revaluation' AND date = ?",
                                     company, day->ToString()));
  if (done) {
    return Conflict("accounting.revaluation_exists",
                    "Open items were already revalued on " + day->ToString() + ".");
  }
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, company));
  ASSIGN_OR_RETURN(Plan plan, PlanRevaluation(tx, company, *day, own));
  json out = {{"date", day->ToString()},
              {"items", plan.items},
              {"entry_id", nullptr},
              {"reversal_id", nullptr}};
  if (plan.lines.empty()) return out;
  PostingEntry e;
  e.company_id = company;
  ASSIGN_OR_RETURN(e.journal_id, JournalByKind(tx, company, "general"));
  e.date = *day;
  e.kind = "revaluation";
  e.description = "Unrealised exchange revaluation at " + day->ToString();
  e.lines = std::move(plan.lines);
  if (plan.gains > 0) {
    ASSIGN_OR_RETURN(int64_t gain, AccountByRole(tx, company, "fx_gain"));
    e.lines.push_back({.account_id = gain, .credit = plan.gains, .description = e.description});
  }
  if (plan.losses > 0) {
    ASSIGN_OR_RETURN(int64_t loss, AccountByRole(tx, company, "fx_loss"));
    e.lines.push_back({.account_id = loss, .debit = plan.losses, .description = e.description});
  }
  ASSIGN_OR_RETURN(Posted posted, ledger_.Post(tx, e, who.user_id()));
  ASSIGN_OR_RETURN(Posted reversal,
                   ledger_.Reverse(tx, company, posted.entry_id, day->AddDays(1), who.user_id(),
                                   "Auto-reversal of revaluation " + posted.number));
  out["entry_id"] = posted.entry_id;
  out["number"] = posted.number;
  out["reversal_id"] = reversal.entry_id;
  out["reversal_number"] = reversal.number;
  ASSIGN_OR_RETURN(Currency c, Currency::FromCode(own));
  out["gains"] = Money::FromMinor(plan.gains, c).ToString();
  out["losses"] = Money::FromMinor(plan.losses, c).ToString();
  return out;
}

}  // namespace concord::accounting
