// Database and Tx tests, run on SQLite always and on PostgreSQL when CONCORD_TEST_PG
// holds a URL (each test gets a fresh schema there, dropped afterwards).
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <latch>
#include <optional>
#include <thread>

#include "store/database.h"
#include "store/migrate.h"
#include "store/platform_schema.h"
#include "store/row_json.h"
#include "store/scratch_db.h"

namespace concord::store {
namespace {

AreaMigrations TestArea() {
  AreaMigrations area{"storetest", {"platform"}, {}};
  area.steps.push_back({"storetest", 1, "items and counters", R"sql(
CREATE TABLE items (id ${pk}, name TEXT NOT NULL UNIQUE, note TEXT);
CREATE TABLE counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO counters (id, n) VALUES (1, 0);
)sql",
                        "", ""});
  return area;
}

MigrationSet StoreMigrations() {
  MigrationSet set;
  set.Add(PlatformMigrations());
  set.Add(TestArea());
  return set;
}

class StoreTest : public MigratedDbTest {
 protected:
  StoreTest() : MigratedDbTest("store", StoreMigrations()) {}

  // One integer read in its own read transaction.
  int64_t Scalar(const std::string& sql) {
    int64_t out = -1;
    Status st = db_->Read([&](Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.One(sql));
      out = row ? row->Int(0) : -1;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << sql << ": " << st.ToString();
    return out;
  }
};

TEST_P(StoreTest, WriteCommitsAndReadSeesIt) {
  int64_t id = 0;
  ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    EXPECT_TRUE(tx.writable());
    ASSIGN_OR_RETURN(id, tx.Insert("INSERT INTO items (name, note) VALUES (?, ?) RETURNING id",
                                   "pen", std::optional<std::string>()));
    return Status::Ok();
  }));
  EXPECT_GT(id, 0);
  ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    EXPECT_FALSE(tx.writable());
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, name, note FROM items WHERE id = ?", id));
    EXPECT_TRUE(row.has_value());
    if (!row) return Status::Ok();
    EXPECT_EQ(row->Int("id"), id);
    EXPECT_EQ(row->Text("name"), "pen");
    EXPECT_TRUE(row->IsNull("note"));
    EXPECT_EQ(row->OptText("note"), std::nullopt);
    EXPECT_EQ(row->OptInt(0), id);
    EXPECT_EQ(row->OptText(0), std::to_string(id));
    return Status::Ok();
  }));
}

TEST_P(StoreTest, ErrorRollsBackRowsAndBufferedJournal) {
  bool hook_ran = false;
  Status st = db_->Write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(int64_t id,
                     tx.Insert("INSERT INTO items (name) VALUES (?) RETURNING id", "x"));
    tx.Audit({"item", id, "create", {{"name", {nullptr, "x"}}}, std::nullopt});
    tx.Emit({"item.created", "item", id, {{"id", id}}, std::nullopt});
    tx.OnCommit([&] { hook_ran = true; });
    return InvalidArgument("test.refused", "refused after writing");
  });
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.message_id(), "test.refused");
  EXPECT_FALSE(hook_ran);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM items"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM outbox"), 0);
}

// Regression: a handler that threw left its transaction open and its connection lost, so
// every later request timed out waiting for the (single SQLite) writer.
TEST_P(StoreTest, ExceptionRollsBackAndReturnsTheConnection) {
  for (int i = 0; i < 3; ++i) {
    Status st = db_->Write([&](Tx& tx) -> Status {
      RETURN_IF_ERROR(tx.Exec("INSERT INTO items (name) VALUES (?)", "thrown").status());
      throw std::runtime_error("bug");
    });
    EXPECT_EQ(st.code(), Code::kInternal);
  }
  TxOptions opt;
  opt.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  ASSERT_OK(db_->Write(
      [](Tx& tx) { return tx.Exec("INSERT INTO items (name) VALUES ('ok')").status(); }, opt));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM items"), 1);
}

