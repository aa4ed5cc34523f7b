// Demo customers, contacts, leads, opportunities and activities in English and Chinese,
// created through the same services (and checks) as the API.
#pragma once

#include <map>
#include <string>

#include "core/time.h"
#include "party/lifecycle.h"
#include "party/service.h"
#include "store/tx.h"

namespace concord::app {

// `users` maps demo logins to user ids. The transaction's actor is the demo (user 0).
Status LoadCrmDemo(store::Tx& tx, const Clock& clock, const party::Parties& parties,
                   const party::Lifecycle& lifecycle, int64_t company_id,
                   const std::map<std::string, int64_t>& users);

}  // namespace concord::app
