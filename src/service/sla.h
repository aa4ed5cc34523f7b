// The SLA side of the service desk: the monitor that flags and escalates breached deadlines,
// the notifications it sends, the escalation listeners, and the SLA report.
//
// Escalation of a ticket whose response or resolution deadline has passed unanswered (only
// tickets that are new, assigned or in progress: while waiting on the customer the clock is
// stopped, resolved and closed ones are done): the breach flag is set, the priority rises one
// step (low -> normal -> high -> urgent), the ticket is reassigned to its department's manager
// (security::Directory's manager_user_id) when the department has one, and a notification
// goes to the new assignee ("escalation") and to the previous one ("sla_breach") through
// notify::Notifier; then the escalation listeners run (the workflow area starts the complaint
// escalation workflow there). Each kind of breach escalates once: the
// response_escalated / resolution_escalated flags make a second run a no-op. Every change has
// its audit record and event (company of the ticket; actor: the transaction's, the system for
// the background runner).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/time.h"
#include "notify/notifier.h"
#include "security/access.h"
#include "security/directory.h"
#include "store/database.h"
#include "store/tx.h"

namespace concord::service {

struct SlaRunResult {
  int64_t tickets = 0;  // tickets escalated in this run
  int64_t response_breaches = 0;
  int64_t resolution_breaches = 0;
  int64_t reassigned = 0;
  int64_t notifications = 0;
  nlohmann::json ToJson() const;
};

class SlaMonitor {
 public:
  SlaMonitor(store::Database& db, security::Directory& directory, const notify::Notifier& notifier)
      : db_(db), directory_(directory), notifier_(notifier) {}

  // Called in the pass's transaction after a ticket was escalated (company, ticket id); an
  // error aborts the pass. Add listeners while wiring, before the job runs.
  using EscalationListener = std::function<Status(store::Tx&, int64_t, int64_t)>;
  void AddEscalationListener(EscalationListener l) { listeners_.push_back(std::move(l)); }

  // One pass over every company in its own write transaction, as the system.
  Result<SlaRunResult> RunOnce(Timestamp now) const;
  // One pass inside the caller's write transaction; `company_id` limits it to one company.
  // At most 1000 tickets per pass (the next pass continues).
  Result<SlaRunResult> Run(store::Tx& tx, Timestamp now, std::optional<int64_t> company_id) const;

  // The directory it escalates through (the SLA report names departments with it).
  security::Directory& directory() const { return directory_; }

 private:
  // The manager of the ticket's department, if it has a department with a manager.
  Result<std::optional<int64_t>> Manager(store::Tx& tx, const store::Record& row) const;
  // Flags, escalates and notifies one ticket row of the pass; adds to `out`.
  Status Escalate(store::Tx& tx, const store::Record& row, const std::string& at,
                  SlaRunResult& out) const;

  store::Database& db_;
  security::Directory& directory_;
  const notify::Notifier& notifier_;
  std::vector<EscalationListener> listeners_;
};

// The background job: one SlaMonitor::RunOnce, failures logged (for concord::Periodic).
void RunSlaOnce(const SlaMonitor& monitor, const Clock& clock);

// GET /service/reports/sla: tickets created in [from, to] (days in the company's time zone;
// defaults: the last 30 days up to today), grouped per category and per department:
// count, resolved, on_time (resolved without a resolution breach), on_time_rate
// (on_time / resolved), mean_resolution_hours (business hours, waiting excluded) and
// mean_score (surveys), the means as decimal strings with two places, null without data.
// Department rows carry department_id and department_name (read through `directory` as the
// system: the report's reader needs no security.department.read; both null for tickets
// without a department). Rows obey the caller's service.report.read record rules.
Result<nlohmann::json> SlaReport(store::Tx& tx, const security::Access& who, const Clock& clock,
                                 security::Directory& directory, std::optional<Date> from,
                                 std::optional<Date> to);

// "a / b" rounded half up to two decimals ("0.67"); nullopt when b is 0. Exposed for tests.
std::optional<std::string> DecimalRatio(int64_t a, int64_t b);

}  // namespace concord::service