TEST_P(StoreTest, RowJsonKeepsIntegersTextAndNull) {
  ASSERT_OK(db_->Write(
      [](Tx& tx) { return tx.Exec("INSERT INTO items (name) VALUES ('12')").status(); }));
  ASSERT_OK(db_->Read([](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, name, NULL AS missing, COUNT(*) AS n FROM items "
                                      "GROUP BY id, name"));
    nlohmann::json j = RowJson(*row);
    EXPECT_TRUE(j["id"].is_number_integer()) << j.dump();
    EXPECT_EQ(j["name"], "12");  // text that looks like a number stays text
    EXPECT_TRUE(j["missing"].is_null());
    EXPECT_EQ(j["n"], 1);
    return Status::Ok();
  }));
}

TEST_P(StoreTest, AuditAndEventAreWrittenWithTheMutation) {
  TxOptions opt;
  opt.actor = {7, 3, "req-1"};
  int64_t id = 0;
  bool hook_ran = false;
  ASSERT_OK(db_->Write(
      [&](Tx& tx) -> Status {
        ASSIGN_OR_RETURN(id, tx.Insert("INSERT INTO items (name) VALUES (?) RETURNING id", "pen"));
        tx.Audit({"item", id, "create", {{"name", {nullptr, "pen"}}}, std::nullopt});
        tx.Audit({"item", id, "touch", nlohmann::json::object(), int64_t{9}});
        tx.Emit({"item.created", "item", id, {{"id", id}}, std::nullopt});
        tx.OnCommit([&] { hook_ran = true; });
        EXPECT_FALSE(hook_ran);
        return Status::Ok();
      },
      opt));
  EXPECT_TRUE(hook_ran);
  ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto audit,
                     tx.Rows("SELECT company_id, user_id, request_id, entity, "
                             "entity_id, action, changes, at FROM audit_log ORDER BY id"));
    EXPECT_EQ(audit.size(), 2u);
    if (audit.size() != 2) return Status::Ok();
    EXPECT_EQ(audit[0].Int("company_id"), 3);
    EXPECT_EQ(audit[0].Int("user_id"), 7);
    EXPECT_EQ(audit[0].Text("request_id"), "req-1");
    EXPECT_EQ(audit[0].Text("entity"), "item");
    EXPECT_EQ(audit[0].Int("entity_id"), id);
    EXPECT_EQ(audit[0].Text("action"), "create");
    EXPECT_EQ(nlohmann::json::parse(audit[0].Text("changes")),
              nlohmann::json({{"name", {nullptr, "pen"}}}));
    EXPECT_EQ(audit[0].Text("at").size(), 27u) << audit[0].Text("at");  // fixed-width UTC
    EXPECT_EQ(audit[1].Int("company_id"), 9);  // explicit company wins over the actor's
    ASSIGN_OR_RETURN(auto events, tx.Rows("SELECT company_id, user_id, type, entity, entity_id, "
                                          "payload FROM outbox"));
    EXPECT_EQ(events.size(), 1u);
    if (events.empty()) return Status::Ok();
    EXPECT_EQ(events[0].Int("company_id"), 3);
    EXPECT_EQ(events[0].Text("type"), "item.created");
    EXPECT_EQ(events[0].Int("entity_id"), id);
    EXPECT_EQ(nlohmann::json::parse(events[0].Text("payload")), nlohmann::json({{"id", id}}));
    return Status::Ok();
  }));
}

TEST_P(StoreTest, SystemActorWritesNullUserAndCompany) {
  ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    tx.Audit({"item", 1, "create", nlohmann::json::object(), std::nullopt});
    return Status::Ok();
  }));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE user_id IS NULL AND company_id IS NULL"),
            1);
}

