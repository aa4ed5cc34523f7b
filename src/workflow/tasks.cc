// Steps becoming tasks: opening, assignees, decisions, the end of an instance, deadlines.
#include <algorithm>
#include <set>

#include "core/json_input.h"
#include "store/row_json.h"
#include "workflow/internal.h"

namespace concord::workflow {
namespace {

using nlohmann::json;

constexpr int64_t kMaxMembers = 500;
constexpr int64_t kTasksPerDeadlinePass = 1000;

std::optional<int64_t> IdField(const json& doc, const std::string& field) {
  if (!doc.is_object() || !doc.contains(field) || !doc[field].is_number_integer()) {
    return std::nullopt;
  }
  return doc[field].get<int64_t>();
}

}  // namespace

namespace internal {

std::string MembersText(const std::vector<int64_t>& ids) {
  if (ids.empty()) return "";
  std::string out = ",";
  for (int64_t id : ids) out += std::to_string(id) + ",";
  return out;
}

std::vector<int64_t> ParseMembers(const std::string& text) {
  std::vector<int64_t> out;
  int64_t value = 0;
  bool digits = false;
  for (char c : text) {  // the digit runs; anything else ("," or the column's "[]") separates
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      digits = true;
    } else {
      if (digits) out.push_back(value);
      value = 0;
      digits = false;
    }
  }
  if (digits) out.push_back(value);
  return out;
}

Workflows::TaskRow TaskOf(const store::Record& r) {
  Workflows::TaskRow t;
  t.id = r.Int("id");
  t.company_id = r.Int("company_id");
  t.instance_id = r.Int("instance_id");
  t.version = r.Int("version");
  t.step = r.Text("step");
  t.name = r.Text("name");
  t.state = r.Text("state");
  t.approval = r.Text("approval");
  t.permission = r.OptText("permission").value_or("");
  t.members = ParseMembers(r.Text("members"));
  t.user_id = r.OptInt("user_id");
  t.role_id = r.OptInt("role_id");
  t.department_id = r.OptInt("department_id");
  t.escalated = r.Int("escalated") != 0;
  return t;
}

}  // namespace internal

using namespace internal;

Status Workflows::History(store::Tx& tx, int64_t company_id, int64_t instance_id,
                          std::optional<int64_t> task_id, int64_t user_id,
                          const std::string& action, const std::string& step,
                          const std::string& comment) const {
  return tx.Exec("INSERT INTO workflow_history (company_id, instance_id, task_id, at, user_id, "
                 "action, step, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 company_id, instance_id, task_id, clock_.Now().ToIso(),
                 user_id ? std::optional<int64_t>(user_id) : std::nullopt, action, step, comment)
      .status();
}

Status Workflows::Touch(store::Tx& tx, int64_t company_id, int64_t instance_id,
                        const std::string&) const {
  return tx.Exec("UPDATE workflow_instances SET version = version + 1, updated_at = ? WHERE "
                 "id = ? AND company_id = ?",
                 clock_.Now().ToIso(), instance_id, company_id)
      .status();
}

Result<std::vector<int64_t>> Workflows::Members(store::Tx& tx, int64_t company_id,
                                                const Assigned& a) const {
  if (!a.role_id && !a.department_id && a.permission.empty()) return a.members;
  std::set<int64_t> roles;
  if (a.role_id) roles.insert(*a.role_id);
  if (!a.permission.empty()) {
    ASSIGN_OR_RETURN(json all, roles_.List(tx, SystemAccess(company_id, {"security.role.read"}),
                                           kMaxMembers, 0));
    for (const auto& r : all) {
      bool grants = r.value("is_admin", false);
      for (const auto& g : r["permissions"]) grants = grants || g["permission"] == a.permission;
      if (grants) roles.insert(r["id"].get<int64_t>());
    }
  }
  ASSIGN_OR_RETURN(json users,
                   directory_.ListUsers(
                       tx, SystemAccess(company_id, {"security.user.read"}),
                       http::ListPage::ById(security::Directory::kUserSorts, kMaxMembers, 0), ""));
  std::vector<int64_t> out;
  for (const auto& u : users["items"]) {
    if (!u.value("active", false)) continue;
    bool in = a.department_id && u["department_id"] == *a.department_id;
    for (const auto& r : u["role_ids"]) in = in || roles.count(r.get<int64_t>());
    if (in) out.push_back(u["id"].get<int64_t>());
  }
  return out;
}

