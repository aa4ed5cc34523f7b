// The workflow engine through the API: definitions validated and versioned; inboxes per user,
// role and department; "all" versus "any" approvals; parallel branches that join; steps
// skipped by their condition; rejection, cancellation, deciders who are not assignees, stale
// task versions and other companies' ids.
#include <gtest/gtest.h>

#include "workflow_helpers.h"

namespace concord::testing::workflow_tests {
namespace {

json Step(const std::string& key, json assignee, json extra = json::object()) {
  json s = {{"key", key}, {"name", "Step " + key}, {"assignee", std::move(assignee)}};
  s.update(extra);
  return s;
}

TEST_F(WorkflowTest, DefinitionsAreValidatedAndVersioned) {
  json bad = {{"key", "review"},
              {"document_type", "spaceship"},
              {"steps",
               {Step("a", {{"user", admin_id_}}, {{"after", {"b"}}, {"effect", "no.such"}}),
                Step("b", {{"user", admin_id_}}, {{"after", {"a"}}}),
                Step("c", {{"user", admin_id_}},
                     {{"after", {"ghost"}},
                      {"condition", {{"field", "total"}, {"op", "~"}, {"value", "1"}}}}),
                Step("d", {{"robot", 1}})}},
              {"surprise", true}};
  auto r = admin_->Post("/api/v1/workflow-definitions", bad);
  ASSERT_TRUE(IsProblem(r, 422, "")) << r.body;
  auto errors = FieldErrors(r);
  for (auto expected : std::vector<std::pair<std::string, std::string>>{
           {"document_type", "unknown_document_type"},
           {"steps/0/effect", "unknown_effect"},
           {"steps/2/after", "unknown_step"},
           {"steps/2/condition/op", "condition.op"},
           {"steps/3/assignee", "assignee.kind"},
           {"surprise", "unknown_field"}}) {
    EXPECT_TRUE(errors.count(expected)) << expected.first << " " << r.body;
  }
  json cyclic = {{"key", "review"},
                 {"document_type", "quote"},
                 {"steps",
                  {Step("a", {{"user", admin_id_}}, {{"after", {"b"}}}),
                   Step("b", {{"user", admin_id_}}, {{"after", {"a"}}})}}};
  auto cycle = admin_->Post("/api/v1/workflow-definitions", cyclic);
  EXPECT_TRUE(FieldErrors(cycle).count({"steps", "cycle"})) << cycle.body;

  json v1 = {{"key", "review"},
             {"name", "Review"},
             {"document_type", "quote"},
             {"steps", {Step("check", {{"user", admin_id_}})}}};
  auto first = admin_->Post("/api/v1/workflow-definitions", v1);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json()["version"], 1);
  int64_t party = Party("Versioned Co");
  int64_t tea = Product("TEA", "100.00");
  json q = Quote(party, tea, "0");
  auto running = Start(*admin_, "review", "quote", q["id"]);
  ASSERT_EQ(running.status, 201) << running.body;
  EXPECT_EQ(running.json()["definition_version"], 1);

  // A new version needs the latest version (428 without, 412 when stale).
  json v2 = v1;
  v2["steps"].push_back(Step("sign", {{"user", admin_id_}}));
  EXPECT_EQ(admin_->Post("/api/v1/workflow-definitions", v2).status, 428);
  v2["version"] = 7;
  EXPECT_EQ(admin_->Post("/api/v1/workflow-definitions", v2).status, 412);
  v2["version"] = 1;
  auto second = admin_->Post("/api/v1/workflow-definitions", v2);
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.json()["version"], 2);
  // The running instance keeps version 1: approving its one step completes it.
  int64_t task = OpenTask(running.json(), "check");
  auto done = Decide(*admin_, task, "approve");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["state"], "completed");
  EXPECT_EQ(done.json()["tasks"].size(), 1u);
  // New instances take version 2, or version 1 again once version 2 is deactivated.
  json q2 = Quote(party, tea, "0");
  auto later = Start(*admin_, "review", "quote", q2["id"]);
  ASSERT_EQ(later.status, 201) << later.body;
  EXPECT_EQ(later.json()["definition_version"], 2);
  ASSERT_EQ(admin_->Post(Path("workflow-definitions", second.json()["id"]) + "/deactivate",
                         json::object()).status, 200);
  json q3 = Quote(party, tea, "0");
  EXPECT_EQ(Start(*admin_, "review", "quote", q3["id"]).json()["definition_version"], 1);
  // A second running instance of the same key on a document is refused.
  EXPECT_TRUE(IsProblem(Start(*admin_, "review", "quote", q3["id"]), 409,
                        "workflow.already_running"));
  // The shipped definitions are there, version 1.
  auto shipped = admin_->Get("/api/v1/workflow-definitions?key=advance_payment");
  ASSERT_EQ(Items(shipped).size(), 1u) << shipped.body;
  EXPECT_EQ(Items(shipped)[0]["version"], 1);
}

