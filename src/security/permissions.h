// The catalog of permissions (`area.resource.action`). Areas register theirs at start-up, in
// the composition root; role definitions are validated against the catalog, and a test checks
// that every route's permission is in it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace concord::security {

struct PermissionDef {
  std::string name;         // "security.user.read"
  std::string description;  // English
};

class PermissionCatalog {
 public:
  // Registers area.resource.<action> for each action; actions are read, create, update,
  // delete, approve, post, export.
  void AddResource(const std::string& area_resource, const std::vector<std::string>& actions,
                   const std::string& noun);
  void Add(PermissionDef def);
  bool Contains(std::string_view name) const;
  const std::vector<PermissionDef>& All() const { return all_; }
  // InvalidArgument unless `name` is area.resource.action with a known action and registered.
  Status Validate(std::string_view name) const;

 private:
  std::vector<PermissionDef> all_;
};

// The permissions of the security area itself.
void RegisterSecurityPermissions(PermissionCatalog& catalog);

}  // namespace concord::security
