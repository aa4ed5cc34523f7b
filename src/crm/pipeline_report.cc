#include "crm/pipeline_report.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/money.h"
#include "crm/opportunity_service.h"
#include "store/row_json.h"

namespace concord::crm {
namespace {

using nlohmann::json;

// Exact per-currency sums: amounts in minor units, weighted amounts at minor units + 2 digits
// (amount × probability percent), both wide enough never to overflow on realistic data.
struct Sums {
  int64_t count = 0;
  __int128 amount = 0;
  __int128 weighted = 0;
};

Result<std::string> FormatWide(__int128 value, int scale) {
  if (value > INT64_MAX || value < INT64_MIN) {
    return InvalidArgument("decimal.overflow", "The sum is too large.");
  }
  return FormatScaled(static_cast<int64_t>(value), scale);
}

Result<json> SumsJson(const std::string& currency, const Sums& s) {
  ASSIGN_OR_RETURN(Currency cur, Currency::FromCode(currency));
  ASSIGN_OR_RETURN(int64_t weighted, DivRound(s.weighted, 100, RoundingMode::kHalfUp));
  json out = {{"currency", currency}, {"count", s.count}};
  ASSIGN_OR_RETURN(out["amount"], FormatWide(s.amount, cur.minor_units()));
  out["weighted"] = FormatScaled(weighted, cur.minor_units());
  return out;
}

Result<int64_t> Minor(const store::Record& r) {
  ASSIGN_OR_RETURN(Money m, Money::Parse(r.Text("amount"), r.Text("currency")));
  return m.minor();
}

// Appends the range conditions on `column` (a date or a timestamp text).
void AddRange(std::string& sql, std::vector<store::Value>& params, const std::string& column,
              const DateRange& range) {
  if (range.from) {
    sql += " AND " + column + " >= ?";
    params.emplace_back(range.from->ToString());
  }
  if (range.to) {
    // Dates compare as text; the day after makes the bound inclusive for timestamps too.
    sql += " AND " + column + " < ?";
    params.emplace_back(range.to->AddDays(1).ToString());
  }
}

json RangeJson(const DateRange& range) {
  return {{"from", range.from ? json(range.from->ToString()) : json()},
          {"to", range.to ? json(range.to->ToString()) : json()}};
}

// The group of a forecast row: a sort key and the key shown.
std::pair<std::string, json> GroupKey(const std::string& group, const store::Record& r) {
  if (group == "month") {
    if (r.IsNull("expected_close")) return {"~", "none"};
    std::string month = r.Text("expected_close").substr(0, 7);
    return {month, month};
  }
  const char* col = group == "owner" ? "owner_user_id" : "department_id";
  if (r.IsNull(col)) return {"~", nullptr};
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%020lld", static_cast<long long>(r.Int(col)));
  return {buf, r.Int(col)};
}

int64_t Seconds(const std::string& from, const std::string& to) {
  auto a = Timestamp::ParseIso(from);
  auto b = Timestamp::ParseIso(to);
  if (!a.ok() || !b.ok() || *b < *a) return 0;
  return std::chrono::duration_cast<std::chrono::seconds>(*b - *a).count();
}

// won / (won + lost) with 4 decimals, half-up; null when nothing closed.
json WinRate(int64_t won, int64_t lost) {
  if (won + lost == 0) return nullptr;
  auto r = DivRound(static_cast<__int128>(won) * 10000, won + lost, RoundingMode::kHalfUp);
  return r.ok() ? json(FormatScaled(*r, 4)) : json();
}

Result<json> AmountList(const std::map<std::string, __int128>& sums) {
  json out = json::array();
  for (const auto& [currency, minor] : sums) {
    ASSIGN_OR_RETURN(Currency cur, Currency::FromCode(currency));
    ASSIGN_OR_RETURN(std::string amount, FormatWide(minor, cur.minor_units()));
    out.push_back({{"currency", currency}, {"amount", amount}});
  }
  return out;
}

struct OwnerTally {
  int64_t won = 0, lost = 0;
  std::map<std::string, __int128> won_amount;
};

// What the win/loss analysis adds up over closed opportunities.
struct ClosedTally {
  int64_t won = 0, lost = 0, seconds = 0;
  std::map<std::string, __int128> won_amount, lost_amount;
  std::map<std::string, int64_t> reasons;
  std::map<int64_t, OwnerTally> owners;