TEST_F(WorkflowTest, InboxesAllAndAnyApprovalsParallelBranchesAndConditions) {
  int64_t checker = CreateRole(*admin_, "Checker", {"sales.quote.read"});
  int64_t u1 = CreateUser(*admin_, "wf.u1", {checker});
  int64_t u2 = CreateUser(*admin_, "wf.u2", {checker});
  auto dept = admin_->Post("/api/v1/departments", {{"name", "Controlling"}});
  ASSERT_EQ(dept.status, 201) << dept.body;
  auto u3r = admin_->Post("/api/v1/users", {{"login", "wf.u3"},
                                            {"display_name", "U3"},
                                            {"password", kDemoPassword},
                                            {"role_ids", json::array()},
                                            {"department_id", dept.json()["id"]}});
  ASSERT_EQ(u3r.status, 201) << u3r.body;
  int64_t u3 = u3r.json()["id"];
  int64_t u4 = CreateUser(*admin_, "wf.u4", {});
  json def = {
      {"key", "four_eyes"},
      {"document_type", "quote"},
      {"steps",
       {Step("checkers", {{"role", "Checker"}}, {{"approval", "all"}, {"after", json::array()}}),
        Step("controlling", {{"department", "Controlling"}}, {{"after", json::array()}}),
        Step("big", {{"user", u4}},
             {{"after", {"checkers", "controlling"}},
              {"condition", {{"field", "total"}, {"op", ">"}, {"value", "1000000"}}}}),
        Step("sign", {{"users", {u1, u3}}})}}};
  ASSERT_EQ(admin_->Post("/api/v1/workflow-definitions", def).status, 201);
  json q = Quote(Party("Parallel Co"), Product("TEA", "100.00"), "0");
  auto started = Start(*admin_, "four_eyes", "quote", q["id"]);
  ASSERT_EQ(started.status, 201) << started.body;
  json inst = started.json();
  int64_t checkers = OpenTask(inst, "checkers");
  int64_t controlling = OpenTask(inst, "controlling");
  ASSERT_TRUE(checkers && controlling) << inst.dump();  // parallel branches
  EXPECT_EQ(inst["tasks"][0]["members"].size(), 2u);

  auto c1 = server_.LoginAs("wf.u1", kDemoPassword);
  auto c2 = server_.LoginAs("wf.u2", kDemoPassword);
  auto c3 = server_.LoginAs("wf.u3", kDemoPassword);
  auto c4 = server_.LoginAs("wf.u4", kDemoPassword);
  EXPECT_EQ(InboxTasks(*c1), std::vector<int64_t>{checkers});
  EXPECT_EQ(InboxTasks(*c3), std::vector<int64_t>{controlling});
  EXPECT_TRUE(InboxTasks(*c4).empty());
  auto inbox = c1->Get("/api/v1/workflow/inbox");
  EXPECT_EQ(Items(inbox)[0]["document"]["summary"]["number"], q["number"]) << inbox.body;
  // Not an assignee: refused, nothing changes.
  EXPECT_TRUE(IsProblem(Decide(*c4, checkers, "approve"), 403, ""));
  EXPECT_TRUE(IsProblem(Decide(*c3, checkers, "approve"), 403, ""));

  // "all": the first checker's approval keeps the task open; the second completes it.
  auto one = Decide(*c1, checkers, "approve", "fine by me");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(TaskState(one.json(), "checkers"), "open");
  EXPECT_TRUE(InboxTasks(*c1).empty());
  EXPECT_TRUE(IsProblem(Decide(*c1, checkers, "approve"), 409, "workflow.already_decided"));
  auto two = Decide(*c2, checkers, "approve");
  ASSERT_EQ(two.status, 200) << two.body;
  EXPECT_EQ(TaskState(two.json(), "checkers"), "approved");
  EXPECT_EQ(TaskState(two.json(), "big"), "");  // waits for the other branch (join)

  // The join: "big" is skipped (total below its condition); "sign" opens for u1 or u3.
  auto joined = Decide(*c3, controlling, "approve");
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(TaskState(joined.json(), "big"), "skipped");
  int64_t sign = OpenTask(joined.json(), "sign");
  ASSERT_NE(sign, 0) << joined.body;
  EXPECT_EQ(InboxTasks(*c1), std::vector<int64_t>{sign});
  EXPECT_EQ(InboxTasks(*c3), std::vector<int64_t>{sign});
  auto signed_off = Decide(*c3, sign, "approve");  // "any": one member is enough
  ASSERT_EQ(signed_off.status, 200) << signed_off.body;
  EXPECT_EQ(signed_off.json()["state"], "completed");
  EXPECT_TRUE(InboxTasks(*c1).empty());
  std::vector<std::string> actions;
  json history = signed_off.json()["history"];
  for (const auto& h : history) actions.push_back(h["action"].get<std::string>());
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "approve"), 4) << signed_off.body;
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "skip"), 1);
  EXPECT_EQ(actions.back(), "complete");
  EXPECT_TRUE(IsProblem(Decide(*c1, sign, "approve"), 409, "workflow.task_closed"));
  (void)u2;
}

