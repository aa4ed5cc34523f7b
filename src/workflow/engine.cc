// The engine's registries, definitions, starting, guards and cancelling.
#include <algorithm>

#include "store/row_json.h"
#include "workflow/internal.h"

namespace concord::workflow {
namespace {

using nlohmann::json;

constexpr const char* kDefColumns =
    "id, company_id, def_key, version, name, document_type, body, active, created_by, "
    "created_at, updated_at";

json DefinitionJson(const store::Record& r) {
  json out = store::RowJson(r);
  out.erase("def_key");
  out.erase("body");
  out["key"] = r.Text("def_key");
  out["active"] = r.Int("active") != 0;
  out["definition"] = json::parse(r.Text("body"), nullptr, false);
  return out;
}

}  // namespace

security::Access SystemAccess(int64_t company_id, const std::vector<std::string>& permissions) {
  std::map<std::string, security::Scope> grants;
  for (const auto& p : permissions) grants[p] = security::Scope::kCompany;
  return security::Access(0, "system", company_id, 0, std::move(grants));
}

void Workflows::RegisterDocument(const std::string& type, DocumentLoader loader,
                                 const std::string& read_permission) {
  documents_[type] = DocType{std::move(loader), read_permission};
}

void Workflows::RegisterEffect(const std::string& name, Effect fn) {
  effects_[name] = std::move(fn);
}

const Workflows::DocType* Workflows::Doc(const std::string& type) const {
  auto it = documents_.find(type);
  return it == documents_.end() ? nullptr : &it->second;
}

Result<json> Workflows::LoadDocument(store::Tx& tx, int64_t company_id, const std::string& type,
                                     int64_t id) const {
  const DocType* d = Doc(type);
  if (!d) return NotFound("document");
  return d->loader(tx, SystemAccess(company_id, {d->read_permission}), id);
}

Result<Definition> Workflows::DefinitionOf(store::Tx& tx, int64_t definition_id) const {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT body FROM workflow_definitions WHERE id = ?",
                                    definition_id));
  if (!row) return NotFound("workflow_definition");
  json body = json::parse(row->Text(0), nullptr, false);
  // Stored bodies were validated when saved; effects removed since then fail when run.
  return ParseDefinition(body, [](const std::string&) { return true; },
                         [](const std::string&) { return true; });
}

Result<json> Workflows::ListDefinitions(store::Tx& tx, const security::Access& who,
                                        const std::string& key, int64_t limit,
                                        int64_t after) const {
  RETURN_IF_ERROR(who.Require("workflow.definition.read"));
  std::string sql = std::string("SELECT ") + kDefColumns +
                    " FROM workflow_definitions WHERE company_id = ? AND id > ?";
  std::vector<store::Value> p = {who.company_id(), after};
  if (!key.empty()) {
    sql += " AND def_key = ?";
    p.emplace_back(key);
  }
  sql += " ORDER BY id LIMIT ?";
  p.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  json items = json::array();
  for (const auto& r : rows) items.push_back(DefinitionJson(r));
  return items;
}

Result<json> Workflows::GetDefinition(store::Tx& tx, const security::Access& who,
                                      int64_t id) const {
  RETURN_IF_ERROR(who.Require("workflow.definition.read"));
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kDefColumns +
                                        " FROM workflow_definitions WHERE id = ? AND "
                                        "company_id = ?",
                                    id, who.company_id()));
  if (!row) return NotFound("workflow_definition");
  return DefinitionJson(*row);
}

Result<json> Workflows::SaveDefinition(store::Tx& tx, const security::Access& who,
                                       const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("workflow.definition.update"));
  auto known_effect = [this](const std::string& n) { return effects_.count(n) > 0; };
  auto known_doc = [this](const std::string& n) { return documents_.count(n) > 0; };
  ASSIGN_OR_RETURN(Definition d, ParseDefinition(body, known_effect, known_doc));
  int64_t co = who.company_id();
  ASSIGN_OR_RETURN(auto latest, tx.One("SELECT MAX(version) FROM workflow_definitions WHERE "
                                       "company_id = ? AND def_key = ?",
                                       co, d.key));
  int64_t version = 1;
  if (latest && !latest->IsNull(0)) {
    if (check) RETURN_IF_ERROR(check(latest->Int(0)));
    version = latest->Int(0) + 1;
  }
  json stored = body;
  stored.erase("version");
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO workflow_definitions (company_id, def_key, version, "
                             "name, document_type, body, active, created_by, created_at, "
                             "updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
                             co, d.key, version, d.name, d.document_type, stored.dump(),
                             who.user_id(), now, now));
  ASSIGN_OR_RETURN(json out, GetDefinition(tx, who, id));
  tx.Audit({"workflow_definition", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"workflow_definition.created", "workflow_definition", id, out});
  return out;
}