Result<Workflows::Assigned> Workflows::Resolve(store::Tx& tx, int64_t company_id,
                                               const Assignee& a, const json& document,
                                               bool all, int64_t fallback_user) const {
  Assigned out;
  auto unresolved = [&](const std::string& what) {
    return FailedPrecondition("workflow.assignee_unresolved",
                              "The workflow cannot find its assignee: " + what + ".");
  };
  if (a.kind == "user") out.user_id = a.value.get<int64_t>();
  if (a.kind == "users") out.members = a.value.get<std::vector<int64_t>>();
  if (a.kind == "permission") out.permission = a.value.get<std::string>();
  if (a.kind == "field") {
    out.user_id = IdField(document, a.value);
    if (!out.user_id && fallback_user) out.user_id = fallback_user;
    if (!out.user_id) return unresolved("field " + a.value.get<std::string>());
  }
  if (a.kind == "department") {
    ASSIGN_OR_RETURN(out.department_id,
                     directory_.FindDepartmentId(tx, company_id, a.value.get<std::string>()));
    if (!out.department_id) return unresolved("department " + a.value.get<std::string>());
  }
  if (a.kind == "department_manager") {
    auto dept = IdField(document, a.value);
    if (dept) {
      ASSIGN_OR_RETURN(json d, directory_.GetDepartment(
                                   tx, SystemAccess(company_id, {"security.department.read"}),
                                   *dept));
      if (d["manager_user_id"].is_number_integer()) out.user_id = d["manager_user_id"].get<int64_t>();
    }
    if (!out.user_id && fallback_user) out.user_id = fallback_user;
    if (!out.user_id) return unresolved("the department's manager");
  }
  if (a.kind == "role") {
    ASSIGN_OR_RETURN(json all_roles,
                     roles_.List(tx, SystemAccess(company_id, {"security.role.read"}),
                                 kMaxMembers, 0));
    for (const auto& r : all_roles) {
      if (r["name"] == a.value) out.role_id = r["id"].get<int64_t>();
    }
    if (!out.role_id) return unresolved("role " + a.value.get<std::string>());
  }
  if (all) {
    ASSIGN_OR_RETURN(out.members, Members(tx, company_id, out));
    if (out.members.empty()) return unresolved("nobody is in the group");
  }
  return out;
}

Status Workflows::NotifyAssigned(store::Tx& tx, int64_t company_id, int64_t task_id,
                                 const Assigned& a, const std::string& kind,
                                 const std::string& title) const {
  if (!notifier_) return Status::Ok();
  std::vector<int64_t> to;
  if (a.user_id) {
    to.push_back(*a.user_id);
  } else {
    ASSIGN_OR_RETURN(to, Members(tx, company_id, a));
  }
  for (int64_t user : to) {
    notify::Message m{company_id, user, kind, title,
                      title + " (workflow task " + std::to_string(task_id) + ")",
                      "workflow_task", task_id};
    auto sent = notifier_->Send(tx, m);
    // A user who left the company is not told; the task stays with its group.
    if (!sent.ok() && sent.status().code() != Code::kNotFound) return sent.status();
  }
  return Status::Ok();
}

