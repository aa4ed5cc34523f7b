// Server-side sorting of keyset-paginated lists.
//
// A list declares what it can be sorted by as data (SortSpec): each key has a name (the value of
// ?sort=), a SQL expression over the list's query and the kind of value the expression yields.
// `?sort=<key>` sorts ascending, `?sort=-<key>` descending, and ties are broken by id in the same
// direction. Without ?sort= (or with sort=id) a list is ordered by id ascending and its cursor is
// the last id, as it always was.
//
// The cursor of a sorted page is opaque: base64url of the JSON array [sort, key value, id] of the
// last row of the previous page. It is checked before any SQL runs: a malformed cursor, or one
// made for another sort, is InvalidArgument on "cursor". Only the declared expressions reach SQL;
// the request only chooses among them, and cursor values travel as parameters.
//
// Contracts for the declared expressions:
//  - constant SQL without parameters (they are pasted into the select list too);
//  - NOT NULL (wrap a nullable column in COALESCE), so that keyset comparisons are the same on
//    SQLite and PostgreSQL, which order NULLs differently;
//  - text and timestamps are compared bytewise on both databases (PostgreSQL: COLLATE "C"), so a
//    sort by a name that should ignore letter case declares lower(name).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/tx.h"

namespace concord::http {

enum class SortKind {
  kText,        // compared bytewise
  kInteger,     // a 64-bit integer
  kTimestamp,   // an ISO date or UTC timestamp as text (fixed width, so it sorts by time)
  kMinorUnits,  // a decimal stored as integer minor units
};

struct SortKey {
  std::string name;  // the ?sort= value, e.g. "issue_date"
  std::string sql;   // a NOT NULL expression over the list's query, e.g. "i.date"
  SortKind kind = SortKind::kText;
};

struct SortSpec {
  std::string id;  // the id column of the list's query, e.g. "i.id": the tie breaker
  std::vector<SortKey> keys;
};

// The accepted ?sort= values: "id" (the default order), then each key ascending and descending.
std::vector<std::string> SortValues(const SortSpec& spec);

// One page of a list: its size, order and position. Built by Ctx::SortedPaging. The SQL pieces
// below are pasted into the list's query in this order: Select (the statement's start), After
// (into its WHERE clause, where its parameters go), OrderLimit (the end).
class ListPage {
 public:
  // The default order: by id, after the id `after` (0: from the start).
  static ListPage ById(const SortSpec& spec, int64_t limit, int64_t after);
  // Sorted by a key of `spec`: `sort` and `cursor` are the raw query parameters (cursor empty
  // when absent). InvalidArgument on "sort" for a value that is no key, on "cursor" for a cursor
  // that is not one of this sort.
  static Result<ListPage> ByKey(const SortSpec& spec, int64_t limit, std::string_view sort,
                                std::string_view cursor, store::Dialect dialect);

  int64_t limit() const { return limit_; }
  bool by_id() const { return key_.empty(); }

  // The statement `select` ("SELECT ...") with the key and id as the first columns (sort_key,
  // sort_id) when sorted by a key; unchanged when sorted by id.
  std::string Select(std::string_view select) const;
  // " AND <condition>" keeping the rows after the cursor, its parameters appended to `params`.
  // By id always " AND <id> > ?" (0 without a cursor); by a key empty without a cursor.
  std::string After(std::vector<store::Value>& params) const;
  // " ORDER BY <key>, <id> LIMIT ?" asking for limit + 1 rows (the extra one only tells that
  // there is a next page).
  std::string OrderLimit(std::vector<store::Value>& params) const;
  // {"items", "next_cursor"} of a page: `rows` are the rows the query returned (read with Select,
  // so that they carry the key), `items` their JSON in the same order. The extra row is dropped
  // and so are the sort_key / sort_id columns if the JSON copied them.
  nlohmann::json Body(nlohmann::json items, const std::vector<store::Record>& rows) const;

 private:
  Status ReadCursor(std::string_view cursor);
  std::string Cursor(const store::Record& row) const;

  int64_t limit_ = 50;
  std::string id_;     // the id expression
  std::string key_;    // the key expression as it goes into SQL; empty: by id
  std::string token_;  // the ?sort= value, e.g. "-total"; carried in the cursor
  SortKind kind_ = SortKind::kText;
  bool descending_ = false;
  int64_t after_id_ = 0;  // by id: the cursor; by a key: the cursor's id (0: no cursor)
  store::Value after_key_;
};

}  // namespace concord::http
