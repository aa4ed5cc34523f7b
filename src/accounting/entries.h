// Journal entries through the API: manual entries are drafts until a user holding
// accounting.entry.approve posts them (or creates them with "post": true); posting and reversal
// go through the Ledger with all of its checks. Reads list posted and draft entries with lines.
//
// Amounts travel as decimal strings: debit/credit in the company currency, amount_currency in
// the line's currency. Accounting records are company-wide: access is the permission plus the
// caller's company.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "accounting/fiscal.h"
#include "accounting/ledger.h"
#include "security/access.h"

namespace concord::accounting {

struct EntryFilter {
  std::optional<int64_t> journal_id;
  std::optional<int64_t> party_id;
  std::optional<int64_t> account_id;
  std::string state;  // draft | posted | "" (both)
  std::optional<Date> from, to;
};

class Entries {
 public:
  Entries(const Clock& clock, const Ledger& ledger) : clock_(clock), ledger_(ledger) {}

  // Body {journal_id, date, ref, description, lines: [{account_id, party_id, department_id,
  // debit | credit, currency, amount_currency, description, due_date}], post}. A draft unless
  // "post" is true (then the approve permission is needed too).
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, const EntryFilter& f,
                              int64_t limit, int64_t after) const;
  // Posts a draft (accounting.entry.approve).
  Result<nlohmann::json> Post(store::Tx& tx, const security::Access& who, int64_t id,
                              const VersionCheck& check) const;
  // Body {date, description} (both optional): the reversal entry (accounting.entry.approve).
  Result<nlohmann::json> Reverse(store::Tx& tx, const security::Access& who, int64_t id,
                                 const nlohmann::json& body) const;
  // Deletes a draft (accounting.entry.create); posted entries are only ever reversed.
  Status DeleteDraft(store::Tx& tx, const security::Access& who, int64_t id,
                     const VersionCheck& check) const;

 private:
  const Clock& clock_;
  const Ledger& ledger_;
};

}  // namespace concord::accounting
