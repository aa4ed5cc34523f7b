// Ranking a question's matches with a bounded amount of work (docs/kb.md, "Ranking").
//
// Scoring is the expensive part (SQLite's bm25 costs 1.5-3 us per scored match, and a question
// of common words matches 40 % of a large knowledge base), so a broad question is answered in
// steps that each score a bounded set of articles, always with the score of the whole question:
//  1. Every term's matches are counted, up to budget + 1 (an index range, ~0.1 ms each).
//  2. All terms together match at most `budget` articles: one query scores them all (exact).
//  3. Otherwise the rarest terms whose matches fit the budget drive: their articles are
//     scored, and that is the answer once they are kEnough (common words then only reorder).
//  4. Otherwise the articles holding only common terms come from their titles: those whose
//     title holds every common term, else those holding every common term with one in the
//     title, else those whose title holds one of them.
// SQLite scores with bm25 over a MATCH expression that names every term of the article once,
// so the score is the one of the whole question: "D AND R" for the driving terms D and the
// rest R, then "D" for the articles without any R; "R NOT D" for the common steps. Candidates
// (titles from kb_fts_titles, exclusions) are rowid filters that FTS5 does not see, so that it
// computes its statistics once and not per row. Each scoring query also costs FTS5 a pass over
// the whole document list of each of its terms (bm25's idf), which is why the plan picks its
// title step by counting titles first. PostgreSQL's ts_rank_cd scores each row alone, so the
// candidates are filtered directly; title words are its weight-A lexemes, indexed by kb/0002.
#include <algorithm>
#include <atomic>

#include "kb/index_internal.h"

