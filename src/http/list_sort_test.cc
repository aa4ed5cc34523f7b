#include "http/list_sort.h"

#include <gtest/gtest.h>

#include "security/crypto.h"

namespace concord::http {
namespace {

using nlohmann::json;

const SortSpec kSpec = {"i.id",
                        {{"number", "COALESCE(i.number, '')", SortKind::kText},
                         {"date", "i.date", SortKind::kTimestamp},
                         {"total", "i.total", SortKind::kMinorUnits}}};

// The one field error of an InvalidArgument status: "<field>:<code>".
std::string FieldOf(const Status& st) {
  if (st.code() != Code::kInvalidArgument || st.field_errors().size() != 1) return st.ToString();
  return st.field_errors()[0].field + ":" + st.field_errors()[0].code;
}

Result<ListPage> Sorted(std::string_view sort, std::string_view cursor,
                        store::Dialect dialect = store::Dialect::kSqlite) {
  return ListPage::ByKey(kSpec, 2, sort, cursor, dialect);
}

// A result row of a sorted query: the key and id columns Select puts first.
store::Record Row(store::Value key, int64_t id) {
  auto names = std::make_shared<const std::vector<std::string>>(
      std::vector<std::string>{"sort_key", "sort_id", "id"});
  return store::Record(names, {std::move(key), id, id});
}

TEST(ListPage, ByIdKeepsTheOldQueryAndCursor) {
  ListPage page = ListPage::ById(kSpec, 2, 7);
  std::vector<store::Value> params;
  EXPECT_EQ(page.Select("SELECT i.id FROM invoices i"), "SELECT i.id FROM invoices i");
  EXPECT_EQ(page.After(params), " AND i.id > ?");
  EXPECT_EQ(page.OrderLimit(params), " ORDER BY i.id LIMIT ?");
  EXPECT_EQ(params, (std::vector<store::Value>{int64_t{7}, int64_t{3}}));
  json body = page.Body(json::array({{{"id", 8}}, {{"id", 9}}, {{"id", 10}}}), {});
  EXPECT_EQ(body["items"].size(), 2u);
  EXPECT_EQ(body["next_cursor"], "9");
}

TEST(ListPage, DescendingKeyWithCursorContinuesAfterTheCursorRow) {
  ListPage first = *Sorted("-total", "");
  json body = first.Body(json::array({{{"id", 5}, {"sort_key", 900}}, {{"id", 4}}, {{"id", 3}}}),
                         {Row(int64_t{900}, 5), Row(int64_t{700}, 4), Row(int64_t{700}, 3)});
  EXPECT_FALSE(body["items"][0].contains("sort_key"));
  ASSERT_TRUE(body["next_cursor"].is_string());
  auto page = Sorted("-total", body["next_cursor"].get<std::string>());
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  std::vector<store::Value> params;
  EXPECT_EQ(page->Select("SELECT i.id FROM invoices i"),
            "SELECT (i.total) AS sort_key, i.id AS sort_id, i.id FROM invoices i");
  EXPECT_EQ(page->After(params), " AND ((i.total), i.id) < (?, ?)");
  EXPECT_EQ(page->OrderLimit(params), " ORDER BY (i.total) DESC, i.id DESC LIMIT ?");
  EXPECT_EQ(params, (std::vector<store::Value>{int64_t{700}, int64_t{4}, int64_t{3}}));
}

TEST(ListPage, TextComparesBytewiseOnPostgres) {
  auto page = Sorted("number", "", store::Dialect::kPostgres);
  ASSERT_TRUE(page.ok());
  std::vector<store::Value> params;
  EXPECT_EQ(page->OrderLimit(params),
            " ORDER BY ((COALESCE(i.number, '')) COLLATE \"C\"), i.id LIMIT ?");
  EXPECT_EQ(page->After(params), "");  // no cursor: from the start
}

TEST(ListPage, UnknownSortNamesTheAllowedValues) {
  for (const char* bad : {"name;DROP TABLE x", "-", "--total", "Total", "id,total"}) {
    auto page = Sorted(bad, "");
    ASSERT_FALSE(page.ok()) << bad;
    EXPECT_EQ(FieldOf(page.status()), "sort:enum") << bad;
    EXPECT_NE(page.status().field_errors()[0].message.find("number, -number"), std::string::npos);
  }
}

TEST(ListPage, CursorsAreChecked) {
  auto encode = [](const json& j) { return security::Base64UrlEncode(j.dump()); };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"12", "cursor:malformed"},                                 // an id cursor
      {"!!!", "cursor:malformed"},                                // not base64url
      {encode({"date", "2026-01-01"}), "cursor:malformed"},       // two members
      {encode({"date", "2026-01-01", 0}), "cursor:malformed"},    // id 0
      {encode({"date", "2026-01-01", "3"}), "cursor:malformed"},  // id as text
      {encode({"date", 20260101, 3}), "cursor:malformed"},        // key of another kind
      {encode({"date", "x' OR 1=1 --", 3}), "cursor:malformed"},  // not a timestamp
      {encode({"-date", "2026-01-01", 3}), "cursor:other_sort"},  // other direction
      {encode({"total", 100, 3}), "cursor:other_sort"},           // other key
      {std::string(3000, 'A'), "cursor:malformed"},               // too long
  };
  for (const auto& [cursor, want] : cases) {
    auto page = Sorted("date", cursor);
    ASSERT_FALSE(page.ok()) << cursor;
    EXPECT_EQ(FieldOf(page.status()), want) << cursor;
  }
  EXPECT_TRUE(Sorted("date", encode({"date", "2026-01-01", 3})).ok());
}

TEST(ListPage, SortValuesListEveryKeyBothWays) {
  EXPECT_EQ(SortValues(kSpec), (std::vector<std::string>{"id", "number", "-number", "date", "-date",
                                                         "total", "-total"}));
}

}  // namespace
}  // namespace concord::http
