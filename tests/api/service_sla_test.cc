// The service desk's SLA side: the job flags breaches and escalates once to the department
// manager with notifications; surveys; the SLA report's figures; with demo data, the tickets
// of a sales order, the customer's 360° page and the credit-note resolution action.
#include <gtest/gtest.h>

#include <set>

#include "service_helpers.h"

namespace concord::testing::service_desk {
namespace {

TEST_F(ServiceDesk, TheSlaJobEscalatesABreachOnceToTheDepartmentManager) {
  int64_t late = Open(complaint_)["id"].get<int64_t>();
  ASSERT_EQ(Verb(late, "assign", {{"user_id", agent_}, {"department_id", dept_}}).status, 200);
  ASSERT_EQ(Verb(late, "start").status, 200);
  int64_t silent = Open(complaint_, {{"priority", "urgent"}})["id"].get<int64_t>();
  int64_t waiting = Open(complaint_)["id"].get<int64_t>();
  ASSERT_EQ(Verb(waiting, "start").status, 200);
  ASSERT_EQ(Verb(waiting, "wait").status, 200);

  // Friday 19:00: only the unanswered ticket has missed its response deadline (18:00).
  AdvanceTo("2026-11-20T19:00:00Z");
  auto first = admin_->Post("/api/v1/service/sla/run", json::object());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["tickets"], 1);
  EXPECT_EQ(first.json()["response_breaches"], 1);
  json s = admin_->Get(T(silent)).json();
  EXPECT_EQ(s["response_breached"], true);
  EXPECT_EQ(s["priority"], "urgent");       // urgent stays urgent
  EXPECT_EQ(s["owner_user_id"], manager_);  // escalated to the department's manager

  // Monday 17:00: the assigned ticket has missed its resolution deadline (16:00).
  AdvanceTo("2026-11-23T17:00:00Z");
  auto second = admin_->Post("/api/v1/service/sla/run", json::object());
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json()["tickets"], 2);  // `late`, and `silent`'s resolution deadline
  EXPECT_EQ(second.json()["resolution_breaches"], 2);
  json l = admin_->Get(T(late)).json();
  EXPECT_EQ(l["resolution_breached"], true);
  EXPECT_EQ(l["resolution_escalated"], true);
  EXPECT_EQ(l["response_breached"], false);
  EXPECT_EQ(l["priority"], "high");
  EXPECT_EQ(l["owner_user_id"], manager_);
  // The ticket waiting on the customer has its clock stopped: not breached.
  EXPECT_EQ(admin_->Get(T(waiting)).json()["breached"], false);

  // No double escalation.
  auto third = admin_->Post("/api/v1/service/sla/run", json::object());
  EXPECT_EQ(third.json()["tickets"], 0) << third.body;
  EXPECT_EQ(admin_->Get(T(late)).json()["priority"], "high");
  // The same through the app object (the background job's entry point).
  auto direct = server_.app().sla_monitor().RunOnce(server_.clock().Now());
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(direct->tickets, 0);

  // The manager was told about each escalation, the agent about theirs (and the assignment).
  auto of_kinds = [](const json& items, std::set<std::string> kinds) {
    json out = json::array();
    for (const auto& n : items) {
      if (kinds.count(n["kind"].get<std::string>())) out.push_back(n);
    }
    return out;
  };
  auto manager = server_.LoginAs("svc.manager", kDemoPassword);
  auto mine = manager->Get("/api/v1/notifications");
  ASSERT_EQ(mine.status, 200) << mine.body;
  json all_mine = Items(mine);
  json items = of_kinds(all_mine, {"escalation", "sla_breach"});
  ASSERT_EQ(items.size(), 3u) << mine.body;
  EXPECT_EQ(items[0]["kind"], "escalation");  // `silent` became the manager's
  EXPECT_EQ(items[0]["entity"], "ticket");
  EXPECT_EQ(items[0]["entity_id"], silent);
  EXPECT_EQ(items[0]["read"], false);
  EXPECT_EQ(items[1]["kind"], "escalation");  // and then `late`
  EXPECT_EQ(items[1]["entity_id"], late);
  EXPECT_EQ(items[2]["kind"], "sla_breach");  // `silent` again, already the manager's
  EXPECT_EQ(items[2]["entity_id"], silent);
  int64_t note = items[0]["id"].get<int64_t>();
  auto agent = server_.LoginAs("svc.agent", kDemoPassword);
  json agents = Items(agent->Get("/api/v1/notifications"));
  EXPECT_EQ(of_kinds(agents, {"assignment"}).size(), 1u) << agents.dump();
  EXPECT_EQ(of_kinds(agents, {"sla_breach"}).size(), 1u) << agents.dump();
  // Nobody reads another user's notifications.
  EXPECT_TRUE(IsProblem(
      agent->Post("/api/v1/notifications/" + std::to_string(note) + "/read", json::object()), 404,
      "not_found"));
  auto read =
      manager->Post("/api/v1/notifications/" + std::to_string(note) + "/read", json::object());
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["read"], true);
  EXPECT_EQ(Items(manager->Get("/api/v1/notifications?unread=true")).size(), all_mine.size() - 1);
  // Each escalated ticket entered the complaint escalation workflow.
  for (int64_t t : {silent, late}) {
    auto wf = admin_->Get("/api/v1/workflow-instances?document_type=ticket&document_id=" +
                          std::to_string(t));
    ASSERT_EQ(wf.status, 200) << wf.body;
    json instances = Items(wf);
    ASSERT_EQ(instances.size(), 1u) << wf.body;
    EXPECT_EQ(instances[0]["key"], "complaint_escalation") << wf.body;
  }
}

