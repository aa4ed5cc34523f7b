#include "kb/index.h"

#include <atomic>

#include "kb/index_internal.h"

namespace concord::kb {
namespace internal {

// 1 = pg_trgm installed, 0 = not, -1 = not probed yet. The extension is a property of the
// database, and a process serves one database.
std::atomic<int> trgm_state{-1};

Result<bool> HasTrgm(store::Tx& tx) {
  int state = trgm_state.load(std::memory_order_relaxed);
  if (state >= 0) return state == 1;
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"));
  trgm_state.store(row ? 1 : 0, std::memory_order_relaxed);
  return row.has_value();
}

Result<std::vector<Candidate>> Collect(store::Tx& tx, std::string_view sql,
                                       std::vector<store::Value> params) {
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, std::move(params)));
  std::vector<Candidate> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    double base = std::stod(r.Text(3));
    out.push_back({r.Int(0), base > 0 ? base : 1e-9, r.Int(1), r.Int(2)});
  }
  return out;
}

}  // namespace internal

namespace {

using internal::Collect;
using internal::HasTrgm;
using internal::kIndexWindow;
using store::Dialect;
using store::Value;

constexpr const char* kPgText = "(a.title || ' ' || a.body)";

// " OR text ILIKE ? OR ..." for the substring patterns, with their parameters.
std::string LikeOr(const std::vector<std::string>& patterns, std::vector<Value>& params) {
  std::string sql;
  for (const auto& p : patterns) {
    sql += std::string(" OR ") + kPgText + " ILIKE ?";
    params.push_back(p);
  }
  return sql;
}

void Append(std::vector<Value>& to, const std::vector<Value>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// Each index gives its best kIndexWindow rows (bm25 is computed for every match either way;
// the window keeps the join, grouping and sorting small).
Result<std::vector<Candidate>> RankSqlite(store::Tx& tx, const std::vector<Term>& terms,
                                          const security::SqlFilter& where, int64_t limit,
                                          bool substrings) {
  std::vector<Value> params = {Fts5WordQuery(terms), kIndexWindow};
  std::string matches =
      "SELECT * FROM (SELECT rowid AS id, bm25(kb_fts_words, 3.0, 1.0) AS s FROM kb_fts_words "
      "WHERE kb_fts_words MATCH ? ORDER BY s LIMIT ?)";
  std::string tri = substrings ? Fts5TrigramQuery(terms) : "";
  if (!tri.empty()) {
    matches +=
        " UNION ALL SELECT * FROM (SELECT rowid, 0.5 * bm25(kb_fts_tri, 3.0, 1.0) AS s "
        "FROM kb_fts_tri WHERE kb_fts_tri MATCH ? ORDER BY s LIMIT ?)";
    params.push_back(tri);
    params.push_back(kIndexWindow);
  }
  Append(params, where.params);
  params.push_back(limit);
  // MATERIALIZED: flattened into the join, bm25() would run outside its MATCH context.
  return Collect(tx,
                 "WITH m AS MATERIALIZED (" + matches +
                     ") SELECT a.id, a.helpful_count, a.unhelpful_count, -SUM(m.s) AS score "
                     "FROM m JOIN kb_articles a ON a.id = m.id WHERE " +
                     where.sql +
                     " GROUP BY a.id, a.helpful_count, a.unhelpful_count "
                     "ORDER BY score DESC, a.id LIMIT ?",
                 std::move(params));
}

// ts_rank_cd of the word index, plus 0.2 x the title's trigram similarity to the query (with
// pg_trgm) and 0.1 when a 3+ character term is a substring of the text.
Result<std::vector<Candidate>> RankPostgres(store::Tx& tx, const std::vector<Term>& terms,
                                            const security::SqlFilter& where, int64_t limit,
                                            bool substrings) {
  ASSIGN_OR_RETURN(bool trgm, HasTrgm(tx));
  std::string tsq = TsQuery(terms);
  auto patterns = substrings ? LikePatterns(terms) : std::vector<std::string>();
  std::string words;
  for (const auto& t : terms) words += (words.empty() ? "" : " ") + t.text;
  std::vector<Value> params = {tsq};
  std::string score = "ts_rank_cd(a.search_words, to_tsquery('english', ?))";
  if (trgm) {
    score += " + 0.2 * public.similarity(a.title, ?)";
    params.push_back(words);
  }
  if (!patterns.empty()) {
    score += " + CASE WHEN 1 = 0" + LikeOr(patterns, params) + " THEN 0.1 ELSE 0 END";
  }
  Append(params, where.params);
  params.push_back(tsq);
  std::string match =
      "(a.search_words @@ to_tsquery('english', ?)" + LikeOr(patterns, params) + ")";
  params.push_back(limit);
  return Collect(tx,
                 "SELECT a.id, a.helpful_count, a.unhelpful_count, " + score +
                     " AS score FROM kb_articles a WHERE " + where.sql + " AND " + match +
                     " ORDER BY score DESC, a.id LIMIT ?",
                 std::move(params));
}

}  // namespace

Status IndexPut(store::Tx& tx, int64_t id, std::string_view title, std::string_view body) {
  std::string wt = WordIndexText(title), wb = WordIndexText(body);
  if (tx.dialect() == Dialect::kPostgres) {
    return tx
        .Exec(
            "UPDATE kb_articles SET search_words = setweight(to_tsvector('english', ?), 'A') "
            "|| setweight(to_tsvector('english', ?), 'B') WHERE id = ?",
            wt, wb, id)
        .status();
  }
  RETURN_IF_ERROR(IndexRemove(tx, id));
  RETURN_IF_ERROR(
      tx.Exec("INSERT INTO kb_fts_words (rowid, title, body) VALUES (?, ?, ?)", id, wt, wb)
          .status());
  RETURN_IF_ERROR(
      tx.Exec("INSERT INTO kb_fts_titles (rowid, title) VALUES (?, ?)", id, wt).status());
  return tx.Exec("INSERT INTO kb_fts_tri (rowid, title, body) VALUES (?, ?, ?)", id, title, body)
      .status();
}

Status IndexRemove(store::Tx& tx, int64_t id) {
  if (tx.dialect() == Dialect::kPostgres) {
    return tx.Exec("UPDATE kb_articles SET search_words = NULL WHERE id = ?", id).status();
  }
  RETURN_IF_ERROR(tx.Exec("DELETE FROM kb_fts_words WHERE rowid = ?", id).status());
  RETURN_IF_ERROR(tx.Exec("DELETE FROM kb_fts_titles WHERE rowid = ?", id).status());
  return tx.Exec("DELETE FROM kb_fts_tri WHERE rowid = ?", id).status();
}

security::SqlFilter MatchFilter(store::Dialect dialect, const std::vector<Term>& terms) {
  security::SqlFilter f;
  if (dialect == Dialect::kPostgres) {
    f.params.push_back(TsQuery(terms));
    f.sql =
        "(a.search_words @@ to_tsquery('english', ?)" + LikeOr(LikePatterns(terms), f.params) + ")";
    return f;
  }
  f.sql = "(a.id IN (SELECT rowid FROM kb_fts_words WHERE kb_fts_words MATCH ?)";
  f.params.push_back(Fts5WordQuery(terms));
  std::string tri = Fts5TrigramQuery(terms);
  if (!tri.empty()) {
    f.sql += " OR a.id IN (SELECT rowid FROM kb_fts_tri WHERE kb_fts_tri MATCH ?)";
    f.params.push_back(tri);
  }
  f.sql += ")";
  return f;
}

namespace internal {

Result<std::vector<Candidate>> RankAll(store::Tx& tx, const std::vector<Term>& terms,
                                       const security::SqlFilter& where, int64_t limit,
                                       bool substrings) {
  if (terms.empty()) return std::vector<Candidate>();
  if (tx.dialect() == Dialect::kPostgres) {
    return RankPostgres(tx, terms, where, limit, substrings);
  }
  return RankSqlite(tx, terms, where, limit, substrings);
}

}  // namespace internal

}  // namespace concord::kb
