#include <gtest/gtest.h>

#include <string>

#include "store/db.h"

namespace concord::store {
namespace {

TEST(ParseDbUrlTest, SqlitePath) {
  auto url = ParseDbUrl("sqlite:/var/lib/concord/data.db");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(url->dialect, Dialect::kSqlite);
  EXPECT_EQ(url->target, "/var/lib/concord/data.db");

  auto relative = ParseDbUrl("sqlite:data.db");
  ASSERT_TRUE(relative.ok());
  EXPECT_EQ(relative->target, "data.db");
}

TEST(ParseDbUrlTest, SqliteWithoutPathIsRejected) {
  auto url = ParseDbUrl("sqlite:");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(url.status().message_id(), "db.bad_url");
}

TEST(ParseDbUrlTest, PostgresUrlIsPassedWhole) {
  for (std::string text :
       {"postgresql://u:pw@db.example:5432/concord?sslmode=require", "postgres://localhost/concord",
        "postgresql:///concord_test?host=/tmp/x&port=54329"}) {
    auto url = ParseDbUrl(text);
    ASSERT_TRUE(url.ok()) << text;
    EXPECT_EQ(url->dialect, Dialect::kPostgres);
    EXPECT_EQ(url->target, text);
  }
}

TEST(ParseDbUrlTest, UnknownSchemesAreRejected) {
  for (std::string text : {"", "sqlite", "mysql://localhost/x", "postgresql:/x", "PG://x",
                           "/var/lib/concord/data.db", "host=localhost dbname=x"}) {
    auto url = ParseDbUrl(text);
    ASSERT_FALSE(url.ok()) << text;
    EXPECT_EQ(url.status().message_id(), "db.bad_url") << text;
  }
}

TEST(ParseDbUrlTest, ErrorDoesNotEchoThePassword) {
  auto url = ParseDbUrl("mysql://user:hunter2@host/db");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.status().message().find("hunter2"), std::string::npos);
}

TEST(RewritePlaceholdersTest, NumbersParametersInOrder) {
  EXPECT_EQ(RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c > ?"),
            "SELECT a FROM t WHERE b = $1 AND c > $2");
  EXPECT_EQ(RewritePlaceholders("INSERT INTO t VALUES (?,?,?)"), "INSERT INTO t VALUES ($1,$2,$3)");
  EXPECT_EQ(RewritePlaceholders("SELECT 1"), "SELECT 1");
  EXPECT_EQ(RewritePlaceholders(""), "");
}

TEST(RewritePlaceholdersTest, ManyParameters) {
  std::string sql = "VALUES (";
  std::string want = "VALUES (";
  for (int i = 1; i <= 120; ++i) {
    sql += i > 1 ? ",?" : "?";
    want += (i > 1 ? ",$" : "$") + std::to_string(i);
  }
  EXPECT_EQ(RewritePlaceholders(sql + ")"), want + ")");
}

TEST(RewritePlaceholdersTest, LeavesStringLiteralsAlone) {
  EXPECT_EQ(RewritePlaceholders("SELECT '?', ? FROM t WHERE x = 'a?b'"),
            "SELECT '?', $1 FROM t WHERE x = 'a?b'");
  // '' is an escaped quote, not the end of the literal.
  EXPECT_EQ(RewritePlaceholders("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
  EXPECT_EQ(RewritePlaceholders("SELECT '''?''', ?"), "SELECT '''?''', $1");
  EXPECT_EQ(RewritePlaceholders("SELECT '', ?"), "SELECT '', $1");
}

TEST(RewritePlaceholdersTest, EscapeStringsHonourBackslashes) {
  EXPECT_EQ(RewritePlaceholders("SELECT E'\\' ?', ?"), "SELECT E'\\' ?', $1");
  // A column named `e` followed by a literal is not an escape string.
  EXPECT_EQ(RewritePlaceholders("SELECT name'\\', ?"), "SELECT name'\\', $1");
}

TEST(RewritePlaceholdersTest, LeavesQuotedIdentifiersAlone) {
  EXPECT_EQ(RewritePlaceholders("SELECT \"what?\" FROM t WHERE \"a\"\"?\" = ?"),
            "SELECT \"what?\" FROM t WHERE \"a\"\"?\" = $1");
}

TEST(RewritePlaceholdersTest, LeavesCommentsAlone) {
  EXPECT_EQ(RewritePlaceholders("SELECT ? -- why? 'unbalanced\nFROM t WHERE a = ?"),
            "SELECT $1 -- why? 'unbalanced\nFROM t WHERE a = $2");
  EXPECT_EQ(RewritePlaceholders("SELECT /* ? 'x */ ?"), "SELECT /* ? 'x */ $1");
  EXPECT_EQ(RewritePlaceholders("SELECT /* a /* nested ? */ still ? */ ?"),
            "SELECT /* a /* nested ? */ still ? */ $1");
  EXPECT_EQ(RewritePlaceholders("SELECT ? -- trailing ?"), "SELECT $1 -- trailing ?");
}

TEST(RewritePlaceholdersTest, OperatorsThatLookLikeCommentsAreNot) {
  EXPECT_EQ(RewritePlaceholders("SELECT ? - ?, ? / ?, ?::int"), "SELECT $1 - $2, $3 / $4, $5::int");
}

TEST(RewritePlaceholdersTest, UnterminatedTokensRunToTheEnd) {
  EXPECT_EQ(RewritePlaceholders("SELECT ?, 'oops ?"), "SELECT $1, 'oops ?");
  EXPECT_EQ(RewritePlaceholders("SELECT ?, /* oops ?"), "SELECT $1, /* oops ?");
  EXPECT_EQ(RewritePlaceholders("SELECT ?, \"oops ?"), "SELECT $1, \"oops ?");
}

TEST(RewritePlaceholdersTest, KeepsUtf8Text) {
  EXPECT_EQ(RewritePlaceholders("SELECT '上海市?' AS 城市, ?"), "SELECT '上海市?' AS 城市, $1");
}

}  // namespace
}  // namespace concord::store
