#include "security/auth.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "security/crypto.h"
#include "security/totp.h"

namespace concord::security {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;

Timestamp Plus(Timestamp t, std::chrono::microseconds d) {
  return Timestamp::FromUnixMicros(t.unix_micros() + d.count());
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The membership columns (m.user_id, m.department_id) of a session or token row at `col`.
AuthService::Member Membership(const store::Record& row, int col) {
  return AuthService::Member{!row.IsNull(col), row.IsNull(col + 1) ? 0 : row.Int(col + 1)};
}

}  // namespace

AuthService::AuthService(store::Database& db, const Clock& clock, const PermissionCatalog& catalog,
                         AuthOptions options)
    : db_(db), clock_(clock), catalog_(catalog), options_(options) {
  dummy_hash_ = HashPassword("concord-dummy-password").value();
}

std::string AuthService::SessionCookie(const std::string& token) const {
  return fmt::format(
      "{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie, token,
      std::chrono::duration_cast<std::chrono::seconds>(options_.absolute_timeout).count(),
      options_.secure_cookie ? "; Secure" : "");
}

std::string AuthService::CsrfCookie(const std::string& csrf_token) const {
  return fmt::format(
      "concord_csrf={}; Path=/; SameSite=Strict; Max-Age={}{}", csrf_token,
      std::chrono::duration_cast<std::chrono::seconds>(options_.absolute_timeout).count(),
      options_.secure_cookie ? "; Secure" : "");
}

std::string AuthService::ClearCsrfCookie() const {
  return "concord_csrf=; Path=/; SameSite=Strict; Max-Age=0";
}

std::string AuthService::ClearCookie() const {
  return fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", kSessionCookie);
}

Result<http::AuthInfo> AuthService::Authenticate(const http::Request& req, store::Tx& tx) {
  std::string token;
  bool cookie = false;
  std::string authz = req.Header("authorization");
  if (authz.size() > 7 && Lower(authz.substr(0, 7)) == "bearer ") {
    token = authz.substr(7);
  } else {
    token = req.Cookie(std::string(kSessionCookie));
    cookie = true;
  }
  if (token.empty())
    return Unauthenticated("Log in first: send a bearer token or the session cookie.");
  // The epoch is read before the lookup: a write committing meanwhile makes the entry stale.
  uint64_t epoch = db_.write_epoch();
  std::string token_hash = Sha256Hex(token);
  std::string key = (cookie ? "c" : "b") + token_hash;
  if (auto hit = FromCache(key, epoch)) return *hit;
  Result<http::AuthInfo> info = !cookie && token.starts_with(kApiTokenPrefix)
                                    ? FromApiToken(tx, token_hash)
                                    : FromSession(tx, token_hash, cookie);
  if (info.ok()) ToCache(key, *info, epoch);
  return info;
}

std::optional<http::AuthInfo> AuthService::FromCache(const std::string& key, uint64_t epoch) {
  int64_t now = clock_.Now().unix_micros();
  std::lock_guard lock(cache_mu_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return std::nullopt;
  const Cached& c = it->second;
  if (c.epoch != epoch || now < c.filled_at || now - c.filled_at >= 1000000) {
    cache_.erase(it);
    return std::nullopt;
  }
  http::AuthInfo info = c.info;
  info.touch = false;  // the request that filled the entry refreshed the idle timer if due
  return info;
}

void AuthService::ToCache(const std::string& key, const http::AuthInfo& info, uint64_t epoch) {
  std::lock_guard lock(cache_mu_);
  if (cache_.size() >= 10000) cache_.clear();
  cache_[key] = Cached{info, clock_.Now().unix_micros(), epoch};
}

Result<http::AuthInfo> AuthService::FromSession(store::Tx& tx, const std::string& token_hash,
                                                bool cookie) {
  ASSIGN_OR_RETURN(
      auto row,
      tx.One(
          "SELECT s.id, s.user_id, s.company_id, s.csrf_hash, s.last_seen_at, s.idle_expires_at, "
          "s.expires_at, s.revoked_at, s.mfa_pending, u.active, u.login, m.user_id, "
          "m.department_id "
          "FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN company_members m "
          "ON m.company_id = s.company_id AND m.user_id = s.user_id WHERE s.token_hash = ?",
          token_hash));
  std::string now = clock_.Now().ToIso();
  if (!row || !row->IsNull(7) || row->Int(9) == 0 || now >= row->Text(5) || now >= row->Text(6)) {
    return Status(Code::kUnauthenticated, "auth.session_invalid",
                  "The session has expired or was revoked; log in again.");
  }
  http::AuthInfo info;
  info.via_cookie = cookie;
  info.session_id = row->Int(0);
  info.csrf_hash = row->Text(3);
  auto last_seen = Timestamp::ParseIso(row->Text(4));
  info.touch = !last_seen.ok() || clock_.Now().unix_micros() - last_seen->unix_micros() >
                                      duration_cast<microseconds>(options_.touch_interval).count();
  ASSIGN_OR_RETURN(info.access, LoadAccess(tx, row->Int(1), row->Text(10), row->Int(2),
                                           row->Int(8) != 0, Membership(*row, 11)));
  return info;
}

Result<http::AuthInfo> AuthService::FromApiToken(store::Tx& tx, const std::string& token_hash) {
  ASSIGN_OR_RETURN(
      auto row,
      tx.One("SELECT t.id, t.user_id, t.company_id, t.expires_at, t.revoked_at, u.active, u.login, "
             "m.user_id, m.department_id FROM api_tokens t JOIN users u ON u.id = t.user_id "
             "LEFT JOIN company_members m ON m.company_id = t.company_id AND m.user_id = t.user_id "
             "WHERE t.token_hash = ?",
             token_hash));
  std::string now = clock_.Now().ToIso();
  if (!row || !row->IsNull(4) || row->Int(5) == 0 || (!row->IsNull(3) && now >= row->Text(3))) {
    return Status(Code::kUnauthenticated, "auth.token_invalid",
                  "The API token is unknown, expired or revoked.");
  }
  http::AuthInfo info;
  info.api_token_id = row->Int(0);
  ASSIGN_OR_RETURN(info.access, LoadAccess(tx, row->Int(1), row->Text(6), row->Int(2), false,
                                           Membership(*row, 7)));
  return info;
}

Result<std::shared_ptr<const Access>> AuthService::LoadAccess(store::Tx& tx, int64_t user_id,
                                                              const std::string& login,
                                                              int64_t company_id, bool restricted,
                                                              std::optional<Member> member) {
  if (!member) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT department_id FROM company_members "
                                      "WHERE company_id = ? AND user_id = ?",
                                      company_id, user_id));
    if (row) member = Member{true, row->Int(0)};
  }
  if (!member || !member->is_member) {
    return Status(Code::kUnauthenticated, "auth.not_member",
                  "You are no longer a member of this company; log in again.");
  }
  std::map<std::string, Scope> grants;
  if (!restricted) {
    ASSIGN_OR_RETURN(
        auto rows,
        tx.Rows(
            "SELECT r.is_admin, rp.permission, rp.scope FROM user_roles ur "
            "JOIN roles r ON r.id = ur.role_id LEFT JOIN role_permissions rp ON rp.role_id = r.id "
            "WHERE ur.user_id = ? AND ur.company_id = ?",
            user_id, company_id));
    bool admin = false;
    for (const auto& r : rows) {
      admin = admin || r.Int(0) != 0;
      if (r.IsNull(1)) continue;
      Scope s = ParseScope(r.Text(2)).value_or(Scope::kNone);
      Scope& g = grants[r.Text(1)];
      g = std::max(g, s);
    }
    if (admin) {
      for (const auto& p : catalog_.All()) grants[p.name] = Scope::kCompany;
    }
  }
  return std::make_shared<const Access>(user_id, login, company_id, member->department_id,
                                        std::move(grants));
}

