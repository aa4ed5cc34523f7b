// The full-text index of knowledge base articles, on both databases (see docs/kb.md):
//   SQLite      kb_fts_words (FTS5, porter unicode61) over kb::WordIndexText, ranked by bm25;
//               kb_fts_titles (the same, titles only) for the title steps of broad questions;
//               kb_fts_tri (FTS5, trigram) over the raw text for substrings of 3+ characters.
//   PostgreSQL  kb_articles.search_words (tsvector, english, GIN) over kb::WordIndexText,
//               ranked by ts_rank_cd; substrings of 3+ characters by ILIKE (GIN trigram
//               index and public.similarity() on the title when pg_trgm is installed); the
//               title's lexemes (weight A) have a GIN index of their own (kb/0002).
// Entries are written by the article service inside the article's transaction, never by
// triggers. Thread-safe (stateless; the pg_trgm probe is cached per process).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "kb/text.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::kb {

// A ranked match: base score > 0 (higher is better; comparable within one query only) and
// the feedback counters the final ranking needs.
struct Candidate {
  int64_t id = 0;
  double base = 0;
  int64_t helpful = 0;
  int64_t unhelpful = 0;
};

// Writes or replaces the index entry of article `id`.
Status IndexPut(store::Tx& tx, int64_t id, std::string_view title, std::string_view body);
// Removes the index entry of article `id` (no error when there is none).
Status IndexRemove(store::Tx& tx, int64_t id);

// The SQL condition "article a (alias a.) matches one of `terms`" with its parameters; for
// filtering lists. `terms` must not be empty.
security::SqlFilter MatchFilter(store::Dialect dialect, const std::vector<Term>& terms);

// Questions whose terms match more articles than this together are ranked in steps.
inline constexpr int64_t kDefaultRankBudget = 2000;
// Sets that number for the process (tests and the benchmark compare both plans); returns the
// previous value.
int64_t SetRankBudget(int64_t matches);

// The best `limit` articles (alias a.) that match one of `terms` and satisfy `where`, best
// first (ties by id). Empty when `terms` is empty. `substrings` adds the trigram / ILIKE
// matches of 3+ character terms (the search box, ranked in one exact query; questions use the
// word index only). A question whose terms match more articles than the rank budget is ranked
// in bounded steps (kb/ranking.cc): its rarest terms drive, the articles that hold only common
// terms come from their titles; every candidate is scored against the whole question.
// SQLite ranks within the best 1,000 rows of each FTS5 query before the company and status
// filters: on a database shared by many companies an article can be missed when more than
// 1,000 better-ranked articles of other companies match (never shown: the filter stays).
// Match counts and bm25 statistics are over the whole index (every company).
Result<std::vector<Candidate>> RankCandidates(store::Tx& tx, const std::vector<Term>& terms,
                                              const security::SqlFilter& where, int64_t limit,
                                              bool substrings);

}  // namespace concord::kb
