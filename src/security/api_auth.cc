// Routes under /api/v1/auth: login, logout, me, password, company switch, second factor.
#include "http/problem.h"
#include "security/api.h"

namespace concord::security {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::Route;
using http::RouteDoc;

Result<Response> Login(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  LoginRequest req;
  auto login = f.Text("login", {.required = true, .max_chars = 254});
  auto password = f.Text("password", {.required = true, .max_chars = 1024, .allow_empty = true});
  auto totp = f.Text("totp", {.max_chars = 10, .allow_empty = true});
  req.company_id = f.Int("company_id");
  RETURN_IF_ERROR(f.Finish());
  req.login = *login;
  req.password = *password;
  req.totp = totp.value_or("");
  req.remote_ip = c.req().remote_ip;
  req.user_agent = c.req().Header("user-agent");
  int retry_after = 0;
  auto result = s.auth.Login(req, &retry_after);
  if (!result.ok()) {
    Response r = http::Problem(result.status(), c.req().request_id);
    if (retry_after > 0) r.Header("Retry-After", std::to_string(retry_after));
    return r;
  }
  nlohmann::json user;
  Status st = s.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, login, display_name FROM users WHERE id = ?",
                                      result->user_id));
    user = {{"id", row->Int(0)}, {"login", row->Text(1)}, {"display_name", row->Text(2)}};
    return Status::Ok();
  });
  RETURN_IF_ERROR(st);
  Response r = Response::Json(200, {{"token", result->token},
                                    {"csrf_token", result->csrf_token},
                                    {"expires_at", result->expires_at.ToIso()},
                                    {"company_id", result->company_id},
                                    {"mfa_pending", result->mfa_pending},
                                    {"user", user}});
  r.Header("Set-Cookie", s.auth.SessionCookie(result->token));
  r.Header("Set-Cookie", s.auth.CsrfCookie(result->csrf_token));
  r.Header("Cache-Control", "no-store");
  return r;
}

Result<Response> Me(Services& s, Ctx& c) {
  const Access& who = c.access();
  ASSIGN_OR_RETURN(auto user, s.directory.GetSelf(c.tx(), who));
  ASSIGN_OR_RETURN(auto company, s.companies.Get(c.tx(), who.company_id()));
  ASSIGN_OR_RETURN(auto companies, s.companies.ListForUser(c.tx(), who.user_id()));
  nlohmann::json perms = nlohmann::json::object();
  for (const auto& [p, scope] : who.grants()) perms[p] = ScopeName(scope);
  ASSIGN_OR_RETURN(auto pending, c.tx().One("SELECT mfa_pending FROM sessions WHERE id = ?",
                                            c.auth()->session_id));
  return Response::Json(200, {{"user", user},
                              {"company", company},
                              {"companies", companies},
                              {"permissions", perms},
                              {"mfa_pending", pending && pending->Int(0) != 0}});
}

Result<Response> Logout(Services& s, Ctx& c) {
  if (c.auth()->session_id) RETURN_IF_ERROR(s.auth.Logout(c.tx(), c.auth()->session_id));
  Response r = Response::NoContent();
  r.Header("Set-Cookie", s.auth.ClearCookie());
  r.Header("Set-Cookie", s.auth.ClearCsrfCookie());
  return r;
}

Result<Response> ChangePassword(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  auto current =
      f.Text("current_password", {.required = true, .max_chars = 1024, .allow_empty = true});
  auto next = f.Text("new_password", {.required = true, .max_chars = 1024, .allow_empty = true});
  RETURN_IF_ERROR(f.Finish());
  RETURN_IF_ERROR(s.directory.ChangeOwnPassword(c.tx(), c.access().user_id(), c.auth()->session_id,
                                                *current, *next));
  return Response::NoContent();
}

Result<Response> SwitchCompany(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  auto company = f.Int("company_id", true);
  RETURN_IF_ERROR(f.Finish());
  if (!c.auth()->session_id) {
    return FailedPrecondition("auth.not_a_session", "API tokens are bound to one company.");
  }
  RETURN_IF_ERROR(
      s.auth.SwitchCompany(c.tx(), c.auth()->session_id, c.access().user_id(), *company));
  ASSIGN_OR_RETURN(auto out, s.companies.Get(c.tx(), *company));
  return Response::Json(200, out);
}

Result<Response> TotpSetup(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto pair, s.auth.TotpSetup(c.tx(), c.access().user_id()));
  return Response::Json(200, {{"secret", pair.first}, {"otpauth_uri", pair.second}});
}

Result<Response> TotpEnable(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  auto code = f.Text("code", {.required = true, .max_chars = 10});
  RETURN_IF_ERROR(f.Finish());
  RETURN_IF_ERROR(s.auth.TotpEnable(c.tx(), c.access().user_id(), c.auth()->session_id, *code));
  return Response::NoContent();
}

}  // namespace

void RegisterAuthRoutes(http::Api& api, Services& s) {
  auto bind = [&s](Result<Response> (*fn)(Services&, Ctx&)) {
    return [&s, fn](Ctx& c) { return fn(s, c); };
  };
  api.Add({"POST", "/api/v1/auth/login", AuthKind::kPublic, "", http::TxKind::kNone,
           RouteDoc{"Log in with login and password (and a TOTP code when enabled)", "auth",
                    Ref("LoginRequest"), Ref("LoginResponse")},
           bind(Login)});
  api.Add({"POST", "/api/v1/auth/logout", AuthKind::kAuthenticated, "", http::TxKind::kDefault,
           RouteDoc{"End the current session", "auth", nullptr, nullptr, 204}, bind(Logout)});
  api.Add(
      {"GET", "/api/v1/auth/me", AuthKind::kAuthenticated, "", http::TxKind::kDefault,
       RouteDoc{"The caller: user, company, companies and permissions", "auth", nullptr, Ref("Me")},
       bind(Me)});
  api.Add({"POST", "/api/v1/auth/password", AuthKind::kAuthenticated, "", http::TxKind::kDefault,
           RouteDoc{"Change the caller's password; other sessions end",
                    "auth",
                    {{"type", "object"},
                     {"properties",
                      {{"current_password", {{"type", "string"}}},
                       {"new_password", {{"type", "string"}}}}}},
                    nullptr,
                    204},
           bind(ChangePassword)});
  api.Add({"POST", "/api/v1/auth/company", AuthKind::kAuthenticated, "", http::TxKind::kDefault,
           RouteDoc{"Switch the session to another company of the user",
                    "auth",
                    {{"type", "object"}, {"properties", {{"company_id", {{"type", "integer"}}}}}},
                    Ref("Company")},
           bind(SwitchCompany)});
  api.Add({"POST", "/api/v1/auth/totp/setup", AuthKind::kAuthenticated, "", http::TxKind::kDefault,
           RouteDoc{"Start enrolling a TOTP second factor",
                    "auth",
                    nullptr,
                    {{"type", "object"},
                     {"properties",
                      {{"secret", {{"type", "string"}}}, {"otpauth_uri", {{"type", "string"}}}}}}},
           bind(TotpSetup)});
  api.Add({"POST", "/api/v1/auth/totp/enable", AuthKind::kAuthenticated, "", http::TxKind::kDefault,
           RouteDoc{"Confirm the TOTP second factor with a code",
                    "auth",
                    {{"type", "object"}, {"properties", {{"code", {{"type", "string"}}}}}},
                    nullptr,
                    204},
           bind(TotpEnable)});
}

}  // namespace concord::security