void AuthService::AfterRequest(const http::AuthInfo& info) {
  if (!info.touch || info.session_id == 0) return;
  Timestamp now = clock_.Now();
  Status st = db_.Write([&](store::Tx& tx) {
    return tx
        .Exec(
            "UPDATE sessions SET last_seen_at = ?, idle_expires_at = ? "
            "WHERE id = ? AND revoked_at IS NULL",
            now.ToIso(), Plus(now, options_.idle_timeout).ToIso(), info.session_id)
        .status();
  });
  if (!st.ok()) spdlog::warn("session touch failed: {}", st.ToString());
}

Result<int> AuthService::ThrottleWait(store::Tx& tx, const std::string& key) {
  ASSIGN_OR_RETURN(auto row,
                   tx.One("SELECT locked_until FROM login_throttle WHERE throttle_key = ?", key));
  if (!row || row->IsNull(0)) return 0;
  auto until = Timestamp::ParseIso(row->Text(0));
  if (!until.ok()) return 0;
  int64_t wait = (until->unix_micros() - clock_.Now().unix_micros()) / 1000000;
  return wait > 0 ? static_cast<int>(wait + 1) : 0;
}

Status AuthService::RecordFailure(store::Tx& tx, const std::string& key, int max_failures) {
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT failures, window_start FROM login_throttle "
                                    "WHERE throttle_key = ?",
                                    key));
  int64_t failures = 1;
  std::string window_start = now.ToIso();
  if (row) {
    auto start = Timestamp::ParseIso(row->Text(1));
    bool fresh = start.ok() && now.unix_micros() - start->unix_micros() <
                                   duration_cast<microseconds>(options_.failure_window).count();
    if (fresh) {
      failures = row->Int(0) + 1;
      window_start = row->Text(1);
    }
  }
  std::optional<std::string> locked;
  if (failures >= max_failures) {
    int64_t over = std::min<int64_t>(failures - max_failures, 20);
    auto lock =
        std::min<std::chrono::minutes>(std::chrono::minutes(int64_t{1} << over), options_.max_lock);
    locked = Plus(now, lock).ToIso();
    spdlog::warn("login throttled: {} after {} failures", key, failures);
  }
  RETURN_IF_ERROR(tx.Exec("DELETE FROM login_throttle WHERE throttle_key = ?", key).status());
  return tx
      .Exec(
          "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until) "
          "VALUES (?, ?, ?, ?)",
          key, failures, window_start, locked)
      .status();
}

Status AuthService::CheckSecondFactor(store::Tx& tx, const store::Record& user,
                                      const LoginRequest& req) {
  if (user.Int("totp_enabled") != 0) {
    std::string secret;
    auto decoded = Base32Decode(user.Text("totp_secret"));
    if (decoded.ok()) secret = *decoded;
    int64_t step = 0;
    int64_t now = clock_.Now().unix_micros() / 1000000;
    if (req.totp.empty()) {
      return Status(Code::kUnauthenticated, "auth.totp_required",
                    "Enter the code from your authenticator app.");
    }
    if (!TotpVerify(secret, req.totp, now, 1, &step) || step <= user.Int("totp_last_step")) {
      return Status(Code::kUnauthenticated, "auth.totp_invalid",
                    "The authenticator code is wrong or was already used.");
    }
    return tx.Exec("UPDATE users SET totp_last_step = ? WHERE id = ?", step, user.Int("id"))
        .status();
  }
  return Status::Ok();
}

}  // namespace concord::security
