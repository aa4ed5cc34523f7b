// Activities: calls, meetings, e-mails, tasks and notes with due and done times, linked to a
// party, contact, lead or opportunity (and, by a generic reference, to later documents); the
// per-user agenda and overdue list; and each user's secret iCalendar feed.
//
// Every method runs inside the caller's transaction. Lists go through
// Visible("crm.activity.read"), single reads through CheckRecord (another company's or an
// invisible activity is "not found"); changes also need the record in the caller's
// crm.activity.update scope. Links are checked with party::Parties (parties, contacts) and the
// caller's crm.lead.read / crm.opportunity.read record rules (leads, opportunities).
// Timestamps are stored as fixed-width UTC ISO text, so SQL compares them as text.
// Thread-safety: stateless apart from the references it holds.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "party/service.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::crm {

inline constexpr int64_t kFeedMaxItems = 1000;
inline constexpr int kFeedDoneDays = 30;  // done activities stay in the feed this long

struct ActivityFilter {
  std::optional<int64_t> party_id;
  std::optional<int64_t> lead_id;
  std::optional<int64_t> opportunity_id;
  std::optional<int64_t> owner_user_id;
  std::string kind;                     // empty: every kind
  std::optional<bool> done;             // nullopt: both
  std::optional<Timestamp> due_before;  // due_at < due_before
  std::optional<Timestamp> due_after;   // due_at >= due_after
};

// ?user_id=&from=&to= of the agenda: dates (YYYY-MM-DD) in the company's time zone, `to`
// inclusive. Defaults: the caller; today and the six days after it.
struct AgendaQuery {
  std::optional<int64_t> user_id;
  std::optional<std::string> from;
  std::optional<std::string> to;
};

class Activities {
 public:
  Activities(const Clock& clock, const party::Parties& parties)
      : clock_(clock), parties_(parties) {}

  // Keyset-paginated by id (limit + 1 rows: http::ListBody trims and sets the cursor).
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who,
                              const ActivityFilter& filter, int64_t limit, int64_t after) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // A note is created done. Owner: "owner_user_id" or the caller (party::ResolveOwner).
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const party::VersionCheck& check) const;
  // done_at = now; Conflict "activity.already_done" when it is done already.
  Result<nlohmann::json> MarkDone(store::Tx& tx, const security::Access& who, int64_t id) const;
  // done_at = NULL; Conflict "activity.not_done" when open, FailedPrecondition for notes.
  Result<nlohmann::json> Reopen(store::Tx& tx, const security::Access& who, int64_t id) const;

  // {"user_id", "time_zone", "from", "to", "starts_at", "ends_at", "items": open activities
  // due in [starts_at, ends_at) by due time, "overdue": open activities due before now}.
  // Another user's agenda needs a crm.activity.read scope that covers that user (department
  // or company); otherwise NotFound("user").
  Result<nlohmann::json> Agenda(store::Tx& tx, const security::Access& who,
                                const AgendaQuery& query) const;
  // Open activities due before now that the caller may see, most overdue first:
  // {"items": [at most limit], "truncated": bool}.
  Result<nlohmann::json> Overdue(store::Tx& tx, const security::Access& who,
                                 std::optional<int64_t> owner_user_id, int64_t limit) const;

  // The caller's secret calendar feed: revokes any previous one and returns the new token
  // (shown once; only its SHA-256 is stored).
  Result<std::string> RotateFeed(store::Tx& tx, const security::Access& who) const;
  // Revokes the caller's feed (no error when there is none).
  Status RevokeFeed(store::Tx& tx, const security::Access& who) const;
  // The text/calendar body of a feed token: the owner's own activities in the feed's company
  // (open ones, and those done in the last kFeedDoneDays; at most kFeedMaxItems, newest
  // first). NotFound for an unknown or revoked token, or an owner who is no longer an active
  // member of the company. Needs no Access: the token is the credential.
  Result<std::string> FeedCalendar(store::Tx& tx, std::string_view token) const;

 private:
  Result<nlohmann::json> Change(store::Tx& tx, const security::Access& who, int64_t id,
                                bool done) const;

  const Clock& clock_;
  const party::Parties& parties_;
};

}  // namespace concord::crm
