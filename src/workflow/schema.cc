#include "workflow/schema.h"

namespace concord::workflow {

// Timestamps are ISO text (UTC), so they order as text. A task's assignee is any of user,
// role, department or permission (NULL = not that kind); `members` is the JSON array of the
// user ids who must all approve an "all" task (empty for "any").
store::AreaMigrations Migrations() {
  store::AreaMigrations area{"workflow", {"security"}, {}};
  area.steps.push_back({"workflow", 1, "definitions, instances, tasks, history", R"sql(
CREATE TABLE workflow_definitions (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  def_key ${ctext} NOT NULL,
  version BIGINT NOT NULL,
  name TEXT NOT NULL,
  document_type TEXT NOT NULL,
  body TEXT NOT NULL,
  active BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, def_key, version)
);

CREATE TABLE workflow_instances (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  definition_id BIGINT NOT NULL REFERENCES workflow_definitions (id),
  definition_key TEXT NOT NULL,
  document_type TEXT NOT NULL,
  document_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  started_by BIGINT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE INDEX workflow_instances_document
  ON workflow_instances (company_id, document_type, document_id, state);

CREATE TABLE workflow_tasks (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  instance_id BIGINT NOT NULL REFERENCES workflow_instances (id),
  step TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  approval TEXT NOT NULL DEFAULT 'any',
  members TEXT NOT NULL DEFAULT '[]',
  user_id BIGINT,
  role_id BIGINT,
  department_id BIGINT,
  permission TEXT,
  due_at TEXT,
  escalated BIGINT NOT NULL DEFAULT 0,
  decided_by BIGINT,
  decided_at TEXT,
  comment TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX workflow_tasks_instance ON workflow_tasks (instance_id);
CREATE INDEX workflow_tasks_open ON workflow_tasks (company_id, state, due_at);

CREATE TABLE workflow_history (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  instance_id BIGINT NOT NULL REFERENCES workflow_instances (id),
  task_id BIGINT,
  at TEXT NOT NULL,
  user_id BIGINT,
  action TEXT NOT NULL,
  step TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX workflow_history_instance ON workflow_history (instance_id, id);
)sql", "", ""});
  return area;
}

}  // namespace concord::workflow
