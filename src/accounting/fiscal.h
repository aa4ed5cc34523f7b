// Fiscal years and their periods. A year is split into monthly (or quarterly) periods; posting
// needs an open period (Ledger::OpenPeriod). Closing a period is permissioned
// (accounting.period.close) and audited; a period reopens only while its year is open. Closing a
// year posts the closing entry — every income and expense account's balance for the year moved
// into the retained-earnings account — on the year's last day, then closes every period.
//
// Accounting records are company-wide: access is the permission plus the caller's company.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "accounting/ledger.h"
#include "party/service.h"
#include "security/access.h"

namespace concord::accounting {

using VersionCheck = party::VersionCheck;

class Fiscal {
 public:
  Fiscal(const Clock& clock, const Ledger& ledger) : clock_(clock), ledger_(ledger) {}

  // Body {start_date (required), end_date (default: a year later less a day), name (default:
  // the start year, or "2026/27"), period: "month" (default) | "quarter"}. At most 24 months,
  // never overlapping another year.
  Result<nlohmann::json> CreateYear(store::Tx& tx, const security::Access& who,
                                    const nlohmann::json& body) const;
  // The same without a caller: the company initializer and demo data.
  Result<int64_t> CreateYearSystem(store::Tx& tx, int64_t company_id, Date start, Date end,
                                   const std::string& name, int months_per_period = 1) const;
  Result<nlohmann::json> ListYears(store::Tx& tx, const security::Access& who) const;
  // With its periods.
  Result<nlohmann::json> GetYear(store::Tx& tx, const security::Access& who, int64_t id) const;
  // FailedPrecondition when already in that state, or reopening in a closed year.
  Result<nlohmann::json> SetPeriodState(store::Tx& tx, const security::Access& who, int64_t id,
                                        bool close, const VersionCheck& check) const;
  // Body {journal_id (default: the general journal)}. Posts the closing entry (if the year has
  // any income or expense) and closes the year and all its periods.
  Result<nlohmann::json> CloseYear(store::Tx& tx, const security::Access& who, int64_t id,
                                   const nlohmann::json& body, const VersionCheck& check) const;

 private:
  Result<std::optional<int64_t>> PostClosingEntry(store::Tx& tx, const security::Access& who,
                                                  const store::Record& year,
                                                  int64_t journal_id) const;

  const Clock& clock_;
  const Ledger& ledger_;
};

}  // namespace concord::accounting
