#include "workflow/workflow.h"

namespace concord::workflow {

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("workflow.definition", {"read", "update"},
                      "workflow definitions (update: save new versions, deactivate)");
  catalog.AddResource("workflow.instance", {"read", "create", "update"},
                      "workflow instances (create: start; update: cancel)");
  catalog.AddResource("workflow.deadline", {"update"}, "running workflow deadlines now");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("workflow_definition", "workflow.definition.read");
  entities.Add("workflow_instance", "workflow.instance.read");
  entities.Add("workflow_task", "workflow.instance.read");
}

}  // namespace concord::workflow
