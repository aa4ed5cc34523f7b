// Routes and schemas of the workflow area: parse, call the engine.
#include "core/json_input.h"
#include "http/schema.h"
#include "security/api.h"
#include "workflow/workflow.h"

namespace concord::workflow {
namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::ListOf;
using security::Ref;
namespace sc = http::schema;

void RegisterSchemas(http::Api& api) {
  json assignee = sc::Obj({{"user", sc::kInt}, {"users", sc::ArrayOf(sc::kInt)},
                           {"role", sc::kStr}, {"department", sc::kStr},
                           {"department_manager", sc::kStr}, {"field", sc::kStr},
                           {"permission", sc::kStr}});
  json step = sc::Obj({{"key", sc::kStr},
                       {"name", sc::kStr},
                       {"assignee", assignee},
                       {"approval", sc::Enum({"any", "all"})},
                       {"condition", sc::Obj({{"field", sc::kStr},
                                              {"op", sc::Enum({">", ">=", "<", "<=", "==", "!="})},
                                              {"value", json::object()},
                                              {"value_field", sc::kStr}})},
                       {"after", sc::ArrayOf(sc::kStr)},
                       {"due_hours", sc::kInt},
                       {"on_timeout", sc::Enum({"escalate", "reject"})},
                       {"escalate_to", assignee},
                       {"effect", sc::kStr}},
                      {"key", "assignee"});
  json body = {{"key", sc::kStr},
               {"name", sc::kStr},
               {"document_type", sc::kStr},
               {"start_permission", sc::kStr},
               {"on_complete", sc::kStr},
               {"version", sc::kInt},
               {"steps", sc::ArrayOf(step)},
               {"guards", sc::ArrayOf(sc::Obj({{"transition", sc::kStr}, {"until", sc::kStr}}))}};
  api.AddSchema("WorkflowDefinitionInput", sc::Obj(body, {"key", "document_type", "steps"}));
  api.AddSchema("WorkflowDefinition",
                sc::Obj({{"id", sc::kInt}, {"key", sc::kStr}, {"version", sc::kInt},
                         {"name", sc::kStr}, {"document_type", sc::kStr}, {"active", sc::kBool},
                         {"created_by", sc::Nullable(sc::kInt)}, {"created_at", sc::kTime},
                         {"updated_at", sc::kTime},
                         {"definition", Ref("WorkflowDefinitionInput")}}));
  json task = {{"id", sc::kInt}, {"instance_id", sc::kInt}, {"step", sc::kStr},
               {"name", sc::kStr}, {"state", sc::kStr}, {"approval", sc::kStr},
               {"members", sc::ArrayOf(sc::kInt)}, {"user_id", sc::Nullable(sc::kInt)},
               {"role_id", sc::Nullable(sc::kInt)}, {"department_id", sc::Nullable(sc::kInt)},
               {"permission", sc::Nullable(sc::kStr)}, {"due_at", sc::Nullable(sc::kTime)},
               {"escalated", sc::kBool}, {"decided_by", sc::Nullable(sc::kInt)},
               {"decided_at", sc::Nullable(sc::kTime)}, {"comment", sc::kStr},
               {"version", sc::kInt}};
  api.AddSchema("WorkflowTask", sc::Obj(task));
  json inbox = task;
  inbox["key"] = sc::kStr;
  inbox["document"] = sc::Obj({{"type", sc::kStr}, {"id", sc::kInt},
                               {"summary", sc::Obj(json::object())}});
  api.AddSchema("WorkflowInboxTask", sc::Obj(inbox));
  api.AddSchema(
      "WorkflowInstance",
      sc::Obj({{"id", sc::kInt}, {"definition_id", sc::kInt}, {"key", sc::kStr},
               {"definition_version", sc::kInt}, {"name", sc::kStr},
               {"document_type", sc::kStr}, {"document_id", sc::kInt},
               {"state", sc::Enum({"running", "completed", "rejected", "cancelled", "timed_out"})},
               {"started_by", sc::Nullable(sc::kInt)}, {"started_at", sc::kTime},
               {"finished_at", sc::Nullable(sc::kTime)}, {"version", sc::kInt},
               {"tasks", sc::ArrayOf(Ref("WorkflowTask"))},
               {"history", sc::ArrayOf(sc::Obj({{"id", sc::kInt},
                                                {"task_id", sc::Nullable(sc::kInt)},
                                                {"at", sc::kTime},
                                                {"user_id", sc::Nullable(sc::kInt)},
                                                {"action", sc::kStr},
                                                {"step", sc::kStr},
                                                {"comment", sc::kStr}}))}}));
  api.AddSchema("WorkflowStart", sc::Obj({{"key", sc::kStr}, {"document_type", sc::kStr},
                                          {"document_id", sc::kInt}},
                                         {"key", "document_type", "document_id"}));
  api.AddSchema("WorkflowDecision", sc::Obj({{"comment", sc::kStr}, {"version", sc::kInt}}));
  api.AddSchema("WorkflowDeadlines", sc::Obj({{"escalated", sc::kInt}, {"timed_out", sc::kInt}}));
}

Result<json> BodyOrEmpty(Ctx& c) {
  if (c.req().body.empty()) return json::object();
  return c.Body();
}

Result<Response> ListDefinitions(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  std::string key = c.req().Query("key").value_or("");
  ASSIGN_OR_RETURN(auto items, s.workflows.ListDefinitions(c.tx(), c.access(), key, page.limit,
                                                           page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> SaveDefinition(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.workflows.SaveDefinition(c.tx(), c.access(), body,
                                                        security::RequiredVersion(c, &body)));
  return security::Versioned(201, out);
}

Result<Response> GetDefinition(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.workflows.GetDefinition(c.tx(), c.access(), id));
  return security::Versioned(200, out);
}

Result<Response> Deactivate(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.workflows.Deactivate(c.tx(), c.access(), id));
  return Response::Json(200, out);
}

Result<Response> ListInstances(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto doc, c.QueryId("document_id"));
  std::string type = c.req().Query("document_type").value_or("");
  std::string state = c.req().Query("state").value_or("");
  ASSIGN_OR_RETURN(auto items, s.workflows.ListInstances(c.tx(), c.access(), type, doc, state,
                                                         page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> StartInstance(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  auto key = f.Text("key", {.max_chars = 50});
  auto type = f.Text("document_type", {.max_chars = 100});
  auto doc = f.Int("document_id", true);
  RETURN_IF_ERROR(f.Finish());
  if (!key) return InvalidField("key", "required", "key is required.");
  if (!type) return InvalidField("document_type", "required", "document_type is required.");
  ASSIGN_OR_RETURN(auto out, s.workflows.Start(c.tx(), c.access(), *key, *type, *doc));
  return security::Versioned(201, out);
}

Result<Response> GetInstance(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.workflows.GetInstance(c.tx(), c.access(), id));
  return security::Versioned(200, out);
}

Result<Response> CancelInstance(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, BodyOrEmpty(c));
  Fields f(body);
  f.Ignore("version");
  auto comment = f.Text("comment", {.max_chars = 4000, .allow_empty = true});
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto out, s.workflows.Cancel(c.tx(), c.access(), id, comment.value_or(""),
                                                security::OptionalVersion(c, &body)));
  return security::Versioned(200, out);
}

