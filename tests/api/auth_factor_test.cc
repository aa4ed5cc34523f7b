// Scenarios of the second factor (TOTP enrolment, login with codes, replay protection, companies
// that require a second factor for administrators) and of API tokens for integrations.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>

#include "api_helpers.h"
#include "security/crypto.h"
#include "security/totp.h"

namespace concord::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

int64_t UnixSeconds(TestServer& server) { return server.clock().Now().unix_micros() / 1000000; }

// The current code of a Base32 secret, at the server's (fake) time.
std::string CodeFor(TestServer& server, const std::string& secret) {
  auto raw = security::Base32Decode(secret);
  EXPECT_TRUE(raw.ok()) << secret;
  return raw.ok() ? security::TotpCode(*raw, UnixSeconds(server)) : std::string();
}

// Enrols a TOTP factor for the client's user; returns the Base32 secret.
std::string EnrolTotp(TestServer& server, HttpClient& client) {
  auto setup = client.Send("POST", "/api/v1/auth/totp/setup");
  EXPECT_EQ(setup.status, 200) << setup.body;
  std::string secret = setup.json().value("secret", "");
  auto enable = client.Post("/api/v1/auth/totp/enable", {{"code", CodeFor(server, secret)}});
  EXPECT_EQ(enable.status, 204) << enable.body;
  return secret;
}

TEST(AuthTotp, EnrolThenLogInWithACodeThatCannotBeReplayed) {
  TestServer server;
  ASSERT_TRUE(server.app().LoadDemo().ok());
  auto alice = server.LoginAs("alice", kDemoPassword);

  auto setup = alice->Send("POST", "/api/v1/auth/totp/setup");
  ASSERT_EQ(setup.status, 200) << setup.body;
  std::string secret = setup.json()["secret"].get<std::string>();
  EXPECT_EQ(setup.json()["otpauth_uri"].get<std::string>().rfind("otpauth://totp/", 0), 0u);
  EXPECT_NE(setup.json()["otpauth_uri"].get<std::string>().find("secret=" + secret),
            std::string::npos);

  // A wrong code does not enable the factor; the right one does.
  std::string code = CodeFor(server, secret);
  auto raw = security::Base32Decode(secret).value();
  int64_t t = UnixSeconds(server);
  std::string wrong_code = "000000";
  for (int n = 0; wrong_code == security::TotpCode(raw, t - 30) || wrong_code == code ||
                  wrong_code == security::TotpCode(raw, t + 30);) {
    wrong_code = fmt::format("{:06}", ++n);
  }
  auto wrong = alice->Post("/api/v1/auth/totp/enable", {{"code", wrong_code}});
  EXPECT_TRUE(IsProblem(wrong, 422, "validation.failed"));
  EXPECT_EQ(Login(server, "alice", kDemoPassword).status, 200);
  auto enable = alice->Post("/api/v1/auth/totp/enable", {{"code", code}});
  EXPECT_EQ(enable.status, 204) << enable.body;
  EXPECT_EQ(alice->Get("/api/v1/auth/me").json()["user"]["totp_enabled"], true);

  EXPECT_TRUE(IsProblem(Login(server, "alice", kDemoPassword), 401, "auth.totp_required"));
  // The code used for enrolment is spent; the next step's code works once.
  EXPECT_TRUE(
      IsProblem(Login(server, "alice", kDemoPassword, {{"totp", code}}), 401, "auth.totp_invalid"));
  server.clock().Advance(seconds(30));
  std::string next = CodeFor(server, secret);
  auto ok = Login(server, "alice", kDemoPassword, {{"totp", next}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(
      IsProblem(Login(server, "alice", kDemoPassword, {{"totp", next}}), 401, "auth.totp_invalid"));
  // A code does not replace the password.
  server.clock().Advance(seconds(30));
  EXPECT_TRUE(
      IsProblem(Login(server, "alice", "wrong-password", {{"totp", CodeFor(server, secret)}}), 401,
                "auth.invalid_credentials"));
}

// Turns on require_totp_for_admins for the client's current company.
void RequireTotpForAdmins(HttpClient& admin) {
  auto company = admin.Get("/api/v1/company");
  ASSERT_EQ(company.status, 200) << company.body;
  auto r = admin.Patch("/api/v1/company", {{"require_totp_for_admins", true}},
                       IfMatch(company.header("etag")));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["require_totp_for_admins"], true);
}

TEST(AuthTotp, CompanyRequiringTotpRestrictsAdministratorsWithoutOne) {
  TestServer server;
  ASSERT_TRUE(server.app().LoadDemo().ok());
  auto admin = server.Admin();
  RequireTotpForAdmins(*admin);

  auto login = Login(server, "admin", kAdminPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.json()["mfa_pending"], true);
  auto pending = server.Client();
  pending->set_bearer(login.json()["token"].get<std::string>());
  EXPECT_TRUE(IsProblem(pending->Get("/api/v1/users"), 403, "permission_denied"));
  EXPECT_TRUE(IsProblem(pending->Post("/api/v1/departments", {{"name", "Sneaky"}}), 403,
                        "permission_denied"));
  auto me = pending->Get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["mfa_pending"], true);
  EXPECT_TRUE(me.json()["permissions"].empty()) << me.body;

  // Enrolling lifts the restriction of the enrolling session.
  EnrolTotp(server, *pending);
  EXPECT_EQ(pending->Get("/api/v1/users").status, 200);
  EXPECT_EQ(pending->Get("/api/v1/auth/me").json()["mfa_pending"], false);

  // Users who are not administrators are not affected.
  auto alice = Login(server, "alice", kDemoPassword);
  ASSERT_EQ(alice.status, 200);
  EXPECT_EQ(alice.json()["mfa_pending"], false);
}

