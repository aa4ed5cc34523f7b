// Online SQLite backups, verification and restores.
#include "store/backup.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "store/database.h"
#include "store/platform_schema.h"
#include "store/scratch_db.h"

namespace concord::store {
namespace {

namespace fs = std::filesystem;

MigrationSet TestSet() {
  MigrationSet set;
  set.Add(PlatformMigrations());
  AreaMigrations area{"backuptest", {"platform"}, {}};
  area.steps.push_back(
      {"backuptest", 1, "rows", "CREATE TABLE rows_t (id ${pk}, body TEXT NOT NULL)", "", ""});
  set.Add(area);
  return set;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

// Runs SQL on a file with plain libsqlite3; returns the first column of the first row.
std::string Sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out = "<error>";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        const unsigned char* t = sqlite3_column_text(stmt, 0);
        out = t ? reinterpret_cast<const char*>(t) : "";
      } else if (rc == SQLITE_DONE) {
        out = "";
      }
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(db);
  return out;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_.dir();
    db_path_ = dir_ + "/live.db";
    db_ = Open(db_path_);
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(Migrate(*db_, set_).ok());
    ASSERT_NO_FATAL_FAILURE(Insert(*db_, 200, 64));
  }
  void TearDown() override {
    if (db_) db_->Close();
  }

