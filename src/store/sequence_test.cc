// Gap-free document numbers, on SQLite always and on PostgreSQL when CONCORD_TEST_PG is set.
#include "store/sequence.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "store/database.h"
#include "store/migrate.h"
#include "store/platform_schema.h"
#include "store/scratch_db.h"

namespace concord::store {
namespace {

MigrationSet PlatformOnly() {
  MigrationSet set;
  set.Add(PlatformMigrations());
  return set;
}

class SequenceTest : public MigratedDbTest {
 protected:
  SequenceTest() : MigratedDbTest("seq", PlatformOnly()) {}
};

Result<std::string> Next(Database& db, int64_t company, const std::string& type) {
  std::string out;
  Status st = db.Write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out, NextNumber(tx, company, type));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

TEST_P(SequenceTest, NextNumberCountsFromOnePerCompanyAndType) {
  EXPECT_EQ(Next(*db_, 1, "doc").value(), "DOC-000001");
  EXPECT_EQ(Next(*db_, 1, "doc").value(), "DOC-000002");
  EXPECT_EQ(Next(*db_, 2, "doc").value(), "DOC-000001");
  EXPECT_EQ(Next(*db_, 1, "sales_order").value(), "SALES-ORDER-000001");
  EXPECT_EQ(Next(*db_, 1, "doc").value(), "DOC-000003");
}

TEST_P(SequenceTest, RolledBackNumberIsGivenBack) {
  EXPECT_EQ(Next(*db_, 1, "doc").value(), "DOC-000001");
  std::string taken;
  Status st = db_->Write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(taken, NextNumber(tx, 1, "doc"));
    return InvalidArgument("test.refused", "document rejected");
  });
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(taken, "DOC-000002");
  EXPECT_EQ(Next(*db_, 1, "doc").value(), "DOC-000002");
  // The very first number of a never-configured sequence is given back too.
  st = db_->Write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(taken, NextNumber(tx, 1, "fresh"));
    return InvalidArgument("test.refused", "document rejected");
  });
  EXPECT_EQ(Next(*db_, 1, "fresh").value(), "FRESH-000001");
}

TEST_P(SequenceTest, ConcurrentNumbersAreDistinctAndConsecutive) {
  DatabaseOptions opt;
  opt.max_retries = 100;
  auto db = OpenDb(opt);
  ASSERT_NE(db, nullptr);
  std::mutex mu;
  std::vector<std::string> numbers;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto n = Next(*db, 1, "inv");
        EXPECT_TRUE(n.ok()) << n.status().ToString();
        if (!n.ok()) continue;
        std::lock_guard lock(mu);
        numbers.push_back(*n);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> distinct(numbers.begin(), numbers.end());
  EXPECT_EQ(numbers.size(), 200u);
  EXPECT_EQ(distinct.size(), 200u);
  std::set<std::string> expected;
  for (int i = 1; i <= 200; ++i) expected.insert(fmt::format("INV-{:06}", i));
  EXPECT_EQ(distinct, expected);
}

TEST_P(SequenceTest, ConfigureSequencePrefixAndPadding) {
  auto configure = [&](const std::string& prefix, int padding) {
    return db_->Write([&](Tx& tx) { return ConfigureSequence(tx, 1, "invoice", prefix, padding); });
  };
  ASSERT_TRUE(configure("INV/2026/", 4).ok());
  EXPECT_EQ(Next(*db_, 1, "invoice").value(), "INV/2026/0001");
  EXPECT_EQ(Next(*db_, 1, "invoice").value(), "INV/2026/0002");
  // Reconfiguring keeps the counter.
  ASSERT_TRUE(configure("F", 2).ok());
  EXPECT_EQ(Next(*db_, 1, "invoice").value(), "F03");
  // Padding is a minimum width.
  ASSERT_TRUE(configure("G", 1).ok());
  EXPECT_EQ(Next(*db_, 1, "invoice").value(), "G4");
  for (int bad : {0, -1, 19}) {
    Status st = configure("X", bad);
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_EQ(Next(*db_, 1, "invoice").value(), "G5");
}

INSTANTIATE_TEST_SUITE_P(Dialects, SequenceTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace concord::store
