// Upgrading a database built at the first schema version to the latest one, with data in it;
// and MigrationSet ordering rules. Runs on SQLite always, on PostgreSQL when CONCORD_TEST_PG is
// set.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "app/app.h"
#include "store/database.h"
#include "store/migrate.h"
#include "store/scratch_db.h"

namespace concord::app {
namespace {

using store::AreaMigrations;
using store::Dialect;
using store::Migration;
using store::MigrationSet;
using store::Tx;

// The latest version of every area this program knows.
std::map<std::string, int> LatestVersions() {
  std::map<std::string, int> out;
  auto set = AllMigrations();
  auto ordered = set.Ordered();
  EXPECT_TRUE(ordered.ok()) << ordered.status().ToString();
  if (!ordered.ok()) return out;
  for (const auto* a : *ordered) out[a->area] = static_cast<int>(a->steps.size());
  return out;
}

class MigrationUpgradeTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    scratch_.emplace(GetParam(), "upgrade");
    if (scratch_->skipped()) GTEST_SKIP() << "CONCORD_TEST_PG is not set";
    store::DatabaseOptions opt;
    opt.url = scratch_->url();
    opt.pool_size = 2;
    auto db = store::Database::Open(opt);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }

  void TearDown() override {
    db_.reset();
    scratch_.reset();
  }

