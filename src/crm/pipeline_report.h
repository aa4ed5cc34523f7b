// Pipeline reports: the weighted forecast of open opportunities, the win/loss analysis of closed
// ones, the time opportunities spend in each stage, and one opportunity's stage history.
//
// Every report reads opportunities through Access::Visible("crm.opportunity.read"), so a sales
// rep with "own" scope sees figures of own opportunities only, exactly like the list.
// Amounts are summed per currency with exact decimal arithmetic (core/money.h): a weighted
// amount is Σ amount × probability / 100 computed exactly and rounded half-up once, to the
// currency's minor unit, at the end. Durations are whole seconds; "now" comes from the clock.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::crm {

struct DateRange {
  std::optional<Date> from;  // inclusive
  std::optional<Date> to;    // inclusive
};

// group: "month" (of expected_close, "none" when unset), "owner" or "department". The range
// limits expected_close. {"group", "from", "to", "items": [{"key", "currency", "count",
// "amount", "weighted"}], "totals": [{"currency", "count", "amount", "weighted"}]}.
Result<nlohmann::json> Forecast(store::Tx& tx, const security::Access& who,
                                const std::string& group, const DateRange& range);

// Opportunities closed (won or lost) in the range (by the UTC date of closed_at): {"won",
// "lost", "win_rate" (won / closed as a decimal string with 4 digits, null when none closed),
// "won_amount": [{"currency", "amount"}], "lost_amount": [...], "lost_reasons": [{"reason",
// "count"}], "avg_days_to_close" (creation to close, 1 decimal), "by_owner": [{"owner_user_id",
// "won", "lost", "win_rate", "won_amount"}]}.
Result<nlohmann::json> WinLoss(store::Tx& tx, const security::Access& who, const DateRange& range);

// Per stage (active or not, by sequence): {"stage_id", "name", "outcome", "completed" (stays
// that ended), "avg_seconds" and "total_seconds" of those, "current" (opportunities in it now),
// "current_avg_seconds" (their time so far)}.
Result<nlohmann::json> StageDurations(store::Tx& tx, const security::Access& who,
                                      const Clock& clock);

// The stage history of an opportunity the caller may see: [{"stage_id", "stage_name",
// "outcome", "entered_at", "left_at", "user_id", "seconds"}] (the open row: until now).
Result<nlohmann::json> OpportunityHistory(store::Tx& tx, const security::Access& who,
                                          const Clock& clock, int64_t opportunity_id);

}  // namespace concord::crm
