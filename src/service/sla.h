// The SLA side of the service desk: the monitor that flags and escalates breached deadlines,
// the in-app notifications it writes, the background runner, and the SLA report.
//
// Escalation of a ticket whose response or resolution deadline has passed unanswered (only
// tickets that are new, assigned or in progress: while waiting on the customer the clock is
// stopped, resolved and closed ones are done): the breach flag is set, the priority rises one
// step (low -> normal -> high -> urgent), the ticket is reassigned to its department's manager
// (security::Directory's manager_user_id) when the department has one, and a notification
// goes to the new assignee and to the previous one. Each kind of breach escalates once: the
// response_escalated / resolution_escalated flags make a second run a no-op. Every change has
// its audit record and event (company of the ticket; actor: the transaction's, the system for
// the background runner).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "core/time.h"
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
  SlaMonitor(store::Database& db, security::Directory& directory)
      : db_(db), directory_(directory) {}

  // One pass over every company in its own write transaction, as the system.
  Result<SlaRunResult> RunOnce(Timestamp now) const;
  // One pass inside the caller's write transaction; `company_id` limits it to one company.
  // At most 1000 tickets per pass (the next pass continues).
  Result<SlaRunResult> Run(store::Tx& tx, Timestamp now, std::optional<int64_t> company_id) const;

 private:
  // The manager of the ticket's department, if it has a department with a manager.
  Result<std::optional<int64_t>> Manager(store::Tx& tx, const store::Record& row) const;
  // Flags, escalates and notifies one ticket row of the pass; adds to `out`.
  Status Escalate(store::Tx& tx, const store::Record& row, const std::string& at,
                  SlaRunResult& out) const;

  store::Database& db_;
  security::Directory& directory_;
};

// Runs SlaMonitor::RunOnce(clock.Now()) every `interval` on its own thread until Stop() (or
// destruction). The first run is one interval after Start. Failures are logged, not fatal.
class SlaRunner {
 public:
  SlaRunner(const SlaMonitor& monitor, const Clock& clock, std::chrono::seconds interval)
      : monitor_(monitor), clock_(clock), interval_(interval) {}
  ~SlaRunner() { Stop(); }
  void Start();
  void Stop();

 private:
  const SlaMonitor& monitor_;
  const Clock& clock_;
  std::chrono::seconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// The caller's own in-app notifications (any authenticated user; company of the session).
class Notifications {
 public:
  explicit Notifications(const Clock& clock) : clock_(clock) {}
  // Newest first is not keyset-friendly: ordered by id, `unread_only` filters.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, bool unread_only,
                              int64_t limit, int64_t after) const;
  // Marks one notification read (idempotent: an already read one is returned unchanged).
  Result<nlohmann::json> MarkRead(store::Tx& tx, const security::Access& who, int64_t id) const;

 private:
  const Clock& clock_;
};

// GET /service/reports/sla: tickets created in [from, to] (days in the company's time zone;
// defaults: the last 30 days up to today), grouped per category and per department:
// count, resolved, on_time (resolved without a resolution breach), on_time_rate
// (on_time / resolved), mean_resolution_hours (business hours, waiting excluded) and
// mean_score (surveys), the means as decimal strings with two places, null without data.
// Rows obey the caller's service.report.read record rules.
Result<nlohmann::json> SlaReport(store::Tx& tx, const security::Access& who, const Clock& clock,
                                 std::optional<Date> from, std::optional<Date> to);

// "a / b" rounded half up to two decimals ("0.67"); nullopt when b is 0. Exposed for tests.
std::optional<std::string> DecimalRatio(int64_t a, int64_t b);

}  // namespace concord::service
