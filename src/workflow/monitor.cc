#include "workflow/monitor.h"

#include <spdlog/spdlog.h>

namespace concord::workflow {

Result<DeadlineResult> WorkflowMonitor::RunOnce(Timestamp now) const {
  DeadlineResult out;
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out, workflows_.RunDeadlines(tx, now, std::nullopt));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

void RunDeadlinesOnce(const WorkflowMonitor& monitor, const Clock& clock) {
  auto result = monitor.RunOnce(clock.Now());
  if (!result.ok()) {
    spdlog::warn("workflow deadline run failed: {}", result.status().ToString());
  } else if (result->escalated + result->timed_out > 0) {
    spdlog::info("workflow deadlines: {} escalated, {} timed out", result->escalated,
                 result->timed_out);
  }
}

}  // namespace concord::workflow