Status Workflows::OpenStep(store::Tx& tx, int64_t co, int64_t instance_id, const Step& step,
                           const json& document, int64_t started_by) const {
  std::string now = clock_.Now().ToIso();
  if (step.condition && !Holds(*step.condition, document)) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO workflow_tasks (company_id, instance_id, step, name, "
                            "state, approval, created_at, updated_at) VALUES (?, ?, ?, ?, "
                            "'skipped', ?, ?, ?)",
                            co, instance_id, step.key, step.name, step.approval, now, now)
                        .status());
    return History(tx, co, instance_id, std::nullopt, 0, "skip", step.key,
                   "condition not met");
  }
  ASSIGN_OR_RETURN(Assigned a, Resolve(tx, co, step.assignee, document, step.approval == "all",
                                       started_by));
  std::optional<std::string> due;
  if (step.due_hours > 0) {
    due = (clock_.Now() + std::chrono::hours(step.due_hours)).ToIso();
  }
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO workflow_tasks (company_id, instance_id, step, name, state, "
                "approval, members, user_id, role_id, department_id, permission, due_at, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                co, instance_id, step.key, step.name, step.approval, MembersText(a.members),
                a.user_id, a.role_id, a.department_id,
                a.permission.empty() ? std::optional<std::string>() : a.permission, due, now,
                now));
  RETURN_IF_ERROR(History(tx, co, instance_id, id, 0, "open", step.key, ""));
  tx.Audit({"workflow_task", id, "open", {{"state", {nullptr, "open"}}, {"step", {nullptr, step.key}}}, co});
  tx.Emit({"workflow_task.opened", "workflow_task", id,
           {{"id", id}, {"instance_id", instance_id}, {"step", step.key}}, co});
  return NotifyAssigned(tx, co, id, a, "approval_due", "Waiting for your decision: " + step.name);
}

Status Workflows::Advance(store::Tx& tx, const security::Access& who,
                          int64_t instance_id) const {
  int64_t co = who.company_id();
  ASSIGN_OR_RETURN(auto inst, tx.One("SELECT definition_id, document_type, document_id, "
                                     "started_by, state FROM workflow_instances WHERE id = ?",
                                     instance_id));
  if (!inst || inst->Text(4) != "running") return Status::Ok();
  ASSIGN_OR_RETURN(Definition d, DefinitionOf(tx, inst->Int(0)));
  ASSIGN_OR_RETURN(json document, LoadDocument(tx, co, inst->Text(1), inst->Int(2)));
  int64_t started_by = inst->OptInt(3).value_or(0);
  bool changed = true;
  while (changed) {
    changed = false;
    ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT step, state FROM workflow_tasks WHERE "
                                        "instance_id = ? ORDER BY id",
                                        instance_id));
    std::map<std::string, std::string> state;
    for (const auto& r : rows) state[r.Text(0)] = r.Text(1);
    for (const auto& step : d.steps) {
      if (state.count(step.key)) continue;
      bool ready = std::all_of(step.after.begin(), step.after.end(), [&](const std::string& k) {
        return state.count(k) && (state[k] == "approved" || state[k] == "skipped");
      });
      if (!ready) continue;
      RETURN_IF_ERROR(OpenStep(tx, co, instance_id, step, document, started_by));
      changed = true;
      break;  // re-read: a skipped step may make the next one ready
    }
  }
  ASSIGN_OR_RETURN(auto open, tx.One("SELECT COUNT(*) FROM workflow_tasks WHERE instance_id = ? "
                                     "AND state = 'open'",
                                     instance_id));
  if (open && open->Int(0) > 0) return Touch(tx, co, instance_id, "advance");
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE workflow_instances SET state = 'completed', finished_at = ?, "
                          "version = version + 1, updated_at = ? WHERE id = ?",
                          now, now, instance_id)
                      .status());
  RETURN_IF_ERROR(History(tx, co, instance_id, std::nullopt, 0, "complete", "", ""));
  if (!d.on_complete.empty()) {
    auto it = effects_.find(d.on_complete);
    if (it == effects_.end()) {
      return FailedPrecondition("workflow.unknown_effect", "No such effect: " + d.on_complete);
    }
    RETURN_IF_ERROR(it->second(tx, who, inst->Int(2)));
  }
  tx.Emit({"workflow_instance.completed", "workflow_instance", instance_id,
           {{"id", instance_id}, {"key", d.key}, {"document_type", d.document_type},
            {"document_id", inst->Int(2)}},
           co});
  return Status::Ok();
}