  static std::unique_ptr<Database> Open(const std::string& path) {
    DatabaseOptions opt;
    opt.url = "sqlite:" + path;
    opt.readers = 1;
    opt.sqlite_synchronous_full = false;
    auto db = Database::Open(opt);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  static void Insert(Database& db, int n, size_t size) {
    ASSERT_OK(db.Write([&](Tx& tx) -> Status {
      for (int i = 0; i < n; ++i) {
        RETURN_IF_ERROR(
            tx.Exec("INSERT INTO rows_t (body) VALUES (?)", std::string(size, 'x')).status());
      }
      return Status::Ok();
    }));
  }

  // A verified backup of the live database.
  std::string MakeBackup(const std::string& name = "b.db") {
    std::string out = dir_ + "/" + name;
    Status st = BackupSqlite(db_path_, out);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  ScratchDb scratch_{Dialect::kSqlite, "backup"};
  std::string dir_, db_path_;
  MigrationSet set_ = TestSet();
  std::unique_ptr<Database> db_;
};

TEST_F(BackupTest, OnlineBackupWhileWritingThenRestore) {
  // Big enough (~24 MB) that a page-by-page copy needs many steps; the writer commits
  // continuously, as a busy server does. A correct online backup finishes in well under a
  // second here; one that restarts whenever another connection commits between its steps
  // finishes only when the writer stops.
  ASSERT_NO_FATAL_FAILURE(Insert(*db_, 16000, 1500));
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  auto write = [&] {
    while (!stop && std::chrono::steady_clock::now() < give_up) {
      Status st = db_->Write([](Tx& tx) {
        return tx.Exec("INSERT INTO rows_t (body) VALUES (?)", std::string(200, 'w')).status();
      });
      EXPECT_TRUE(st.ok()) << st.ToString();
      ++written;
    }
  };
  // Two threads, so that the writer connection stays busy while one of them is descheduled.
  std::thread writer(write), writer2(write);
  std::string out = dir_ + "/online.db";
  while (written < 20) std::this_thread::yield();
  Status st = BackupSqlite(db_path_, out);
  bool writer_still_running = std::chrono::steady_clock::now() < give_up;
  stop = true;
  writer.join();
  writer2.join();
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_TRUE(writer_still_running)
      << "the backup only finished after the writer gave up (8 s): it restarts whenever "
         "another connection commits between two backup steps";
  EXPECT_GT(written.load(), 20);

  ASSERT_TRUE(VerifySqliteBackup(out, set_).ok());
  EXPECT_EQ(Sql(out, "PRAGMA journal_mode"), "delete");
  EXPECT_FALSE(fs::exists(out + "-wal"));
  // A consistent snapshot: ids 1..n without holes.
  int64_t count = std::stoll(Sql(out, "SELECT COUNT(*) FROM rows_t"));
  EXPECT_GE(count, 16200 + 20);
  EXPECT_EQ(Sql(out, "SELECT MAX(id) FROM rows_t"), std::to_string(count));

  std::string restored = dir_ + "/restored/new.db";
  fs::create_directories(dir_ + "/restored");
  st = RestoreSqlite(out, restored, set_);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Sql(restored, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Sql(restored, "SELECT COUNT(*) FROM rows_t"), std::to_string(count));
  EXPECT_FALSE(fs::exists(restored + ".restore-tmp"));
  auto db = Open(restored);
  ASSERT_NE(db, nullptr);
  auto applied = AppliedVersions(*db);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, (std::map<std::string, int>{{"backuptest", 1}, {"platform", 1}}));
}

TEST_F(BackupTest, RestoreReplacesAnExistingDatabase) {
  std::string backup = MakeBackup();
  std::string target = dir_ + "/target.db";
  {
    auto other = Open(target);
    ASSERT_NE(other, nullptr);
    ASSERT_OK(
        other->WithWriter([](Connection& c) { return c.ExecScript("CREATE TABLE stale (x)"); }));
  }
  WriteFile(target + "-wal", "stale wal");
  ASSERT_TRUE(RestoreSqlite(backup, target, set_).ok());
  EXPECT_FALSE(fs::exists(target + "-wal"));
  EXPECT_EQ(Sql(target, "SELECT COUNT(*) FROM rows_t"), "200");
  EXPECT_EQ(Sql(target, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'stale'"), "0");
}

TEST_F(BackupTest, BackupToAnExistingFileIsConflict) {
  std::string out = dir_ + "/exists.db";
  WriteFile(out, "precious");
  Status st = BackupSqlite(db_path_, out);
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.message_id(), "backup.exists");
  EXPECT_EQ(ReadFile(out), "precious");
}

TEST_F(BackupTest, FailedBackupLeavesNoFile) {
  std::string out = dir_ + "/never.db";
  Status st = BackupSqlite(dir_ + "/no-such.db", out);
  EXPECT_FALSE(st.ok());
  EXPECT_FALSE(fs::exists(out));
  // A source that is not a database: the copy fails, and no partial backup is left behind
  // (it would block the next attempt with backup.exists).
  std::string junk = dir_ + "/junk.db";
  WriteFile(junk, std::string(8192, 'j'));
  st = BackupSqlite(junk, out);
  EXPECT_FALSE(st.ok());
  EXPECT_FALSE(fs::exists(out)) << "a failed backup left " << out << " behind";
}

// Restoring `bad` over a live-like target fails with `id` and leaves the target as it was.
void ExpectRefused(const std::string& bad, const std::string& target, const MigrationSet& set,
                   Code code, std::set<std::string> ids) {
  Status verify = VerifySqliteBackup(bad, set);
  EXPECT_EQ(verify.code(), code) << verify.ToString();
  EXPECT_TRUE(ids.count(verify.message_id())) << verify.ToString();
  EXPECT_FALSE(verify.message().empty());
  std::string before = ReadFile(target);
  Status restore = RestoreSqlite(bad, target, set);
  EXPECT_EQ(restore.code(), code) << restore.ToString();
  EXPECT_EQ(ReadFile(target), before) << "a refused restore changed the target";
  EXPECT_FALSE(fs::exists(target + ".restore-tmp"));
}

TEST_F(BackupTest, CorruptBackupsAreRefusedAndTargetUntouched) {
  std::string good = MakeBackup();
  std::string target = dir_ + "/target.db";
  ASSERT_TRUE(RestoreSqlite(good, target, set_).ok());

  std::string noise = dir_ + "/noise.db";
  std::mt19937 rng(42);
  std::string bytes(64 * 1024, '\0');
  for (auto& c : bytes) c = static_cast<char>(rng());
  WriteFile(noise, bytes);
  ExpectRefused(noise, target, set_, Code::kInvalidArgument, {"backup.not_sqlite"});

  std::string truncated = dir_ + "/truncated.db";
  std::string content = ReadFile(good);
  ASSERT_GT(content.size(), 8192u);
  WriteFile(truncated, content.substr(0, content.size() / 2));
  // Depending on where the cut falls, SQLite cannot read the schema or finds broken pages.
  ExpectRefused(truncated, target, set_, Code::kInvalidArgument,
                {"backup.corrupt", "backup.not_sqlite"});

  std::string empty = dir_ + "/empty.db";
  WriteFile(empty, "");
  ExpectRefused(empty, target, set_, Code::kInvalidArgument, {"backup.not_concord"});

  Status missing = VerifySqliteBackup(dir_ + "/nope.db", set_);
  EXPECT_EQ(missing.code(), Code::kNotFound);
  EXPECT_EQ(Sql(target, "SELECT COUNT(*) FROM rows_t"), "200");
}

TEST_F(BackupTest, NewerSchemaIsRefused) {
  std::string target = dir_ + "/target.db";
  ASSERT_TRUE(RestoreSqlite(MakeBackup(), target, set_).ok());
  std::string future = MakeBackup("future.db");
  ASSERT_EQ(Sql(future,
                "INSERT INTO schema_migrations (area, version, name, applied_at) "
                "VALUES ('platform', 2, 'future', 'x')"),
            "");
  ExpectRefused(future, target, set_, Code::kFailedPrecondition, {"backup.schema_too_new"});

  std::string unknown = MakeBackup("unknown.db");
  ASSERT_EQ(Sql(unknown,
                "INSERT INTO schema_migrations (area, version, name, applied_at) "
                "VALUES ('crm', 1, 'newer program', 'x')"),
            "");
  ExpectRefused(unknown, target, set_, Code::kFailedPrecondition, {"backup.schema_too_new"});
}

TEST_F(BackupTest, RestoreRefusedWhileTheServerHoldsTheLock) {
  std::string backup = MakeBackup();
  std::string before = ReadFile(db_path_);
  {
    auto lock = DbLock::Acquire(db_path_);  // what `concord serve` holds
    ASSERT_TRUE(lock.ok()) << lock.status().ToString();
    auto second = DbLock::Acquire(db_path_);
    EXPECT_FALSE(second.ok());
    Status st = RestoreSqlite(backup, db_path_, set_);
    EXPECT_EQ(st.code(), Code::kFailedPrecondition) << st.ToString();
    EXPECT_EQ(st.message_id(), "db.in_use");
    EXPECT_EQ(ReadFile(db_path_), before);
  }
  auto again = DbLock::Acquire(db_path_);
  EXPECT_TRUE(again.ok()) << "the lock is released with its holder";
}

}  // namespace
}  // namespace concord::store