Result<json> Workflows::Deactivate(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("workflow.definition.update"));
  ASSIGN_OR_RETURN(json before, GetDefinition(tx, who, id));
  RETURN_IF_ERROR(tx.Exec("UPDATE workflow_definitions SET active = 0, updated_at = ? WHERE "
                          "id = ? AND company_id = ?",
                          clock_.Now().ToIso(), id, who.company_id())
                      .status());
  ASSIGN_OR_RETURN(json out, GetDefinition(tx, who, id));
  tx.Audit({"workflow_definition", id, "deactivate", store::Changes(before, out)});
  tx.Emit({"workflow_definition.deactivated", "workflow_definition", id, out});
  return out;
}

Status Workflows::Install(store::Tx& tx, int64_t company_id, const json& body) const {
  ASSIGN_OR_RETURN(auto exists, tx.One("SELECT 1 FROM workflow_definitions WHERE company_id = "
                                       "? AND def_key = ?",
                                       company_id, body.value("key", "")));
  if (exists) return Status::Ok();
  auto known_effect = [this](const std::string& n) { return effects_.count(n) > 0; };
  auto known_doc = [this](const std::string& n) { return documents_.count(n) > 0; };
  ASSIGN_OR_RETURN(Definition d, ParseDefinition(body, known_effect, known_doc));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO workflow_definitions (company_id, def_key, version, "
                             "name, document_type, body, active, created_by, created_at, "
                             "updated_at) VALUES (?, ?, 1, ?, ?, ?, 1, NULL, ?, ?) RETURNING id",
                             company_id, d.key, d.name, d.document_type, body.dump(), now, now));
  tx.Audit({"workflow_definition", id, "install", {{"key", {nullptr, d.key}}}, company_id});
  tx.Emit({"workflow_definition.created", "workflow_definition", id,
           {{"id", id}, {"key", d.key}, {"version", 1}}, company_id});
  return Status::Ok();
}

Result<int64_t> Workflows::StartInstance(store::Tx& tx, const security::Access& who,
                                         const std::string& key, const std::string& type,
                                         int64_t document_id, bool check_permission) const {
  int64_t co = who.company_id();
  ASSIGN_OR_RETURN(auto def, tx.One("SELECT id, document_type FROM workflow_definitions WHERE "
                                    "company_id = ? AND def_key = ? AND active = 1 ORDER BY "
                                    "version DESC LIMIT 1",
                                    co, key));
  if (!def) return NotFound("workflow_definition");
  if (def->Text(1) != type) {
    return InvalidField("document_type", "mismatch",
                        "The workflow " + key + " binds " + def->Text(1) + " documents.");
  }
  ASSIGN_OR_RETURN(Definition d, DefinitionOf(tx, def->Int(0)));
  if (check_permission && !who.Has("workflow.instance.create") &&
      !(!d.start_permission.empty() && who.Has(d.start_permission))) {
    return who.Require("workflow.instance.create");
  }
  const DocType* doc = Doc(type);
  if (!doc) return NotFound("document");
  RETURN_IF_ERROR(doc->loader(tx, who, document_id).status());  // visible to the starter
  ASSIGN_OR_RETURN(auto running, Running(tx, co, type, document_id, key));
  if (running) {
    return Status(Code::kConflict, "workflow.already_running",
                  "A " + key + " workflow already runs on this document.")
        .SetExtra(json{{"instance_id", *running}}.dump());
  }
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO workflow_instances (company_id, definition_id, "
                             "definition_key, document_type, document_id, state, started_by, "
                             "started_at, updated_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?) "
                             "RETURNING id",
                             co, def->Int(0), key, type, document_id,
                             who.user_id() ? std::optional<int64_t>(who.user_id()) : std::nullopt,
                             now, now));
  RETURN_IF_ERROR(History(tx, co, id, std::nullopt, who.user_id(), "start", "", ""));
  RETURN_IF_ERROR(Advance(tx, who, id));
  ASSIGN_OR_RETURN(json out, InstanceJson(tx, co, id));
  tx.Audit({"workflow_instance", id, "start", store::Changes(json::object(), out), co});
  tx.Emit({"workflow_instance.started", "workflow_instance", id, out, co});
  return id;
}

Result<json> Workflows::Start(store::Tx& tx, const security::Access& who, const std::string& key,
                              const std::string& type, int64_t document_id) const {
  ASSIGN_OR_RETURN(int64_t id, StartInstance(tx, who, key, type, document_id, true));
  return InstanceJson(tx, who.company_id(), id);
}

