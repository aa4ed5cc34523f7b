// The shipped workflows end to end: advance payment (the delivery answers 409 naming the
// pending step until the warehouse releases it), discount approval (manager, then finance
// above 30 %), the credit-limit override, and complaint escalation; each with its rejection
// and its timeout or escalation through the controllable clock.
#include <gtest/gtest.h>

#include "service_helpers.h"
#include "workflow_helpers.h"

namespace concord::testing::workflow_tests {
namespace {

class ShippedWorkflows : public WorkflowTest {
 protected:
  json AdvanceOrder(int64_t party, int64_t product, const std::string& qty) {
    if (term_ == 0) {
      auto term = admin_->Post("/api/v1/payment-terms",
                               {{"name", "Advance"},
                                {"advance_required", true},
                                {"lines", {{{"percent", "100"}, {"days", 0}}}}});
      EXPECT_EQ(term.status, 201) << term.body;
      term_ = term.json()["id"];
    }
    auto o = admin_->Post("/api/v1/sales-orders",
                          {{"party_id", party},
                           {"payment_term_id", term_},
                           {"lines", {{{"product_id", product}, {"quantity", qty}}}}});
    EXPECT_EQ(o.status, 201) << o.body;
    auto c = admin_->Post(Path("sales-orders", o.json()["id"]) + "/confirm", json::object());
    EXPECT_EQ(c.status, 200) << c.body;
    return c.json();
  }
  void Receive(int64_t product, const std::string& qty) {
    auto r = admin_->Post("/api/v1/transfers",
                          {{"kind", "receipt"},
                           {"lines", {{{"product_id", product}, {"quantity", qty},
                                       {"unit_cost", "20.00"}}}}});
    ASSERT_EQ(r.status, 201) << r.body;
    ASSERT_EQ(admin_->Post(Path("transfers", r.json()["id"]) + "/validate", json::object()).status,
              200);
  }
  // Validates the order's open delivery in full.
  HttpResult Deliver(const json& order) {
    json o = admin_->Get(Path("sales-orders", order["id"])).json();
    json transfer;
    for (const auto& t : o["transfers"]) {
      if (t["state"] != "done" && t["state"] != "cancelled") transfer = t;
    }
    json full = admin_->Get(Path("transfers", transfer["id"])).json();
    json lines = json::array();
    for (const auto& m : full["moves"]) {
      lines.push_back({{"move_id", m["id"]}, {"quantity", m["quantity"]}});
    }
    return admin_->Post(Path("transfers", transfer["id"]) + "/validate", {{"lines", lines}});
  }
  HttpResult PayInvoice(int64_t party, const json& order) {
    json inv = admin_->Get(Path("sales-orders", order["id"])).json()["invoices"][0];
    return admin_->Post("/api/v1/payments",
                        {{"party_id", party},
                         {"amount", inv["total"]},
                         {"direction", "inbound"},
                         {"post", true},
                         {"allocations", {{{"invoice_id", inv["id"]}, {"amount", inv["total"]}}}}});
  }

