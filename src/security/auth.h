// Authentication: password login with throttling, sessions (random 256-bit tokens stored
// hashed, idle and absolute expiry, revocation), an optional TOTP second factor, named API
// tokens, and the per-request construction of the caller's Access.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/time.h"
#include "http/api.h"
#include "security/access.h"
#include "security/permissions.h"
#include "store/database.h"

namespace concord::security {

struct AuthOptions {
  std::chrono::minutes idle_timeout{120};
  std::chrono::minutes absolute_timeout{7 * 24 * 60};
  int max_failures = 5;                     // before the login is locked
  int max_failures_per_ip = 20;             // before the client address is locked (NAT)
  std::chrono::minutes failure_window{15};  // failures older than this are forgotten
  std::chrono::minutes max_lock{60};        // lock grows 1, 2, 4 ... minutes up to this
  std::chrono::seconds touch_interval{60};  // idle timer refresh granularity
  bool secure_cookie = false;               // add "Secure" (when served over TLS)
};

inline constexpr std::string_view kSessionCookie = "concord_session";
inline constexpr std::string_view kApiTokenPrefix = "cct_";

struct LoginRequest {
  std::string login;
  std::string password;
  std::string totp;
  std::string remote_ip;
  std::string user_agent;
  std::optional<int64_t> company_id;
};

struct LoginResult {
  std::string token;
  std::string csrf_token;
  Timestamp expires_at;
  int64_t user_id = 0;
  int64_t company_id = 0;
  bool mfa_pending = false;  // an administrator who must still enrol a second factor
};

class AuthService : public http::Authenticator {
 public:
  AuthService(store::Database& db, const Clock& clock, const PermissionCatalog& catalog,
              AuthOptions options);

  Result<http::AuthInfo> Authenticate(const http::Request& req, store::Tx& tx) override;
  void AfterRequest(const http::AuthInfo& info) override;

  // Runs its own transactions (the password hash is checked outside any transaction).
  // On throttling, *retry_after is set to the seconds until the next attempt is allowed.
  Result<LoginResult> Login(const LoginRequest& req, int* retry_after);
  Status Logout(store::Tx& tx, int64_t session_id);
  // Revokes every session of a user (after a password change or by an administrator),
  // except `keep_session` if non-zero.
  Status RevokeSessions(store::Tx& tx, int64_t user_id, int64_t keep_session);
  // Switches the session to another company the user is a member of.
  Status SwitchCompany(store::Tx& tx, int64_t session_id, int64_t user_id, int64_t company_id);

  // A user's membership of a company, when the caller has already read it.
  struct Member {
    bool is_member = false;
    int64_t department_id = 0;
  };
  // The caller's access in a company; Unauthenticated if the user is not a member. `member`
  // saves a query when the session lookup already joined the membership.
  Result<std::shared_ptr<const Access>> LoadAccess(store::Tx& tx, int64_t user_id,
                                                   const std::string& login, int64_t company_id,
                                                   bool restricted,
                                                   std::optional<Member> member = std::nullopt);

  // TOTP enrolment: setup stores a new secret (not yet enabled) and returns it (base32) with
  // its otpauth URI; enable checks a code against it and turns the factor on.
  Result<std::pair<std::string, std::string>> TotpSetup(store::Tx& tx, int64_t user_id);
  Status TotpEnable(store::Tx& tx, int64_t user_id, int64_t session_id, const std::string& code);

  // Named API tokens for integrations; the token text is returned once.
  Result<std::pair<int64_t, std::string>> CreateApiToken(store::Tx& tx, const Access& who,
                                                         const std::string& name,
                                                         std::optional<Timestamp> expires_at);

  const Clock& clock() const { return clock_; }
  const AuthOptions& options() const { return options_; }
  std::string SessionCookie(const std::string& token) const;
  // The CSRF token in a cookie that scripts may read (double submit): any tab of the browser
  // can send it back in X-CSRF-Token; other sites can neither read it nor send the header.
  std::string CsrfCookie(const std::string& csrf_token) const;
  std::string ClearCookie() const;
  std::string ClearCsrfCookie() const;

 private:
  // Look a credential up by the SHA-256 of its text (computed once per request).
  Result<http::AuthInfo> FromSession(store::Tx& tx, const std::string& token_hash, bool cookie);
  Result<http::AuthInfo> FromApiToken(store::Tx& tx, const std::string& token_hash);
  Result<int> ThrottleWait(store::Tx& tx, const std::string& key);
  Status RecordFailure(store::Tx& tx, const std::string& key, int max_failures);
  // True when the company requires a second factor for administrators, the user is one there
  // and has none enrolled: the session may then only enrol it.
  Result<bool> SecondFactorPending(store::Tx& tx, int64_t user_id, int64_t company_id);
  Status CheckSecondFactor(store::Tx& tx, const store::Record& user, const LoginRequest& req);

  // Authentication results by credential, valid for one second of the clock and only while no
  // write has committed since they were read (Database::write_epoch), so that a logout,
  // revocation or role change takes effect at once in this process (and within a second in
  // other processes sharing a PostgreSQL database).
  struct Cached {
    http::AuthInfo info;
    int64_t filled_at = 0;  // clock micros
    uint64_t epoch = 0;
  };
  std::optional<http::AuthInfo> FromCache(const std::string& key, uint64_t epoch);
  void ToCache(const std::string& key, const http::AuthInfo& info, uint64_t epoch);

  store::Database& db_;
  const Clock& clock_;
  const PermissionCatalog& catalog_;
  AuthOptions options_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, Cached> cache_;
  std::string dummy_hash_;  // verified against for unknown logins, so timing reveals nothing
};

}  // namespace concord::security
