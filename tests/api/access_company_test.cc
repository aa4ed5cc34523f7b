// Company isolation: an administrator of two companies, working in the second one, sees nothing
// of the first (its rows look like "not found"), cannot reference its rows, and does not get
// its audit trail or events. Also: a company always keeps an administrator.
#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing {
namespace {

class TwoCompanies : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.app().LoadDemo().ok());
    admin_ = server_.Admin();
    alice_ = UserId(*admin_, "alice");
    sales_ = DepartmentId(*admin_, "Sales");
    sales_rep_ = RoleId(*admin_, "Sales Rep");
    first_admin_role_ = RoleId(*admin_, "Administrator");
    auto created = admin_->Post(
        "/api/v1/companies",
        {{"name", "Second Co"}, {"currency", "USD"}, {"time_zone", "America/New_York"}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json()["currency"], "USD");
    EXPECT_EQ(created.json()["time_zone"], "America/New_York");
    second_ = created.json()["id"].get<int64_t>();
    auto sw = admin_->Post("/api/v1/auth/company", {{"company_id", second_}});
    ASSERT_EQ(sw.status, 200) << sw.body;
    EXPECT_EQ(sw.json()["id"], second_);
    ASSERT_EQ(admin_->Get("/api/v1/auth/me").json()["company"]["id"], second_);
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  int64_t alice_ = 0, sales_ = 0, sales_rep_ = 0, first_admin_role_ = 0, second_ = 0;
};

TEST_F(TwoCompanies, RowsOfTheFirstCompanyAreNotFoundInTheSecond) {
  std::string user = "/api/v1/users/" + std::to_string(alice_);
  std::string dept = "/api/v1/departments/" + std::to_string(sales_);
  std::string role = "/api/v1/roles/" + std::to_string(sales_rep_);
  Headers v1 = IfMatch("\"1\"");
  EXPECT_TRUE(IsProblem(admin_->Get(user), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Patch(user, {{"display_name", "X"}}, v1), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post(user + "/password", {{"password", "another-password-1"}}), 404,
                        "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Send("POST", user + "/revoke-sessions"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Get(dept), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Patch(dept, {{"name", "Taken Over"}}, v1), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Get(role), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Patch(role, {{"name", "Taken Over"}}, v1), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Delete(role, v1), 404, "not_found"));

  // Lists show only the second company's rows.
  EXPECT_EQ(Ids(admin_->Get("/api/v1/users")), std::vector<int64_t>{UserId(*admin_, "admin")});
  EXPECT_EQ(Ids(admin_->Get("/api/v1/users?q=alice")), std::vector<int64_t>{});
  EXPECT_EQ(Ids(admin_->Get("/api/v1/departments")), std::vector<int64_t>{});
  auto roles = admin_->Get("/api/v1/roles").json()["items"];
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0]["name"], "Administrator");
  EXPECT_NE(roles[0]["id"], first_admin_role_);
  EXPECT_EQ(admin_->Get("/api/v1/company").json()["name"], "Second Co");

  // Nothing was changed in the first company.
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", 1}}).status, 200);
  EXPECT_EQ(admin_->Get(dept).json()["name"], "Sales");
  EXPECT_EQ(admin_->Get(role).json()["name"], "Sales Rep");
  EXPECT_EQ(admin_->Get(user).json()["display_name"], "Alice Chen 陈爱丽");
  EXPECT_EQ(Login(server_, "alice", kDemoPassword).status, 200);
}

