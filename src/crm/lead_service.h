// Leads: prospective business before it becomes a party. A lead moves new → contacted →
// qualified and is converted (one transaction creating or linking the party, its contact and
// an opportunity) or disqualified with a reason; the transitions are data in lead_rules.h.
// Each lead carries a rule-based score (fit + engagement, rules in the setting
// "crm.lead_scoring") with the matched rules as explanation, and a new lead without an owner is
// assigned by the rules in "crm.lead_assignment" (round-robin or criteria).
//
// Every method runs inside the caller's transaction and goes through security::Access (lists
// use Visible("crm.lead.read", "t."), single reads CheckRecord, mutations check the record
// under crm.lead.update). Thread-safety: stateless apart from the references it holds.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "crm/opportunity_service.h"
#include "http/list_sort.h"
#include "party/service.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::crm {

inline constexpr const char* kLeadScoringKey = "crm.lead_scoring";
inline constexpr const char* kLeadAssignmentKey = "crm.lead_assignment";
inline constexpr const char* kLeadAssignmentStateKey = "crm.lead_assignment.state";

struct LeadFilter {
  std::string status;
  std::optional<int64_t> owner_user_id;
  std::string q;  // prefix of title, company name, contact name or e-mail
};

class Leads {
 public:
  Leads(const Clock& clock, const party::Parties& parties, const Opportunities& opportunities)
      : clock_(clock), parties_(parties), opportunities_(opportunities) {}

  // What List sorts by: title (in any letter case), created_at.
  static const http::SortSpec kSorts;
  // One page of the leads the caller may read: {"items", "next_cursor"}.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, const LeadFilter& f,
                              const http::ListPage& page) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // Body: title (required), source, campaign_id, company_name, contact_name, email, phone,
  // city, country, industry, employees, estimated_value + currency, notes, owner_user_id.
  // Without owner_user_id the assignment rules (if any) pick the owner, else the caller.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // The same fields (all optional; null clears the optional ones). Status only via verbs.
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check) const;
  // Body {"status": "contacted"|"qualified"|"disqualified", "reason"} (reason required for
  // disqualified). FailedPrecondition "lead.invalid_transition" naming the current status.
  // `check` may be empty (no version given).
  Result<nlohmann::json> ChangeStatus(store::Tx& tx, const security::Access& who, int64_t id,
                                      const nlohmann::json& body, const VersionCheck& check) const;
  // Body {"party_id", "create_party": {overrides}, "contact": bool, "opportunity": {...} |
  // null, "allow_duplicates": bool}. Creates or links the party (a likely duplicate fails with
  // Conflict "party.possible_duplicates" carrying "candidates", nothing written), the contact
  // (organisations with a lead contact name) and the opportunity, then marks the lead
  // converted. Returns the lead (with party_id, contact_id, opportunity_id).
  Result<nlohmann::json> Convert(store::Tx& tx, const security::Access& who, int64_t id,
                                 const nlohmann::json& body, const VersionCheck& check) const;

 private:
  Result<nlohmann::json> LoadChecked(store::Tx& tx, const security::Access& who, int64_t id,
                                     const std::string& permission) const;
  // The linked party (body "party_id", already checked) or a new one made from the lead.
  Result<nlohmann::json> ConversionParty(store::Tx& tx, const security::Access& who,
                                         const nlohmann::json& lead,
                                         const nlohmann::json& body) const;

  const Clock& clock_;
  const party::Parties& parties_;
  const Opportunities& opportunities_;
};

// Recomputes a lead's score from the company's rules and its engagement (completed activities
// linked to it; a "responded"/"converted" membership of its party in its campaign). No audit
// or event: the score is derived data, the version does not change. For other CRM parts, e.g.
// after an activity linked to the lead is completed. NotFound if no such lead in the company.
Status RescoreLead(store::Tx& tx, int64_t company_id, int64_t lead_id);

// Settings documents: {"value", "version" (0 when none stored), "is_default"}.
Result<nlohmann::json> GetLeadScoring(store::Tx& tx, const security::Access& who);
// Body {"value": rules, "version"}; validates, stores, rescores the company's open leads.
Result<nlohmann::json> PutLeadScoring(store::Tx& tx, const security::Access& who,
                                      const nlohmann::json& body, const VersionCheck& check);
Result<nlohmann::json> GetLeadAssignment(store::Tx& tx, const security::Access& who);
// Body {"value": rules, "version"}; every user must be an active member of the company.
Result<nlohmann::json> PutLeadAssignment(store::Tx& tx, const security::Access& who,
                                         const nlohmann::json& body, const VersionCheck& check);

}  // namespace concord::crm
