// The chart of accounts and the journals of a company. Accounts form a hierarchy (group
// accounts carry the report structure and are never posted to); an account that has posted
// lines keeps its type and its reconcilable flag, so history never changes meaning.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "accounting/fiscal.h"
#include "security/access.h"

namespace concord::accounting {

struct AccountFilter {
  std::string q;     // prefix of the code, or part of a name
  std::string type;  // asset | liability | equity | income | expense
  std::string role;
  bool groups = true;  // false: postable accounts only
  bool inactive = false;
};

class Accounts {
 public:
  explicit Accounts(const Clock& clock) : clock_(clock) {}

  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who,
                              const AccountFilter& f) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // Body {code, name, name_zh, type, role, reconcilable, is_group, parent_id, currency}.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // Body {name, name_zh, role, parent_id, active, reconcilable (only without posted lines)}.
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check) const;

  Result<nlohmann::json> ListJournals(store::Tx& tx, const security::Access& who) const;
  // Body {code, name, name_zh, kind, default_account_id}.
  Result<nlohmann::json> CreateJournal(store::Tx& tx, const security::Access& who,
                                       const nlohmann::json& body) const;

 private:
  const Clock& clock_;
};

}  // namespace concord::accounting
