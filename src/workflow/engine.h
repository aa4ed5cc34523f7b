// The workflow engine: versioned process definitions (workflow/definition.h), instances bound
// to one document, tasks with assignees, decisions with comments, deadlines with escalation,
// guards that other areas ask before a guarded transition, and the full history.
//
// The engine knows no business area. Areas register at wiring time:
//  - documents a workflow can bind (`RegisterDocument`): a loader returning the document as
//    JSON under a caller's Access (record rules apply; the engine calls it with the starter's
//    access, and with a company-wide system access for conditions, assignees and summaries);
//  - effects (`RegisterEffect`): run in the deciding transaction when a step is approved, with
//    the decider's access; an error aborts the decision (nothing is written).
//
// Instance states: running → completed | rejected | cancelled | timed_out. Task states:
// open → approved | rejected | skipped | cancelled | expired. A step opens when every step of
// its `after` list is approved or skipped; its condition false → skipped. The instance
// completes when no step is open or can still open. A rejection (or a timeout with
// on_timeout "reject") ends the instance. Guards hold only while the instance runs.
//
// Deciding a task needs being its assignee: its user, in its user group, holding its role,
// in its department, or holding its permission. "all" tasks need every member's approval
// (members fixed when the task opens); any member's rejection rejects.
//
// Every change writes an audit record and an event (workflow_instance, workflow_task,
// workflow_definition). Thread-safety: registries are filled before serving; then const.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "notify/notifier.h"
#include "security/access.h"
#include "security/directory.h"
#include "security/roles.h"
#include "store/tx.h"
#include "workflow/definition.h"

namespace concord::workflow {

using DocumentLoader =
    std::function<Result<nlohmann::json>(store::Tx&, const security::Access&, int64_t id)>;
using Effect = std::function<Status(store::Tx&, const security::Access&, int64_t document_id)>;
using VersionCheck = std::function<Status(int64_t)>;

struct DeadlineResult {
  int64_t escalated = 0;
  int64_t timed_out = 0;
  nlohmann::json ToJson() const { return {{"escalated", escalated}, {"timed_out", timed_out}}; }
};

class Workflows {
 public:
  Workflows(const Clock& clock, security::Directory& directory, security::Roles& roles)
      : clock_(clock), directory_(directory), roles_(roles) {}

  // Wiring (before serving).
  void RegisterDocument(const std::string& type, DocumentLoader loader,
                        const std::string& read_permission);
  void RegisterEffect(const std::string& name, Effect fn);
  // Tasks that open ("approval_due") or escalate ("escalation") notify their assignees
  // (the user, or every member of the group) through `notifier` (not owned; may be null).
  void SetNotifier(const notify::Notifier* notifier) { notifier_ = notifier; }

  // --- definitions (workflow.definition.read / manage) ---
  Result<nlohmann::json> ListDefinitions(store::Tx& tx, const security::Access& who,
                                         const std::string& key, int64_t limit,
                                         int64_t after) const;
  Result<nlohmann::json> GetDefinition(store::Tx& tx, const security::Access& who,
                                       int64_t id) const;
  // A new key becomes version 1; an existing key gets the next version, and `check` must
  // accept the latest version (If-Match / body "version"). Running instances keep theirs.
  Result<nlohmann::json> SaveDefinition(store::Tx& tx, const security::Access& who,
                                        const nlohmann::json& body,
                                        const VersionCheck& check) const;
  // An inactive version starts no instances (running ones go on).
  Result<nlohmann::json> Deactivate(store::Tx& tx, const security::Access& who,
                                    int64_t id) const;
  // Installs `body` as version 1 for the company unless the key exists (system; idempotent).
  Status Install(store::Tx& tx, int64_t company_id, const nlohmann::json& body) const;

  // --- instances ---
  // API start: needs workflow.instance.create or the definition's start_permission, and the
  // document visible to the caller. Conflict "workflow.already_running" for a second running
  // instance of the same key on the document.
  Result<nlohmann::json> Start(store::Tx& tx, const security::Access& who,
                               const std::string& key, const std::string& document_type,
                               int64_t document_id) const;
  // Start by an area's service (no workflow permission needed); returns the instance id.
  Result<int64_t> StartFor(store::Tx& tx, const security::Access& who, const std::string& key,
                           const std::string& document_type, int64_t document_id) const;
  // The running instance of `key` (any key if empty) on the document, if any.
  Result<std::optional<int64_t>> Running(store::Tx& tx, int64_t company_id,
                                         const std::string& document_type, int64_t document_id,
                                         const std::string& key = "") const;
  // OK unless a running instance guards `transition` of the document: Conflict
  // "workflow.pending" naming the instance and its pending step (problem extra "workflow":
  // {instance_id, key, pending_step, pending_step_name, task_id}).
  Status Guard(store::Tx& tx, int64_t company_id, const std::string& document_type,
               int64_t document_id, const std::string& transition) const;
  Result<nlohmann::json> ListInstances(store::Tx& tx, const security::Access& who,
                                       const std::string& document_type,
                                       std::optional<int64_t> document_id,
                                       const std::string& state, int64_t limit,
                                       int64_t after) const;
  // With tasks and history.
  Result<nlohmann::json> GetInstance(store::Tx& tx, const security::Access& who,
                                     int64_t id) const;
  Result<nlohmann::json> Cancel(store::Tx& tx, const security::Access& who, int64_t id,
                                const std::string& comment, const VersionCheck& check) const;
  // Cancels the running instances of `key` on the document (an area's service, e.g. the
  // document changed and the approval must start over). Returns how many.
  Result<int64_t> CancelFor(store::Tx& tx, const security::Access& who, const std::string& key,
                            const std::string& document_type, int64_t document_id,
                            const std::string& reason) const;