Result<Response> Inbox(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto items, s.workflows.Inbox(c.tx(), c.access(), page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> DecideTask(const Services& s, Ctx& c, bool approve) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, BodyOrEmpty(c));
  ASSIGN_OR_RETURN(auto out, s.workflows.Decide(c.tx(), c.access(), id, approve, body));
  return security::Versioned(200, out);
}

Result<Response> RunDeadlines(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, s.workflows.RunDeadlines(c.tx(), s.clock.Now(),
                                                      c.access().company_id()));
  return Response::Json(200, out.ToJson());
}

}  // namespace

void RegisterRoutes(http::Api& api, const Services& s) {
  RegisterSchemas(api);
  const Services* sp = &s;
  auto add = [&](std::string method, std::string path, http::AuthKind auth, std::string perm,
                 RouteDoc doc, std::function<Result<Response>(const Services&, Ctx&)> fn) {
    api.Add({std::move(method), std::move(path), auth, std::move(perm), http::TxKind::kDefault,
             std::move(doc), [sp, fn](Ctx& c) { return fn(*sp, c); }});
  };
  const auto perm = http::AuthKind::kPermission;
  const auto any = http::AuthKind::kAuthenticated;
  const std::string defs = "/api/v1/workflow-definitions";
  add("GET", defs, perm, "workflow.definition.read",
      {"Workflow definitions (every version)", "workflow", nullptr, ListOf("WorkflowDefinition"),
       200,
       {{"key", "string", "Only this key"},
        {"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"}}},
      ListDefinitions);
  add("POST", defs, perm, "workflow.definition.update",
      {"Save a definition: a new key is version 1, an existing key its next version (If-Match "
       "or body version: the latest)",
       "workflow", Ref("WorkflowDefinitionInput"), Ref("WorkflowDefinition"), 201},
      SaveDefinition);
  add("GET", defs + "/{id}", perm, "workflow.definition.read",
      {"One version of a definition", "workflow", nullptr, Ref("WorkflowDefinition")},
      GetDefinition);
  add("POST", defs + "/{id}/deactivate", perm, "workflow.definition.update",
      {"Deactivate a version (starts no new instances)", "workflow", nullptr,
       Ref("WorkflowDefinition")},
      Deactivate);
  const std::string inst = "/api/v1/workflow-instances";
  add("GET", inst, perm, "workflow.instance.read",
      {"Workflow instances",
       "workflow",
       nullptr,
       ListOf("WorkflowInstance"),
       200,
       {{"document_type", "string", "Only this document type"},
        {"document_id", "integer", "Only this document"},
        {"state", "string", "running | completed | rejected | cancelled | timed_out"},
        {"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"}}},
      ListInstances);
  add("POST", inst, any, "",
      {"Start a workflow on a document (workflow.instance.create or the definition's "
       "start_permission)",
       "workflow", Ref("WorkflowStart"), Ref("WorkflowInstance"), 201},
      StartInstance);
  add("GET", inst + "/{id}", perm, "workflow.instance.read",
      {"A workflow instance with its tasks and history", "workflow", nullptr,
       Ref("WorkflowInstance")},
      GetInstance);
  add("POST", inst + "/{id}/cancel", perm, "workflow.instance.update",
      {"Cancel a running workflow", "workflow", Ref("WorkflowDecision"), Ref("WorkflowInstance")},
      CancelInstance);
  add("GET", "/api/v1/workflow/inbox", any, "",
      {"The caller's open workflow tasks with their documents",
       "workflow",
       nullptr,
       ListOf("WorkflowInboxTask"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"}}},
      Inbox);
  for (bool approve : {true, false}) {
    add("POST", std::string("/api/v1/workflow-tasks/{id}/") + (approve ? "approve" : "reject"),
        any, "",
        {approve ? "Approve a task assigned to the caller" : "Reject a task (ends the workflow)",
         "workflow", Ref("WorkflowDecision"), Ref("WorkflowInstance")},
        [approve](const Services& s, Ctx& c) { return DecideTask(s, c, approve); });
  }
  add("POST", "/api/v1/workflow/run-deadlines", perm, "workflow.deadline.update",
      {"Escalate or time out the company's overdue workflow tasks now", "workflow", nullptr,
       Ref("WorkflowDeadlines")},
      RunDeadlines);
}

}  // namespace concord::workflow
