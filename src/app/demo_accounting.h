// Demo ledger: a year of capital, purchases, sales with VAT and their cost, customer and
// supplier payments and departmental expenses, posted through the posting service (and its
// checks) so that the reports and the hledger export have something to show.
#pragma once

#include <map>
#include <string>

#include "accounting/ledger.h"
#include "party/service.h"
#include "store/tx.h"

namespace concord::app {

// Posts into the company's current fiscal year, up to the clock's month. `departments` maps
// demo department names to ids. Returns the number of entries posted.
Result<int> LoadAccountingDemo(store::Tx& tx, const Clock& clock, const accounting::Ledger& ledger,
                               const party::Parties& parties, int64_t company_id,
                               const std::map<std::string, int64_t>& departments);

}  // namespace concord::app