  // --- tasks ---
  // Open tasks the caller may decide, with a summary of their document.
  Result<nlohmann::json> Inbox(store::Tx& tx, const security::Access& who, int64_t limit,
                               int64_t after) const;
  // Approve or reject one open task; body {comment?, version?}. Returns the instance.
  Result<nlohmann::json> Decide(store::Tx& tx, const security::Access& who, int64_t task_id,
                                bool approve, const nlohmann::json& body) const;
  // Decides the caller's open task of the running `key` instance on the document (areas'
  // legacy verbs). NotFound "workflow_task" when the caller has none.
  Result<nlohmann::json> DecideFor(store::Tx& tx, const security::Access& who,
                                   const std::string& key, const std::string& document_type,
                                   int64_t document_id, bool approve,
                                   const std::string& comment) const;

  // --- deadlines ---
  // Escalates or times out the open tasks whose due_at has passed (one company, or all).
  Result<DeadlineResult> RunDeadlines(store::Tx& tx, Timestamp now,
                                      std::optional<int64_t> company_id) const;

  // Engine internals (defined in workflow/internal.h).
  struct TaskRow;
  struct Assigned;

 private:
  struct DocType {
    DocumentLoader loader;
    std::string read_permission;
  };
  const DocType* Doc(const std::string& type) const;
  Result<nlohmann::json> LoadDocument(store::Tx& tx, int64_t company_id,
                                      const std::string& type, int64_t id) const;
  Result<Definition> DefinitionOf(store::Tx& tx, int64_t definition_id) const;
  Result<int64_t> StartInstance(store::Tx& tx, const security::Access& who,
                                const std::string& key, const std::string& document_type,
                                int64_t document_id, bool check_permission) const;
  // Opens or skips every step whose predecessors are done; completes the instance when
  // nothing is open any more.
  // `who` runs the definition's on_complete effect.
  Status Advance(store::Tx& tx, const security::Access& who, int64_t instance_id) const;
  Status OpenStep(store::Tx& tx, int64_t company_id, int64_t instance_id, const Step& step,
                  const nlohmann::json& document, int64_t started_by) const;
  Result<Assigned> Resolve(store::Tx& tx, int64_t company_id, const Assignee& a,
                           const nlohmann::json& document, bool all,
                           int64_t fallback_user) const;
  Result<std::vector<int64_t>> Members(store::Tx& tx, int64_t company_id,
                                       const Assigned& a) const;
  Status NotifyAssigned(store::Tx& tx, int64_t company_id, int64_t task_id,
                        const Assigned& a, const std::string& kind,
                        const std::string& title) const;
  Result<bool> CanDecide(store::Tx& tx, const security::Access& who, const TaskRow& t) const;
  Status Approve(store::Tx& tx, const security::Access& who, const TaskRow& t,
                 const std::string& comment) const;
  // Ends the instance (rejected, cancelled, timed_out): open tasks become `task_state`.
  Status Finish(store::Tx& tx, int64_t company_id, int64_t instance_id,
                const std::string& state, const std::string& task_state) const;
  Status History(store::Tx& tx, int64_t company_id, int64_t instance_id,
                 std::optional<int64_t> task_id, int64_t user_id, const std::string& action,
                 const std::string& step, const std::string& comment) const;
  Status Touch(store::Tx& tx, int64_t company_id, int64_t instance_id,
               const std::string& action) const;
  Result<nlohmann::json> InstanceJson(store::Tx& tx, int64_t company_id, int64_t id) const;
  Status Escalate(store::Tx& tx, const TaskRow& t, const Step& step) const;

  const Clock& clock_;
  security::Directory& directory_;
  security::Roles& roles_;
  std::map<std::string, DocType> documents_;
  std::map<std::string, Effect> effects_;
  const notify::Notifier* notifier_ = nullptr;
};

// A company-wide access holding `permissions`, acting as the system (user 0).
security::Access SystemAccess(int64_t company_id, const std::vector<std::string>& permissions);

}  // namespace concord::workflow
