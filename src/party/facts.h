// What other areas (pricing, sales, invoicing) read of a party without a caller's record
// rules: they have already checked the caller may use the party (Parties::CheckLink) and now
// need its commercial terms and addresses. Company isolation still holds: another company's
// party is NotFound("party").
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "store/tx.h"

namespace concord::party {

struct PartyFacts {
  int64_t id = 0;
  std::string name;
  bool active = true;
  bool is_customer = false;
  bool is_supplier = false;
  std::vector<std::string> tags;
  std::optional<std::string> credit_limit;  // decimal text in `currency` (or company currency)
  std::optional<int64_t> payment_term_days;
  std::optional<int64_t> price_list_id;
  std::string currency;  // empty: the company currency
  std::string language;
  std::optional<int64_t> owner_user_id;
  std::optional<int64_t> department_id;
  std::string tax_id;
};

Result<PartyFacts> Facts(store::Tx& tx, int64_t company_id, int64_t party_id);

// The party's address of `kind` ("billing", "shipping") valid on `day` (falling back to any
// valid address), as {"name", "line1", "line2", "city", "region", "postal_code", "country"};
// with only the name when it has none. For document snapshots.
Result<nlohmann::json> AddressSnapshot(store::Tx& tx, int64_t company_id, int64_t party_id,
                                       const std::string& kind, Date day);

}  // namespace concord::party