  json term_ = 0;
};

TEST_F(ShippedWorkflows, AdvancePaymentHoldsTheDeliveryUntilTheWarehouseReleasesIt) {
  int64_t tea = Product("TEA", "50.00");
  Receive(tea, "10");
  int64_t party = Party("Prepaying Co");
  json order = AdvanceOrder(party, tea, "2");
  json inst = InstanceOf("sales_order", order["id"]);
  ASSERT_EQ(inst["key"], "advance_payment");
  ASSERT_EQ(inst["state"], "running");
  int64_t request = OpenTask(inst, "request");
  ASSERT_NE(request, 0) << inst.dump();
  EXPECT_EQ(inst["tasks"][0]["user_id"], admin_id_);  // the order's owner
  // Unpaid: the sales guard answers first.
  EXPECT_TRUE(IsProblem(Deliver(order), 409, "sales.advance_pending"));
  ASSERT_EQ(Decide(*admin_, request, "approve", "advance requested").status, 200);
  inst = InstanceOf("sales_order", order["id"]);
  int64_t confirm = OpenTask(inst, "confirm_payment");
  ASSERT_NE(confirm, 0);
  // Finance cannot confirm a payment that did not arrive (the effect refuses; nothing written).
  EXPECT_TRUE(IsProblem(Decide(*admin_, confirm, "approve"), 409, "sales.advance_pending"));
  EXPECT_EQ(TaskState(InstanceOf("sales_order", order["id"]), "confirm_payment"), "open");
  ASSERT_EQ(PayInvoice(party, order).status, 201);
  // Paid, but the workflow still holds the delivery: a direct API call gets the 409.
  auto held = Deliver(order);
  ASSERT_TRUE(IsProblem(held, 409, "workflow.pending")) << held.body;
  EXPECT_EQ(held.json()["workflow"]["pending_step"], "confirm_payment") << held.body;
  EXPECT_EQ(held.json()["workflow"]["key"], "advance_payment");
  // A sales rep is no finance: not an assignee.
  int64_t rep_role = CreateRole(*admin_, "Rep", {"sales.order.read", "sales.order.update"});
  CreateUser(*admin_, "rep", {rep_role});
  auto rep = server_.LoginAs("rep", kDemoPassword);
  EXPECT_TRUE(IsProblem(Decide(*rep, confirm, "approve"), 403, ""));
  ASSERT_EQ(Decide(*admin_, confirm, "approve", "received").status, 200);
  auto release_held = Deliver(order);
  ASSERT_TRUE(IsProblem(release_held, 409, "workflow.pending")) << release_held.body;
  EXPECT_EQ(release_held.json()["workflow"]["pending_step"], "release");
  int64_t release = OpenTask(InstanceOf("sales_order", order["id"]), "release");
  auto released = Decide(*admin_, release, "approve");
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(released.json()["state"], "completed");
  auto delivered = Deliver(order);
  ASSERT_EQ(delivered.status, 200) << delivered.body;
  EXPECT_EQ(admin_->Get(Path("sales-orders", order["id"])).json()["state"], "done");
}

TEST_F(ShippedWorkflows, AdvancePaymentRejectionAndEscalation) {
  int64_t tea = Product("TEA", "50.00");
  Receive(tea, "10");
  int64_t party = Party("Slow Payer");
  // Rejected by finance: the workflow ends, the sales guard alone decides (unpaid: held).
  json rejected = AdvanceOrder(party, tea, "1");
  json inst = InstanceOf("sales_order", rejected["id"]);
  ASSERT_EQ(Decide(*admin_, OpenTask(inst, "request"), "approve").status, 200);
  inst = InstanceOf("sales_order", rejected["id"]);
  auto r = Decide(*admin_, OpenTask(inst, "confirm_payment"), "reject", "no payment");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "rejected");
  EXPECT_TRUE(IsProblem(Deliver(rejected), 409, "sales.advance_pending"));

  // Finance does not confirm within 72 hours: escalated to the controller, once.
  json late = AdvanceOrder(party, tea, "1");
  inst = InstanceOf("sales_order", late["id"]);
  ASSERT_EQ(Decide(*admin_, OpenTask(inst, "request"), "approve").status, 200);
  AdvanceHours(71);
  EXPECT_EQ(RunDeadlines().json()["escalated"], 0);
  AdvanceHours(2);
  auto run = RunDeadlines();
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json()["escalated"], 1) << run.body;
  EXPECT_EQ(RunDeadlines().json()["escalated"], 0);
  inst = InstanceOf("sales_order", late["id"]);
  json task;
  for (const auto& t : inst["tasks"]) {
    if (t["step"] == "confirm_payment") task = t;
  }
  EXPECT_EQ(task["escalated"], true);
  EXPECT_EQ(task["permission"], "accounting.period.close");
  EXPECT_EQ(inst["state"], "running");
  EXPECT_EQ(inst["history"].back()["action"], "escalate");
  // The controller (admin) is notified.
  auto notes = admin_->Get("/api/v1/notifications");
  EXPECT_NE(notes.body.find("Escalated to you"), std::string::npos) << notes.body;
}