  Status Add(const store::Record& r) {
    ASSIGN_OR_RETURN(int64_t minor, Minor(r));
    OwnerTally& owner = owners[r.OptInt("owner_user_id").value_or(0)];
    const std::string& currency = r.Text("currency");
    if (r.Text("status") == "won") {
      ++won;
      ++owner.won;
      won_amount[currency] += minor;
      owner.won_amount[currency] += minor;
    } else {
      ++lost;
      ++owner.lost;
      lost_amount[currency] += minor;
      ++reasons[r.OptText("lost_reason").value_or("")];
    }
    seconds += Seconds(r.Text("created_at"), r.Text("closed_at"));
    return Status::Ok();
  }
};

Result<json> ByOwner(const std::map<int64_t, OwnerTally>& owners) {
  json out = json::array();
  for (const auto& [owner, t] : owners) {
    ASSIGN_OR_RETURN(json amounts, AmountList(t.won_amount));
    out.push_back({{"owner_user_id", owner == 0 ? json() : json(owner)},
                   {"won", t.won},
                   {"lost", t.lost},
                   {"win_rate", WinRate(t.won, t.lost)},
                   {"won_amount", amounts}});
  }
  return out;
}

json ReasonList(const std::map<std::string, int64_t>& reasons) {
  std::vector<std::pair<std::string, int64_t>> v(reasons.begin(), reasons.end());
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  json out = json::array();
  for (const auto& [reason, n] : v) out.push_back({{"reason", reason}, {"count", n}});
  return out;
}

}  // namespace

Result<json> Forecast(store::Tx& tx, const security::Access& who, const std::string& group,
                      const DateRange& range) {
  security::SqlFilter vis = who.Visible("crm.opportunity.read", {}, "t.");
  std::string sql =
      "SELECT t.amount, t.currency, t.probability, t.expected_close, t.owner_user_id, "
      "t.department_id FROM opportunities t WHERE " +
      vis.sql + " AND t.status = 'open'";
  std::vector<store::Value> params = vis.params;
  AddRange(sql, params, "t.expected_close", range);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, params));
  std::map<std::pair<std::string, std::string>, Sums> groups;
  std::map<std::pair<std::string, std::string>, json> keys;
  std::map<std::string, Sums> totals;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(int64_t minor, Minor(r));
    auto [sort, key] = GroupKey(group, r);
    std::pair<std::string, std::string> k{sort, r.Text("currency")};
    keys[k] = key;
    for (Sums* s : {&groups[k], &totals[r.Text("currency")]}) {
      s->count += 1;
      s->amount += minor;
      s->weighted += static_cast<__int128>(minor) * r.Int("probability");
    }
  }
  json out = RangeJson(range);
  out["group"] = group;
  out["items"] = json::array();
  for (const auto& [k, sums] : groups) {
    ASSIGN_OR_RETURN(json item, SumsJson(k.second, sums));
    item["key"] = keys[k];
    out["items"].push_back(std::move(item));
  }
  out["totals"] = json::array();
  for (const auto& [currency, sums] : totals) {
    ASSIGN_OR_RETURN(json item, SumsJson(currency, sums));
    out["totals"].push_back(std::move(item));
  }
  return out;
}

