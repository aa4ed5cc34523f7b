// Ranked search and automatic answers over the knowledge base, and "was this helpful"
// feedback. Other areas (the service desk, when a ticket is created) call Suggest.
//
// Ranking: the database ranks the matching articles (SQLite: bm25 of the word index plus half
// the bm25 of the trigram index; PostgreSQL: ts_rank_cd plus trigram similarity of the title,
// see kb/index.h); the best max(4 x limit, 40) are re-ranked by
//     score = base x (0.75 + 0.5 x r),  r = (helpful + 1) / (helpful + unhelpful + 2)
// (a Laplace-smoothed helpful ratio: no feedback gives x1.0; the factor stays within
// (0.75, 1.25), so feedback reorders close results but cannot lift an irrelevant article).
// Each user counts once per article (a later vote replaces the earlier one). Scores are
// comparable within one answer only; they are not the same numbers on SQLite and PostgreSQL.
//
// Thread-safety: stateless apart from the clock reference.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "kb/text.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::kb {

inline constexpr size_t kMaxQuestionChars = 1000;
inline constexpr int kMaxAnswers = 20;

struct Suggestion {
  int64_t article_id = 0;
  std::string title;     // plain text
  std::string language;
  double score = 0;      // > 0, higher is better, rounded to 6 decimals
  std::string passage;   // HTML: escaped text, matches in <mark>...</mark> (kb::Passage)
};

// {"id", "title", "language", "score", "passage"}
nlohmann::json SuggestionJson(const Suggestion& s);

struct SearchOptions {
  std::string language;         // empty: every language
  std::string tag;              // empty: every tag
  bool published_only = true;   // false: drafts and archived articles too (search box)
  int limit = 5;                // 1..kMaxAnswers
};

class Answers {
 public:
  explicit Answers(const Clock& clock) : clock_(clock) {}

  // The bounded feedback factor of the ranking formula above.
  static double FeedbackFactor(int64_t helpful, int64_t unhelpful);

  // Published articles that answer `text` (a ticket's subject and description, a question),
  // best first, at most `limit` (clamped to 1..kMaxAnswers). Only articles the caller may read
  // (kb.article.read record rules); a caller without kb.article.read gets an empty list, not an
  // error, so that creating a ticket never fails because of the knowledge base. Runs in the
  // caller's transaction and writes nothing.
  Result<std::vector<Suggestion>> Suggest(store::Tx& tx, const security::Access& who,
                                          std::string_view text, int limit) const;

  // The search box: every word and CJK run of `query` (no stop words dropped).
  Result<std::vector<Suggestion>> Search(store::Tx& tx, const security::Access& who,
                                         std::string_view query, const SearchOptions& opt) const;
  // A natural question: stop words dropped, CJK split into bigrams (kb::QuestionTerms).
  Result<std::vector<Suggestion>> Answer(store::Tx& tx, const security::Access& who,
                                         std::string_view question,
                                         const SearchOptions& opt) const;

  // Records the caller's vote on a visible article (replacing an earlier one) and updates the
  // article's counters (not its version). Returns the feedback row as JSON.
  Result<nlohmann::json> Feedback(store::Tx& tx, const security::Access& who, int64_t article_id,
                                  bool helpful, const std::string& question) const;

 private:
  Result<std::vector<Suggestion>> Rank(store::Tx& tx, const security::Access& who,
                                       const std::vector<Term>& terms,
                                       const SearchOptions& opt, bool substrings) const;

  const Clock& clock_;
};

}  // namespace concord::kb