Status Workflows::Finish(store::Tx& tx, int64_t co, int64_t instance_id, const std::string& state,
                         const std::string& task_state) const {
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE workflow_tasks SET state = ?, version = version + 1, "
                          "updated_at = ? WHERE instance_id = ? AND state = 'open'",
                          task_state, now, instance_id)
                      .status());
  return tx.Exec("UPDATE workflow_instances SET state = ?, finished_at = ?, version = version "
                 "+ 1, updated_at = ? WHERE id = ? AND company_id = ?",
                 state, now, now, instance_id, co)
      .status();
}

Result<bool> Workflows::CanDecide(store::Tx& tx, const security::Access& who,
                                  const TaskRow& t) const {
  int64_t me = who.user_id();
  auto member = std::find(t.members.begin(), t.members.end(), me) != t.members.end();
  if (t.approval == "all") return member;
  if (member || (t.user_id && *t.user_id == me)) return true;
  if (t.department_id && *t.department_id == who.department_id()) return true;
  if (!t.permission.empty() && who.Has(t.permission)) return true;
  if (t.role_id) {
    auto user = directory_.GetUser(tx, SystemAccess(who.company_id(), {"security.user.read"}), me);
    if (!user.ok()) return false;
    for (const auto& r : (*user)["role_ids"]) {
      if (r == *t.role_id) return true;
    }
  }
  return false;
}

Status Workflows::Approve(store::Tx& tx, const security::Access& who, const TaskRow& t,
                          const std::string& comment) const {
  int64_t co = who.company_id();
  RETURN_IF_ERROR(History(tx, co, t.instance_id, t.id, who.user_id(), "approve", t.step, comment));
  if (t.approval == "all") {
    ASSIGN_OR_RETURN(auto n, tx.One("SELECT COUNT(DISTINCT user_id) FROM workflow_history "
                                    "WHERE task_id = ? AND action = 'approve'",
                                    t.id));
    if (n && n->Int(0) < static_cast<int64_t>(t.members.size())) {
      RETURN_IF_ERROR(tx.Exec("UPDATE workflow_tasks SET version = version + 1, updated_at = ? "
                              "WHERE id = ?",
                              clock_.Now().ToIso(), t.id)
                          .status());
      return Touch(tx, co, t.instance_id, "vote");
    }
  }
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE workflow_tasks SET state = 'approved', decided_by = ?, "
                          "decided_at = ?, comment = ?, version = version + 1, updated_at = ? "
                          "WHERE id = ?",
                          who.user_id(), now, comment, now, t.id)
                      .status());
  ASSIGN_OR_RETURN(auto inst, tx.One("SELECT definition_id, document_id FROM workflow_instances "
                                     "WHERE id = ?",
                                     t.instance_id));
  ASSIGN_OR_RETURN(Definition d, DefinitionOf(tx, inst->Int(0)));
  const Step* step = d.Find(t.step);
  if (step && !step->effect.empty()) {
    auto it = effects_.find(step->effect);
    if (it == effects_.end()) {
      return FailedPrecondition("workflow.unknown_effect", "No such effect: " + step->effect);
    }
    RETURN_IF_ERROR(it->second(tx, who, inst->Int(1)));
  }
  return Advance(tx, who, t.instance_id);
}

