// The permission matrix: every route refuses anonymous callers and callers without the route's
// permission, record rules narrow what the demo users see, and denied accesses are counted.
// Company isolation is in access_company_test.cc.
#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing {
namespace {

// The route's pattern with every path parameter replaced by "1".
std::string Concrete(const std::string& pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      out += "1";
      i = pattern.find('}', i);
    } else {
      out.push_back(pattern[i]);
    }
  }
  return out;
}

std::string BodyFor(const std::string& method) {
  return method == "POST" || method == "PATCH" || method == "PUT" ? "{}" : "";
}

TEST(AccessMatrix, AnonymousCallersGet401OnEveryNonPublicRoute) {
  TestServer server;
  auto anonymous = server.Client();
  int checked = 0;
  for (const auto& route : server.app().api().routes()) {
    if (route.auth == http::AuthKind::kPublic) continue;
    std::string path = Concrete(route.pattern);
    // The event stream answers 401 as a plain response, before any streaming starts.
    auto r = anonymous->Send(route.method, path, BodyFor(route.method));
    EXPECT_TRUE(IsProblem(r, 401, "unauthenticated")) << route.method << " " << path;
    // A session cookie or bearer token that does not exist is no better.
    auto forged = anonymous->Send(route.method, path, BodyFor(route.method),
                                  {{"Authorization", "Bearer not-a-real-session-token"}});
    EXPECT_TRUE(IsProblem(forged, 401, "auth.session_invalid")) << route.method << " " << path;
    ++checked;
  }
  EXPECT_GE(checked, 30);
}

TEST(AccessMatrix, UserWithoutRolesGets403OnEveryPermissionRoute) {
  TestServer server;
  auto admin = server.Admin();
  CreateUser(*admin, "nobody", {});
  auto nobody = server.LoginAs("nobody", kDemoPassword);
  int checked = 0;
  for (const auto& route : server.app().api().routes()) {
    if (route.auth != http::AuthKind::kPermission) continue;
    std::string path = Concrete(route.pattern);
    auto r = nobody->Send(route.method, path, BodyFor(route.method), IfMatch("\"1\""));
    EXPECT_TRUE(IsProblem(r, 403, "permission_denied")) << route.method << " " << path;
    ++checked;
  }
  EXPECT_GE(checked, 25);
  auto me = nobody->Get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"]["login"], "nobody");
  EXPECT_TRUE(me.json()["permissions"].empty()) << me.body;
  EXPECT_EQ(nobody->Get("/api/v1/companies").status, 200);
  // Nothing was created or changed by all those attempts.
  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")).size(), 0u);
  EXPECT_EQ(Ids(admin->Get("/api/v1/users")).size(), 2u);
}

// Authentication results are cached briefly; a permission taken away must still stop the very
// next request (regression test for the access cache).
TEST(AccessMatrix, RevokedPermissionTakesEffectOnTheNextRequest) {
  TestServer server;
  auto admin = server.Admin();
  int64_t role = CreateRole(*admin, "Auditor", {"security.department.read"});
  CreateUser(*admin, "erin", {role});
  auto erin = server.LoginAs("erin", kDemoPassword);
  ASSERT_EQ(erin->Get("/api/v1/departments").status, 200);
  ASSERT_EQ(erin->Get("/api/v1/departments").status, 200);  // now served from the cache
  auto current = admin->Get("/api/v1/roles/" + std::to_string(role));
  auto changed = admin->Patch("/api/v1/roles/" + std::to_string(role),
                              {{"permissions", json::array()}}, IfMatch(current.header("etag")));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_TRUE(IsProblem(erin->Get("/api/v1/departments"), 403, "permission_denied"));
}

class DemoAccess : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.app().LoadDemo().ok());
    admin_ = server_.Admin();
    for (const char* login : {"admin", "alice", "bob", "carol", "dave"})
      ids_[login] = UserId(*admin_, login);
  }
  std::string UserPath(const std::string& login) {
    return "/api/v1/users/" + std::to_string(ids_[login]);
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  std::map<std::string, int64_t> ids_;
};

TEST_F(DemoAccess, SalesRepSeesOnlyHerself) {
  auto alice = server_.LoginAs("alice", kDemoPassword);
  auto list = alice->Get("/api/v1/users");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Ids(list), std::vector<int64_t>{ids_["alice"]});
  EXPECT_EQ(Ids(alice->Get("/api/v1/users?q=bob")), std::vector<int64_t>{});
  EXPECT_EQ(alice->Get(UserPath("alice")).status, 200);
  EXPECT_TRUE(IsProblem(alice->Get(UserPath("bob")), 404, "not_found"));
  EXPECT_TRUE(IsProblem(alice->Get(UserPath("admin")), 404, "not_found"));
  // She may read the departments (company scope) but not the audit trail.
  EXPECT_EQ(Ids(alice->Get("/api/v1/departments")).size(), 5u);
  EXPECT_TRUE(IsProblem(alice->Get("/api/v1/audit"), 403, "permission_denied"));
}

