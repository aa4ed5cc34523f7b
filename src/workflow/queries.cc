// Reading workflows: instances with tasks and history, lists, and the per-user inbox.
#include "store/row_json.h"
#include "workflow/internal.h"

namespace concord::workflow {
namespace {

using nlohmann::json;

constexpr const char* kInstanceColumns =
    "i.id, i.company_id, i.definition_id, i.definition_key, d.version AS definition_version, "
    "d.name, i.document_type, i.document_id, i.state, i.started_by, i.started_at, "
    "i.finished_at, i.version, i.updated_at";

json InstanceRowJson(const store::Record& r) {
  json out = store::RowJson(r);
  out["key"] = r.Text("definition_key");
  out.erase("definition_key");
  return out;
}

// What the inbox shows of a document: the usual identifying fields when it has them.
json Summary(const json& doc) {
  json out = json::object();
  if (!doc.is_object()) return out;
  for (const char* k : {"id", "number", "name", "subject", "state", "status", "party_id",
                        "total", "currency", "max_discount_percent", "owner_user_id"}) {
    if (doc.contains(k)) out[k] = doc[k];
  }
  return out;
}

}  // namespace

namespace internal {

json TaskJson(const store::Record& r) {
  json out = store::RowJson(r);
  out["members"] = ParseMembers(r.Text("members"));
  out["escalated"] = r.Int("escalated") != 0;
  return out;
}

}  // namespace internal

using namespace internal;

Result<json> Workflows::InstanceJson(store::Tx& tx, int64_t co, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kInstanceColumns +
                                        " FROM workflow_instances i JOIN workflow_definitions d "
                                        "ON d.id = i.definition_id WHERE i.id = ? AND "
                                        "i.company_id = ?",
                                    id, co));
  if (!row) return NotFound("workflow_instance");
  json out = InstanceRowJson(*row);
  ASSIGN_OR_RETURN(auto tasks, tx.Rows(std::string("SELECT ") + kTaskColumns +
                                           " FROM workflow_tasks WHERE instance_id = ? ORDER BY id",
                                       id));
  out["tasks"] = json::array();
  for (const auto& t : tasks) out["tasks"].push_back(TaskJson(t));
  ASSIGN_OR_RETURN(auto history, tx.Rows("SELECT id, task_id, at, user_id, action, step, comment "
                                         "FROM workflow_history WHERE instance_id = ? ORDER BY id",
                                         id));
  out["history"] = json::array();
  for (const auto& h : history) out["history"].push_back(store::RowJson(h));
  return out;
}

Result<json> Workflows::GetInstance(store::Tx& tx, const security::Access& who,
                                    int64_t id) const {
  RETURN_IF_ERROR(who.Require("workflow.instance.read"));
  return InstanceJson(tx, who.company_id(), id);
}

Result<json> Workflows::ListInstances(store::Tx& tx, const security::Access& who,
                                      const std::string& type, std::optional<int64_t> doc,
                                      const std::string& state, int64_t limit,
                                      int64_t after) const {
  RETURN_IF_ERROR(who.Require("workflow.instance.read"));
  std::string sql = std::string("SELECT ") + kInstanceColumns +
                    " FROM workflow_instances i JOIN workflow_definitions d ON d.id = "
                    "i.definition_id WHERE i.company_id = ? AND i.id > ?";
  std::vector<store::Value> p = {who.company_id(), after};
  auto add = [&](const char* cond, store::Value v) {
    sql += cond;
    p.push_back(std::move(v));
  };
  if (!type.empty()) add(" AND i.document_type = ?", type);
  if (doc) add(" AND i.document_id = ?", *doc);
  if (!state.empty()) add(" AND i.state = ?", state);
  sql += " ORDER BY i.id LIMIT ?";
  p.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  json items = json::array();
  for (const auto& r : rows) items.push_back(InstanceRowJson(r));
  return items;
}

Result<json> Workflows::Inbox(store::Tx& tx, const security::Access& who, int64_t limit,
                              int64_t after) const {
  int64_t co = who.company_id();
  int64_t me = who.user_id();
  std::vector<store::Value> p = {co, after, me, "%," + std::to_string(me) + ",%", me};
  std::string who_sql = "(t.approval = 'any' AND (t.department_id = ?";
  p.emplace_back(who.department_id());
  auto user = directory_.GetUser(tx, SystemAccess(co, {"security.user.read"}), me);
  if (user.ok()) {
    for (const auto& r : (*user)["role_ids"]) {
      who_sql += " OR t.role_id = ?";
      p.emplace_back(r.get<int64_t>());
    }
  }
  std::string perms;
  for (const auto& [perm, scope] : who.grants()) {
    if (scope == security::Scope::kNone) continue;
    perms += perms.empty() ? "?" : ", ?";
    p.emplace_back(perm);
  }
  if (!perms.empty()) who_sql += " OR t.permission IN (" + perms + ")";
  who_sql += "))";
  // The member pattern and the "not voted yet" user come first in `p`: keep the order.
  std::string sql =
      std::string("SELECT t.") + "id, t.company_id, t.instance_id, t.step, t.name, t.state, "
      "t.approval, t.members, t.user_id, t.role_id, t.department_id, t.permission, t.due_at, "
      "t.escalated, t.decided_by, t.decided_at, t.comment, t.version, t.created_at, "
      "t.updated_at, i.document_type, i.document_id, i.definition_key FROM workflow_tasks t "
      "JOIN workflow_instances i ON i.id = t.instance_id WHERE t.company_id = ? AND t.id > ? "
      "AND t.state = 'open' AND ((t.user_id = ? AND t.approval = 'any') OR (t.members LIKE ? "
      "AND NOT EXISTS (SELECT 1 FROM workflow_history h WHERE h.task_id = t.id AND h.user_id = "
      "? AND h.action = 'approve')) OR " +
      who_sql + ") ORDER BY t.id LIMIT ?";
  p.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  json items = json::array();
  for (const auto& r : rows) {
    json t = TaskJson(r);
    t.erase("document_type");
    t.erase("document_id");
    t.erase("definition_key");
    t["key"] = r.Text("definition_key");
    auto doc = LoadDocument(tx, co, r.Text("document_type"), r.Int("document_id"));
    t["document"] = {{"type", r.Text("document_type")}, {"id", r.Int("document_id")},
                     {"summary", doc.ok() ? Summary(*doc) : json::object()}};
    items.push_back(std::move(t));
  }
  return items;
}

}  // namespace concord::workflow