  // Builds the first schema version and fills it through SQL that is valid at v1.
  void BuildV1WithData() {
    auto v1 = store::Migrate(
        *db_, AllMigrations(),
        {{"platform", 1},
         {"security", 1},
         {"party", 0},
         {"crm", 0},
         {"accounting", 0},
         {"catalog", 0},
         {"inventory", 0},
         {"invoicing", 0},
         {"sales", 0},
         {"notify", 0},
         {"kb", 0},
         {"service", 0},
         {"workflow", 0}});
    ASSERT_TRUE(v1.ok()) << v1.status().ToString();
    EXPECT_EQ(v1->applied, 2);
    auto applied = store::AppliedVersions(*db_);
    ASSERT_TRUE(applied.ok());
    EXPECT_EQ(*applied, (std::map<std::string, int>{{"platform", 1}, {"security", 1}}));
    Status st = db_->Write([](Tx& tx) -> Status {
      const std::string t = "2026-01-02T03:04:05.000000Z";
      ASSIGN_OR_RETURN(
          company_id_,
          tx.Insert("INSERT INTO companies (name, currency, time_zone, settings, created_at) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING id",
                    "Old Co", "EUR", "Europe/Berlin", "{}", t));
      ASSIGN_OR_RETURN(
          user_id_,
          tx.Insert(
              "INSERT INTO users (login, display_name, email, password_hash, default_company_id, "
              "created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
              "olduser", "Old User", "old@example.com", "$argon2id$fake", company_id_, t, t));
      RETURN_IF_ERROR(tx.Exec("INSERT INTO company_members (company_id, user_id) VALUES (?, ?)",
                              company_id_, user_id_)
                          .status());
      RETURN_IF_ERROR(
          tx.Exec("INSERT INTO sessions (token_hash, user_id, company_id, csrf_hash, created_at, "
                  "last_seen_at, idle_expires_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  "tokenhash-1", user_id_, company_id_, "csrf-1", t, t, t, t)
              .status());
      tx.Audit({"user", user_id_, "create", {{"login", {nullptr, "olduser"}}}, company_id_});
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    // v2 objects do not exist yet.
    Status no_column =
        db_->Read([](Tx& tx) { return tx.One("SELECT totp_enabled FROM users").status(); });
    EXPECT_FALSE(no_column.ok());
    Status no_table =
        db_->Read([](Tx& tx) { return tx.One("SELECT COUNT(*) FROM api_tokens").status(); });
    EXPECT_FALSE(no_table.ok());
  }

  std::optional<store::ScratchDb> scratch_;
  std::unique_ptr<store::Database> db_;
  static inline int64_t company_id_ = 0;
  static inline int64_t user_id_ = 0;
};

TEST_P(MigrationUpgradeTest, UpgradesFirstVersionKeepingData) {
  ASSERT_NO_FATAL_FAILURE(BuildV1WithData());
  auto up = store::Migrate(*db_, AllMigrations());
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_EQ(up->steps,
            std::vector<std::string>(
                {"security/0002 second factor and API tokens",
                 "party/0001 parties, contacts, addresses, identifiers, consents",
                 "party/0002 search keys indexed by party and key",
                 "party/0003 contacts indexed by name and phone for search",
                 "party/0004 import jobs",
                 "crm/0001 segments, campaigns, leads, opportunities, activities",
                 "crm/0002 lead titles and opportunity names indexed for search",
                 "accounting/0001 accounts, journals, periods, entries, taxes, budgets",
                 "invoicing/0001 payment terms, invoices, payments, allocations",
                 "catalog/0001 units, categories, products, price lists, promotions",
                 "catalog/0002 product names indexed for case-insensitive search",
                 "inventory/0001 warehouses, locations, lots, transfers, moves, quants, "
                 "valuation, counts",
                 "sales/0001 settings, quotes, orders, lines, sales facts",
                 "notify/0001 notifications, preferences, mail queue",
                 "kb/0001 articles, tags, feedback, full-text indexes",
                 "kb/0002 title words indexed for broad questions",
                 "service/0001 calendars, categories, tickets, entries, notifications",
                 "service/0002 suggested answers; notifications move to notify",
                 "workflow/0001 definitions, instances, tasks, history"}));
  // A company that existed before the CRM area gets its default pipeline stages.
  Status stages = db_->Read([](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto n, tx.One("SELECT COUNT(*) FROM opportunity_stages WHERE company_id = ?",
                                    company_id_));
    EXPECT_EQ(n->Int(0), 6);
    return Status::Ok();
  });
  EXPECT_TRUE(stages.ok()) << stages.ToString();

  Status st = db_->Read([](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(
        auto company,
        tx.One("SELECT name, currency, time_zone FROM companies WHERE id = ?", company_id_));
    EXPECT_TRUE(company && company->Text(0) == "Old Co" && company->Text(1) == "EUR");
    ASSIGN_OR_RETURN(auto user, tx.One("SELECT login, email, active, language, version, "
                                       "totp_secret, totp_enabled, totp_last_step "
                                       "FROM users WHERE id = ?",
                                       user_id_));
    EXPECT_TRUE(user.has_value());
    if (user) {
      EXPECT_EQ(user->Text("login"), "olduser");
      EXPECT_EQ(user->Text("email"), "old@example.com");
      EXPECT_EQ(user->Int("active"), 1);
      EXPECT_EQ(user->Text("language"), "en");
      EXPECT_EQ(user->Int("version"), 1);
      EXPECT_TRUE(user->IsNull("totp_secret"));
      EXPECT_FALSE(user->IsNull("totp_enabled"));
      EXPECT_EQ(user->Int("totp_enabled"), 0);
      EXPECT_EQ(user->Int("totp_last_step"), 0);
    }
    ASSIGN_OR_RETURN(auto session, tx.One("SELECT token_hash, mfa_pending, remote_ip FROM sessions "
                                          "WHERE user_id = ?",
                                          user_id_));
    EXPECT_TRUE(session && session->Text(0) == "tokenhash-1" && session->Int(1) == 0 &&
                !session->IsNull(1));
    ASSIGN_OR_RETURN(auto audit, tx.Rows("SELECT entity, entity_id, action FROM audit_log"));
    EXPECT_EQ(audit.size(), 1u);
    if (!audit.empty()) {
      EXPECT_EQ(audit[0].Int("entity_id"), user_id_);
    }
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();

  // The new table is usable, with its constraints.
  const std::string insert_token =
      "INSERT INTO api_tokens (company_id, user_id, name, token_hash, created_at) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id";
  st = db_->Write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(int64_t id, tx.Insert(insert_token, company_id_, user_id_, "ci", "h1",
                                           "2026-02-01T00:00:00.000000Z"));
    ASSIGN_OR_RETURN(
        auto row, tx.One("SELECT name, expires_at, revoked_at FROM api_tokens WHERE id = ?", id));
    EXPECT_TRUE(row && row->Text(0) == "ci" && row->IsNull(1) && row->IsNull(2));
    return tx
        .Exec("UPDATE users SET totp_enabled = 1, totp_secret = ? WHERE id = ?", "SECRET", user_id_)
        .status();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  st = db_->Write([&](Tx& tx) {
    return tx.Insert(insert_token, company_id_, user_id_, "dup", "h1", "x").status();
  });
  EXPECT_EQ(st.message_id(), "db.unique_violation") << st.ToString();
  st = db_->Write([&](Tx& tx) {
    return tx.Insert(insert_token, int64_t{999999}, user_id_, "fk", "h2", "x").status();
  });
  EXPECT_EQ(st.message_id(), "db.foreign_key_violation") << st.ToString();

  auto applied = store::AppliedVersions(*db_);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, LatestVersions());
  auto again = store::Migrate(*db_, AllMigrations());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->applied, 0);
}

TEST_P(MigrationUpgradeTest, AppOpenUpgradesAnOldDatabase) {
  ASSERT_NO_FATAL_FAILURE(BuildV1WithData());
  db_.reset();
  Config config;
  config.db = scratch_->url();
  config.pool_size = 2;
  config.access_log = "off";
  auto app = App::Open(config);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  auto applied = store::AppliedVersions((*app)->db());
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, LatestVersions());
  auto admin = (*app)->EnsureAdmin();  // a database with users gets no second administrator
  ASSERT_TRUE(admin.ok()) << admin.status().ToString();
  EXPECT_FALSE(admin->created);
  EXPECT_FALSE(admin->generated_password.has_value());
  Status st = (*app)->db().Read([](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto users, tx.Rows("SELECT login, totp_enabled FROM users"));
    EXPECT_EQ(users.size(), 1u);
    if (!users.empty()) {
      EXPECT_EQ(users[0].Text(0), "olduser");
    }
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST_P(MigrationUpgradeTest, NewerSchemaIsRefused) {
  ASSERT_TRUE(store::Migrate(*db_, AllMigrations()).ok());
  int newer = LatestVersions()["security"] + 1;
  ASSERT_OK(db_->Write([&](Tx& tx) {
    return tx
        .Exec(
            "INSERT INTO schema_migrations (area, version, name, applied_at) VALUES "
            "(?, ?, ?, ?)",
            "security", newer, "from the future", "2030-01-01T00:00:00.000000Z")
        .status();
  }));
  auto r = store::Migrate(*db_, AllMigrations());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(r.status().message_id(), "db.schema_too_new");
}

// A database that a newer concord extended with an area this program does not know.
TEST_P(MigrationUpgradeTest, UnknownAreaIsRefused) {
  ASSERT_TRUE(store::Migrate(*db_, AllMigrations()).ok());
  ASSERT_OK(db_->Write([&](Tx& tx) {
    return tx
        .Exec("INSERT INTO schema_migrations (area, version, name, applied_at) VALUES (?, ?, ?, ?)",
              "warehouse-robots", 1, "from the future", "2030-01-01T00:00:00.000000Z")
        .status();
  }));
  auto r = store::Migrate(*db_, AllMigrations());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message_id(), "db.schema_too_new");
  EXPECT_NE(r.status().message().find("warehouse-robots"), std::string::npos);
}

TEST_P(MigrationUpgradeTest, FailedStepIsRolledBackAndNotRecorded) {
  AreaMigrations area{"broken", {}, {}};
  area.steps.push_back(
      {"broken", 1, "good", "CREATE TABLE good_one (id BIGINT PRIMARY KEY)", "", ""});
  area.steps.push_back({"broken", 2, "bad",
                        "CREATE TABLE half_done (id BIGINT PRIMARY KEY); THIS IS NOT SQL", "", ""});
  MigrationSet set;
  set.Add(area);
  auto r = store::Migrate(*db_, set);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message_id(), "db.migration_failed");
  EXPECT_NE(r.status().message().find("broken/0002"), std::string::npos) << r.status().message();
  auto applied = store::AppliedVersions(*db_);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, (std::map<std::string, int>{{"broken", 1}}));
  EXPECT_OK(db_->Read([](Tx& tx) { return tx.One("SELECT COUNT(*) FROM good_one").status(); }));
  EXPECT_FALSE(
      db_->Read([](Tx& tx) { return tx.One("SELECT COUNT(*) FROM half_done").status(); }).ok());
}

