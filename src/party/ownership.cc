#include "party/ownership.h"

namespace concord::party {

Result<Owner> ResolveOwner(store::Tx& tx, const security::Access& who,
                           const std::string& permission, std::optional<int64_t> requested,
                           const std::string& field) {
  int64_t user = requested.value_or(who.user_id());
  ASSIGN_OR_RETURN(auto member,
                   tx.One("SELECT m.department_id FROM company_members m JOIN users u ON u.id = "
                          "m.user_id WHERE m.company_id = ? AND m.user_id = ? AND u.active = 1",
                          who.company_id(), user));
  if (!member) return InvalidField(field, "not_found", "No such active user in this company.");
  Owner owner{user, member->OptInt(0)};
  if (user == who.user_id()) return owner;
  security::Scope scope = who.ScopeOf(permission);
  if (scope == security::Scope::kOwn ||
      (scope == security::Scope::kDepartment &&
       (who.department_id() == 0 || owner.department_id.value_or(0) != who.department_id()))) {
    return InvalidField(field, "forbidden",
                        "You may not give records to users outside your own scope.");
  }
  return owner;
}

}  // namespace concord::party
