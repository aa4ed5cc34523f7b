// Segments: saved filters over parties (the party::PartyFilter JSON shape), the target groups
// of campaigns. A segment stores the filter, not its members: who matches is decided when it
// is used, with the record rules of whoever uses it (Parties::List / MatchIds).
//
// Every method runs inside the caller's transaction; segments follow the crm.segment.*
// record rules (another company's or an invisible segment is "not found").
// Thread-safety: stateless apart from the references it holds.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "party/service.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::crm {

class Segments {
 public:
  Segments(const Clock& clock, const party::Parties& parties) : clock_(clock), parties_(parties) {}

  // Keyset-paginated by id (limit + 1 rows, for http::ListBody).
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, int64_t limit,
                              int64_t after) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // {"name", "filter": {PartyFilter}, "owner_user_id"?}; the filter is validated with
  // party::ParseFilter (its field errors prefixed "filter/") and stored normalised.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const party::VersionCheck& check) const;
  // Conflict "segment.in_use" while a campaign targets it.
  Status Delete(store::Tx& tx, const security::Access& who, int64_t id,
                const party::VersionCheck& check) const;

  // The parties matching the segment that the caller may see: Parties::List's page.
  Result<nlohmann::json> Parties(store::Tx& tx, const security::Access& who, int64_t id,
                                 int64_t limit, const std::string& cursor) const;
  // The filter of a segment the caller may read.
  Result<party::PartyFilter> Filter(store::Tx& tx, const security::Access& who, int64_t id) const;

 private:
  const Clock& clock_;
  const party::Parties& parties_;
};

}  // namespace concord::crm