TEST_F(ShippedWorkflows, DiscountApprovalManagerThenFinanceWithRejectionAndTimeout) {
  int64_t tea = Product("TEA", "100.00");
  int64_t party = Party("Bargain Hunter");
  // 20 %: above the 15 % threshold, below finance's 30 %: the manager alone decides.
  json q = Quote(party, tea, "20");
  std::string qp = Path("quotes", q["id"]);
  EXPECT_TRUE(IsProblem(admin_->Post(qp + "/send", json::object()), 409,
                        "quote.approval_required"));
  auto requested = admin_->Post(qp + "/request-approval", json::object());
  ASSERT_EQ(requested.status, 200) << requested.body;
  json inst = InstanceOf("quote", q["id"]);
  EXPECT_EQ(TaskState(inst, "finance"), "");
  auto held = admin_->Post(qp + "/send", json::object());
  ASSERT_TRUE(IsProblem(held, 409, "workflow.pending")) << held.body;
  EXPECT_EQ(held.json()["workflow"]["pending_step"], "manager");
  int64_t rep_role = CreateRole(*admin_, "Rep", {"sales.quote.read", "sales.quote.update"});
  CreateUser(*admin_, "rep", {rep_role});
  auto rep = server_.LoginAs("rep", kDemoPassword);
  EXPECT_TRUE(IsProblem(Decide(*rep, OpenTask(inst, "manager"), "approve"), 403, ""));
  EXPECT_TRUE(IsProblem(rep->Post(qp + "/approve", json::object()), 403, ""));
  // The quote's approve verb decides the caller's open step.
  auto approved = admin_->Post(qp + "/approve", json::object());
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_TRUE(approved.json()["approved"].get<bool>());
  inst = InstanceOf("quote", q["id"]);
  EXPECT_EQ(inst["state"], "completed");
  EXPECT_EQ(TaskState(inst, "finance"), "skipped");
  EXPECT_EQ(admin_->Post(qp + "/send", json::object()).status, 200);

  // 35 %: the manager, then finance; finance rejects: not approved, not sendable.
  json big = Quote(party, tea, "35");
  std::string bp = Path("quotes", big["id"]);
  ASSERT_EQ(admin_->Post(bp + "/request-approval", json::object()).status, 200);
  inst = InstanceOf("quote", big["id"]);
  ASSERT_EQ(Decide(*admin_, OpenTask(inst, "manager"), "approve").status, 200);
  inst = InstanceOf("quote", big["id"]);
  int64_t finance = OpenTask(inst, "finance");
  ASSERT_NE(finance, 0) << inst.dump();
  EXPECT_FALSE(admin_->Get(bp).json()["approved"].get<bool>());
  auto finance_held = admin_->Post(bp + "/send", json::object());
  EXPECT_EQ(finance_held.json()["workflow"]["pending_step"], "finance") << finance_held.body;
  ASSERT_EQ(Decide(*admin_, finance, "reject", "too generous").status, 200);
  EXPECT_EQ(InstanceOf("quote", big["id"])["state"], "rejected");
  EXPECT_FALSE(admin_->Get(bp).json()["approved"].get<bool>());
  EXPECT_TRUE(IsProblem(admin_->Post(bp + "/send", json::object()), 409,
                        "quote.approval_required"));

  // Nobody decides within 48 hours: the approval times out (a rejection).
  json slow = Quote(party, tea, "20");
  std::string sp = Path("quotes", slow["id"]);
  ASSERT_EQ(admin_->Post(sp + "/request-approval", json::object()).status, 200);
  AdvanceHours(49);
  auto run = RunDeadlines();
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json()["timed_out"], 1) << run.body;
  inst = InstanceOf("quote", slow["id"]);
  EXPECT_EQ(inst["state"], "timed_out");
  EXPECT_EQ(TaskState(inst, "manager"), "expired");
  EXPECT_TRUE(IsProblem(admin_->Post(sp + "/send", json::object()), 409,
                        "quote.approval_required"));
  // Editing the lines cancels a running approval; a new request starts over.
  ASSERT_EQ(admin_->Post(sp + "/request-approval", json::object()).status, 200);
  json current = admin_->Get(sp).json();
  auto edited = admin_->Patch(sp, {{"lines", {{{"product_id", tea}, {"quantity", "2"},
                                               {"discount_percent", "25"}}}}},
                              IfMatch("\"" + std::to_string(current["version"].get<int64_t>()) + "\""));
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(InstanceOf("quote", slow["id"])["state"], "cancelled");
}

TEST_F(ShippedWorkflows, CreditOverrideConfirmsTheOrderOrNot) {
  int64_t svc = Product("CONSULT", "1000.00", "service");
  int64_t party = Party("Careful Buyer", {{"credit_limit", "1500.00"}});
  auto order = [&] {
    auto o = admin_->Post("/api/v1/sales-orders",
                          {{"party_id", party}, {"lines", {{{"product_id", svc}, {"quantity", "1"}}}}});
    EXPECT_EQ(o.status, 201) << o.body;
    return o.json();
  };
  json first = order();
  ASSERT_EQ(admin_->Post(Path("sales-orders", first["id"]) + "/confirm", json::object()).status, 200);
  json second = order();
  auto blocked = admin_->Post(Path("sales-orders", second["id"]) + "/confirm", json::object());
  ASSERT_TRUE(IsProblem(blocked, 409, "sales.credit_limit")) << blocked.body;
  EXPECT_EQ(blocked.json()["workflow"]["key"], "credit_override") << blocked.body;

  // The rep (sales.order.update: the definition's start permission) asks; cannot decide.
  int64_t rep_role = CreateRole(*admin_, "Rep", {"sales.order.read", "sales.order.update",
                                                 "party.party.read"});
  CreateUser(*admin_, "rep", {rep_role});
  auto rep = server_.LoginAs("rep", kDemoPassword);
  auto asked = Start(*rep, "credit_override", "sales_order", blocked.json()["workflow"]["body"]["document_id"]);
  ASSERT_EQ(asked.status, 201) << asked.body;
  int64_t task = OpenTask(asked.json(), "approve");
  EXPECT_TRUE(IsProblem(Decide(*rep, task, "approve"), 403, ""));
  EXPECT_TRUE(Contains(InboxTasks(*admin_), task));
  auto decided = Decide(*admin_, task, "approve", "good customer");
  ASSERT_EQ(decided.status, 200) << decided.body;
  EXPECT_EQ(decided.json()["state"], "completed");
  json confirmed = admin_->Get(Path("sales-orders", second["id"])).json();
  EXPECT_EQ(confirmed["state"], "confirmed");
  EXPECT_EQ(confirmed["credit_override_by"], admin_id_);

  // Rejected: the order stays a draft.
  json third = order();
  json inst = Start(*rep, "credit_override", "sales_order", third["id"]).json();
  ASSERT_EQ(Decide(*admin_, OpenTask(inst, "approve"), "reject", "limit is the limit").status, 200);
  EXPECT_EQ(admin_->Get(Path("sales-orders", third["id"])).json()["state"], "draft");
  // Undecided for a day: timed out, still a draft.
  json fourth = order();
  ASSERT_EQ(Start(*rep, "credit_override", "sales_order", fourth["id"]).status, 201);
  AdvanceHours(25);
  EXPECT_EQ(RunDeadlines().json()["timed_out"], 1);
  EXPECT_EQ(InstanceOf("sales_order", fourth["id"])["state"], "timed_out");
  EXPECT_EQ(admin_->Get(Path("sales-orders", fourth["id"])).json()["state"], "draft");
}

}  // namespace

