// The SLA monitor and its background job.
#include "service/sla.h"

#include <spdlog/spdlog.h>

#include <set>

#include "service/categories.h"
#include "service/tickets_internal.h"
#include "store/row_json.h"

namespace concord::service {
namespace {

using nlohmann::json;
using namespace internal;

constexpr int64_t kTicketsPerPass = 1000;

std::string RaisedPriority(const std::string& p) {
  for (size_t i = 0; i + 1 < kPriorities.size(); ++i) {
    if (kPriorities[i] == p) return kPriorities[i + 1];
  }
  return p;  // urgent stays urgent
}

}  // namespace

json SlaRunResult::ToJson() const {
  return {{"tickets", tickets},
          {"response_breaches", response_breaches},
          {"resolution_breaches", resolution_breaches},
          {"reassigned", reassigned},
          {"notifications", notifications}};
}

Result<SlaRunResult> SlaMonitor::RunOnce(Timestamp now) const {
  SlaRunResult out;
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out, Run(tx, now, std::nullopt));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<SlaRunResult> SlaMonitor::Run(store::Tx& tx, Timestamp now,
                                     std::optional<int64_t> company_id) const {
  const std::string at = now.ToIso();
  std::string sql =
      std::string(kTicketColumns) +
      "WHERE t.status IN ('new', 'assigned', 'in_progress') AND ((t.first_response_at "
      "IS NULL AND t.response_due_at IS NOT NULL AND t.response_due_at < ? AND "
      "t.response_escalated = 0) OR (t.resolution_due_at < ? AND "
      "t.resolution_escalated = 0))";
  std::vector<store::Value> params = {at, at};
  if (company_id) {
    sql += " AND t.company_id = ?";
    params.emplace_back(*company_id);
  }
  sql += " ORDER BY t.id LIMIT " + std::to_string(kTicketsPerPass);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, params));
  SlaRunResult out;
  for (const auto& row : rows) RETURN_IF_ERROR(Escalate(tx, row, at, out));
  return out;
}

Result<std::optional<int64_t>> SlaMonitor::Manager(store::Tx& tx, const store::Record& row) const {
  auto department = row.OptInt("department_id");
  if (!department) return std::optional<int64_t>();
  security::Access system(0, "system", row.Int("company_id"), 0,
                          {{"security.department.read", security::Scope::kCompany}});
  ASSIGN_OR_RETURN(json dept, directory_.GetDepartment(tx, system, *department));
  if (!dept["manager_user_id"].is_number_integer()) return std::optional<int64_t>();
  return std::optional<int64_t>(dept["manager_user_id"].get<int64_t>());
}

Status SlaMonitor::Escalate(store::Tx& tx, const store::Record& row, const std::string& at,
                            SlaRunResult& out) const {
  const int64_t id = row.Int("id");
  const int64_t company = row.Int("company_id");
  auto response_due = row.OptText("response_due_at");
  bool response = row.IsNull("first_response_at") && response_due && *response_due < at &&
                  row.Int("response_escalated") == 0;
  bool resolution = row.Text("resolution_due_at") < at && row.Int("resolution_escalated") == 0;
  Sets sets = {{"priority", RaisedPriority(row.Text("priority"))}};
  for (const char* flag : {"response_breached", "response_escalated"}) {
    if (response) sets.emplace_back(flag, int64_t{1});
  }
  for (const char* flag : {"resolution_breached", "resolution_escalated"}) {
    if (resolution) sets.emplace_back(flag, int64_t{1});
  }
  std::optional<int64_t> previous = row.OptInt("owner_user_id");
  ASSIGN_OR_RETURN(std::optional<int64_t> manager, Manager(tx, row));
  if (manager && manager != previous) {
    sets.emplace_back("owner_user_id", *manager);
    ++out.reassigned;
  }
  RETURN_IF_ERROR(WriteTicket(tx, id, row.Int("version"), sets, at));
  ASSIGN_OR_RETURN(auto after, ReadTicket(tx, company, id));
  Journal(tx, id, "escalated", TicketJson(row), TicketJson(after), company);
  std::string what = response && resolution ? "response and resolution deadlines"
                     : response             ? "response deadline"
                                            : "resolution deadline";
  std::string text = "Ticket " + row.Text("number") + " missed its " + what + "; priority is now " +
                     after.Text("priority") + ".";
  std::set<int64_t> recipients;
  if (manager) recipients.insert(*manager);
  if (previous) recipients.insert(*previous);
  for (int64_t user : recipients) {
    bool escalated_to = manager && user == *manager && manager != previous;
    notify::Message m{company, user, escalated_to ? "escalation" : "sla_breach",
                      "Ticket " + row.Text("number") + " missed its " + what, text, "ticket", id};
    ASSIGN_OR_RETURN(int64_t sent, notifier_.Send(tx, m));
    if (sent) ++out.notifications;
  }
  for (const auto& listener : listeners_) RETURN_IF_ERROR(listener(tx, company, id));
  ++out.tickets;
  out.response_breaches += response ? 1 : 0;
  out.resolution_breaches += resolution ? 1 : 0;
  return Status::Ok();
}

void RunSlaOnce(const SlaMonitor& monitor, const Clock& clock) {
  auto result = monitor.RunOnce(clock.Now());
  if (!result.ok()) {
    spdlog::warn("SLA run failed: {}", result.status().ToString());
  } else if (result->tickets > 0) {
    spdlog::info("SLA run escalated {} ticket(s)", result->tickets);
  }
}

}  // namespace concord::service
