#include "support/test_server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "security/crypto.h"
#include "store/db.h"

namespace concord::testing {
namespace {

std::string RandomSuffix() {
  std::mt19937_64 rng(std::random_device{}());
  return std::to_string(rng() % 1000000000000ull);
}

// Runs one statement on the base PostgreSQL database.
void PgExec(const std::string& url, const std::string& sql) {
  auto conn = store::OpenPostgres(url);
  if (!conn.ok()) throw std::runtime_error("postgres: " + conn.status().ToString());
  Status st = (*conn)->ExecScript(sql);
  if (!st.ok()) throw std::runtime_error("postgres: " + st.ToString());
}

}  // namespace

TestServer::TestServer() : clock_(Timestamp::FromUnixMicros(1795000000LL * 1000000)) {
  security::SetPasswordHashCost(security::PasswordHashCost::kTestFast);
  setenv("CONCORD_ADMIN_PASSWORD", kAdminPassword, 1);
  app::Config config;
  const char* pg = std::getenv("CONCORD_TEST_PG");
  if (pg && *pg) {
    pg_base_ = pg;
    pg_schema_ = "t" + RandomSuffix();
    PgExec(pg_base_, "CREATE SCHEMA " + pg_schema_);
    std::string sep = pg_base_.find('?') == std::string::npos ? "?" : "&";
    config.db = pg_base_ + sep + "options=-csearch_path%3D" + pg_schema_;
    config.pool_size = 6;
  } else {
    dir_ = std::filesystem::temp_directory_path() / ("concord-test-" + RandomSuffix());
    std::filesystem::create_directories(dir_);
    config.db = "sqlite:" + dir_ + "/test.db";
    config.readers = 4;
  }
  config.listen = "127.0.0.1:0";
  config.access_log = "off";
  config.sqlite_sync = "normal";
  auto app = app::App::Open(config, &clock_);
  if (!app.ok()) throw std::runtime_error("open: " + app.status().ToString());
  app_ = std::move(app).value();
  auto admin = app_->EnsureAdmin();
  if (!admin.ok()) throw std::runtime_error("admin: " + admin.status().ToString());
  Status st = app_->StartInBackground();
  if (!st.ok()) throw std::runtime_error("start: " + st.ToString());
}

TestServer::~TestServer() {
  app_->Stop();
  app_.reset();
  if (!pg_schema_.empty()) {
    try {
      PgExec(pg_base_, "DROP SCHEMA " + pg_schema_ + " CASCADE");
    } catch (...) {
    }
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::unique_ptr<HttpClient> TestServer::Client() const {
  return std::make_unique<HttpClient>("127.0.0.1", port());
}

std::unique_ptr<HttpClient> TestServer::LoginAs(const std::string& login, const std::string& password) {
  auto c = Client();
  auto r = c->Post("/api/v1/auth/login", {{"login", login}, {"password", password}});
  if (r.status != 200) throw std::runtime_error("login " + login + " failed: " + r.body);
  c->set_bearer(r.json()["token"].get<std::string>());
  return c;
}

void CheckJournalInvariants(app::App& app) {
  Status st = app.db().Read([](store::Tx& tx) -> Status {
    // Every audit row has an event from the same request, and vice versa.
    ASSIGN_OR_RETURN(auto orphans, tx.Rows(
        "SELECT a.request_id FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM outbox o "
        "WHERE o.request_id = a.request_id AND o.entity = a.entity AND o.entity_id = a.entity_id)"));
    EXPECT_TRUE(orphans.empty()) << orphans.size() << " audit rows without their event";
    ASSIGN_OR_RETURN(auto events, tx.Rows(
        "SELECT o.request_id FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
        "WHERE a.request_id = o.request_id AND a.entity = o.entity AND a.entity_id = o.entity_id)"));
    EXPECT_TRUE(events.empty()) << events.size() << " events without their audit row";
    // Audited users and departments exist.
    ASSIGN_OR_RETURN(auto missing, tx.Rows(
        "SELECT a.entity_id FROM audit_log a WHERE (a.entity = 'user' AND NOT EXISTS "
        "(SELECT 1 FROM users u WHERE u.id = a.entity_id)) OR (a.entity = 'department' AND NOT "
        "EXISTS (SELECT 1 FROM departments d WHERE d.id = a.entity_id))"));
    EXPECT_TRUE(missing.empty()) << missing.size() << " audit rows about missing records";
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

}  // namespace concord::testing
