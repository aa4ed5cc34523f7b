// Login, logout, session revocation, company switch, TOTP enrolment and API tokens.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "security/auth.h"
#include "security/crypto.h"
#include "security/totp.h"

namespace concord::security {
namespace {

Timestamp Plus(Timestamp t, std::chrono::microseconds d) {
  return Timestamp::FromUnixMicros(t.unix_micros() + d.count());
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

Status Throttled(int seconds) {
  return Status(Code::kResourceExhausted, "auth.throttled",
                fmt::format("Too many failed logins. Try again in {} seconds.", seconds));
}

}  // namespace

Result<LoginResult> AuthService::Login(const LoginRequest& req, int* retry_after) {
  *retry_after = 0;
  const std::string user_key = "login:" + Lower(req.login);
  const std::string ip_key = "ip:" + req.remote_ip;
  std::optional<store::Record> user;
  // 1. Throttle check and user lookup (read snapshot).
  Status st = db_.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(int wait_user, ThrottleWait(tx, user_key));
    ASSIGN_OR_RETURN(int wait_ip, ThrottleWait(tx, ip_key));
    *retry_after = std::max(wait_user, wait_ip);
    if (*retry_after > 0) return Throttled(*retry_after);
    ASSIGN_OR_RETURN(user, tx.One("SELECT id, login, password_hash, active, default_company_id, "
                                  "totp_enabled, totp_secret, totp_last_step FROM users "
                                  "WHERE login = ?",
                                  Lower(req.login)));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  // 2. The expensive hash check runs outside any transaction; unknown logins cost the same.
  bool good = VerifyPassword(req.password, user ? user->Text("password_hash") : dummy_hash_);
  good = good && user && user->Int("active") != 0;
  // 3. Record the outcome and open the session.
  LoginResult out;
  Status failure;
  st = db_.Write([&](store::Tx& tx) -> Status {
    failure = Status::Ok();
    if (!good) {
      RETURN_IF_ERROR(RecordFailure(tx, user_key, options_.max_failures));
      RETURN_IF_ERROR(RecordFailure(tx, ip_key, options_.max_failures_per_ip));
      failure = Status(Code::kUnauthenticated, "auth.invalid_credentials",
                       "The login or password is wrong.");
      return Status::Ok();  // commit the failure count
    }
    failure = CheckSecondFactor(tx, *user, req);
    if (!failure.ok()) {
      if (failure.message_id() == "auth.totp_invalid")
        RETURN_IF_ERROR(RecordFailure(tx, user_key, options_.max_failures));
      return Status::Ok();
    }
    int64_t user_id = user->Int("id");
    int64_t company = req.company_id.value_or(user->Int("default_company_id"));
    ASSIGN_OR_RETURN(auto member, tx.One("SELECT m.company_id FROM company_members m "
                                         "WHERE m.user_id = ? AND (m.company_id = ? OR ? = 0) "
                                         "ORDER BY m.company_id LIMIT 1",
                                         user_id, company, company));
    if (!member) {
      failure = Status(Code::kUnauthenticated, "auth.no_company",
                       "This user is not a member of any (or of the chosen) company.");
      return Status::Ok();
    }
    company = member->Int(0);
    // A company may require a second factor for administrators: without one enrolled, the
    // session can only enrol it.
    ASSIGN_OR_RETURN(bool mfa_pending, SecondFactorPending(tx, user_id, company));
    RETURN_IF_ERROR(
        tx.Exec("DELETE FROM login_throttle WHERE throttle_key = ?", user_key).status());
    Timestamp now = clock_.Now();
    out = LoginResult{RandomToken(32), RandomToken(32), Plus(now, options_.absolute_timeout),
                      user_id,         company,         mfa_pending};
    return tx
        .Exec(
            "INSERT INTO sessions (token_hash, user_id, company_id, csrf_hash, created_at, "
            "last_seen_at, idle_expires_at, expires_at, remote_ip, user_agent, mfa_pending) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Sha256Hex(out.token), user_id, company, Sha256Hex(out.csrf_token), now.ToIso(),
            now.ToIso(), Plus(now, options_.idle_timeout).ToIso(), out.expires_at.ToIso(),
            req.remote_ip, req.user_agent.substr(0, 256), mfa_pending)
        .status();
  });
  if (!st.ok()) return st;
  if (!failure.ok()) {
    LogDenied(user ? user->Int("id") : 0, "login",
              "failed login for " + req.login.substr(0, 64) + " from " + req.remote_ip);
    return failure;
  }
  return out;
}

Status AuthService::Logout(store::Tx& tx, int64_t session_id) {
  return tx
      .Exec("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            clock_.Now().ToIso(), session_id)
      .status();
}

Status AuthService::RevokeSessions(store::Tx& tx, int64_t user_id, int64_t keep_session) {
  return tx
      .Exec(
          "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? "
          "AND revoked_at IS NULL",
          clock_.Now().ToIso(), user_id, keep_session)
      .status();
}

Status AuthService::SwitchCompany(store::Tx& tx, int64_t session_id, int64_t user_id,
                                  int64_t company_id) {
  ASSIGN_OR_RETURN(auto member, tx.One("SELECT 1 FROM company_members WHERE user_id = ? "
                                       "AND company_id = ?",
                                       user_id, company_id));
  if (!member) return NotFound("company");
  ASSIGN_OR_RETURN(bool pending, SecondFactorPending(tx, user_id, company_id));
  return tx
      .Exec("UPDATE sessions SET company_id = ?, mfa_pending = ? WHERE id = ?", company_id, pending,
            session_id)
      .status();
}

Result<bool> AuthService::SecondFactorPending(store::Tx& tx, int64_t user_id, int64_t company_id) {
  ASSIGN_OR_RETURN(
      auto row,
      tx.One(
          "SELECT u.totp_enabled, c.settings FROM users u, companies c WHERE u.id = ? AND c.id = ?",
          user_id, company_id));
  if (!row || row->Int(0) != 0) return false;
  auto settings = nlohmann::json::parse(row->Text(1), nullptr, false);
  if (!settings.is_object() || !settings.value("require_totp_for_admins", false)) return false;
  ASSIGN_OR_RETURN(auto admin,
                   tx.One("SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
                          "WHERE ur.user_id = ? AND ur.company_id = ? AND r.is_admin = 1",
                          user_id, company_id));
  return admin.has_value();
}

Result<std::pair<std::string, std::string>> AuthService::TotpSetup(store::Tx& tx, int64_t user_id) {
  ASSIGN_OR_RETURN(auto user,
                   tx.One("SELECT login, totp_enabled FROM users WHERE id = ?", user_id));
  if (!user) return NotFound("user");
  if (user->Int(1) != 0) {
    return FailedPrecondition("totp.already_enabled", "A second factor is already enabled.");
  }
  std::string secret = RandomBase32(20);
  RETURN_IF_ERROR(
      tx.Exec("UPDATE users SET totp_secret = ?, totp_enabled = 0 WHERE id = ?", secret, user_id)
          .status());
  return std::make_pair(secret, TotpUri("concord", user->Text(0), secret));
}

Status AuthService::TotpEnable(store::Tx& tx, int64_t user_id, int64_t session_id,
                               const std::string& code) {
  ASSIGN_OR_RETURN(auto user,
                   tx.One("SELECT totp_secret, totp_enabled FROM users WHERE id = ?", user_id));
  if (!user || user->IsNull(0)) {
    return FailedPrecondition("totp.not_set_up", "Call /auth/totp/setup first.");
  }
  if (user->Int(1) != 0) return FailedPrecondition("totp.already_enabled", "Already enabled.");
  auto secret = Base32Decode(user->Text(0));
  int64_t step = 0;
  if (!secret.ok() || !TotpVerify(*secret, code, clock_.Now().unix_micros() / 1000000, 1, &step)) {
    return InvalidField("code", "totp.invalid", "The authenticator code is wrong.");
  }
  RETURN_IF_ERROR(
      tx.Exec("UPDATE users SET totp_enabled = 1, totp_last_step = ? WHERE id = ?", step, user_id)
          .status());
  tx.Audit({"user", user_id, "totp_enable", {{"totp_enabled", {false, true}}}, std::nullopt});
  tx.Emit({"user.totp_enabled", "user", user_id, {{"id", user_id}}, std::nullopt});
  // The enrolling session is no longer restricted.
  return tx.Exec("UPDATE sessions SET mfa_pending = 0 WHERE id = ?", session_id).status();
}

Result<std::pair<int64_t, std::string>> AuthService::CreateApiToken(
    store::Tx& tx, const Access& who, const std::string& name,
    std::optional<Timestamp> expires_at) {
  std::string token = std::string(kApiTokenPrefix) + RandomToken(32);
  std::optional<std::string> expires;
  if (expires_at) expires = expires_at->ToIso();
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO api_tokens (company_id, user_id, name, "
                                         "token_hash, created_at, expires_at) VALUES "
                                         "(?, ?, ?, ?, ?, ?) RETURNING id",
                                         who.company_id(), who.user_id(), name, Sha256Hex(token),
                                         clock_.Now().ToIso(), expires));
  return std::make_pair(id, token);
}

}  // namespace concord::security