namespace concord::kb {
namespace {

using store::Dialect;
using store::Value;

// At most this many matches are scored by one step of a plan (SetRankBudget).
std::atomic<int64_t> budget{kDefaultRankBudget};
// A step that found this many candidates ends the plan: the answers are the first few, and
// feedback re-ranks within those found.
constexpr int64_t kEnough = 20;

struct TermCount {
  size_t term = 0;
  int64_t matches = 0;  // budget + 1 means "more than the budget"
};

struct Plan {
  store::Tx& tx;
  Dialect dialect;
  int64_t budget = 0;
  const std::vector<Term>& terms;
  std::vector<std::string> phrases;  // each term in the index's query language
  const security::SqlFilter& where;
  int64_t limit = 0;
  bool pg() const { return dialect == Dialect::kPostgres; }
};

// The terms `which` joined by AND (`all`) or OR, parenthesized.
std::string Combine(const Plan& p, const std::vector<size_t>& which, bool all) {
  const char* op = p.pg() ? (all ? " & " : " | ") : (all ? " AND " : " OR ");
  std::string out = "(";
  for (size_t i = 0; i < which.size(); ++i) out += (i ? op : "") + p.phrases[which[i]];
  return out + ")";
}

std::string Without(const Plan& p, const std::string& expr, const std::string& excluded) {
  if (excluded.empty()) return expr;
  return expr + (p.pg() ? " & !" : " NOT ") + excluded;
}

Result<int64_t> CountMatches(const Plan& p, const std::string& expr) {
  const char* sql = p.pg() ? "SELECT COUNT(*) FROM (SELECT 1 FROM kb_articles WHERE search_words "
                             "@@ to_tsquery('english', ?) LIMIT ?) x"
                           : "SELECT COUNT(*) FROM (SELECT 1 FROM kb_fts_words WHERE "
                             "kb_fts_words MATCH ? LIMIT ?)";
  ASSIGN_OR_RETURN(auto row, p.tx.One(sql, expr, p.budget + 1));
  return row ? row->Int(0) : 0;
}

// One FTS5 query of a SQLite step: the articles matching `match`, restricted to those whose
// title matches `titles` and to those not matching `unless`, when given.
struct Part {
  std::string match, titles, unless;
};

// SQLite: the visible articles of the parts (disjoint), best first.
Result<std::vector<Candidate>> StepSqlite(const Plan& p, const std::vector<Part>& parts) {
  std::string m;
  std::vector<Value> params;
  for (const auto& part : parts) {
    m += std::string(m.empty() ? "" : " UNION ALL ") +
         "SELECT * FROM (SELECT rowid AS id, bm25(kb_fts_words, 3.0, 1.0) AS s FROM kb_fts_words "
         "WHERE kb_fts_words MATCH ?";
    params.push_back(part.match);
    if (!part.titles.empty()) {
      m += " AND +rowid IN (SELECT rowid FROM kb_fts_titles WHERE kb_fts_titles MATCH ?)";
      params.push_back(part.titles);
    }
    if (!part.unless.empty()) {
      m += " AND +rowid NOT IN (SELECT rowid FROM kb_fts_words WHERE kb_fts_words MATCH ?)";
      params.push_back(part.unless);
    }
    m += " ORDER BY s LIMIT ?)";
    params.push_back(internal::kIndexWindow);
  }
  params.insert(params.end(), p.where.params.begin(), p.where.params.end());
  params.push_back(p.limit);
  // MATERIALIZED: flattened into the join, bm25() would run outside its MATCH context.
  return internal::Collect(p.tx,
                           "WITH m AS MATERIALIZED (" + m +
                               ") SELECT a.id, a.helpful_count, a.unhelpful_count, -m.s AS score "
                               "FROM m JOIN kb_articles a ON a.id = m.id WHERE " +
                               p.where.sql + " ORDER BY score DESC, a.id LIMIT ?",
                           std::move(params));
}

// PostgreSQL: the same with `filter` (one expression), scored as the full ranking does.
Result<std::vector<Candidate>> StepPostgres(const Plan& p, const std::string& filter,
                                            const std::string& title) {
  ASSIGN_OR_RETURN(bool trgm, internal::HasTrgm(p.tx));
  std::vector<Value> params = {TsQuery(p.terms)};
  std::string score = "ts_rank_cd(a.search_words, to_tsquery('english', ?))";
  if (trgm) {
    std::string words;
    for (const auto& t : p.terms) words += (words.empty() ? "" : " ") + t.text;
    score += " + 0.2 * public.similarity(a.title, ?)";
    params.push_back(words);
  }
  params.insert(params.end(), p.where.params.begin(), p.where.params.end());
  params.push_back(filter);
  std::string sql = "SELECT a.id, a.helpful_count, a.unhelpful_count, " + score +
                    " AS score FROM kb_articles a WHERE " + p.where.sql +
                    " AND a.search_words @@ to_tsquery('english', ?)";
  if (!title.empty()) {
    sql += " AND ts_filter(a.search_words, '{a}') @@ to_tsquery('english', ?)";
    params.push_back(title);
  }
  params.push_back(p.limit);
  return internal::Collect(p.tx, sql + " ORDER BY score DESC, a.id LIMIT ?", std::move(params));
}

// Articles whose title matches `expr`, counted up to `cap`.
Result<int64_t> CountTitles(const Plan& p, const std::string& expr, int64_t cap) {
  const char* sql = p.pg() ? "SELECT COUNT(*) FROM (SELECT 1 FROM kb_articles WHERE "
                             "ts_filter(search_words, '{a}') @@ to_tsquery('english', ?) LIMIT ?) x"
                           : "SELECT COUNT(*) FROM (SELECT 1 FROM kb_fts_titles WHERE "
                             "kb_fts_titles MATCH ? LIMIT ?)";
  ASSIGN_OR_RETURN(auto row, p.tx.One(sql, expr, cap));
  return row ? row->Int(0) : 0;
}

// The articles holding a driving term, scored against the whole question.
Result<std::vector<Candidate>> Drive(const Plan& p, const std::vector<size_t>& drive,
                                     const std::vector<size_t>& rest) {
  std::string d = Combine(p, drive, false);
  if (p.pg()) return StepPostgres(p, d, "");
  if (rest.empty()) return StepSqlite(p, {{d, "", ""}});
  std::string both = d + " AND " + Combine(p, rest, false);
  return StepSqlite(p, {{both, "", ""}, {d, "", both}});
}

// The articles holding only common terms (`rest`; `excluded`: the driving terms), from their
// titles (step 4 above). At least `need` when there are that many.
Result<std::vector<Candidate>> Common(const Plan& p, const std::vector<size_t>& rest,
                                      const std::string& excluded, size_t need) {
  std::string any = Combine(p, rest, false), all = Combine(p, rest, true);
  auto step = [&](const std::string& filter, const std::string& titles) {
    std::string f = Without(p, filter, excluded);
    return p.pg() ? StepPostgres(p, f, titles) : StepSqlite(p, {{f, titles, ""}});
  };
  if (rest.size() >= 2) {
    ASSIGN_OR_RETURN(int64_t titled, CountTitles(p, all, static_cast<int64_t>(need)));
    if (titled >= static_cast<int64_t>(need)) {
      ASSIGN_OR_RETURN(auto found, step(all, all));
      if (found.size() >= need) return found;
    }
    ASSIGN_OR_RETURN(auto found, step(all, any));
    if (found.size() >= need) return found;
  }
  return step(any, any);
}

}  // namespace

int64_t SetRankBudget(int64_t matches) {
  return budget.exchange(std::max<int64_t>(matches, 1), std::memory_order_relaxed);
}

Result<std::vector<Candidate>> RankCandidates(store::Tx& tx, const std::vector<Term>& terms,
                                              const security::SqlFilter& where, int64_t limit,
                                              bool substrings) {
  if (terms.empty()) return std::vector<Candidate>();
  if (substrings) return internal::RankAll(tx, terms, where, limit, true);
  Plan p{tx, tx.dialect(), budget.load(std::memory_order_relaxed), terms, {}, where, limit};
  std::vector<TermCount> counts;
  int64_t total = 0;
  for (size_t i = 0; i < terms.size(); ++i) {
    p.phrases.push_back(p.pg() ? TsQuery({terms[i]}) : Fts5WordQuery({terms[i]}));
    ASSIGN_OR_RETURN(int64_t n, CountMatches(p, p.phrases.back()));
    if (n > 0) counts.push_back({i, n});
    total += n;
  }
  if (counts.empty()) return std::vector<Candidate>();
  if (total <= p.budget) return internal::RankAll(tx, terms, where, limit, false);
  std::stable_sort(counts.begin(), counts.end(),
                   [](const TermCount& a, const TermCount& b) { return a.matches < b.matches; });
  std::vector<size_t> drive, rest;
  int64_t driven = 0;
  for (const auto& c : counts) {
    if (rest.empty() && driven + c.matches <= p.budget) {
      drive.push_back(c.term);
      driven += c.matches;
    } else {
      rest.push_back(c.term);
    }
  }
  // A step is enough once it found this many (or the window, when smaller).
  const size_t enough = static_cast<size_t>(std::min<int64_t>(limit, kEnough));
  std::vector<Candidate> found;
  std::string excluded;
  if (!drive.empty()) {
    ASSIGN_OR_RETURN(found, Drive(p, drive, rest));
    if (found.size() >= enough) return found;
    excluded = Combine(p, drive, false);
  }
  ASSIGN_OR_RETURN(auto common, Common(p, rest, excluded, enough - found.size()));
  found.insert(found.end(), common.begin(), common.end());
  std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
    return a.base > b.base || (a.base == b.base && a.id < b.id);
  });
  if (found.size() > static_cast<size_t>(limit)) found.resize(limit);
  return found;
}

}  // namespace concord::kb