TEST_F(ServiceDesk, ANewTicketKeepsTheKnowledgeBasesSuggestedAnswers) {
  auto article = admin_->Post("/api/v1/kb/articles",
                              {{"title", "What to do with a damaged parcel"},
                               {"body", "Photograph the damaged parcel and ask for a replacement."},
                               {"language", "en"},
                               {"status", "published"},
                               {"tags", json::array()}});
  ASSERT_EQ(article.status, 201) << article.body;
  int64_t article_id = article.json()["id"].get<int64_t>();
  json ticket = Open(complaint_);  // "Parcel arrived damaged"
  ASSERT_TRUE(ticket["suggestions"].is_array()) << ticket.dump();
  ASSERT_FALSE(ticket["suggestions"].empty()) << ticket.dump();
  EXPECT_EQ(ticket["suggestions"][0]["id"], article_id);
  EXPECT_NE(ticket["suggestions"][0]["passage"].get<std::string>().find("<mark>"),
            std::string::npos);
  // Kept with the ticket: the ticket page shows them later.
  json again = admin_->Get(T(ticket["id"].get<int64_t>())).json();
  EXPECT_EQ(again["suggestions"], ticket["suggestions"]);
  // Nothing matches: no suggestions, and the ticket is created all the same.
  json other = Open(complaint_, {{"subject", "Zzyzx quux"}});
  EXPECT_TRUE(other["suggestions"].empty()) << other.dump();
}