TEST_P(StoreTest, UniqueViolationIsConflictAndRollsBack) {
  ASSERT_OK(
      db_->Write([](Tx& tx) { return tx.Exec("INSERT INTO items (name) VALUES ('a')").status(); }));
  Status st = db_->Write([](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO items (name) VALUES ('b')").status());
    return tx.Exec("INSERT INTO items (name) VALUES ('a')").status();
  });
  EXPECT_EQ(st.code(), Code::kConflict) << st.ToString();
  EXPECT_EQ(st.message_id(), "db.unique_violation");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM items"), 1);
  // The connection is usable afterwards.
  EXPECT_OK(
      db_->Write([](Tx& tx) { return tx.Exec("INSERT INTO items (name) VALUES ('b')").status(); }));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM items"), 2);
}

TEST_P(StoreTest, ReadTransactionsCannotWrite) {
  Status st = db_->Read([](Tx& tx) -> Status {
    // Through the connection: Tx::Exec asserts that the transaction is writable.
    return tx.connection().Exec("INSERT INTO items (name) VALUES ('r')", {}).status();
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM items"), 0);
}

TEST_P(StoreTest, ReadSeesOneSnapshot) {
  ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto before, tx.One("SELECT n FROM counters WHERE id = 1"));
    std::thread writer([&] {
      EXPECT_OK(db_->Write(
          [](Tx& w) { return w.Exec("UPDATE counters SET n = 5 WHERE id = 1").status(); }));
    });
    writer.join();
    ASSIGN_OR_RETURN(auto after, tx.One("SELECT n FROM counters WHERE id = 1"));
    EXPECT_EQ(before->Int(0), 0);
    EXPECT_EQ(after->Int(0), 0) << "a read transaction saw a later commit";
    return Status::Ok();
  }));
  EXPECT_EQ(Scalar("SELECT n FROM counters WHERE id = 1"), 5);
}

TEST_P(StoreTest, AbortedIsRetriedThenGivenUp) {
  int calls = 0;
  ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    ++calls;
    RETURN_IF_ERROR(tx.Exec("UPDATE counters SET n = n + 1 WHERE id = 1").status());
    if (calls < 3) return Status(Code::kAborted, "db.retry", "simulated serialization failure");
    return Status::Ok();
  }));
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(Scalar("SELECT n FROM counters WHERE id = 1"), 1);  // only the last attempt counts

  DatabaseOptions opt;
  opt.max_retries = 2;
  auto db = OpenDb(opt);
  ASSERT_NE(db, nullptr);
  calls = 0;
  Status st = db->Write([&](Tx&) -> Status {
    ++calls;
    return Status(Code::kAborted, "db.retry", "always");
  });
  EXPECT_EQ(st.code(), Code::kAborted);
  EXPECT_EQ(calls, 3);
}

// Concurrent writers, every third failing (by status, by a failed statement or by an
// exception): on SQLite they share group commits, and still each one's writes, audit rows and
// on-commit hooks are all there or not at all.
TEST_P(StoreTest, FailingWritersDoNotDisturbTheOthersInTheirBatch) {
  std::atomic<int> ok{0}, failed{0}, hooks{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        int k = t * 100 + i;
        Status st = db_->Write([&](Tx& tx) -> Status {
          RETURN_IF_ERROR(
              tx.Exec("INSERT INTO items (name) VALUES (?)", "item" + std::to_string(k)).status());
          tx.Audit({"item", k, "create", nlohmann::json::object()});
          tx.Emit({"item.created", "item", k, nlohmann::json::object()});
          tx.OnCommit([&] { ++hooks; });
          std::this_thread::sleep_for(std::chrono::microseconds(200));  // let others queue
          if (k % 3 == 1) return InvalidArgument("test.refused", "refused");
          if (k % 3 == 2 && k % 2 == 0) throw std::runtime_error("a bug");
          if (k % 3 == 2) return tx.Exec("INSERT INTO items (name) VALUES (NULL)").status();
          return Status::Ok();
        });
        (st.ok() ? ok : failed)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 80);
  EXPECT_EQ(failed.load(), 160);
  EXPECT_EQ(hooks.load(), 80);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM items"), 80);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM items WHERE id IS NOT NULL AND "
                   "CAST(SUBSTR(name, 5) AS INTEGER) % 3 <> 0"),
            0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'item'"), 80);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM outbox WHERE entity = 'item'"), 80);
}