TEST_F(WorkflowTest, RejectionCancellationStaleVersionsAndOtherCompanies) {
  json def = {{"key", "simple"},
              {"document_type", "quote"},
              {"steps", {Step("ok", {{"user", admin_id_}}), Step("then", {{"user", admin_id_}})}},
              {"guards", {{{"transition", "quote.send"}, {"until", "then"}}}}};
  ASSERT_EQ(admin_->Post("/api/v1/workflow-definitions", def).status, 201);
  int64_t party = Party("Reject Co");
  int64_t tea = Product("TEA", "100.00");
  json q = Quote(party, tea, "0");
  std::string qp = Path("quotes", q["id"]);
  json inst = Start(*admin_, "simple", "quote", q["id"]).json();
  int64_t task = OpenTask(inst, "ok");
  // The guard holds the quote; its 409 names the pending step.
  auto held = admin_->Post(qp + "/send", json::object());
  ASSERT_TRUE(IsProblem(held, 409, "workflow.pending")) << held.body;
  EXPECT_EQ(held.json()["workflow"]["pending_step"], "ok") << held.body;
  EXPECT_EQ(held.json()["workflow"]["instance_id"], inst["id"]);
  // A stale task version is refused; the right one decides.
  auto stale = admin_->Post("/api/v1/workflow-tasks/" + std::to_string(task) + "/reject",
                            {{"comment", "no"}, {"version", 99}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  auto bad_type = admin_->Post("/api/v1/workflow-tasks/" + std::to_string(task) + "/reject",
                               {{"comment", 5}});
  EXPECT_TRUE(IsProblem(bad_type, 422, "")) << bad_type.body;
  auto rejected = Decide(*admin_, task, "reject", "price too low");
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json()["state"], "rejected");
  EXPECT_EQ(TaskState(rejected.json(), "ok"), "rejected");
  EXPECT_EQ(rejected.json()["tasks"][0]["comment"], "price too low");
  EXPECT_EQ(rejected.json()["tasks"].size(), 1u);  // "then" never opened
  EXPECT_EQ(admin_->Post(qp + "/send", json::object()).status, 200);  // guard released
  auto audit = admin_->Get("/api/v1/audit?entity=workflow_task&id=" + std::to_string(task));
  EXPECT_FALSE(Items(audit).empty()) << audit.body;

  // Cancelling a running instance (If-Match), and the other company's view of all this.
  json q2 = Quote(party, tea, "0");
  json second = Start(*admin_, "simple", "quote", q2["id"]).json();
  std::string ip = Path("workflow-instances", second["id"]);
  EXPECT_EQ(admin_->Post(ip + "/cancel", {{"version", 99}}).status, 412);
  int64_t open_task = OpenTask(second, "ok");
  auto other = admin_->Post("/api/v1/companies", {{"name", "Elsewhere"}, {"currency", "USD"},
                                                  {"time_zone", "UTC"}});
  ASSERT_EQ(other.status, 201) << other.body;
  auto elsewhere = server_.Admin();
  ASSERT_EQ(elsewhere->Post("/api/v1/auth/company", {{"company_id", other.json()["id"]}}).status,
            200);
  EXPECT_TRUE(IsProblem(elsewhere->Get(ip), 404, "not_found"));
  EXPECT_TRUE(IsProblem(Decide(*elsewhere, open_task, "approve"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(elsewhere->Post(ip + "/cancel", json::object()), 404, "not_found"));
  EXPECT_TRUE(IsProblem(Start(*elsewhere, "simple", "quote", q2["id"]), 404, ""));
  EXPECT_TRUE(InboxTasks(*elsewhere).empty());
  // The new company got the shipped definitions.
  EXPECT_EQ(Items(elsewhere->Get("/api/v1/workflow-definitions")).size(), 4u);
  auto cancelled = admin_->Post(ip + "/cancel", {{"version", second["version"]},
                                                 {"comment", "customer withdrew"}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json()["state"], "cancelled");
  EXPECT_EQ(TaskState(cancelled.json(), "ok"), "cancelled");
  EXPECT_TRUE(IsProblem(Decide(*admin_, open_task, "approve"), 409, "workflow.task_closed"));
  // Ids that are not ids, and a user without workflow permissions.
  EXPECT_EQ(admin_->Get("/api/v1/workflow-instances/abc").status, 404);
  EXPECT_TRUE(IsProblem(Start(*admin_, "simple", "quote", json(-1)), 422, ""));
  int64_t nobody = CreateUser(*admin_, "nobody", {});
  auto n = server_.LoginAs("nobody", kDemoPassword);
  EXPECT_EQ(n->Get(ip).status, 403);
  EXPECT_EQ(n->Post("/api/v1/workflow/run-deadlines", json::object()).status, 403);
  EXPECT_EQ(Start(*n, "simple", "quote", q["id"]).status, 403);
  (void)nobody;
}

}  // namespace
}  // namespace concord::testing::workflow_tests
