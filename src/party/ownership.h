// Who owns a new business record (sales rep) and which department it belongs to: the record
// rules of every CRM document (own / department / company) read these two columns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::party {

struct Owner {
  std::optional<int64_t> user_id;
  std::optional<int64_t> department_id;
};

// The owner of a record: `requested` (a user of the caller's company) or, when absent, the
// caller. A caller whose scope for `permission` is only "own" may not give records to
// others (InvalidField(field, "forbidden")); one with department scope only to users of the
// own department. The department is the owner's department in the company.
Result<Owner> ResolveOwner(store::Tx& tx, const security::Access& who,
                           const std::string& permission, std::optional<int64_t> requested,
                           const std::string& field = "owner_user_id");

}  // namespace concord::party