TEST_F(DemoAccess, SalesManagerSeesHisDepartment) {
  auto bob = server_.LoginAs("bob", kDemoPassword);
  auto list = bob->Get("/api/v1/users");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Ids(list), (std::vector<int64_t>{ids_["alice"], ids_["bob"]}));
  EXPECT_EQ(bob->Get(UserPath("alice")).status, 200);
  EXPECT_TRUE(IsProblem(bob->Get(UserPath("carol")), 404, "not_found"));
  EXPECT_TRUE(IsProblem(bob->Get(UserPath("dave")), 404, "not_found"));
  // Reading is not updating.
  auto alice = bob->Get(UserPath("alice"));
  EXPECT_TRUE(IsProblem(
      bob->Patch(UserPath("alice"), {{"display_name", "Renamed"}}, IfMatch(alice.header("etag"))),
      403, "permission_denied"));
}

TEST_F(DemoAccess, AdministratorSeesEveryone) {
  auto list = admin_->Get("/api/v1/users");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Ids(list), (std::vector<int64_t>{ids_["admin"], ids_["alice"], ids_["bob"],
                                             ids_["carol"], ids_["dave"]}));
  for (const auto& [login, id] : ids_) EXPECT_EQ(admin_->Get(UserPath(login)).status, 200) << login;
}

TEST_F(DemoAccess, UserWithoutUserReadPermissionIsRefused) {
  auto dave = server_.LoginAs("dave", kDemoPassword);
  EXPECT_TRUE(IsProblem(dave->Get("/api/v1/users"), 403, "permission_denied"));
  EXPECT_TRUE(IsProblem(dave->Get(UserPath("dave")), 403, "permission_denied"));
  EXPECT_EQ(dave->Get("/api/v1/auth/me").json()["user"]["login"], "dave");
}

TEST_F(DemoAccess, SalesRepEditsHerOwnProfileButNotHerRolesNorOthers) {
  auto alice = server_.LoginAs("alice", kDemoPassword);
  auto mine = alice->Get(UserPath("alice"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  json roles_before = mine.json()["role_ids"];

  auto renamed =
      alice->Patch(UserPath("alice"), {{"display_name", "Alice C."}}, IfMatch(mine.header("etag")));
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["display_name"], "Alice C.");

  int64_t admin_role = RoleId(*admin_, "Administrator");
  auto escalate = alice->Patch(UserPath("alice"), {{"role_ids", {admin_role}}},
                               IfMatch(renamed.header("etag")));
  EXPECT_TRUE(IsProblem(escalate, 403, "permission_denied"));
  auto move = alice->Patch(UserPath("alice"), {{"department_id", nullptr}},
                           IfMatch(renamed.header("etag")));
  EXPECT_TRUE(IsProblem(move, 403, "permission_denied"));
  auto after = admin_->Get(UserPath("alice"));
  EXPECT_EQ(after.json()["role_ids"], roles_before);
  EXPECT_FALSE(after.json()["department_id"].is_null());
  EXPECT_EQ(after.header("etag"), renamed.header("etag"));

  auto bob = admin_->Get(UserPath("bob"));
  EXPECT_TRUE(IsProblem(
      alice->Patch(UserPath("bob"), {{"display_name", "Hacked"}}, IfMatch(bob.header("etag"))), 404,
      "not_found"));
  EXPECT_TRUE(IsProblem(alice->Send("POST", UserPath("bob") + "/revoke-sessions"), 403,
                        "permission_denied"));
  EXPECT_TRUE(
      IsProblem(alice->Post(UserPath("bob") + "/password", {{"password", "taken-over-2026!"}}), 403,
                "permission_denied"));
  EXPECT_EQ(admin_->Get(UserPath("bob")).json()["display_name"], bob.json()["display_name"]);
  EXPECT_EQ(Login(server_, "bob", kDemoPassword).status, 200);
}

TEST_F(DemoAccess, DeniedAccessesAreCountedInMetrics) {
  auto metrics = [&] {
    auto m = server_.Client()->Get("/metrics");
    EXPECT_EQ(m.status, 200);
    return MetricValue(m.body, "concord_access_denied_total").value_or(-1);
  };
  double before = metrics();
  ASSERT_GE(before, 0);
  auto alice = server_.LoginAs("alice", kDemoPassword);
  auto dave = server_.LoginAs("dave", kDemoPassword);
  EXPECT_EQ(alice->Get(UserPath("bob")).status, 404);  // outside her record rule
  EXPECT_EQ(dave->Get("/api/v1/users").status, 403);   // missing permission
  EXPECT_EQ(metrics(), before + 2);
  EXPECT_EQ(alice->Get(UserPath("alice")).status, 200);  // allowed: not counted
  EXPECT_EQ(metrics(), before + 2);
}

}  // namespace
}  // namespace concord::testing
