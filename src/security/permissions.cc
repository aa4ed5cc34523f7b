#include "security/permissions.h"

#include <algorithm>

namespace concord::security {
namespace {
const std::vector<std::string> kActions = {"read",    "create", "update", "delete",
                                           "approve", "post",   "export"};
}  // namespace

void PermissionCatalog::AddResource(const std::string& area_resource,
                                    const std::vector<std::string>& actions,
                                    const std::string& noun) {
  for (const auto& a : actions) Add({area_resource + "." + a, a + " " + noun});
}

void PermissionCatalog::Add(PermissionDef def) {
  if (!Contains(def.name)) all_.push_back(std::move(def));
}

bool PermissionCatalog::Contains(std::string_view name) const {
  return std::any_of(all_.begin(), all_.end(), [&](const auto& d) { return d.name == name; });
}

Status PermissionCatalog::Validate(std::string_view name) const {
  size_t dots = std::count(name.begin(), name.end(), '.');
  std::string action(name.substr(name.rfind('.') + 1));
  if (dots != 2 || std::find(kActions.begin(), kActions.end(), action) == kActions.end()) {
    return InvalidArgument("permission.malformed",
                           "Permissions are named area.resource.action: " + std::string(name));
  }
  if (!Contains(name)) {
    return InvalidArgument("permission.unknown", "Unknown permission " + std::string(name));
  }
  return Status::Ok();
}

void RegisterSecurityPermissions(PermissionCatalog& c) {
  c.AddResource("security.user", {"read", "create", "update"}, "users");
  c.AddResource("security.role", {"read", "create", "update", "delete"}, "roles");
  c.AddResource("security.department", {"read", "create", "update"}, "departments");
  c.AddResource("security.company", {"read", "update", "create"}, "company settings");
  c.AddResource("security.api-token", {"read", "create", "delete"}, "API tokens of integrations");
  c.AddResource("security.audit", {"read", "export"}, "the audit trail");
  c.AddResource("security.event", {"read"}, "the event outbox");
}

}  // namespace concord::security