// A writer waiting past its deadline (for the writer connection, or to join a group commit)
// gives up without running.
TEST_P(StoreTest, WriterPastItsDeadlineDoesNotRun) {
  DatabaseOptions one;
  one.pool_size = 1;  // PostgreSQL: one connection, so the second writer waits as on SQLite
  auto db = OpenDb(one);
  ASSERT_NE(db, nullptr);
  std::atomic<bool> release{false};
  std::thread holder([&] {
    EXPECT_OK(db->Write([&](Tx&) -> Status {
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return Status::Ok();
    }));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  bool ran = false;
  TxOptions opt;
  opt.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
  Status st = db->Write(
      [&](Tx&) -> Status {
        ran = true;
        return Status::Ok();
      },
      opt);
  release = true;
  holder.join();
  EXPECT_EQ(st.code(), Code::kDeadlineExceeded) << st.ToString();
  EXPECT_FALSE(ran);
}

// PostgreSQL: a serialization failure that the function turns into another error (as a
// service may turn a failed lookup into "no such record") is still retried.
TEST_P(StoreTest, SwallowedConflictIsStillRetried) {
  if (GetParam() != Dialect::kPostgres) GTEST_SKIP() << "SQLite writers never conflict";
  std::latch both_read(2);
  std::atomic<int> attempts{0};
  auto writer = [&] {
    bool first = true;
    return db_->Write([&, first](Tx& tx) mutable -> Status {
      ++attempts;
      ASSIGN_OR_RETURN(auto row, tx.One("SELECT n FROM counters WHERE id = 1"));
      if (first) {
        first = false;
        both_read.arrive_and_wait();
      }
      auto st = tx.Exec("UPDATE counters SET n = ? WHERE id = 1", row->Int(0) + 1).status();
      if (!st.ok()) return InvalidArgument("test.swallowed", "looked like bad input");
      return Status::Ok();
    });
  };
  Status a, b;
  std::thread ta([&] { a = writer(); });
  std::thread tb([&] { b = writer(); });
  ta.join();
  tb.join();
  EXPECT_OK(a);
  EXPECT_OK(b);
  EXPECT_GT(attempts.load(), 2);
  EXPECT_EQ(Scalar("SELECT n FROM counters WHERE id = 1"), 2);
}

// PostgreSQL: writers on one hot row (as every posting is on document sequences and daily
// ledger totals) all succeed within the default retries: after the first conflict they run
// one at a time instead of failing each other over and over.
TEST_P(StoreTest, HotRowWritersSucceedWithTheDefaultRetries) {
  if (GetParam() != Dialect::kPostgres) GTEST_SKIP() << "SQLite writers never conflict";
  std::atomic<int> attempts{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        Status st = db_->Write([&](Tx& tx) -> Status {
          ++attempts;
          ASSIGN_OR_RETURN(auto row, tx.One("SELECT n FROM counters WHERE id = 1"));
          return tx.Exec("UPDATE counters SET n = ? WHERE id = 1", row->Int(0) + 1).status();
        });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Scalar("SELECT n FROM counters WHERE id = 1"), 400);
  // Only the writers that were already running when contention was noticed conflict.
  EXPECT_LT(attempts.load() - 400, 40) << "retries";
}

TEST_P(StoreTest, ConcurrentIncrementsAreNotLost) {
  DatabaseOptions opt;
  opt.max_retries = 100;  // PostgreSQL: 8 writers on one row conflict a lot
  auto db = OpenDb(opt);
  ASSERT_NE(db, nullptr);
  std::atomic<int> attempts{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        // Read, then write the value read: a lost update would show in the total.
        Status st = db->Write([&](Tx& tx) -> Status {
          ++attempts;
          ASSIGN_OR_RETURN(auto row, tx.One("SELECT n FROM counters WHERE id = 1"));
          return tx.Exec("UPDATE counters SET n = ? WHERE id = 1", row->Int(0) + 1).status();
        });
        if (!st.ok()) {
          ++failures;
          ADD_FAILURE() << st.ToString();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Scalar("SELECT n FROM counters WHERE id = 1"), 400);
  if (GetParam() == Dialect::kSqlite) {
    EXPECT_EQ(attempts.load(), 400) << "SQLite writes are serialized in-process: no retries";
  } else {
    EXPECT_GE(attempts.load(), 400);
    RecordProperty("pg_retries", attempts.load() - 400);
    std::cout << "postgres: " << attempts.load() - 400 << " serialization retries\n";
  }
}

TEST_P(StoreTest, WriteAfterCloseIsUnavailable) {
  db_->Close();
  Status st = db_->Write([](Tx&) { return Status::Ok(); });
  EXPECT_EQ(st.code(), Code::kUnavailable);
  EXPECT_EQ(db_->Read([](Tx&) { return Status::Ok(); }).code(), Code::kUnavailable);
}

INSTANTIATE_TEST_SUITE_P(Dialects, StoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

// --- SQLite specifics

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Database> Open(bool sync_full) {
    DatabaseOptions opt;
    opt.url = scratch_.url();
    opt.sqlite_synchronous_full = sync_full;
    auto db = Database::Open(opt);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }
  static std::string Pragma(Connection& c, const std::string& name) {
    std::string out;
    Status st = c.Query("PRAGMA " + name, {}, [&](const Row& r) {
      out = std::string(r.Text(0));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }
  ScratchDb scratch_{Dialect::kSqlite, "sqlite"};
};

TEST_F(SqliteStoreTest, WriterPragmasDefaultToWalAndSynchronousFull) {
  auto db = Open(true);
  ASSERT_NE(db, nullptr);
  ASSERT_OK(db->WithWriter([&](Connection& c) {
    EXPECT_EQ(Pragma(c, "journal_mode"), "wal");
    EXPECT_EQ(Pragma(c, "foreign_keys"), "1");
    EXPECT_EQ(Pragma(c, "synchronous"), "2");
    EXPECT_EQ(Pragma(c, "query_only"), "0");
    return Status::Ok();
  }));
  ASSERT_OK(db->Read([&](Tx& tx) {
    EXPECT_EQ(Pragma(tx.connection(), "query_only"), "1");
    EXPECT_EQ(Pragma(tx.connection(), "foreign_keys"), "1");
    return Status::Ok();
  }));
  EXPECT_EQ(DatabaseOptions{}.sqlite_synchronous_full, true);
}

TEST_F(SqliteStoreTest, SynchronousNormalWhenAskedFor) {
  auto db = Open(false);
  ASSERT_NE(db, nullptr);
  ASSERT_OK(db->WithWriter([&](Connection& c) {
    EXPECT_EQ(Pragma(c, "synchronous"), "1");
    EXPECT_EQ(Pragma(c, "journal_mode"), "wal");
    return Status::Ok();
  }));
}

TEST_F(SqliteStoreTest, ForeignKeysAreEnforced) {
  auto db = Open(true);
  ASSERT_NE(db, nullptr);
  ASSERT_OK(db->WithWriter([](Connection& c) {
    return c.ExecScript(
        "CREATE TABLE p (id INTEGER PRIMARY KEY); "
        "CREATE TABLE c (id INTEGER PRIMARY KEY, p BIGINT REFERENCES p (id))");
  }));
  Status st = db->Write([](Tx& tx) { return tx.Exec("INSERT INTO c (p) VALUES (42)").status(); });
  EXPECT_EQ(st.code(), Code::kConflict) << st.ToString();
  EXPECT_EQ(st.message_id(), "db.foreign_key_violation");
}

}  // namespace
}  // namespace concord::store
