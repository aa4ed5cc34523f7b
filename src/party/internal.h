// Shared by the party area's implementation files; not for other areas.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/json_input.h"
#include "party/service.h"
#include "store/tx.h"

namespace concord::party::internal {

inline constexpr const char* kRead = "party.party.read";
inline constexpr const char* kUpdate = "party.party.update";

inline constexpr const char* kPartyColumns =
    "p.id, p.company_id, p.kind, p.name, p.name_key, p.name_sort, p.is_prospect, p.is_customer, "
    "p.is_supplier, p.email, p.phone, p.phone_norm, p.website, p.tax_id, p.owner_user_id, "
    "p.department_id, p.credit_limit, p.payment_term_days, p.price_list_id, p.currency, "
    "p.language, p.notes, p.lifecycle, p.lifecycle_at, p.active, p.merged_into_id, p.version, "
    "p.created_at, p.updated_at";

// The party row (any company); nullopt if there is none.
Result<std::optional<store::Record>> LoadParty(store::Tx& tx, int64_t id);
// The party row if the caller may see it under `permission`, else NotFound / PermissionDenied.
Result<store::Record> VisibleParty(store::Tx& tx, const security::Access& who, int64_t id,
                                   const std::string& permission = kRead);
// The party's JSON with its tags and identifiers.
Result<nlohmann::json> PartyJson(store::Tx& tx, const store::Record& row);
// The scalar part (what Changes() compares in audit records).
nlohmann::json PartyScalars(const store::Record& row);

// Rewrites the party's search keys.
Status WriteSearchKeys(store::Tx& tx, int64_t company_id, int64_t party_id, const std::string& name,
                       const std::string& email_norm, const std::string& phone_e164);

// The country national phone numbers are read in: setting "party" {"default_country"}, else
// derived from the company currency (CNY -> CN, USD -> US ...), else "".
Result<std::string> DefaultCountry(store::Tx& tx, int64_t company_id);

// Reads and normalises an optional e-mail / phone field (field errors on bad input).
// The outer optional is "field present"; the pair is {raw, normalised}, null when cleared.
struct NormalizedText {
  std::optional<std::string> raw;
  std::optional<std::string> norm;
};
std::optional<NormalizedText> ReadEmail(Fields& f, const std::string& name);
std::optional<NormalizedText> ReadPhone(Fields& f, const std::string& name,
                                        const std::string& country);

// Address fields (create or patch); validated into a JSON object of columns.
nlohmann::json ReadAddress(Fields& f, bool create);
Result<int64_t> InsertAddress(store::Tx& tx, int64_t company_id, int64_t party_id,
                              const nlohmann::json& a, const std::string& now);

// Conflict "party.possible_duplicates" with the candidates in the problem body, when any.
Status DuplicateConflict(const nlohmann::json& candidates);

}  // namespace concord::party::internal
