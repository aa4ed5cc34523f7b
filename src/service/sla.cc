// The SLA monitor, its background runner and in-app notifications.
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

Status Notify(store::Tx& tx, int64_t company_id, int64_t user_id, const std::string& kind,
              int64_t ticket_id, const std::string& text, const std::string& now) {
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO service_notifications (company_id, user_id, kind, "
                             "ticket_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                             company_id, user_id, kind, ticket_id, text, now));
  json n = {{"id", id},     {"user_id", user_id}, {"kind", kind},     {"ticket_id", ticket_id},
            {"text", text}, {"read", false},      {"created_at", now}};
  tx.Audit({"notification", id, "create", store::Changes(json::object(), n), company_id});
  tx.Emit({"notification.created", "notification", id, n, company_id});
  return Status::Ok();
}

json NotificationJson(const store::Record& r) {
  json out = store::RowJson(r);
  out.erase("company_id");
  out.erase("is_read");
  out["read"] = r.Int("is_read") == 1;
  return out;
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
    RETURN_IF_ERROR(Notify(tx, company, user, "sla_breach", id, text, at));
    ++out.notifications;
  }
  ++out.tickets;
  out.response_breaches += response ? 1 : 0;
  out.resolution_breaches += resolution ? 1 : 0;
  return Status::Ok();
}

void SlaRunner::Start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
      lock.unlock();
      auto result = monitor_.RunOnce(clock_.Now());
      if (!result.ok()) {
        spdlog::warn("SLA run failed: {}", result.status().ToString());
      } else if (result->tickets > 0) {
        spdlog::info("SLA run escalated {} ticket(s)", result->tickets);
      }
      lock.lock();
    }
  });
}

void SlaRunner::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<json> Notifications::List(store::Tx& tx, const security::Access& who, bool unread_only,
                                 int64_t limit, int64_t after) const {
  ASSIGN_OR_RETURN(
      auto rows,
      tx.Rows("SELECT id, company_id, user_id, kind, ticket_id, text, is_read, created_at, read_at "
              "FROM service_notifications WHERE company_id = ? AND user_id = ? AND id > ? AND "
              "(? = 0 OR is_read = 0) ORDER BY id LIMIT ?",
              who.company_id(), who.user_id(), after, unread_only, limit + 1));
  json items = json::array();
  for (const auto& r : rows) items.push_back(NotificationJson(r));
  return items;
}

Result<json> Notifications::MarkRead(store::Tx& tx, const security::Access& who, int64_t id) const {
  const char* sql =
      "SELECT id, company_id, user_id, kind, ticket_id, text, is_read, created_at, read_at FROM "
      "service_notifications WHERE id = ? AND company_id = ? AND user_id = ?";
  ASSIGN_OR_RETURN(auto row, tx.One(sql, id, who.company_id(), who.user_id()));
  if (!row) return NotFound("notification");
  if (row->Int("is_read") == 1) return NotificationJson(*row);
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(
      tx.Exec("UPDATE service_notifications SET is_read = 1, read_at = ? WHERE id = ?", now, id)
          .status());
  ASSIGN_OR_RETURN(auto after, tx.One(sql, id, who.company_id(), who.user_id()));
  json out = NotificationJson(*after);
  tx.Audit({"notification", id, "read", {{"read", {false, true}}}});
  tx.Emit({"notification.read", "notification", id, out});
  return out;
}

}  // namespace concord::service
