// The service desk: a complaint goes through its whole life (assign, start, wait on the
// customer, resume, resolve, close, reopen) with deadlines computed on the company's business
// calendar under a fake clock across a weekend; waiting moves deadlines; calendars and
// categories are validated and versioned; company isolation, record rules, bad input, stale
// versions and bad transitions. The SLA job, surveys, the report and the customer's page are
// in service_sla_test.cc.
#include <gtest/gtest.h>

#include "service_helpers.h"

namespace concord::testing::service_desk {
namespace {

TEST_F(ServiceDesk, AComplaintFromOpeningToReopeningAcrossAWeekend) {
  json t = Open(complaint_);
  int64_t id = t["id"].get<int64_t>();
  EXPECT_EQ(t["number"], "TK-000001");
  EXPECT_EQ(t["status"], "new");
  EXPECT_EQ(t["priority"], "normal");
  EXPECT_EQ(t["department_id"], dept_);
  // Friday 16:00 + 2 business hours = Friday 18:00; + 8 hours = Monday 16:00.
  EXPECT_EQ(t["response_due_at"], Iso("2026-11-20T18:00:00Z"));
  EXPECT_EQ(t["resolution_due_at"], Iso("2026-11-23T16:00:00Z"));
  EXPECT_EQ(t["breached"], false);

  // Assignment is the first response (in time).
  AdvanceTo("2026-11-20T17:00:00Z");
  auto assigned = Verb(id, "assign", {{"user_id", agent_}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(assigned.json()["status"], "assigned");
  EXPECT_EQ(assigned.json()["owner_user_id"], agent_);
  EXPECT_EQ(assigned.json()["department_id"], dept_);
  EXPECT_EQ(assigned.json()["first_response_at"], Iso("2026-11-20T17:00:00Z"));
  EXPECT_EQ(assigned.json()["response_breached"], false);
  EXPECT_EQ(assigned.header("etag"), "\"2\"");
  ASSERT_EQ(Verb(id, "start").status, 200);

  // Waiting on the customer Monday 10:00 .. 11:00 moves the deadline by one hour.
  AdvanceTo("2026-11-23T10:00:00Z");
  auto waiting = Verb(id, "wait");
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  EXPECT_EQ(waiting.json()["status"], "waiting_on_customer");
  EXPECT_TRUE(IsProblem(Verb(id, "wait"), 409, "ticket.transition"));
  AdvanceTo("2026-11-23T11:00:00Z");
  auto resumed = Verb(id, "resume");
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(resumed.json()["status"], "in_progress");
  EXPECT_EQ(resumed.json()["resolution_due_at"], Iso("2026-11-23T17:00:00Z"));
  EXPECT_EQ(resumed.json()["paused_business_seconds"], 3600);

  auto note =
      admin_->Post(T(id, "/entries"), {{"text", "Asked the carrier"}, {"visibility", "internal"}});
  ASSERT_EQ(note.status, 201) << note.body;
  ASSERT_EQ(admin_
                ->Post(T(id, "/entries"),
                       {{"text", "A replacement ships today"}, {"visibility", "customer"}})
                .status,
            201);
  AdvanceTo("2026-11-23T11:30:00Z");
  EXPECT_TRUE(IsProblem(Verb(id, "resolve"), 422, ""));  // the resolution text is required
  auto resolved = Verb(id, "resolve", {{"resolution", "Replacement delivered"}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  json r = resolved.json();
  EXPECT_EQ(r["status"], "resolved");
  EXPECT_EQ(r["resolved_at"], Iso("2026-11-23T11:30:00Z"));
  EXPECT_EQ(r["breached"], false);
  // Business time Fri 16:00-18:00 and Mon 09:00-11:30, less the hour waited: 3.5 hours.
  EXPECT_EQ(r["resolution_business_seconds"], 12600);
  ASSERT_EQ(r["entries"].size(), 2u);
  EXPECT_EQ(r["entries"][0]["visibility"], "internal");
  EXPECT_EQ(r["entries"][1]["text"], "A replacement ships today");

  EXPECT_TRUE(IsProblem(Verb(id, "start"), 409, "ticket.transition"));
  ASSERT_EQ(Verb(id, "close").status, 200);
  EXPECT_TRUE(
      IsProblem(admin_->Post(T(id, "/entries"), {{"text", "x"}, {"visibility", "internal"}}), 409,
                "ticket.closed"));
  auto reopened = Verb(id, "reopen");
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.json()["status"], "in_progress");
  EXPECT_TRUE(reopened.json()["resolved_at"].is_null());

  // The journal has the ticket's whole history.
  auto audit = admin_->Get("/api/v1/audit?entity=ticket&id=" + std::to_string(id));
  ASSERT_EQ(audit.status, 200) << audit.body;
  // created, assigned, start, wait, resume, resolved, close, reopen (the customer entry came
  // after the first response, so it did not change the ticket).
  EXPECT_EQ(Items(audit).size(), 8u) << audit.body;
}

TEST_F(ServiceDesk, WaitingOverAWeekendMovesBothDeadlinesByTheBusinessTimeWaited) {
  json t = Open(complaint_);
  int64_t id = t["id"].get<int64_t>();
  ASSERT_EQ(Verb(id, "start").status, 200);  // starting is not a response to the customer
  AdvanceTo("2026-11-20T17:00:00Z");
  ASSERT_EQ(Verb(id, "wait").status, 200);
  AdvanceTo("2026-11-23T10:00:00Z");
  auto resumed = Verb(id, "resume");
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  // Waited Fri 17:00-18:00 and Mon 09:00-10:00: two business hours.
  EXPECT_EQ(resumed.json()["response_due_at"], Iso("2026-11-23T11:00:00Z"));
  EXPECT_EQ(resumed.json()["resolution_due_at"], Iso("2026-11-23T18:00:00Z"));
  // A customer-visible entry is the first response; late responses are flagged.
  AdvanceTo("2026-11-23T11:30:00Z");
  ASSERT_EQ(
      admin_->Post(T(id, "/entries"), {{"text", "Looking into it"}, {"visibility", "customer"}})
          .status,
      201);
  json now = admin_->Get(T(id)).json();
  EXPECT_EQ(now["first_response_at"], Iso("2026-11-23T11:30:00Z"));
  EXPECT_EQ(now["response_breached"], true);
  EXPECT_EQ(now["breached"], true);
}

TEST_F(ServiceDesk, CalendarsAndCategoriesAreValidatedAndVersioned) {
  auto list = admin_->Get("/api/v1/service/calendars");
  ASSERT_EQ(list.status, 200);
  json cals = Items(list);
  ASSERT_EQ(cals.size(), 1u);
  int64_t office = cals[0]["id"].get<int64_t>();
  EXPECT_EQ(cals[0]["hours"][1]["end"], "18:00");
  EXPECT_TRUE(IsProblem(
      admin_->Post("/api/v1/service/calendars", {{"name", "Bad"}, {"time_zone", "Mars/Base"}}), 422,
      ""));
  auto overlap = admin_->Post(
      "/api/v1/service/calendars",
      {{"name", "Bad"},
       {"hours",
        {{{"start", "09:00"}, {"end", "13:00"}}, {{"start", "12:00"}, {"end", "18:00"}}}}});
  EXPECT_TRUE(IsProblem(overlap, 422, "")) << overlap.body;
  EXPECT_TRUE(IsProblem(
      admin_->Post("/api/v1/service/calendars", {{"name", "Bad"}, {"working_days", {0, 9}}}), 422,
      ""));
  EXPECT_TRUE(IsProblem(
      admin_->Post("/api/v1/service/calendars", {{"name", "Bad"}, {"holidays", {"2026-02-30"}}}),
      422, ""));
  // A holiday on Monday moves a new ticket's deadline to Tuesday.
  std::string path = "/api/v1/service/calendars/" + std::to_string(office);
  EXPECT_EQ(admin_->Patch(path, {{"holidays", {"2026-11-23"}}}).status, 428);
  EXPECT_EQ(admin_->Patch(path, {{"holidays", {"2026-11-23"}}}, IfMatch("\"7\"")).status, 412);
  auto patched = admin_->Patch(path, {{"holidays", {"2026-11-23"}}}, IfMatch("\"1\""));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["holidays"], json({"2026-11-23"}));
  EXPECT_EQ(Open(complaint_)["resolution_due_at"], Iso("2026-11-24T16:00:00Z"));
  // A second calendar made the default takes over; the first stops being it.
  auto night = admin_->Post("/api/v1/service/calendars",
                            {{"name", "Round the clock"},
                             {"time_zone", "UTC"},
                             {"working_days", {1, 2, 3, 4, 5, 6, 7}},
                             {"hours", {{{"start", "00:00"}, {"end", "24:00"}}}},
                             {"is_default", true}});
  ASSERT_EQ(night.status, 201) << night.body;
  EXPECT_EQ(admin_->Get(path).json()["is_default"], false);
  EXPECT_EQ(Open(complaint_)["resolution_due_at"], Iso("2026-11-21T00:00:00Z"));

  // Categories.
  EXPECT_TRUE(
      IsProblem(admin_->Post("/api/v1/service/categories",
                             {{"name", "X"}, {"kind", "rant"}, {"max_processing_minutes", 5}}),
                422, ""));
  EXPECT_TRUE(
      IsProblem(admin_->Post("/api/v1/service/categories",
                             {{"name", "X"}, {"kind", "question"}, {"max_processing_minutes", -5}}),
                422, ""));
  EXPECT_TRUE(
      IsProblem(admin_->Post("/api/v1/service/categories", {{"name", "X"},
                                                            {"kind", "question"},
                                                            {"max_processing_minutes", 60},
                                                            {"first_response_minutes", 90}}),
                422, ""));
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/service/categories", {{"name", "X"},
                                                                    {"kind", "question"},
                                                                    {"max_processing_minutes", 60},
                                                                    {"department_id", 999999}}),
                        422, ""));
  std::string cat = "/api/v1/service/categories/" + std::to_string(complaint_);
  EXPECT_EQ(admin_->Patch(cat, {{"default_priority", "high"}}, IfMatch("\"9\"")).status, 412);
  auto changed = admin_->Patch(cat, {{"default_priority", "high"}}, IfMatch("\"1\""));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Open(complaint_)["priority"], "high");
  ASSERT_EQ(admin_->Patch(cat, {{"active", false}}, IfMatch("\"2\"")).status, 200);
  auto inactive = admin_->Post(
      "/api/v1/tickets",
      {{"subject", "x"}, {"party_id", party_}, {"channel", "web"}, {"category_id", complaint_}});
  EXPECT_TRUE(IsProblem(inactive, 422, "")) << inactive.body;
}