Result<json> WinLoss(store::Tx& tx, const security::Access& who, const DateRange& range) {
  security::SqlFilter vis = who.Visible("crm.opportunity.read", {}, "t.");
  std::string sql =
      "SELECT t.status, t.amount, t.currency, t.lost_reason, t.owner_user_id, t.created_at, "
      "t.closed_at FROM opportunities t WHERE " +
      vis.sql + " AND t.status IN ('won', 'lost') AND t.closed_at IS NOT NULL";
  std::vector<store::Value> params = vis.params;
  AddRange(sql, params, "t.closed_at", range);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY t.id", params));
  ClosedTally t;
  for (const auto& r : rows) RETURN_IF_ERROR(t.Add(r));
  json out = RangeJson(range);
  out["won"] = t.won;
  out["lost"] = t.lost;
  out["win_rate"] = WinRate(t.won, t.lost);
  ASSIGN_OR_RETURN(out["won_amount"], AmountList(t.won_amount));
  ASSIGN_OR_RETURN(out["lost_amount"], AmountList(t.lost_amount));
  out["lost_reasons"] = ReasonList(t.reasons);
  out["avg_days_to_close"] = nullptr;
  if (t.won + t.lost > 0) {
    ASSIGN_OR_RETURN(int64_t tenths, DivRound(static_cast<__int128>(t.seconds) * 10,
                                              (t.won + t.lost) * 86400, RoundingMode::kHalfUp));
    out["avg_days_to_close"] = FormatScaled(tenths, 1);
  }
  ASSIGN_OR_RETURN(out["by_owner"], ByOwner(t.owners));
  return out;
}

Result<json> StageDurations(store::Tx& tx, const security::Access& who, const Clock& clock) {
  ASSIGN_OR_RETURN(auto stages, tx.Rows("SELECT id, name, outcome, sequence FROM "
                                        "opportunity_stages WHERE company_id = ? ORDER BY "
                                        "sequence, id",
                                        who.company_id()));
  security::SqlFilter vis = who.Visible("crm.opportunity.read", {}, "t.");
  ASSIGN_OR_RETURN(auto rows, tx.RowsV("SELECT h.stage_id, h.entered_at, h.left_at FROM "
                                       "opportunity_stage_history h JOIN opportunities t ON "
                                       "t.id = h.opportunity_id WHERE " +
                                           vis.sql,
                                       vis.params));
  struct Tally {
    int64_t completed = 0, total = 0, current = 0, current_total = 0;
  };
  std::map<int64_t, Tally> tally;
  std::string now = clock.Now().ToIso();
  for (const auto& r : rows) {
    Tally& t = tally[r.Int("stage_id")];
    if (r.IsNull("left_at")) {
      ++t.current;
      t.current_total += Seconds(r.Text("entered_at"), now);
    } else {
      ++t.completed;
      t.total += Seconds(r.Text("entered_at"), r.Text("left_at"));
    }
  }
  json items = json::array();
  for (const auto& s : stages) {
    const Tally& t = tally[s.Int("id")];
    items.push_back(
        {{"stage_id", s.Int("id")},
         {"name", s.Text("name")},
         {"outcome", s.Text("outcome")},
         {"sequence", s.Int("sequence")},
         {"completed", t.completed},
         {"total_seconds", t.total},
         {"avg_seconds", t.completed ? json(t.total / t.completed) : json()},
         {"current", t.current},
         {"current_avg_seconds", t.current ? json(t.current_total / t.current) : json()}});
  }
  return json{{"items", items}};
}

Result<json> OpportunityHistory(store::Tx& tx, const security::Access& who, const Clock& clock,
                                int64_t opportunity_id) {
  ASSIGN_OR_RETURN(auto opp, tx.One("SELECT owner_user_id, department_id FROM opportunities "
                                    "WHERE id = ? AND company_id = ?",
                                    opportunity_id, who.company_id()));
  if (!opp) return NotFound("opportunity");
  RETURN_IF_ERROR(who.CheckRecord(
      "crm.opportunity.read", {who.company_id(), opp->OptInt(0), opp->OptInt(1)}, "opportunity"));
  ASSIGN_OR_RETURN(auto rows,
                   tx.Rows("SELECT h.id, h.stage_id, s.name AS stage_name, s.outcome, "
                           "h.entered_at, h.left_at, h.user_id FROM opportunity_stage_history h "
                           "JOIN opportunity_stages s ON s.id = h.stage_id WHERE "
                           "h.opportunity_id = ? ORDER BY h.id",
                           opportunity_id));
  std::string now = clock.Now().ToIso();
  json items = json::array();
  for (const auto& r : rows) {
    json item = TypedRow(r, {"id", "stage_id", "user_id"});
    item["seconds"] = Seconds(r.Text("entered_at"), r.OptText("left_at").value_or(now));
    items.push_back(std::move(item));
  }
  return json{{"items", items}};
}

}  // namespace concord::crm
