// Parties: the one master record of every person and organisation the company deals with, in
// any combination of roles (prospect, customer, supplier), with contacts, addresses,
// identifiers, tags and consent records. Duplicates are detected on create, update and import
// (normalised e-mail, E.164 phone, tax id, similar name in the same city) and merged, never
// copied.
//
// Every method runs inside the caller's transaction and goes through security::Access:
// lists use Visible("party.party.read"), single reads CheckRecord (another company's or an
// invisible party is "not found"). Thread-safety: stateless apart from the immutable registry.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "party/registry.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::party {

using VersionCheck = std::function<Status(int64_t current)>;

// What duplicate detection compares (already raw user input; normalised inside).
struct DuplicateProbe {
  int64_t exclude_id = 0;  // the party being updated
  std::string name;
  std::string email;
  std::string phone;
  std::string tax_id;
  std::string city;
};

// Filter of a party list, a CSV export or a campaign segment. Also the JSON shape of a saved
// segment filter: {"q", "role", "tag", "city", "country", "lifecycle", "owner_user_id",
// "department_id", "active"} (all optional).
struct PartyFilter {
  std::string q;     // prefix of a name word, pinyin, e-mail or phone
  std::string role;  // prospect | customer | supplier
  std::string tag;
  std::string city;
  std::string country;
  std::string lifecycle;
  std::optional<int64_t> owner_user_id;
  std::optional<int64_t> department_id;
  std::optional<bool> active = true;  // nullopt: both
  std::string sort = "id";            // id | name | -name
};
// InvalidArgument (with field errors) for unknown keys or bad values.
Result<PartyFilter> ParseFilter(const nlohmann::json& filter);
nlohmann::json FilterJson(const PartyFilter& filter);
// How many keys a query word must match before a search reads parties in list order instead
// of reading the word's parties by id (see filter.cc). For tests of both plans and for tuning.
void SetDenseSearchKeys(int64_t keys);
int64_t DenseSearchKeys();

class Parties {
 public:
  Parties(const Clock& clock, const PartyRegistry& registry) : clock_(clock), registry_(registry) {}

  // Keyset-paginated list. `cursor`: an id for sort=id, an http::ListPage cursor for the name
  // sorts. Returns {"items": [...], "next_cursor": ...}.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, const PartyFilter& f,
                              int64_t limit, const std::string& cursor) const;
  // Ids of every visible party matching the filter (segments, exports), in id order.
  Result<std::vector<int64_t>> MatchIds(store::Tx& tx, const security::Access& who,
                                        const PartyFilter& f, int64_t max_rows) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;

  // Creates a party. Unless body "allow_duplicates" is true, likely duplicates make it fail
  // with Conflict "party.possible_duplicates" whose problem carries "candidates".
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check) const;
  // Likely duplicates of the probe among visible, active parties, best first:
  // [{"id", "name", "reasons": ["email", "phone", "tax_id", "name_city"], "similarity_pct" (name
  // trigram similarity in percent, 0 unless name_city)}].
  Result<nlohmann::json> FindDuplicates(store::Tx& tx, const security::Access& who,
                                        const DuplicateProbe& probe) const;

  // Merges `merged` into `survivor`: every linked record moves (registry merge hooks included),
  // the merged party is archived with merged_into_id, a merge record keeps its snapshot.
  Result<nlohmann::json> Merge(store::Tx& tx, const security::Access& who, int64_t survivor,
                               int64_t merged, const VersionCheck& check) const;

  // For other areas linking a record to a party: OK if the party exists, is active and the
  // caller may see it under `permission`; otherwise InvalidField(field, "not_found").
  Status CheckLink(store::Tx& tx, const security::Access& who, int64_t party_id,
                   const std::string& field,
                   const std::string& permission = "party.party.read") const;
  // Same for a contact; it must also belong to `party_id` when that is given.
  Status CheckContactLink(store::Tx& tx, const security::Access& who, int64_t contact_id,
                          std::optional<int64_t> party_id, const std::string& field) const;

  // Contacts of a party.
  Result<nlohmann::json> ListContacts(store::Tx& tx, const security::Access& who,
                                      int64_t party_id) const;
  Result<nlohmann::json> GetContact(store::Tx& tx, const security::Access& who,
                                    int64_t contact_id) const;
  Result<nlohmann::json> CreateContact(store::Tx& tx, const security::Access& who, int64_t party_id,
                                       const nlohmann::json& body) const;
  Result<nlohmann::json> UpdateContact(store::Tx& tx, const security::Access& who,
                                       int64_t contact_id, const nlohmann::json& body,
                                       const VersionCheck& check) const;

  // Addresses (billing, shipping, other; with validity dates).
  Result<nlohmann::json> ListAddresses(store::Tx& tx, const security::Access& who,
                                       int64_t party_id) const;
  Result<nlohmann::json> CreateAddress(store::Tx& tx, const security::Access& who, int64_t party_id,
                                       const nlohmann::json& body) const;
  Result<nlohmann::json> UpdateAddress(store::Tx& tx, const security::Access& who, int64_t party_id,
                                       int64_t address_id, const nlohmann::json& body,
                                       const VersionCheck& check) const;

  // Consent records (append-only) and the current consent per purpose.
  Result<nlohmann::json> ListConsents(store::Tx& tx, const security::Access& who,
                                      int64_t party_id) const;
  Result<nlohmann::json> RecordConsent(store::Tx& tx, const security::Access& who, int64_t party_id,
                                       const nlohmann::json& body) const;

  // The customer's 360° page: profile, contacts, addresses, lifecycle, and every registered
  // section the caller holds the permission of ("restricted" lists the others).
  Result<nlohmann::json> Overview(store::Tx& tx, const security::Access& who, int64_t id) const;

 private:
  const Clock& clock_;
  const PartyRegistry& registry_;
};

// The ownership of a party row (for CheckRecord by other areas' sections); NotFound if absent
// or in another company than the caller's.
Result<security::Ownership> PartyOwnership(store::Tx& tx, int64_t party_id);

}  // namespace concord::party