TEST_F(ServiceDesk, BadInputStaleVersionsAndBadTransitionsAreRefused) {
  int64_t id = Open(complaint_)["id"].get<int64_t>();
  json base = {
      {"subject", "x"}, {"party_id", party_}, {"channel", "web"}, {"category_id", complaint_}};
  auto with = [&](const std::string& field, json value) {
    json b = base;
    b[field] = value;
    return admin_->Post("/api/v1/tickets", b);
  };
  auto bad_type = with("party_id", "abc");
  EXPECT_TRUE(IsProblem(bad_type, 422, ""));
  EXPECT_TRUE(FieldErrors(bad_type).count({"party_id", "type"}) > 0 ||
              !FieldErrors(bad_type).empty())
      << bad_type.body;
  EXPECT_TRUE(IsProblem(with("channel", "fax"), 422, ""));
  EXPECT_TRUE(IsProblem(with("priority", "extreme"), 422, ""));
  EXPECT_TRUE(IsProblem(with("category_id", -3), 422, ""));
  EXPECT_TRUE(IsProblem(with("subject", std::string(201, 'x')), 422, ""));
  EXPECT_TRUE(IsProblem(with("unknown_field", 1), 422, ""));
  EXPECT_TRUE(IsProblem(with("party_id", 9223372036854775807LL), 404, "not_found"));
  EXPECT_TRUE(IsProblem(with("category_id", 999999), 404, "not_found"));
  EXPECT_TRUE(IsProblem(with("sales_order_id", 999999), 404, "not_found"));
  EXPECT_TRUE(IsProblem(with("invoice_id", 999999), 404, "not_found"));
  EXPECT_TRUE(IsProblem(with("delivery_id", 999999), 404, "not_found"));
  EXPECT_TRUE(IsProblem(with("product_id", 999999), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/tickets", json::array()), 400, ""));

  // Verbs: stale versions, bad states, bad bodies.
  EXPECT_TRUE(IsProblem(admin_->Post(T(id, "/start"), json::object(), IfMatch("\"5\"")), 412, ""));
  EXPECT_TRUE(IsProblem(Verb(id, "resume"), 409, "ticket.transition"));
  EXPECT_TRUE(IsProblem(Verb(id, "close"), 409, "ticket.transition"));
  EXPECT_TRUE(IsProblem(Verb(id, "reopen"), 409, "ticket.transition"));
  EXPECT_TRUE(IsProblem(Verb(id, "resolve", {{"resolution", "x"}}), 409, "ticket.transition"));
  EXPECT_TRUE(IsProblem(Verb(id, "assign"), 422, ""));
  EXPECT_TRUE(IsProblem(Verb(id, "assign", {{"user_id", 999999}}), 422, ""));
  EXPECT_TRUE(IsProblem(Verb(id, "assign", {{"department_id", "sales"}}), 422, ""));
  EXPECT_TRUE(IsProblem(Verb(id, "start", {{"force", true}}), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Post(T(id, "/entries"), {{"text", "x"}, {"visibility", "public"}}),
                        422, ""));
  EXPECT_TRUE(IsProblem(admin_->Post(T(id, "/entries"), {{"visibility", "internal"}}), 422, ""));
  auto ok = admin_->Post(T(id, "/start"), json::object(), IfMatch("\"1\""));
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(admin_->Get("/api/v1/tickets?status=nonsense").status, 422);
  EXPECT_EQ(admin_->Get("/api/v1/tickets?breached=maybe").status, 422);
  EXPECT_EQ(admin_->Get(T(999999)).status, 404);
  EXPECT_EQ(admin_->Get("/api/v1/tickets/abc").status, 404);
}

TEST_F(ServiceDesk, AnotherCompanysTicketsAndPartiesAreNotFound) {
  int64_t id = Open(complaint_)["id"].get<int64_t>();
  auto created = admin_->Post("/api/v1/companies",
                              {{"name", "Other"}, {"currency", "USD"}, {"time_zone", "UTC"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  int64_t category = Category("Question", "question", 60, std::nullopt, std::nullopt);
  EXPECT_TRUE(IsProblem(admin_->Get(T(id)), 404, "not_found"));
  for (const char* verb : {"assign", "start", "wait", "resume", "close", "reopen"}) {
    EXPECT_TRUE(IsProblem(Verb(id, verb, json::object()), 404, "not_found")) << verb;
  }
  EXPECT_TRUE(IsProblem(Verb(id, "resolve", {{"resolution", "x"}}), 404, "not_found"));
  EXPECT_TRUE(
      IsProblem(admin_->Post(T(id, "/entries"), {{"text", "x"}, {"visibility", "internal"}}), 404,
                "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post(T(id, "/survey"), {{"score", 1}}), 404, "not_found"));
  // The first company's party and category are not found here.
  auto foreign = admin_->Post(
      "/api/v1/tickets",
      {{"subject", "x"}, {"party_id", party_}, {"channel", "web"}, {"category_id", category}});
  EXPECT_TRUE(IsProblem(foreign, 404, "not_found")) << foreign.body;
  int64_t ours = Party("Other Co customer");
  auto foreign_category = admin_->Post(
      "/api/v1/tickets",
      {{"subject", "x"}, {"party_id", ours}, {"channel", "web"}, {"category_id", complaint_}});
  EXPECT_TRUE(IsProblem(foreign_category, 404, "not_found")) << foreign_category.body;
  EXPECT_TRUE(Items(admin_->Get("/api/v1/tickets")).empty());
  EXPECT_EQ(admin_->Get("/api/v1/service/categories/" + std::to_string(complaint_)).status, 404);
  // The other company's own numbering starts at 1.
  auto own = admin_->Post(
      "/api/v1/tickets",
      {{"subject", "x"}, {"party_id", ours}, {"channel", "web"}, {"category_id", category}});
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own.json()["number"], "TK-000001");
  // Its default calendar is the built-in one in its own zone (UTC): Friday 16:00 + 1 hour.
  EXPECT_EQ(own.json()["resolution_due_at"], Iso("2026-11-20T17:00:00Z"));
}

TEST_F(ServiceDesk, RecordRulesLimitAgentsToTheirDepartment) {
  int64_t mine = Open(complaint_)["id"].get<int64_t>();  // Customer Service's
  int64_t other = Category("Billing question", "question", 60, std::nullopt, std::nullopt);
  int64_t theirs = Open(other)["id"].get<int64_t>();  // no department
  json grants = json::array();
  for (const char* p : {"service.ticket.read", "service.ticket.update"}) {
    grants.push_back({{"permission", p}, {"scope", "department"}});
  }
  auto role = admin_->Post("/api/v1/roles", {{"name", "Desk"}, {"permissions", grants}});
  ASSERT_EQ(role.status, 201) << role.body;
  auto u = admin_->Post("/api/v1/users", {{"login", "svc.desk"},
                                          {"display_name", "Desk"},
                                          {"password", kDemoPassword},
                                          {"role_ids", {role.json()["id"]}},
                                          {"department_id", dept_}});
  ASSERT_EQ(u.status, 201) << u.body;
  auto desk = server_.LoginAs("svc.desk", kDemoPassword);
  EXPECT_EQ(desk->Get(T(mine)).status, 200);
  EXPECT_EQ(desk->Get(T(theirs)).status, 404);
  EXPECT_EQ(desk->Post(T(theirs, "/start"), json::object()).status, 404);
  EXPECT_EQ(Ids(desk->Get("/api/v1/tickets")), std::vector<int64_t>{mine});
  EXPECT_EQ(desk->Post("/api/v1/tickets", json::object()).status, 403);
  EXPECT_EQ(desk->Post("/api/v1/service/sla/run", json::object()).status, 403);
  EXPECT_EQ(desk->Get("/api/v1/service/reports/sla").status, 403);
}

// Demo data: a customer's sales order; its tickets show on the order's list and on the
// customer's 360° page with their latest entries.
}  // namespace
}  // namespace concord::testing::service_desk