// An administrator without a second factor must not reach, by switching the session, a
// company that requires one: the switched session is as restricted as a fresh login there.
TEST(AuthTotp, SwitchingIntoACompanyThatRequiresTotpRestrictsTheSession) {
  TestServer server;
  auto admin = server.Admin();
  auto created =
      admin->Post("/api/v1/companies",
                  {{"name", "Strict Ltd"}, {"currency", "USD"}, {"time_zone", "America/New_York"}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t strict = created.json()["id"].get<int64_t>();
  ASSERT_EQ(admin->Post("/api/v1/auth/company", {{"company_id", strict}}).status, 200);
  RequireTotpForAdmins(*admin);

  // A direct login into the strict company is restricted ...
  auto direct = Login(server, "admin", kAdminPassword, {{"company_id", strict}});
  ASSERT_EQ(direct.status, 200) << direct.body;
  EXPECT_EQ(direct.json()["mfa_pending"], true);

  // ... and so is a session of the first company that switches into it.
  auto session = server.Admin();
  EXPECT_EQ(session->Get("/api/v1/auth/me").json()["mfa_pending"], false);
  auto sw = session->Post("/api/v1/auth/company", {{"company_id", strict}});
  ASSERT_EQ(sw.status, 200) << sw.body;
  EXPECT_EQ(session->Get("/api/v1/auth/me").json()["mfa_pending"], true);
  EXPECT_TRUE(IsProblem(session->Get("/api/v1/users"), 403, "permission_denied"));
}

TEST(AuthApiToken, CreatedOnceUsableAsBearerAndRevocable) {
  TestServer server;
  auto admin = server.Admin();
  auto created = admin->Post("/api/v1/api-tokens", {{"name", "warehouse scanner"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("cache-control"), "no-store");
  std::string token = created.json()["token"].get<std::string>();
  int64_t id = created.json()["id"].get<int64_t>();
  EXPECT_EQ(token.rfind("cct_", 0), 0u) << token;
  EXPECT_EQ(created.json()["name"], "warehouse scanner");

  auto list = admin->Get("/api/v1/api-tokens");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["name"], "warehouse scanner");
  EXPECT_FALSE(list.json()["items"][0].contains("token"));
  EXPECT_EQ(list.body.find(token.substr(4)), std::string::npos) << "the secret leaks in the list";

  auto integration = server.Client();
  integration->set_bearer(token);
  auto users = integration->Get("/api/v1/users");
  EXPECT_EQ(users.status, 200) << users.body;
  // Tokens are bound to their company and need no CSRF header.
  EXPECT_EQ(integration->Post("/api/v1/departments", {{"name", "Via Token"}}).status, 201);
  EXPECT_TRUE(IsProblem(integration->Post("/api/v1/auth/company", {{"company_id", 1}}), 409,
                        "auth.not_a_session"));

  auto revoke = admin->Send("POST", "/api/v1/api-tokens/" + std::to_string(id) + "/revoke");
  EXPECT_EQ(revoke.status, 204) << revoke.body;
  EXPECT_TRUE(IsProblem(integration->Get("/api/v1/users"), 401, "auth.token_invalid"));
  EXPECT_FALSE(admin->Get("/api/v1/api-tokens").json()["items"][0]["revoked_at"].is_null());

  // A made-up token with the right prefix is refused the same way.
  integration->set_bearer("cct_" + std::string(43, 'A'));
  EXPECT_TRUE(IsProblem(integration->Get("/api/v1/users"), 401, "auth.token_invalid"));
}

TEST(AuthApiToken, ExpiredTokenIsRefused) {
  TestServer server;
  auto admin = server.Admin();
  std::string in_an_hour =
      Timestamp::FromUnixMicros(server.clock().Now().unix_micros() + 3600LL * 1000000).ToIso();
  auto created =
      admin->Post("/api/v1/api-tokens", {{"name", "short-lived"}, {"expires_at", in_an_hour}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["expires_at"], in_an_hour);
  auto integration = server.Client();
  integration->set_bearer(created.json()["token"].get<std::string>());
  EXPECT_EQ(integration->Get("/api/v1/users").status, 200);

  server.clock().Advance(minutes(59));
  EXPECT_EQ(integration->Get("/api/v1/users").status, 200);
  server.clock().Advance(minutes(2));
  EXPECT_TRUE(IsProblem(integration->Get("/api/v1/users"), 401, "auth.token_invalid"));

  // A token cannot be created already expired.
  std::string past =
      Timestamp::FromUnixMicros(server.clock().Now().unix_micros() - 1000000).ToIso();
  auto stale = server.Admin()->Post("/api/v1/api-tokens", {{"name", "dead"}, {"expires_at", past}});
  EXPECT_TRUE(IsProblem(stale, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(stale).count({"expires_at", "past"})) << stale.body;
}

}  // namespace
}  // namespace concord::testing
