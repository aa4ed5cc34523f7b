// PostgreSQL adapter tests. The error mapping tests always run; the rest need a server:
//   eval "export CONCORD_TEST_PG=$(scripts/pg-test-cluster.sh start /tmp/concord-pg | tail -1)"
// and are skipped when CONCORD_TEST_PG (a libpq URL or conninfo) is not set.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/postgres_internal.h"

namespace concord::store {
namespace {

using Table = std::vector<std::vector<std::string>>;
using Params = std::vector<Value>;

TEST(PgErrorToStatusTest, MapsSqlStates) {
  struct Case {
    const char* sqlstate;
    Code code;
    const char* id;
  };
  const Case cases[] = {
      {"23505", Code::kConflict, "db.unique_violation"},
      {"23503", Code::kConflict, "db.foreign_key_violation"},
      {"23514", Code::kConflict, "db.check_violation"},
      {"23502", Code::kConflict, "db.check_violation"},
      {"40001", Code::kAborted, "db.retry"},
      {"40P01", Code::kAborted, "db.retry"},
      {"08006", Code::kUnavailable, "db.unavailable"},
      {"57P01", Code::kUnavailable, "db.unavailable"},
      {"08P01", Code::kInternal, "db.error"},
      {"42601", Code::kInternal, "db.error"},
  };
  for (const Case& c : cases) {
    Status s = pg::PgErrorToStatus({c.sqlstate, "boom", "", true});
    EXPECT_EQ(s.code(), c.code) << c.sqlstate;
    EXPECT_EQ(s.message_id(), c.id) << c.sqlstate;
    EXPECT_NE(s.message().find(c.sqlstate), std::string::npos) << s.message();
  }
}

TEST(PgErrorToStatusTest, LostConnectionIsUnavailable) {
  Status s = pg::PgErrorToStatus({"", "server closed the connection unexpectedly\n", "", false});
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(s.message(), "server closed the connection unexpectedly");
}

TEST(PgErrorToStatusTest, NamesTheConstraintButNotTheValue) {
  Status s = pg::PgErrorToStatus({"23514", "new row violates check constraint", "qty_positive"});
  EXPECT_NE(s.message().find("qty_positive"), std::string::npos) << s.message();
  Status data = pg::PgErrorToStatus(
      {"22P02", "invalid input syntax for type bigint: \"secret-42\"", "", true});
  EXPECT_EQ(data.code(), Code::kInternal);
  EXPECT_EQ(data.message().find("secret-42"), std::string::npos) << data.message();
}

TEST(OpenPostgresTest, UnreachableServerIsUnavailable) {
  auto conn = OpenPostgres("postgresql:///concord?host=/nonexistent-concord-dir&port=1");
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.status().code(), Code::kUnavailable);
  EXPECT_EQ(conn.status().message_id(), "db.unavailable");
}

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("CONCORD_TEST_PG");
    if (url == nullptr || *url == '\0') GTEST_SKIP() << "CONCORD_TEST_PG is not set";
    url_ = url;
    conn_ = Open();
    ASSERT_NE(conn_, nullptr);
  }

  void TearDown() override {
    if (conn_ == nullptr || shared_table_.empty()) return;
    (void)conn_->Rollback();
    EXPECT_TRUE(conn_->ExecScript("DROP TABLE IF EXISTS " + shared_table_).ok());
  }

  std::unique_ptr<Connection> Open() {
    auto conn = OpenPostgres(url_);
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    return conn.ok() ? std::move(conn).value() : nullptr;
  }

  // A table visible to other connections, dropped in TearDown.
  std::string SharedTable(std::string_view columns) {
    shared_table_ = "concord_pgtest_" + std::to_string(getpid());
    Status st = conn_->ExecScript("DROP TABLE IF EXISTS " + shared_table_ + "; CREATE TABLE " +
                                  shared_table_ + " (" + std::string(columns) + ")");
    EXPECT_TRUE(st.ok()) << st.ToString();
    return shared_table_;
  }

  static Table Collect(Connection& conn, std::string_view sql, std::vector<Value> params = {}) {
    Table out;
    Status st = conn.Query(sql, params, [&out](const Row& row) {
      auto& cells = out.emplace_back();
      for (int i = 0; i < row.size(); ++i) {
        cells.push_back(row.IsNull(i) ? "NULL" : std::string(row.Text(i)));
      }
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << sql << ": " << st.ToString();
    return out;
  }

  static int64_t Scalar(Connection& conn, std::string_view sql, std::vector<Value> params = {}) {
    int64_t value = -1;
    Status st = conn.Query(sql, params, [&value](const Row& row) {
      value = row.Int(0);
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << sql << ": " << st.ToString();
    return value;
  }

  std::string url_;
  std::unique_ptr<Connection> conn_;
  std::string shared_table_;
};

TEST_F(PostgresTest, SessionIsUtcWithQuietNotices) {
  EXPECT_EQ(conn_->dialect(), Dialect::kPostgres);
  EXPECT_TRUE(conn_->Healthy());
  EXPECT_EQ(Collect(*conn_, "SHOW TimeZone"), Table({{"UTC"}}));
  EXPECT_EQ(Collect(*conn_, "SHOW client_min_messages"), Table({{"warning"}}));
  EXPECT_EQ(Collect(*conn_, "SHOW client_encoding"), Table({{"UTF8"}}));
}

TEST_F(PostgresTest, RoundTripsNullIntegerAndText) {
  const std::string schema =
      "CREATE TEMP TABLE item (id bigint PRIMARY KEY, qty bigint, name text, active boolean)";
  ASSERT_TRUE(conn_->ExecScript(schema).ok());
  const std::string hostile = "'; DROP TABLE x; --";
  const std::string insert = "INSERT INTO item (id, qty, name, active) VALUES (?, ?, ?, ?)";
  std::vector<std::vector<Value>> rows = {
      {int64_t{1}, int64_t{42}, std::string("上海市"), int64_t{1}},
      {int64_t{2}, nullptr, hostile, int64_t{0}},
      {int64_t{3}, INT64_MIN, std::string(""), nullptr}};
  for (const auto& params : rows) {
    auto n = conn_->Exec(insert, params);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    EXPECT_EQ(*n, 1);
  }
  EXPECT_EQ(Collect(*conn_, "SELECT id, qty, name, active FROM item ORDER BY id"),
            Table({{"1", "42", "上海市", "t"},
                   {"2", "NULL", hostile, "f"},
                   {"3", std::to_string(INT64_MIN), "", "NULL"}}));
  EXPECT_EQ(Scalar(*conn_, "SELECT id FROM item WHERE name = ?", {hostile}), 2);

  int seen = 0;
  Status st = conn_->Query("SELECT qty, name, active FROM item WHERE id = ?", Params{int64_t{2}},
                           [&seen](const Row& row) {
                             ++seen;
                             EXPECT_EQ(row.size(), 3);
                             EXPECT_EQ(row.ColumnName(1), "name");
                             EXPECT_TRUE(row.IsNull(0));
                             EXPECT_EQ(row.Int(0), 0);
                             EXPECT_EQ(row.Text(0), "");
                             EXPECT_FALSE(row.IsNull(2));
                             EXPECT_EQ(row.Int(2), 0);
                             return Status::Ok();
                           });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(seen, 1);
  EXPECT_EQ(Scalar(*conn_, "SELECT active FROM item WHERE id = 1"), 1);
}

TEST_F(PostgresTest, ExecReturnsChangedRows) {
  ASSERT_TRUE(conn_->ExecScript("CREATE TEMP TABLE n (v bigint)").ok());
  auto inserted = conn_->Exec("INSERT INTO n SELECT generate_series(1, ?)", Params{int64_t{5}});
  ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
  EXPECT_EQ(*inserted, 5);
  auto updated = conn_->Exec("UPDATE n SET v = v * 10 WHERE v > ?", Params{int64_t{2}});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(*updated, 3);
  auto deleted = conn_->Exec("DELETE FROM n WHERE v > ?", Params{int64_t{1000}});
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 0);
}

TEST_F(PostgresTest, CallbackErrorStopsTheQuery) {
  int calls = 0;
  Status st = conn_->Query("SELECT generate_series(1, 10)", {}, [&calls](const Row&) {
    ++calls;
    return NotFound("row");
  });
  EXPECT_EQ(st.code(), Code::kNotFound);
  EXPECT_EQ(calls, 1);
}

TEST_F(PostgresTest, ConstraintViolationsAreConflicts) {
  const std::string schema =
      "CREATE TEMP TABLE party (id bigint PRIMARY KEY, email text NOT NULL "
      "CONSTRAINT party_email_key UNIQUE, qty bigint CONSTRAINT qty_positive CHECK (qty > 0));"
      "CREATE TEMP TABLE note (party_id bigint REFERENCES party (id))";
  ASSERT_TRUE(conn_->ExecScript(schema).ok());
  const std::string insert = "INSERT INTO party (id, email, qty) VALUES (?, ?, ?)";
  ASSERT_TRUE(conn_->Exec(insert, Params{int64_t{1}, "secret@example.com", int64_t{1}}).ok());

  auto dup = conn_->Exec(insert, Params{int64_t{2}, "secret@example.com", int64_t{1}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), Code::kConflict);
  EXPECT_EQ(dup.status().message_id(), "db.unique_violation");
  EXPECT_NE(dup.status().message().find("party_email_key"), std::string::npos);
  EXPECT_EQ(dup.status().message().find("secret@example.com"), std::string::npos);

  auto check = conn_->Exec(insert, Params{int64_t{3}, "b@example.com", int64_t{-5}});
  EXPECT_EQ(check.status().message_id(), "db.check_violation");
  EXPECT_NE(check.status().message().find("qty_positive"), std::string::npos);
  auto not_null = conn_->Exec(insert, Params{int64_t{4}, nullptr, int64_t{1}});
  EXPECT_EQ(not_null.status().message_id(), "db.check_violation");
  auto fk = conn_->Exec("INSERT INTO note VALUES (?)", Params{int64_t{99}});
  EXPECT_EQ(fk.status().code(), Code::kConflict);
  EXPECT_EQ(fk.status().message_id(), "db.foreign_key_violation");
  EXPECT_TRUE(conn_->Healthy());
}

TEST_F(PostgresTest, BadValuesAreInternalErrorsWithoutTheValue) {
  auto bad = conn_->Exec("SELECT ?::bigint", Params{std::string("secret-not-a-number")});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kInternal);
  EXPECT_EQ(bad.status().message().find("secret"), std::string::npos) << bad.status().message();
  auto nul = conn_->Exec("SELECT ?", Params{std::string("a\0b", 3)});
  EXPECT_EQ(nul.status().code(), Code::kInvalidArgument);
  auto mismatch = conn_->Exec("SELECT ?::bigint + ?::bigint", Params{int64_t{1}});
  EXPECT_EQ(mismatch.status().code(), Code::kInternal);
  EXPECT_TRUE(conn_->Healthy());
}

TEST_F(PostgresTest, StatementsArePreparedOncePerSqlText) {
  const std::string sql = "SELECT ?::bigint + 1 AS next";
  EXPECT_EQ(Scalar(*conn_, sql, {int64_t{1}}), 2);
  EXPECT_EQ(Scalar(*conn_, sql, {int64_t{41}}), 42);
  const std::string count = "SELECT count(*) FROM pg_prepared_statements WHERE statement = ?";
  EXPECT_EQ(Scalar(*conn_, count, {RewritePlaceholders(sql)}), 1);
  EXPECT_EQ(Scalar(*conn_, "SELECT count(*) FROM pg_prepared_statements"), 3);

  // A statement first prepared inside a rolled-back transaction stays usable.
  ASSERT_TRUE(conn_->Begin(TxMode::kRead).ok());
  EXPECT_EQ(Scalar(*conn_, "SELECT ?::bigint * 2", {int64_t{4}}), 8);
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_EQ(Scalar(*conn_, "SELECT ?::bigint * 2", {int64_t{5}}), 10);
}

TEST_F(PostgresTest, StatementIsRepreparedAfterSchemaChange) {
  ASSERT_TRUE(conn_->ExecScript("CREATE TEMP TABLE s (a bigint); INSERT INTO s VALUES (1)").ok());
  EXPECT_EQ(Collect(*conn_, "SELECT * FROM s"), Table({{"1"}}));
  ASSERT_TRUE(conn_->ExecScript("ALTER TABLE s ADD COLUMN b text DEFAULT 'x'").ok());
  EXPECT_EQ(Collect(*conn_, "SELECT * FROM s"), Table({{"1", "x"}}));

  // Inside a transaction the failed statement has already aborted it: the caller retries.
  ASSERT_TRUE(conn_->ExecScript("ALTER TABLE s DROP COLUMN b").ok());
  ASSERT_TRUE(conn_->Begin(TxMode::kWrite).ok());
  Status st = conn_->Query("SELECT * FROM s", {}, nullptr);
  EXPECT_EQ(st.code(), Code::kAborted) << st.ToString();
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_EQ(Collect(*conn_, "SELECT * FROM s"), Table({{"1"}}));
}

TEST_F(PostgresTest, StatementsBeyondTheCacheRunUnnamed) {
  for (int i = 0; i < 520; ++i) {
    std::string sql = "SELECT ?::bigint + " + std::to_string(i);
    ASSERT_EQ(Scalar(*conn_, sql, {int64_t{1000}}), 1000 + i) << sql;
  }
  EXPECT_EQ(Scalar(*conn_, "SELECT count(*) FROM pg_prepared_statements"), 512);
}

TEST_F(PostgresTest, ExecScriptRunsSeveralStatements) {
  const std::string script =
      "CREATE TEMP TABLE m (v text);\n"
      "INSERT INTO m VALUES ('a; b');  -- a comment; with ;\n"
      "INSERT INTO m VALUES ('c');";
  ASSERT_TRUE(conn_->ExecScript(script).ok());
  EXPECT_EQ(Collect(*conn_, "SELECT v FROM m ORDER BY v"), Table({{"a; b"}, {"c"}}));
  Status bad = conn_->ExecScript("INSERT INTO m VALUES ('d'); SELECT 1/0");
  EXPECT_EQ(bad.code(), Code::kInternal);
  EXPECT_EQ(Scalar(*conn_, "SELECT count(*) FROM m"), 2);  // the script ran as one transaction
}

TEST_F(PostgresTest, RollbackDiscardsAndCommitKeeps) {
  ASSERT_TRUE(conn_->ExecScript("CREATE TEMP TABLE r (v bigint)").ok());
  ASSERT_TRUE(conn_->Begin(TxMode::kWrite).ok());
  ASSERT_TRUE(conn_->Exec("INSERT INTO r VALUES (?)", Params{int64_t{1}}).ok());
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_EQ(Scalar(*conn_, "SELECT count(*) FROM r"), 0);

  ASSERT_TRUE(conn_->Begin(TxMode::kWrite).ok());
  EXPECT_EQ(conn_->Begin(TxMode::kWrite).code(), Code::kInternal);  // no nesting
  ASSERT_TRUE(conn_->Exec("INSERT INTO r VALUES (?)", Params{int64_t{2}}).ok());
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(Scalar(*conn_, "SELECT sum(v) FROM r"), 2);
  EXPECT_TRUE(conn_->Rollback().ok());  // nothing open: a no-op
}

TEST_F(PostgresTest, ReadTransactionsAreReadOnly) {
  // Not a TEMP table: read-only transactions may still write those.
  const std::string table = SharedTable("v bigint");
  ASSERT_TRUE(conn_->Begin(TxMode::kRead).ok());
  auto insert = conn_->Exec("INSERT INTO " + table + " VALUES (1)", {});
  EXPECT_EQ(insert.status().code(), Code::kInternal);
  EXPECT_NE(insert.status().message().find("25006"), std::string::npos);
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_F(PostgresTest, CommitAfterAFailedStatementIsAnError) {
  ASSERT_TRUE(conn_->Begin(TxMode::kWrite).ok());
  EXPECT_FALSE(conn_->Exec("SELECT 1/0", {}).ok());
  Status commit = conn_->Commit();
  EXPECT_EQ(commit.message_id(), "db.commit_after_error");
  EXPECT_EQ(Scalar(*conn_, "SELECT 7"), 7);  // the connection is usable again
}

TEST_F(PostgresTest, WriteSkewAbortsOneOfTwoSerializableTransactions) {
  const std::string table = SharedTable("id bigint PRIMARY KEY, on_call bigint NOT NULL");
  ASSERT_TRUE(conn_->ExecScript("INSERT INTO " + table + " VALUES (1, 1), (2, 1)").ok());
  std::unique_ptr<Connection> other = Open();
  ASSERT_NE(other, nullptr);
  Connection* conns[] = {conn_.get(), other.get()};
  const std::string sum = "SELECT sum(on_call) FROM " + table;
  const std::string update = "UPDATE " + table + " SET on_call = 0 WHERE id = ?";

  for (Connection* c : conns) ASSERT_TRUE(c->Begin(TxMode::kWrite).ok());
  for (Connection* c : conns) EXPECT_EQ(Scalar(*c, sum), 2);  // both see two on call
  for (int i = 0; i < 2; ++i) {
    auto n = conns[i]->Exec(update, Params{int64_t{i + 1}});
    ASSERT_TRUE(n.ok()) << n.status().ToString();  // PostgreSQL detects the cycle at COMMIT
  }
  int aborted = 0;
  for (Connection* c : conns) {
    Status commit = c->Commit();
    if (commit.code() == Code::kAborted) {
      ++aborted;
      EXPECT_EQ(commit.message_id(), "db.retry");
    } else {
      EXPECT_TRUE(commit.ok()) << commit.ToString();
    }
    EXPECT_TRUE(c->Rollback().ok());  // the failed COMMIT already ended the transaction
    EXPECT_TRUE(c->Healthy());
  }
  EXPECT_EQ(aborted, 1);
  EXPECT_EQ(Scalar(*other, sum), 1);
}

TEST_F(PostgresTest, TerminatedBackendMakesTheConnectionUnhealthy) {
  std::unique_ptr<Connection> victim = Open();
  ASSERT_NE(victim, nullptr);
  int64_t pid = Scalar(*victim, "SELECT pg_backend_pid()");
  EXPECT_EQ(Scalar(*conn_, "SELECT pg_terminate_backend(?::int, 5000)::int", {pid}), 1);
  Status st = victim->Query("SELECT 1", {}, nullptr);
  EXPECT_EQ(st.code(), Code::kUnavailable) << st.ToString();
  EXPECT_FALSE(victim->Healthy());
  EXPECT_TRUE(conn_->Healthy());
}

}  // namespace
}  // namespace concord::store