INSTANTIATE_TEST_SUITE_P(Dialects, MigrationUpgradeTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

// --- MigrationSet ordering and validation

AreaMigrations Area(const std::string& name, std::vector<std::string> deps, int steps = 1) {
  AreaMigrations a{name, std::move(deps), {}};
  for (int v = 1; v <= steps; ++v) a.steps.push_back({name, v, "step", "SELECT 1", "", ""});
  return a;
}

std::vector<std::string> Names(const MigrationSet& set) {
  std::vector<std::string> out;
  auto ordered = set.Ordered();
  EXPECT_TRUE(ordered.ok()) << ordered.status().ToString();
  if (ordered.ok()) {
    for (const auto* a : *ordered) out.push_back(a->area);
  }
  return out;
}

TEST(MigrationSetTest, DependenciesComeFirst) {
  MigrationSet set;
  set.Add(Area("sales", {"party", "catalog"}));
  set.Add(Area("catalog", {"platform"}));
  set.Add(Area("party", {"security"}));
  set.Add(Area("security", {"platform"}));
  set.Add(Area("platform", {}));
  auto order = Names(set);
  ASSERT_EQ(order.size(), 5u);
  auto pos = [&](const std::string& n) {
    return std::find(order.begin(), order.end(), n) - order.begin();
  };
  EXPECT_LT(pos("platform"), pos("security"));
  EXPECT_LT(pos("platform"), pos("catalog"));
  EXPECT_LT(pos("security"), pos("party"));
  EXPECT_LT(pos("party"), pos("sales"));
  EXPECT_LT(pos("catalog"), pos("sales"));
}

TEST(MigrationSetTest, AllMigrationsAreValid) {
  auto order = Names(AllMigrations());
  ASSERT_GE(order.size(), 2u);
  EXPECT_EQ(order[0], "platform");
}

TEST(MigrationSetTest, UnknownDependencyIsAnError) {
  MigrationSet set;
  set.Add(Area("a", {"nowhere"}));
  auto r = set.Ordered();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nowhere"), std::string::npos) << r.status().message();
}

TEST(MigrationSetTest, CyclesAreErrors) {
  MigrationSet two;
  two.Add(Area("a", {"b"}));
  two.Add(Area("b", {"a"}));
  EXPECT_FALSE(two.Ordered().ok());
  MigrationSet three;
  three.Add(Area("root", {}));
  three.Add(Area("x", {"root", "z"}));
  three.Add(Area("y", {"x"}));
  three.Add(Area("z", {"y"}));
  EXPECT_FALSE(three.Ordered().ok());
  MigrationSet self;
  self.Add(Area("a", {"a"}));
  EXPECT_FALSE(self.Ordered().ok());
}

TEST(MigrationSetTest, VersionsMustBeOneToN) {
  auto with_versions = [](std::vector<int> versions) {
    AreaMigrations a{"a", {}, {}};
    for (int v : versions) a.steps.push_back({"a", v, "s", "SELECT 1", "", ""});
    MigrationSet set;
    set.Add(a);
    return set.Ordered().ok();
  };
  EXPECT_TRUE(with_versions({1, 2, 3}));
  EXPECT_TRUE(with_versions({}));
  EXPECT_FALSE(with_versions({0, 1}));
  EXPECT_FALSE(with_versions({1, 3}));
  EXPECT_FALSE(with_versions({2}));
  EXPECT_FALSE(with_versions({1, 1}));
  EXPECT_FALSE(with_versions({2, 1}));
  AreaMigrations wrong_area{"a", {}, {{"b", 1, "s", "SELECT 1", "", ""}}};
  MigrationSet set;
  set.Add(wrong_area);
  EXPECT_FALSE(set.Ordered().ok());
}

TEST(MigrationSetTest, AreaTwiceIsAnError) {
  MigrationSet set;
  set.Add(Area("a", {}));
  set.Add(Area("a", {}));
  EXPECT_FALSE(set.Ordered().ok());
}

TEST(DialectSqlTest, SubstitutesPerDialect) {
  Migration m{"a", 1, "t", "CREATE TABLE t (id ${pk}, data ${blob}, other ${blob})", "", ""};
  EXPECT_EQ(store::DialectSql(m, Dialect::kSqlite),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB, other BLOB)");
  EXPECT_EQ(store::DialectSql(m, Dialect::kPostgres),
            "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, data BYTEA, "
            "other BYTEA)");
  Migration split{"a", 1, "t", "", "SELECT 'lite'", "SELECT 'pg' -- ${pk}"};
  EXPECT_EQ(store::DialectSql(split, Dialect::kSqlite), "SELECT 'lite'");
  EXPECT_EQ(store::DialectSql(split, Dialect::kPostgres),
            "SELECT 'pg' -- BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
}

}  // namespace
}  // namespace concord::app
