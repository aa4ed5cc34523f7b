// Test support only: included by *_test.cc files and tests/support, never by the library (it
// needs gtest). Provides ASSERT_OK / EXPECT_OK for Status-returning calls, RandomSuffix(), and
// ScratchDb: a fresh, throwaway database for one test or one test server.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>

#include "core/status.h"
#include "store/db.h"
#include "store/migrate.h"

// Status-returning calls: on failure the message says why.
#ifndef ASSERT_OK
#define ASSERT_OK(expr)                      \
  do {                                       \
    const ::concord::Status _st = (expr);    \
    ASSERT_TRUE(_st.ok()) << _st.ToString(); \
  } while (0)
#endif
#ifndef EXPECT_OK
#define EXPECT_OK(expr)                      \
  do {                                       \
    const ::concord::Status _st = (expr);    \
    EXPECT_TRUE(_st.ok()) << _st.ToString(); \
  } while (0)
#endif

namespace concord::store {

// Random decimal digits, for unique directory and schema names.
inline std::string RandomSuffix() {
  std::mt19937_64 rng(std::random_device{}());
  return std::to_string(rng() % 1000000000000ull);
}

// A fresh database, removed again by the destructor (close every connection to it first).
//   SQLite:     a temporary directory "concord-<prefix>-<digits>"; url() is "sqlite:<dir>/x.db".
//   PostgreSQL: a schema "<prefix><digits>" in the CONCORD_TEST_PG database, dropped with
//               CASCADE; url() selects it through search_path. When CONCORD_TEST_PG is unset
//               nothing is created and skipped() is true: a fixture then calls GTEST_SKIP().
// The prefix must be a valid SQL identifier. Throws std::runtime_error when the schema cannot be
// created (gtest reports that as a failure of the test's SetUp or body).
class ScratchDb {
 public:
  ScratchDb(Dialect dialect, std::string prefix) {
    const std::string suffix = RandomSuffix();
    if (dialect == Dialect::kSqlite) {
      dir_ =
          (std::filesystem::temp_directory_path() / ("concord-" + prefix + "-" + suffix)).string();
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + dir_ + "/x.db";
      return;
    }
    std::optional<std::string> base = PostgresBase();
    if (!base) return;
    PgExec(*base, "CREATE SCHEMA " + prefix + suffix);
    pg_base_ = *base;
    schema_ = prefix + suffix;
    url_ = pg_base_ + (pg_base_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_;
  }

  ~ScratchDb() {
    if (!schema_.empty()) {
      try {
        PgExec(pg_base_, "DROP SCHEMA " + schema_ + " CASCADE");
      } catch (const std::exception&) {
      }
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  ScratchDb(const ScratchDb&) = delete;
  ScratchDb& operator=(const ScratchDb&) = delete;

  // PostgreSQL was asked for but CONCORD_TEST_PG is unset: there is no database.
  bool skipped() const { return url_.empty(); }
  bool postgres() const { return !schema_.empty(); }
  const std::string& url() const { return url_; }
  // The SQLite temporary directory (free for other files too); empty for PostgreSQL.
  const std::string& dir() const { return dir_; }

  // The PostgreSQL URL in CONCORD_TEST_PG, nullopt when unset or empty.
  static std::optional<std::string> PostgresBase() {
    const char* pg = std::getenv("CONCORD_TEST_PG");
    if (pg == nullptr || *pg == '\0') return std::nullopt;
    return std::string(pg);
  }

 private:
  // Runs one statement on the base PostgreSQL database.
  static void PgExec(const std::string& url, const std::string& sql) {
    auto conn = OpenPostgres(url);
    if (!conn.ok()) throw std::runtime_error("postgres: " + conn.status().ToString());
    Status st = (*conn)->ExecScript(sql);
    if (!st.ok()) throw std::runtime_error("postgres: " + st.ToString());
  }

  std::string url_, dir_, schema_, pg_base_;
};

// A fixture parametrized by dialect: a scratch database, opened as `db_` and migrated with the
// migrations the subclass gives; skipped on PostgreSQL without CONCORD_TEST_PG.
class MigratedDbTest : public ::testing::TestWithParam<Dialect> {
 protected:
  MigratedDbTest(std::string prefix, MigrationSet migrations)
      : prefix_(std::move(prefix)), migrations_(std::move(migrations)) {}

  void SetUp() override {
    scratch_.emplace(GetParam(), prefix_);
    if (scratch_->skipped()) GTEST_SKIP() << "CONCORD_TEST_PG is not set";
    db_ = OpenDb();
    ASSERT_NE(db_, nullptr);
    auto migrated = Migrate(*db_, migrations_);
    ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  }

  void TearDown() override {
    if (db_) db_->Close();
    db_.reset();
    scratch_.reset();
  }

  // Another Database on the same scratch database (e.g. with other options).
  std::unique_ptr<Database> OpenDb(DatabaseOptions opt = {}) {
    opt.url = scratch_->url();
    auto db = Database::Open(opt, &metrics_);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  std::string prefix_;
  MigrationSet migrations_;
  std::optional<ScratchDb> scratch_;
  metrics::Registry metrics_;
  std::unique_ptr<Database> db_;
};

}  // namespace concord::store
