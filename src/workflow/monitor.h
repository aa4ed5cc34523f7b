// Deadlines of workflow tasks: the monitor escalates or times out overdue tasks
// (Workflows::RunDeadlines); the app calls RunDeadlinesOnce periodically (core/periodic.h).
#pragma once

#include "core/time.h"
#include "store/database.h"
#include "workflow/engine.h"

namespace concord::workflow {

class WorkflowMonitor {
 public:
  WorkflowMonitor(store::Database& db, const Workflows& workflows)
      : db_(db), workflows_(workflows) {}
  // One pass over every company in one write transaction, as the system.
  Result<DeadlineResult> RunOnce(Timestamp now) const;

 private:
  store::Database& db_;
  const Workflows& workflows_;
};

// RunOnce(clock.Now()) with failures and results logged (the background job's body).
void RunDeadlinesOnce(const WorkflowMonitor& monitor, const Clock& clock);

}  // namespace concord::workflow
