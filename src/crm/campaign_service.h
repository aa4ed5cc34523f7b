// Campaigns: a channel, a budget, dates, a target segment and members (parties) whose status
// moves forward only: targeted → sent → responded → converted. The campaign itself is a state
// machine: planned → active → done, and planned/active → cancelled.
//
// Response tracking (Stats) counts members by status; the response rate and the cost per
// response are exact decimals. Revenue attribution and ROI come from the sales area through
// CampaignRevenue (below), which has no source yet.
//
// Every method runs inside the caller's transaction and follows the crm.campaign.* record
// rules (another company's or an invisible campaign is "not found"). Members are parties the
// caller may see (party::Parties::CheckLink / MatchIds).
// Thread-safety: stateless apart from the references it holds.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/money.h"
#include "core/status.h"
#include "core/time.h"
#include "crm/segment_service.h"
#include "http/list_sort.h"
#include "party/service.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::crm {

// The most parties one "members from segment" call adds; a bigger segment is added up to this
// many (lowest ids first) and the answer says "capped": true.
inline constexpr int64_t kMaxSegmentMembers = 100000;
// The most party ids one "add members" call takes.
inline constexpr size_t kMaxMembersPerCall = 1000;

// HOOK for the sales area (issue #3, item 6): the revenue of orders attributed to the campaign,
// in the campaign's currency. Returns nullopt while no area attributes revenue — today always;
// Stats then reports "revenue" and "roi" as null with "revenue_source": "pending_sales_area".
// When the sales area lands it replaces the body (e.g. summing confirmed orders whose
// campaign_id is the campaign, converted to its currency) and Stats computes
// roi = (revenue − budget) / budget with "revenue_source": "sales_orders".
Result<std::optional<Money>> CampaignRevenue(store::Tx& tx, int64_t company_id,
                                             int64_t campaign_id);

struct CampaignFilter {
  std::string status;   // empty: any
  std::string channel;  // empty: any
  std::optional<int64_t> segment_id;
  std::optional<int64_t> owner_user_id;
};

class Campaigns {
 public:
  Campaigns(const Clock& clock, const party::Parties& parties, const Segments& segments)
      : clock_(clock), parties_(parties), segments_(segments) {}

  // What List sorts by: name (in any letter case), starts_on (campaigns without a start last).
  static const http::SortSpec kSorts;
  // One page of the campaigns the caller may read: {"items", "next_cursor"}.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who,
                              const CampaignFilter& filter, const http::ListPage& page) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // Starts "planned". Budget defaults to 0, currency to the company's.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // FailedPrecondition "campaign.cancelled" for a cancelled campaign.
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const party::VersionCheck& check) const;
  // verb: "activate" (planned → active), "complete" (active → done), "cancel" (planned or
  // active → cancelled). FailedPrecondition "campaign.transition" from any other status.
  Result<nlohmann::json> Transition(store::Tx& tx, const security::Access& who, int64_t id,
                                    const std::string& verb) const;

  // {"party_ids": [...]}: adds parties as "targeted" (duplicates ignored). Only while planned
  // or active. Returns {"added", "already_members"}.
  Result<nlohmann::json> AddMembers(store::Tx& tx, const security::Access& who, int64_t id,
                                    const nlohmann::json& body) const;
  // Adds every party of the campaign's segment that the caller may see (at most
  // kMaxSegmentMembers). Returns {"added", "matched", "capped"}.
  Result<nlohmann::json> AddSegmentMembers(store::Tx& tx, const security::Access& who,
                                           int64_t id) const;
  // Keyset-paginated by member id; `status` empty for all.
  Result<nlohmann::json> ListMembers(store::Tx& tx, const security::Access& who, int64_t id,
                                     const std::string& status, int64_t limit, int64_t after) const;
  // {"status": "sent" | "responded" | "converted"}: forward only (Conflict
  // "campaign_member.backward" otherwise); sets the time of every stage reached. Only while the
  // campaign is active or done.
  Result<nlohmann::json> SetMemberStatus(store::Tx& tx, const security::Access& who, int64_t id,
                                         int64_t party_id, const nlohmann::json& body) const;

  // {"members", "by_status": {...}, "response_rate", "conversion_rate", "budget", "currency",
  // "cost_per_response", "cost_per_conversion", "revenue", "roi", "revenue_source"}.
  // Rates are decimal strings with 4 places ("0.2500"), costs have the currency's minor units;
  // each is null when its denominator is zero.
  Result<nlohmann::json> Stats(store::Tx& tx, const security::Access& who, int64_t id) const;

 private:
  Result<nlohmann::json> InsertMembers(store::Tx& tx, const security::Access& who, int64_t id,
                                       const std::vector<int64_t>& party_ids,
                                       const std::string& source) const;

  const Clock& clock_;
  const party::Parties& parties_;
  const Segments& segments_;
};

}  // namespace concord::crm
