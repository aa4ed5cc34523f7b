// The pure rules of leads: the status machine, rule-based scoring (fit + engagement) and the
// assignment rules (round-robin or criteria). No I/O; every function is thread-safe.
//
// Scoring rules document (setting "crm.lead_scoring"):
//   {"fit": [{"field": "employees", "op": ">=", "value": 100, "points": 20, "label": "..."}],
//    "engagement": [{"signal": "activities_done", "op": ">=", "value": 2, "points": 10},
//                   {"signal": "campaign_responded", "points": 15}]}
// Fit fields and their kinds:
//   text:    source, country, city, industry, company_name, contact_name, email, phone
//   integer: employees, campaign_id
//   decimal: estimated_value (compared as a number in the lead's own currency)
// Ops: "=", "!=", "in", "not_in" (every kind); ">", ">=", "<", "<=" (integer and decimal);
// "present", "absent" (every kind, no value). Text compares ASCII case-insensitively.
// Engagement signals: activities_done (integer ops), campaign_responded (no op, or "=" with a
// boolean value). Points are integers in -1000..1000.
//
// Assignment rules document (setting "crm.lead_assignment"):
//   {"mode": "none"}
//   {"mode": "round_robin", "users": [5, 7]}
//   {"mode": "criteria", "rules": [{"when": {"country": "CN", "source": ["web", "event"]},
//    "user_id": 5}], "fallback_users": [7, 9]}
// `when` keys: source, country, city, industry (a string or a list of strings), campaign_id (an
// integer or a list); all keys of a rule must match; the first matching rule wins; no match
// rotates over fallback_users (none: the lead stays with its creator).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace concord::crm {

// --- status machine
const std::vector<std::string>& LeadSources();
const std::vector<std::string>& LeadStatuses();
// Whether the status verb may move a lead from `from` to `to`. "converted" is reached only
// through conversion (LeadConvertible).
bool LeadTransitionAllowed(std::string_view from, std::string_view to);
bool LeadConvertible(std::string_view status);

// --- scoring
// What the rules read of a lead. `fields` is an object with the fit fields above (null when
// the lead has no value).
struct LeadFacts {
  nlohmann::json fields = nlohmann::json::object();
  int64_t activities_done = 0;
  bool campaign_responded = false;
};

struct LeadScore {
  int64_t points = 0;
  // The rules that matched, in rule order: [{"group": "fit", "field", "op", "value",
  // "points", "label"}] (engagement items carry "signal" instead of "field").
  nlohmann::json detail = nlohmann::json::array();
};

nlohmann::json DefaultScoringRules();
// OK, or InvalidArgument with one field error per problem; field paths start with `prefix`
// (e.g. "value/fit/0/op").
Status ValidateScoringRules(const nlohmann::json& rules, const std::string& prefix = "");
// Precondition: the rules validated.
LeadScore EvaluateScore(const nlohmann::json& rules, const LeadFacts& facts);

// --- assignment
nlohmann::json DefaultAssignmentRules();  // {"mode": "none"}
Status ValidateAssignmentRules(const nlohmann::json& rules, const std::string& prefix = "");
// Every user id the rules name, with its field path (for the membership check).
std::vector<std::pair<std::string, int64_t>> AssignmentUserRefs(const nlohmann::json& rules,
                                                                const std::string& prefix = "");

// Who a new lead goes to: a fixed user (a criteria rule matched) or a rotation over users.
struct AssignmentChoice {
  std::optional<int64_t> user_id;
  std::vector<int64_t> rotation;
};
// Precondition: the rules validated. `fields` as in LeadFacts.
AssignmentChoice ChooseAssignee(const nlohmann::json& rules, const nlohmann::json& fields);
// The rotation in the order to try from round-robin `position` (wrapping around).
std::vector<int64_t> RotationOrder(const std::vector<int64_t>& users, int64_t position);

}  // namespace concord::crm