TEST_F(TwoCompanies, RowsOfTheFirstCompanyCannotBeReferenced) {
  auto r = admin_->Post("/api/v1/users", {{"login", "frank"},
                                          {"display_name", "Frank"},
                                          {"password", kDemoPassword},
                                          {"role_ids", {sales_rep_}},
                                          {"department_id", sales_}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(r).count({"role_ids/0", "not_found"})) << r.body;
  EXPECT_TRUE(FieldErrors(r).count({"department_id", "not_found"})) << r.body;
  auto dept = admin_->Post("/api/v1/departments", {{"name", "Child"}, {"parent_id", sales_}});
  EXPECT_TRUE(IsProblem(dept, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(dept).count({"parent_id", "not_found"})) << dept.body;
  auto managed =
      admin_->Post("/api/v1/departments", {{"name", "Managed"}, {"manager_user_id", alice_}});
  EXPECT_TRUE(IsProblem(managed, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(managed).count({"manager_user_id", "not_found"})) << managed.body;

  std::string me = "/api/v1/users/" + std::to_string(UserId(*admin_, "admin"));
  auto mine =
      admin_->Patch(me, {{"role_ids", {sales_rep_}}}, IfMatch(admin_->Get(me).header("etag")));
  EXPECT_TRUE(IsProblem(mine, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(mine).count({"role_ids/0", "not_found"})) << mine.body;
  EXPECT_EQ(Ids(admin_->Get("/api/v1/users")).size(), 1u);
  EXPECT_EQ(Ids(admin_->Get("/api/v1/departments")).size(), 0u);
}

TEST_F(TwoCompanies, AuditAndEventsOfTheFirstCompanyAreNotVisible) {
  auto audit = admin_->Get("/api/v1/audit?entity=department&id=" + std::to_string(sales_));
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_TRUE(audit.json()["items"].empty()) << audit.body;
  // The second company's own set-up: the company, its role, its chart and fiscal year.
  json own_year = Items(admin_->Get("/api/v1/fiscal-years"))[0]["id"];
  std::set<int64_t> own_terms;
  for (const auto& t : Items(admin_->Get("/api/v1/payment-terms"))) {
    own_terms.insert(t["id"].get<int64_t>());
  }
  std::set<int64_t> own_definitions;  // the shipped workflow definitions
  for (const auto& d : Items(admin_->Get("/api/v1/workflow-definitions"))) {
    own_definitions.insert(d["id"].get<int64_t>());
  }
  EXPECT_EQ(own_definitions.size(), 4u);
  auto own = [&](const json& record, const char* entity) {
    const auto& ids = std::string(entity) == "workflow_definition" ? own_definitions : own_terms;
    return record["entity"] == entity && ids.count(record["entity_id"].get<int64_t>()) > 0;
  };
  for (const auto& a : Items(admin_->Get("/api/v1/audit?limit=500"))) {
    EXPECT_TRUE(a["entity"] == "company" || a["entity"] == "role" ||
                (a["entity"] == "fiscal_year" && a["entity_id"] == own_year) ||
                own(a, "payment_term") || own(a, "workflow_definition"))
        << a.dump();
    if (a["entity"] == "company") {
      EXPECT_EQ(a["entity_id"], second_) << a.dump();
    }
  }
  auto events = admin_->Get("/api/v1/events?after=0&limit=500");
  ASSERT_EQ(events.status, 200) << events.body;
  ASSERT_FALSE(events.json()["items"].empty());
  for (const auto& e : Items(events)) {
    EXPECT_TRUE(e["type"] == "company.created" || e["type"] == "role.created" ||
                e["type"] == "accounting.chart_installed" ||
                (e["type"] == "fiscal_year.created" && e["entity_id"] == own_year) ||
                own(e, "payment_term") || own(e, "workflow_definition"))
        << e.dump();
    if (e["type"] == "company.created" || e["type"] == "accounting.chart_installed") {
      EXPECT_EQ(e["entity_id"], second_) << e.dump();
    }
  }

  // A department created here is visible here, and not in the first company.
  auto created =
      admin_->Post("/api/v1/departments", {{"name", "Sales"}});  // same name: another company
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json()["id"].get<int64_t>();
  EXPECT_EQ(admin_->Get("/api/v1/audit?entity=department&id=" + std::to_string(id))
                .json()["items"]
                .size(),
            1u);
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", 1}}).status, 200);
  EXPECT_TRUE(
      IsProblem(admin_->Get("/api/v1/departments/" + std::to_string(id)), 404, "not_found"));
  EXPECT_TRUE(admin_->Get("/api/v1/audit?entity=department&id=" + std::to_string(id))
                  .json()["items"]
                  .empty());
  auto first_events = admin_->Get("/api/v1/events?after=0&limit=500").json()["items"];
  for (const auto& e : first_events) {
    EXPECT_FALSE(e["entity"] == "department" && e["entity_id"] == id) << e.dump();
  }
  CheckJournalInvariants(server_.app());
}

TEST_F(TwoCompanies, NonMembersCannotSwitchIntoACompany) {
  auto alice = server_.LoginAs("alice", kDemoPassword);
  EXPECT_TRUE(
      IsProblem(alice->Post("/api/v1/auth/company", {{"company_id", second_}}), 404, "not_found"));
  EXPECT_EQ(alice->Get("/api/v1/auth/me").json()["company"]["id"], 1);
  auto companies = alice->Get("/api/v1/companies").json()["items"];
  ASSERT_EQ(companies.size(), 1u);
  EXPECT_EQ(companies[0]["id"], 1);
  EXPECT_TRUE(IsProblem(Login(server_, "alice", kDemoPassword, {{"company_id", second_}}), 401,
                        "auth.no_company"));
}

// Removing one's own administrator role would leave the company without an administrator,
// like demoting the last administrator role does (role.last_admin).
TEST(CompanyAdmin, LastAdministratorCannotDropTheirAdministratorRole) {
  TestServer server;
  auto admin = server.Admin();
  std::string me = "/api/v1/users/" + std::to_string(UserId(*admin, "admin"));
  auto role = admin->Get("/api/v1/roles/" + std::to_string(RoleId(*admin, "Administrator")));
  auto demote = admin->Patch("/api/v1/roles/" + role.json()["id"].dump(), {{"is_admin", false}},
                             IfMatch(role.header("etag")));
  EXPECT_TRUE(IsProblem(demote, 409, "role.last_admin"));
  auto self_disable = admin->Patch(me, {{"active", false}}, IfMatch(admin->Get(me).header("etag")));
  EXPECT_TRUE(IsProblem(self_disable, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(self_disable).count({"active", "self"})) << self_disable.body;

  auto before = admin->Get(me);
  auto r = admin->Patch(me, {{"role_ids", json::array()}}, IfMatch(before.header("etag")));
  EXPECT_TRUE(IsProblem(r, 409, "role.last_admin"));
  EXPECT_EQ(admin->Get("/api/v1/users").status, 200);
  EXPECT_EQ(admin->Get(me).json()["role_ids"], before.json()["role_ids"]);
}

}  // namespace
}  // namespace concord::testing