Result<json> Workflows::Decide(store::Tx& tx, const security::Access& who, int64_t task_id,
                               bool approve, const json& body) const {
  Fields f(body);
  auto comment = f.Text("comment", {.max_chars = 4000, .allow_empty = true});
  auto version = f.Int("version");
  RETURN_IF_ERROR(f.Finish());
  int64_t co = who.company_id();
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kTaskColumns +
                                        " FROM workflow_tasks WHERE id = ? AND company_id = ?",
                                    task_id, co));
  if (!row) return NotFound("workflow_task");
  TaskRow t = TaskOf(*row);
  ASSIGN_OR_RETURN(bool allowed, CanDecide(tx, who, t));
  if (!allowed) {
    security::LogDenied(who.user_id(), "workflow task", "not an assignee");
    return PermissionDenied("You are not an assignee of this workflow task.");
  }
  if (version && *version != t.version) {
    return Status(Code::kStaleVersion, "version.stale",
                  "The task changed since you read it (version " + std::to_string(t.version) + ").");
  }
  if (t.state != "open") {
    return Status(Code::kConflict, "workflow.task_closed", "The task is " + t.state + ".");
  }
  ASSIGN_OR_RETURN(auto voted, tx.One("SELECT 1 FROM workflow_history WHERE task_id = ? AND "
                                      "user_id = ? AND action = 'approve'",
                                      t.id, who.user_id()));
  if (voted) return Status(Code::kConflict, "workflow.already_decided", "You approved already.");
  ASSIGN_OR_RETURN(json before, InstanceJson(tx, co, t.instance_id));
  std::string text = comment.value_or("");
  if (approve) {
    RETURN_IF_ERROR(Approve(tx, who, t, text));
  } else {
    std::string now = clock_.Now().ToIso();
    RETURN_IF_ERROR(History(tx, co, t.instance_id, t.id, who.user_id(), "reject", t.step, text));
    RETURN_IF_ERROR(tx.Exec("UPDATE workflow_tasks SET state = 'rejected', decided_by = ?, "
                            "decided_at = ?, comment = ?, version = version + 1, updated_at = ? "
                            "WHERE id = ?",
                            who.user_id(), now, text, now, t.id)
                        .status());
    RETURN_IF_ERROR(Finish(tx, co, t.instance_id, "rejected", "cancelled"));
  }
  ASSIGN_OR_RETURN(json out, InstanceJson(tx, co, t.instance_id));
  tx.Audit({"workflow_task", t.id, approve ? "approve" : "reject",
            {{"state", {"open", approve ? "approved" : "rejected"}}, {"comment", {nullptr, text}}}});
  tx.Emit({std::string("workflow_task.") + (approve ? "approved" : "rejected"), "workflow_task",
           t.id, {{"id", t.id}, {"instance_id", t.instance_id}, {"step", t.step}}});
  tx.Audit({"workflow_instance", t.instance_id, "decide", store::Changes(before, out)});
  tx.Emit({"workflow_instance.updated", "workflow_instance", t.instance_id, out});
  return out;
}

Result<json> Workflows::DecideFor(store::Tx& tx, const security::Access& who,
                                  const std::string& key, const std::string& type,
                                  int64_t document_id, bool approve,
                                  const std::string& comment) const {
  ASSIGN_OR_RETURN(auto running, Running(tx, who.company_id(), type, document_id, key));
  if (!running) return NotFound("workflow_task");
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string("SELECT ") + kTaskColumns +
                                          " FROM workflow_tasks WHERE instance_id = ? AND "
                                          "state = 'open' ORDER BY id",
                                      *running));
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(bool allowed, CanDecide(tx, who, TaskOf(r)));
    if (allowed) return Decide(tx, who, r.Int("id"), approve, {{"comment", comment}});
  }
  security::LogDenied(who.user_id(), "workflow task", "no open task of the caller");
  return PermissionDenied("No open step of the " + key + " workflow is assigned to you.");
}