Result<int64_t> Workflows::StartFor(store::Tx& tx, const security::Access& who,
                                    const std::string& key, const std::string& type,
                                    int64_t document_id) const {
  return StartInstance(tx, who, key, type, document_id, false);
}

Result<std::optional<int64_t>> Workflows::Running(store::Tx& tx, int64_t company_id,
                                                  const std::string& type, int64_t document_id,
                                                  const std::string& key) const {
  std::string sql =
      "SELECT id FROM workflow_instances WHERE company_id = ? AND document_type = ? AND "
      "document_id = ? AND state = 'running'";
  std::vector<store::Value> p = {company_id, type, document_id};
  if (!key.empty()) {
    sql += " AND definition_key = ?";
    p.emplace_back(key);
  }
  ASSIGN_OR_RETURN(auto row, tx.OneV(sql + " ORDER BY id LIMIT 1", p));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int(0));
}

Status Workflows::Guard(store::Tx& tx, int64_t company_id, const std::string& type,
                        int64_t document_id, const std::string& transition) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, definition_id, definition_key FROM "
                                      "workflow_instances WHERE company_id = ? AND "
                                      "document_type = ? AND document_id = ? AND state = "
                                      "'running' ORDER BY id",
                                      company_id, type, document_id));
  for (const auto& inst : rows) {
    ASSIGN_OR_RETURN(Definition d, DefinitionOf(tx, inst.Int(1)));
    for (const auto& g : d.guards) {
      if (g.transition != transition) continue;
      if (g.until != "completion") {
        ASSIGN_OR_RETURN(auto done, tx.One("SELECT 1 FROM workflow_tasks WHERE instance_id = ? "
                                           "AND step = ? AND state IN ('approved', 'skipped')",
                                           inst.Int(0), g.until));
        if (done) continue;
      }
      ASSIGN_OR_RETURN(auto open, tx.One("SELECT id, step, name FROM workflow_tasks WHERE "
                                         "instance_id = ? AND state = 'open' ORDER BY id LIMIT 1",
                                         inst.Int(0)));
      json w = {{"instance_id", inst.Int(0)}, {"key", inst.Text(2)}, {"name", d.name}};
      std::string step = open ? open->Text(1) : "";
      w["pending_step"] = open ? json(step) : json();
      w["pending_step_name"] = open ? json(open->Text(2)) : json();
      w["task_id"] = open ? json(open->Int(0)) : json();
      Status st(Code::kConflict, "workflow.pending",
                "The " + d.name + " workflow (instance " + std::to_string(inst.Int(0)) +
                    ") holds this document: step " + (open ? "'" + open->Text(2) + "' (" + step + ")" : "?") +
                    " is pending.");
      st.SetExtra(json{{"workflow", w}}.dump());
      return st;
    }
  }
  return Status::Ok();
}

Result<json> Workflows::Cancel(store::Tx& tx, const security::Access& who, int64_t id,
                               const std::string& comment, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("workflow.instance.update"));
  int64_t co = who.company_id();
  ASSIGN_OR_RETURN(json before, InstanceJson(tx, co, id));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  if (before["state"] != "running") {
    return FailedPrecondition("workflow.not_running", "The workflow is " +
                                                          before["state"].get<std::string>() + ".");
  }
  RETURN_IF_ERROR(History(tx, co, id, std::nullopt, who.user_id(), "cancel", "", comment));
  RETURN_IF_ERROR(Finish(tx, co, id, "cancelled", "cancelled"));
  ASSIGN_OR_RETURN(json out, InstanceJson(tx, co, id));
  tx.Audit({"workflow_instance", id, "cancel", store::Changes(before, out)});
  tx.Emit({"workflow_instance.cancelled", "workflow_instance", id, out});
  return out;
}

Result<int64_t> Workflows::CancelFor(store::Tx& tx, const security::Access& who,
                                     const std::string& key, const std::string& type,
                                     int64_t document_id, const std::string& reason) const {
  int64_t co = who.company_id();
  int64_t n = 0;
  while (true) {
    ASSIGN_OR_RETURN(auto running, Running(tx, co, type, document_id, key));
    if (!running) return n;
    RETURN_IF_ERROR(History(tx, co, *running, std::nullopt, who.user_id(), "cancel", "", reason));
    RETURN_IF_ERROR(Finish(tx, co, *running, "cancelled", "cancelled"));
    ASSIGN_OR_RETURN(json out, InstanceJson(tx, co, *running));
    tx.Audit({"workflow_instance", *running, "cancel", {{"state", {"running", "cancelled"}}}, co});
    tx.Emit({"workflow_instance.cancelled", "workflow_instance", *running, out, co});
    ++n;
  }
}

}  // namespace concord::workflow