TEST_F(ServiceDesk, SurveysComeOnceAfterResolution) {
  int64_t id = Open(complaint_)["id"].get<int64_t>();
  EXPECT_TRUE(
      IsProblem(admin_->Post(T(id, "/survey"), {{"score", 5}}), 409, "ticket.survey_state"));
  ASSERT_EQ(Verb(id, "start").status, 200);
  ASSERT_EQ(Verb(id, "resolve", {{"resolution", "Refunded"}}).status, 200);
  EXPECT_TRUE(IsProblem(admin_->Post(T(id, "/survey"), {{"score", 6}}), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Post(T(id, "/survey"), {{"score", 0}}), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Post(T(id, "/survey"), {{"score", "5"}}), 422, ""));
  auto ok = admin_->Post(T(id, "/survey"), {{"score", 4}, {"comment", "Quick refund"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["survey_score"], 4);
  EXPECT_TRUE(IsProblem(admin_->Post(T(id, "/survey"), {{"score", 5}}), 409, "ticket.survey_done"));
  ASSERT_EQ(Verb(id, "close").status, 200);
  EXPECT_TRUE(IsProblem(admin_->Post(T(id, "/survey"), {{"score", 5}}), 409, "ticket.survey_done"));
}

TEST_F(ServiceDesk, TheSlaReportCountsPerCategoryAndDepartment) {
  int64_t question = Category("Product question", "question", 60, std::nullopt, std::nullopt);
  int64_t quick = Open(complaint_)["id"].get<int64_t>();
  int64_t slow = Open(complaint_)["id"].get<int64_t>();
  Open(question);
  for (int64_t id : {quick, slow}) ASSERT_EQ(Verb(id, "start").status, 200);
  AdvanceTo("2026-11-20T17:00:00Z");
  ASSERT_EQ(Verb(quick, "resolve", {{"resolution", "Explained"}}).status, 200);
  ASSERT_EQ(admin_->Post(T(quick, "/survey"), {{"score", 5}}).status, 200);
  AdvanceTo("2026-11-23T17:00:00Z");  // an hour past the deadline
  ASSERT_EQ(Verb(slow, "resolve", {{"resolution", "Replaced"}}).status, 200);
  ASSERT_EQ(admin_->Post(T(slow, "/survey"), {{"score", 2}}).status, 200);

  // Days are in the company's zone (Asia/Shanghai): Friday 16:00Z is Saturday there.
  auto r = admin_->Get("/api/v1/service/reports/sla?from=2026-11-21&to=2026-11-24");
  ASSERT_EQ(r.status, 200) << r.body;
  json report = r.json();
  ASSERT_EQ(report["by_category"].size(), 2u) << r.body;
  json c = report["by_category"][0];
  EXPECT_EQ(c["category_id"], complaint_);
  EXPECT_EQ(c["count"], 2);
  EXPECT_EQ(c["resolved"], 2);
  EXPECT_EQ(c["on_time"], 1);
  EXPECT_EQ(c["on_time_rate"], "0.50");
  // 1 business hour and 9 (Fri 16-18, Mon 9-12 and 13-17): a mean of 5.
  EXPECT_EQ(c["mean_resolution_hours"], "5.00");
  EXPECT_EQ(c["mean_score"], "3.50");
  json q = report["by_category"][1];
  EXPECT_EQ(q["count"], 1);
  EXPECT_EQ(q["resolved"], 0);
  EXPECT_TRUE(q["on_time_rate"].is_null());
  EXPECT_TRUE(q["mean_score"].is_null());
  EXPECT_EQ(report["total"]["count"], 3);
  // Per department: the complaints' (Customer Service) and the question's (none).
  ASSERT_EQ(report["by_department"].size(), 2u);
  EXPECT_TRUE(report["by_department"][0]["department_id"].is_null());
  EXPECT_TRUE(report["by_department"][0]["department_name"].is_null());
  EXPECT_EQ(report["by_department"][1]["department_id"], dept_);
  EXPECT_EQ(report["by_department"][1]["department_name"], "Customer Service");
  EXPECT_EQ(report["by_department"][1]["count"], 2);
  // The name follows a renamed department, and a reader without security.department.read
  // (only service.report.read) still gets it.
  std::string dept_path = "/api/v1/departments/" + std::to_string(dept_);
  auto dept = admin_->Get(dept_path);
  ASSERT_EQ(
      admin_->Patch(dept_path, {{"name", "Service Desk 客服部"}}, IfMatch(dept.header("etag")))
          .status,
      200);
  int64_t reporter = CreateRole(*admin_, "SLA reader", {"service.report.read"});
  CreateUser(*admin_, "sla-reader", {reporter});
  auto reader = server_.LoginAs("sla-reader", kDemoPassword);
  EXPECT_TRUE(IsProblem(reader->Get(dept_path), 403, "permission_denied"));
  auto seen = reader->Get("/api/v1/service/reports/sla?from=2026-11-21&to=2026-11-24");
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json()["by_department"][1]["department_name"], "Service Desk 客服部") << seen.body;
  // A range before the tickets is empty; a reversed range is refused.
  auto before = admin_->Get("/api/v1/service/reports/sla?from=2026-11-01&to=2026-11-20");
  EXPECT_EQ(before.json()["total"]["count"], 0) << before.body;
  EXPECT_TRUE(
      IsProblem(admin_->Get("/api/v1/service/reports/sla?from=2026-11-24&to=2026-11-21"), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/service/reports/sla?from=yesterday"), 422, ""));
}

TEST(ServiceDeskDemo, TicketsOfAnOrderAndOnTheCustomersPage) {
  TestServer server;
  ASSERT_TRUE(server.app().LoadDemo().ok());
  auto admin = server.Admin();
  auto orders = admin->Get("/api/v1/sales-orders?limit=1");
  ASSERT_EQ(orders.status, 200) << orders.body;
  json list = Items(orders);
  ASSERT_FALSE(list.empty());
  int64_t order = list[0]["id"].get<int64_t>();
  int64_t party = list[0]["party_id"].get<int64_t>();
  // The demo has tickets of its own (on other orders): count the party's open ones first.
  auto seen = admin->Get("/api/v1/parties/" + std::to_string(party) + "/overview");
  ASSERT_EQ(seen.status, 200) << seen.body;
  int64_t open_before = seen.json()["sections"]["tickets"]["open"].get<int64_t>();
  auto cat =
      admin->Post("/api/v1/service/categories",
                  {{"name", "Wrong item"}, {"kind", "complaint"}, {"max_processing_minutes", 960}});
  ASSERT_EQ(cat.status, 201) << cat.body;
  json body = {{"subject", "Wrong colour delivered"},
               {"party_id", party},
               {"channel", "email"},
               {"category_id", cat.json()["id"]},
               {"sales_order_id", order}};
  auto t = admin->Post("/api/v1/tickets", body);
  ASSERT_EQ(t.status, 201) << t.body;
  int64_t id = t.json()["id"].get<int64_t>();
  ASSERT_EQ(
      admin->Post(T(id, "/entries"), {{"text", "Pick-up arranged"}, {"visibility", "customer"}})
          .status,
      201);
  auto by_order = admin->Get("/api/v1/tickets?sales_order_id=" + std::to_string(order));
  EXPECT_EQ(Ids(by_order), std::vector<int64_t>{id}) << by_order.body;
  // Alice (Sales Rep) sees the order's tickets too.
  auto alice = server.LoginAs("alice", kDemoPassword);
  EXPECT_EQ(alice->Get("/api/v1/tickets?sales_order_id=" + std::to_string(order)).status, 200);
  // The order belongs to its customer only.
  int64_t stranger =
      admin
          ->Post("/api/v1/parties",
                 {{"kind", "person"}, {"name", "Stranger"}, {"allow_duplicates", true}})
          .json()["id"]
          .get<int64_t>();
  body["party_id"] = stranger;
  EXPECT_TRUE(IsProblem(admin->Post("/api/v1/tickets", body), 422, ""));

  auto overview = admin->Get("/api/v1/parties/" + std::to_string(party) + "/overview");
  ASSERT_EQ(overview.status, 200) << overview.body;
  json section = overview.json()["sections"]["tickets"];
  EXPECT_EQ(section["open"], open_before + 1) << section.dump();
  json mine;
  for (const auto& item : section["items"]) {
    if (item["id"] == id) mine = item;
  }
  ASSERT_FALSE(mine.is_null()) << section.dump();
  EXPECT_EQ(mine["number"], t.json()["number"]);
  ASSERT_EQ(mine["latest_entries"].size(), 1u);
  EXPECT_EQ(mine["latest_entries"][0]["text"], "Pick-up arranged");

  // A resolution action: a ticket on a posted invoice gets that invoice's credit note, once.
  EXPECT_TRUE(
      IsProblem(admin->Post(T(id, "/credit-note"), json::object()), 409, "ticket.no_invoice"));
  auto posted = Items(admin->Get("/api/v1/invoices?state=posted&kind=invoice&limit=1"));
  ASSERT_FALSE(posted.empty());
  json invoice = posted[0];
  json claim = {{"subject", "Overcharged"},
                {"party_id", invoice["party_id"]},
                {"channel", "email"},
                {"category_id", cat.json()["id"]},
                {"invoice_id", invoice["id"]}};
  auto c = admin->Post("/api/v1/tickets", claim);
  ASSERT_EQ(c.status, 201) << c.body;
  int64_t claim_id = c.json()["id"].get<int64_t>();
  // Alice may read tickets but not issue credit notes.
  EXPECT_EQ(alice->Post(T(claim_id, "/credit-note"), json::object()).status, 403);
  auto credited = admin->Post(T(claim_id, "/credit-note"), json::object());
  ASSERT_EQ(credited.status, 201) << credited.body;
  json note = credited.json()["credit_note"];
  EXPECT_EQ(note["kind"], "credit_note");
  EXPECT_EQ(note["credit_of_id"], invoice["id"]);
  EXPECT_EQ(credited.json()["credit_note_id"], note["id"]);
  EXPECT_TRUE(
      IsProblem(admin->Post(T(claim_id, "/credit-note"), json::object()), 409, "ticket.credited"));
  CheckJournalInvariants(server.app());
}

}  // namespace
}  // namespace concord::testing::service_desk