Status Workflows::Escalate(store::Tx& tx, const TaskRow& t, const Step& step) const {
  ASSIGN_OR_RETURN(auto inst, tx.One("SELECT document_type, document_id, started_by FROM "
                                     "workflow_instances WHERE id = ?",
                                     t.instance_id));
  ASSIGN_OR_RETURN(json document, LoadDocument(tx, t.company_id, inst->Text(0), inst->Int(1)));
  ASSIGN_OR_RETURN(Assigned a, Resolve(tx, t.company_id, *step.escalate_to, document,
                                       step.approval == "all", inst->OptInt(2).value_or(0)));
  RETURN_IF_ERROR(tx.Exec("UPDATE workflow_tasks SET user_id = ?, role_id = ?, department_id = "
                          "?, permission = ?, members = ?, escalated = 1, due_at = NULL, "
                          "version = version + 1, updated_at = ? WHERE id = ?",
                          a.user_id, a.role_id, a.department_id,
                          a.permission.empty() ? std::optional<std::string>() : a.permission,
                          MembersText(a.members), clock_.Now().ToIso(), t.id)
                      .status());
  RETURN_IF_ERROR(History(tx, t.company_id, t.instance_id, t.id, 0, "escalate", t.step,
                          "deadline passed"));
  RETURN_IF_ERROR(Touch(tx, t.company_id, t.instance_id, "escalate"));
  tx.Audit({"workflow_task", t.id, "escalate", {{"escalated", {false, true}}}, t.company_id});
  tx.Emit({"workflow_task.escalated", "workflow_task", t.id,
           {{"id", t.id}, {"instance_id", t.instance_id}, {"step", t.step}}, t.company_id});
  return NotifyAssigned(tx, t.company_id, t.id, a, "escalation", "Escalated to you: " + t.name);
}

Result<DeadlineResult> Workflows::RunDeadlines(store::Tx& tx, Timestamp now,
                                               std::optional<int64_t> company_id) const {
  std::string sql = std::string("SELECT ") + kTaskColumns +
                    " FROM workflow_tasks WHERE state = 'open' AND due_at IS NOT NULL AND "
                    "due_at < ?";
  std::vector<store::Value> p = {now.ToIso()};
  if (company_id) {
    sql += " AND company_id = ?";
    p.emplace_back(*company_id);
  }
  sql += " ORDER BY id LIMIT " + std::to_string(kTasksPerDeadlinePass);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  DeadlineResult out;
  for (const auto& r : rows) {
    TaskRow t = TaskOf(r);
    ASSIGN_OR_RETURN(auto still, tx.One("SELECT state FROM workflow_tasks WHERE id = ?", t.id));
    if (!still || still->Text(0) != "open") continue;  // ended with an earlier task
    ASSIGN_OR_RETURN(auto inst, tx.One("SELECT definition_id FROM workflow_instances WHERE id = ?",
                                       t.instance_id));
    ASSIGN_OR_RETURN(Definition d, DefinitionOf(tx, inst->Int(0)));
    const Step* step = d.Find(t.step);
    if (step && step->on_timeout == "escalate" && step->escalate_to && !t.escalated) {
      RETURN_IF_ERROR(Escalate(tx, t, *step));
      ++out.escalated;
      continue;
    }
    RETURN_IF_ERROR(tx.Exec("UPDATE workflow_tasks SET state = 'expired', version = version + 1, "
                            "updated_at = ? WHERE id = ?",
                            now.ToIso(), t.id)
                        .status());
    RETURN_IF_ERROR(History(tx, t.company_id, t.instance_id, t.id, 0, "timeout", t.step,
                            "deadline passed"));
    RETURN_IF_ERROR(Finish(tx, t.company_id, t.instance_id, "timed_out", "cancelled"));
    tx.Audit({"workflow_instance", t.instance_id, "timeout", {{"state", {"running", "timed_out"}}},
              t.company_id});
    tx.Emit({"workflow_instance.timed_out", "workflow_instance", t.instance_id,
             {{"id", t.instance_id}, {"step", t.step}}, t.company_id});
    ++out.timed_out;
  }
  return out;
}

}  // namespace concord::workflow