namespace service_desk_flow {
using concord::testing::service_desk::ServiceDesk;

TEST_F(ServiceDesk, ComplaintEscalationReviewEscalatesThenClosesOut) {
  int64_t ticket = Open(complaint_)["id"].get<int64_t>();
  ASSERT_EQ(Verb(ticket, "assign", {{"user_id", agent_}, {"department_id", dept_}}).status, 200);
  auto started = admin_->Post("/api/v1/workflow-instances", {{"key", "complaint_escalation"},
                                                            {"document_type", "ticket"},
                                                            {"document_id", ticket}});
  ASSERT_EQ(started.status, 201) << started.body;
  json inst = started.json();
  ASSERT_EQ(inst["tasks"].size(), 1u);
  EXPECT_EQ(inst["tasks"][0]["step"], "review");
  EXPECT_EQ(inst["tasks"][0]["user_id"], manager_);  // the department's manager
  auto manager = server_.LoginAs("svc.manager", kDemoPassword);
  auto inbox = manager->Get("/api/v1/workflow/inbox");
  ASSERT_EQ(Items(inbox).size(), 1u) << inbox.body;
  // A day passes without a review: escalated to the service management.
  AdvanceTo("2026-11-21T17:00:00Z");
  auto run = admin_->Post("/api/v1/workflow/run-deadlines", json::object());
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json()["escalated"], 1) << run.body;
  std::string ip = "/api/v1/workflow-instances/" + std::to_string(inst["id"].get<int64_t>());
  json now = admin_->Get(ip).json();
  EXPECT_EQ(now["tasks"][0]["escalated"], true);
  EXPECT_EQ(now["tasks"][0]["permission"], "service.calendar.update");
  manager = server_.LoginAs("svc.manager", kDemoPassword);
  EXPECT_TRUE(Items(manager->Get("/api/v1/workflow/inbox")).empty());
  int64_t review = now["tasks"][0]["id"];
  auto reviewed = admin_->Post("/api/v1/workflow-tasks/" + std::to_string(review) + "/approve",
                               {{"comment", "refund the parcel"}});
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  json close_out = reviewed.json()["tasks"][1];
  EXPECT_EQ(close_out["step"], "close_out");
  EXPECT_EQ(close_out["user_id"], agent_);  // the ticket's owner
  auto agent = server_.LoginAs("svc.agent", kDemoPassword);
  auto done = agent->Post("/api/v1/workflow-tasks/" + std::to_string(close_out["id"].get<int64_t>()) +
                              "/approve",
                          {{"comment", "customer satisfied"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["state"], "completed");

  // A second complaint: the manager rejects the escalation.
  int64_t other = Open(complaint_)["id"].get<int64_t>();
  ASSERT_EQ(Verb(other, "assign", {{"user_id", agent_}, {"department_id", dept_}}).status, 200);
  json second = admin_->Post("/api/v1/workflow-instances", {{"key", "complaint_escalation"},
                                                           {"document_type", "ticket"},
                                                           {"document_id", other}}).json();
  auto rejected = manager->Post("/api/v1/workflow-tasks/" +
                                    std::to_string(second["tasks"][0]["id"].get<int64_t>()) +
                                    "/reject",
                                {{"comment", "not a complaint"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json()["state"], "rejected");
  workflow_tests::CheckWorkflowInvariants(server_.app());
}

}  // namespace service_desk_flow
}  // namespace concord::testing::workflow_tests
