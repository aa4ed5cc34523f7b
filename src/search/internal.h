// Shared by the search area's implementation files; not for other areas.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "search/search.h"

namespace concord::search::internal {

// Every statement of the search's own lookups runs through Rows, which shows it to the
// observer when one is set: the test that checks each statement's index plan uses it.
using StatementObserver =
    std::function<void(const std::string& sql, const std::vector<store::Value>& params)>;
void SetStatementObserver(StatementObserver observer);  // tests only; {} to stop
Result<std::vector<store::Record>> Rows(store::Tx& tx, const std::string& sql,
                                        std::vector<store::Value> params);

// A query as the lookups use it.
struct Query {
  std::string text;                   // trimmed, as typed
  std::vector<std::string> variants;  // text as typed, upper- and lower-cased (ASCII), distinct
  bool one_word = true;               // no white space: could be a number, SKU or e-mail
  // Long enough for the start of a name (two characters, or one beyond ASCII such as a Han
  // surname): a single letter or digit would read a large part of a big table under own-scope
  // record rules and finds nothing useful in a search box.
  bool names = true;
  int64_t limit = 8;
};
Query MakeQuery(const std::string& text, int64_t limit);

// A document sequence of the company (store/sequence.h): numbers are prefix + zero-padded value.
struct Sequence {
  std::string doc_type;
  std::string prefix;
  int64_t padding = 6;
};
Result<std::vector<Sequence>> LoadSequences(store::Tx& tx, int64_t company_id);

// The numbers a query may mean by its numeric part, in the sequences whose doc_type is one of
// `doc_types` (a type ending in "." matches every type that starts with it): "45" and "000045"
// give "SO-000045" for the sequence ("SO-", 6); "so-45" gives it too. Empty when the query
// has no such numeric part.
std::vector<std::string> NumberCandidates(const std::string& text,
                                          const std::vector<Sequence>& sequences,
                                          const std::vector<std::string>& doc_types);

// "lower(<column>)" as an ordered, indexable expression: on PostgreSQL compared bytewise
// (COLLATE "C"), which is how the search indexes of names are built.
std::string Lowered(store::Tx& tx, const std::string& column);
// Condition "the lowered column starts with the lowered query" over that expression, with its
// two parameters (the database lowers the query itself, as it lowered the indexed names).
std::string LowerPrefix(store::Tx& tx, const std::string& column);
void AddLowerPrefixParams(const std::string& text, std::vector<store::Value>& params);

// A kind of document found by number (and some by name).
struct DocSource {
  std::string kind;                    // "sales_order"
  std::string table;                   // "sales_orders"
  std::string permission;              // "sales.order.read"
  bool record_rules = false;           // owner/department scope applies (else the whole company)
  std::string href;                    // "/orders/"
  std::vector<std::string> doc_types;  // sequences of its numbers (see NumberCandidates)
  std::vector<std::string> discriminators;  // values of `kind` leading its number index
  std::string state_column = "state";
  std::string name_column;   // also searched by name ("" if not): leads, opportunities
  std::string label_column;  // shown in the subtitle (name, subject, kind ...)
};
const std::vector<DocSource>& DocSources();

// Hits of one source, best first, at most query.limit.
Result<std::vector<Hit>> SearchDocuments(store::Tx& tx, const security::Access& who,
                                         const DocSource& source, const Query& query,
                                         const std::vector<Sequence>& sequences);
// Products by SKU (exact, prefix) and name (exact, prefix); needs catalog.product.read.
Result<std::vector<Hit>> SearchProducts(store::Tx& tx, const security::Access& who,
                                        const Query& query);
// Contacts of visible parties by name, e-mail and phone; needs party.party.read.
Result<std::vector<Hit>> SearchContacts(store::Tx& tx, const security::Access& who,
                                        const Query& query);

// Sorts by tier (stable), drops repeated ids, keeps at most `limit`.
void RankWithinKind(std::vector<Hit>& hits, int64_t limit);

// Joins the non-empty parts with " · ".
std::string Subtitle(const std::vector<std::string>& parts);

}  // namespace concord::search::internal
