// Scenarios of logging in and of session life: throttling, logout, idle and absolute expiry,
// revocation, password change, disabled users, and cookie sessions with their CSRF header.
// Second factors and API tokens are in auth_factor_test.cc.
#include <gtest/gtest.h>

#include <chrono>

#include "api_helpers.h"

namespace concord::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(AuthLogin, ReturnsTokenCsrfTokenAndAHardenedCookie) {
  TestServer server;
  Timestamp now = server.clock().Now();
  auto r = Login(server, "admin", kAdminPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.json();
  std::string token = j["token"].get<std::string>();
  std::string csrf = j["csrf_token"].get<std::string>();
  EXPECT_GE(token.size(), 40u);
  EXPECT_GE(csrf.size(), 40u);
  EXPECT_NE(token, csrf);
  EXPECT_EQ(j["user"]["login"], "admin");
  EXPECT_EQ(j["mfa_pending"], false);
  EXPECT_EQ(j["expires_at"],
            Timestamp::FromUnixMicros(now.unix_micros() + 7LL * 24 * 3600 * 1000000).ToIso());
  EXPECT_EQ(r.header("cache-control"), "no-store");

  std::string cookie = SetCookie(r, "concord_session");
  EXPECT_EQ(cookie.rfind("concord_session=" + token + ";", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;

  auto client = server.Client();
  client->set_bearer(token);
  auto me = client->Get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"]["login"], "admin");

  // Logins are case-insensitive.
  EXPECT_EQ(Login(server, "ADMIN", kAdminPassword).status, 200);
}

TEST(AuthLogin, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  TestServer server;
  auto wrong = Login(server, "admin", "not-the-password");
  EXPECT_TRUE(IsProblem(wrong, 401, "auth.invalid_credentials"));
  EXPECT_TRUE(wrong.set_cookies.empty());
  auto unknown = Login(server, "nobody-here", "not-the-password");
  EXPECT_TRUE(IsProblem(unknown, 401, "auth.invalid_credentials"));
  EXPECT_EQ(wrong.json()["detail"], unknown.json()["detail"]);
  EXPECT_EQ(wrong.json()["title"], unknown.json()["title"]);

  auto missing = server.Client()->Post("/api/v1/auth/login", {{"login", "admin"}});
  EXPECT_TRUE(IsProblem(missing, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(missing).count({"password", "required"})) << missing.body;
}

TEST(AuthThrottle, FiveFailuresLockTheLoginAndTheLockGrows) {
  TestServer server;
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(
        IsProblem(Login(server, "admin", "wrong-password"), 401, "auth.invalid_credentials"))
        << "attempt " << i + 1;
  }
  auto locked = Login(server, "admin", "wrong-password");
  EXPECT_TRUE(IsProblem(locked, 429, "auth.throttled"));
  int retry = std::atoi(locked.header("retry-after").c_str());
  EXPECT_GE(retry, 60) << locked.header("retry-after");
  EXPECT_LE(retry, 61) << locked.header("retry-after");

  // Even the right password is refused while locked.
  EXPECT_TRUE(IsProblem(Login(server, "admin", kAdminPassword), 429, "auth.throttled"));
  server.clock().Advance(seconds(30));
  auto later = Login(server, "admin", kAdminPassword);
  EXPECT_TRUE(IsProblem(later, 429, "auth.throttled"));
  EXPECT_LE(std::atoi(later.header("retry-after").c_str()), 31);

  // The lock ends after one minute; another failure in the window locks for two minutes.
  server.clock().Advance(seconds(31));
  EXPECT_TRUE(IsProblem(Login(server, "admin", "wrong-password"), 401, "auth.invalid_credentials"));
  auto second = Login(server, "admin", kAdminPassword);
  EXPECT_TRUE(IsProblem(second, 429, "auth.throttled"));
  retry = std::atoi(second.header("retry-after").c_str());
  EXPECT_GT(retry, 61);
  EXPECT_LE(retry, 121);
  server.clock().Advance(seconds(121));
  auto ok = Login(server, "admin", kAdminPassword);
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST(AuthSession, LogoutEndsTheSession) {
  TestServer server;
  auto admin = server.Admin();
  auto out = admin->Send("POST", "/api/v1/auth/logout");
  EXPECT_EQ(out.status, 204) << out.body;
  std::string cleared = SetCookie(out, "concord_session");
  EXPECT_EQ(cleared.rfind("concord_session=;", 0), 0u) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
  EXPECT_TRUE(IsProblem(admin->Get("/api/v1/auth/me"), 401, "auth.session_invalid"));
  EXPECT_TRUE(IsProblem(admin->Get("/api/v1/users"), 401, "auth.session_invalid"));
}

TEST(AuthSession, IdleSessionExpiresAfterTwoHours) {
  TestServer server;
  auto admin = server.Admin();
  server.clock().Advance(minutes(119));
  auto fresh = server.Admin();  // a second session, used at the end
  server.clock().Advance(minutes(2));
  EXPECT_TRUE(IsProblem(admin->Get("/api/v1/auth/me"), 401, "auth.session_invalid"));
  EXPECT_EQ(fresh->Get("/api/v1/auth/me").status, 200);
}

TEST(AuthSession, ActivityKeepsTheSessionAliveUntilItIsIdle) {
  TestServer server;
  auto admin = server.Admin();
  for (int round = 0; round < 5; ++round) {  // 5 h in total, never 2 h idle
    server.clock().Advance(minutes(61));
    ASSERT_EQ(admin->Get("/api/v1/auth/me").status, 200) << "round " << round;
  }
  server.clock().Advance(minutes(121));
  EXPECT_TRUE(IsProblem(admin->Get("/api/v1/auth/me"), 401, "auth.session_invalid"));
}

TEST(AuthSession, SessionEndsAfterSevenDaysEvenWhenActive) {
  TestServer server;
  auto admin = server.Admin();
  const int kWeek = 7 * 24 * 60;
  int elapsed = 0;
  while (elapsed + 100 < kWeek) {
    server.clock().Advance(minutes(100));
    elapsed += 100;
    ASSERT_EQ(admin->Get("/api/v1/auth/me").status, 200) << "after " << elapsed << " min";
  }
  server.clock().Advance(minutes(kWeek - elapsed));
  EXPECT_TRUE(IsProblem(admin->Get("/api/v1/auth/me"), 401, "auth.session_invalid"));
}

TEST(AuthSession, AdministratorRevokesAllSessionsOfAUser) {
  TestServer server;
  ASSERT_TRUE(server.app().LoadDemo().ok());
  auto admin = server.Admin();
  auto alice_phone = server.LoginAs("alice", kDemoPassword);
  auto alice_laptop = server.LoginAs("alice", kDemoPassword);
  int64_t alice = UserId(*admin, "alice");

  auto r = admin->Send("POST", "/api/v1/users/" + std::to_string(alice) + "/revoke-sessions");
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_TRUE(IsProblem(alice_phone->Get("/api/v1/auth/me"), 401, "auth.session_invalid"));
  EXPECT_TRUE(IsProblem(alice_laptop->Get("/api/v1/auth/me"), 401, "auth.session_invalid"));
  EXPECT_EQ(admin->Get("/api/v1/auth/me").status, 200);
  EXPECT_EQ(Login(server, "alice", kDemoPassword).status, 200);  // she can log in again
}

TEST(AuthSession, PasswordChangeEndsOtherSessionsButKeepsTheCurrentOne) {
  TestServer server;
  ASSERT_TRUE(server.app().LoadDemo().ok());
  auto here = server.LoginAs("alice", kDemoPassword);
  auto elsewhere = server.LoginAs("alice", kDemoPassword);
  const std::string kNew = "a-brand-new-password-2026";

  auto wrong =
      here->Post("/api/v1/auth/password", {{"current_password", "not-it"}, {"new_password", kNew}});
  EXPECT_TRUE(IsProblem(wrong, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(wrong).count({"current_password", "wrong"})) << wrong.body;
  EXPECT_EQ(elsewhere->Get("/api/v1/auth/me").status, 200);

  auto r = here->Post("/api/v1/auth/password",
                      {{"current_password", kDemoPassword}, {"new_password", kNew}});
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(here->Get("/api/v1/auth/me").status, 200);
  EXPECT_TRUE(IsProblem(elsewhere->Get("/api/v1/auth/me"), 401, "auth.session_invalid"));
  EXPECT_TRUE(IsProblem(Login(server, "alice", kDemoPassword), 401, "auth.invalid_credentials"));
  EXPECT_EQ(Login(server, "alice", kNew).status, 200);
}

// The error of a too short new password names the field the caller sent.
TEST(AuthSession, TooShortNewPasswordIsReportedOnNewPassword) {
  TestServer server;
  auto admin = server.Admin();
  auto r = admin->Post("/api/v1/auth/password",
                       {{"current_password", kAdminPassword}, {"new_password", "short"}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  EXPECT_EQ(FieldErrors(r),
            (std::set<std::pair<std::string, std::string>>{{"new_password", "password.too_short"}}))
      << r.body;
  EXPECT_EQ(Login(server, "admin", kAdminPassword).status, 200);
}

TEST(AuthSession, DisabledUserCannotLogInAndTheirSessionsEnd) {
  TestServer server;
  ASSERT_TRUE(server.app().LoadDemo().ok());
  auto admin = server.Admin();
  auto alice_session = server.LoginAs("alice", kDemoPassword);
  std::string alice = "/api/v1/users/" + std::to_string(UserId(*admin, "alice"));

  auto before = admin->Get(alice);
  auto off = admin->Patch(alice, {{"active", false}}, IfMatch(before.header("etag")));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json()["active"], false);
  EXPECT_TRUE(IsProblem(alice_session->Get("/api/v1/auth/me"), 401, "auth.session_invalid"));
  EXPECT_TRUE(IsProblem(Login(server, "alice", kDemoPassword), 401, "auth.invalid_credentials"));

  auto on = admin->Patch(alice, {{"active", true}}, IfMatch(off.header("etag")));
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(Login(server, "alice", kDemoPassword).status, 200);
}

TEST(AuthCookie, CookieSessionNeedsTheCsrfHeaderForMutations) {
  TestServer server;
  auto login = Login(server, "admin", kAdminPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  std::string set_cookie = SetCookie(login, "concord_session");
  ASSERT_FALSE(set_cookie.empty()) << login.body;
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  std::string csrf = login.json()["csrf_token"].get<std::string>();
  auto browser = server.Client();  // no bearer token: only the cookie

  auto me = browser->Get("/api/v1/auth/me", {{"Cookie", cookie}});
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(browser->Get("/api/v1/departments", {{"Cookie", "theme=dark; " + cookie}}).status, 200);

  auto no_header =
      browser->Post("/api/v1/departments", {{"name", "Cookie Dept"}}, {{"Cookie", cookie}});
  EXPECT_TRUE(IsProblem(no_header, 403, "permission_denied"));
  auto wrong = browser->Post("/api/v1/departments", {{"name", "Cookie Dept"}},
                             {{"Cookie", cookie}, {"X-CSRF-Token", csrf + "x"}});
  EXPECT_TRUE(IsProblem(wrong, 403, "permission_denied"));
  auto other_token = Login(server, "admin", kAdminPassword).json()["csrf_token"].get<std::string>();
  auto foreign = browser->Post("/api/v1/departments", {{"name", "Cookie Dept"}},
                               {{"Cookie", cookie}, {"X-CSRF-Token", other_token}});
  EXPECT_TRUE(IsProblem(foreign, 403, "permission_denied"));
  auto admin = server.Admin();
  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")).size(), 0u);

  auto ok = browser->Post("/api/v1/departments", {{"name", "Cookie Dept"}},
                          {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  // Logging out is a mutation too.
  EXPECT_EQ(browser->Send("POST", "/api/v1/auth/logout", "", {{"Cookie", cookie}}).status, 403);
  EXPECT_EQ(browser->Get("/api/v1/auth/me", {{"Cookie", cookie}}).status, 200);

  // Bearer requests carry no ambient credentials and need no CSRF header.
  auto bearer = admin->Post("/api/v1/departments", {{"name", "Bearer Dept"}});
  EXPECT_EQ(bearer.status, 201) << bearer.body;
  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")).size(), 2u);
}

}  // namespace
}  // namespace concord::testing
