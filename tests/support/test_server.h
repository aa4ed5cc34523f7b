// An in-process concord server on an ephemeral port, on a fresh database: a temporary SQLite
// file, or, when CONCORD_TEST_PG holds a PostgreSQL URL, a fresh schema in that database
// (dropped afterwards). The clock is a FakeClock that tests can advance.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "app/app.h"
#include "core/time.h"
#include "support/http_client.h"

namespace concord::store {
class ScratchDb;
}  // namespace concord::store

namespace concord::testing {

inline constexpr const char* kAdminPassword = "admin-password-for-tests";

class TestServer {
 public:
  TestServer();
  // `adjust` changes the configuration before the app opens (e.g. a mail transport).
  explicit TestServer(const std::function<void(app::Config&)>& adjust);
  ~TestServer();

  app::App& app() { return *app_; }
  FakeClock& clock() { return clock_; }
  uint16_t port() const { return app_->port(); }
  bool postgres() const;
  std::unique_ptr<HttpClient> Client() const;
  // Logs in and returns a client carrying the bearer token.
  std::unique_ptr<HttpClient> LoginAs(const std::string& login, const std::string& password);
  std::unique_ptr<HttpClient> Admin() { return LoginAs("admin", kAdminPassword); }

 private:
  FakeClock clock_;
  std::unique_ptr<store::ScratchDb> scratch_;  // declared first: destroyed after app_
  std::unique_ptr<app::App> app_;
};

// Runs the invariant checks that hold after every scenario: every audited entity exists and
// every mutation has both its audit row and its event. Adds gtest failures.
void CheckJournalInvariants(app::App& app);
// Every posted entry balances, each company's trial balance sums to zero, ledger_daily equals
// the posted lines, each control account equals its open items per party, matches stay within
// one account and party. Called by CheckJournalInvariants.
void CheckLedgerInvariants(app::App& app);
// Stock on hand per product/location/lot equals the sum of its done moves, internal locations
// are never negative and reserved stays within on hand (and equals the reserved moves), the
// valuation layers hold what is on hand, and each company's remaining layer value equals its
// inventory account's balance. Called by CheckJournalInvariants.
void CheckInventoryInvariants(app::App& app);

}  // namespace concord::testing
