// Text handling of the knowledge base, independent of any database: splitting text into search
// terms (Latin words and runs of CJK characters), turning a free query or a natural question into
// terms, the text fed to the word index (CJK runs as overlapping bigrams plus single
// characters, because Chinese has no spaces), the query strings of SQLite FTS5 and PostgreSQL
// tsquery (every term quoted or reduced to letters and digits, so no user input reaches the
// query syntax), and the highlighted passage shown with a result.
//
// All functions are pure and thread-safe. Text is UTF-8; invalid bytes act as separators.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace concord::kb {

// At most this many terms are used from a query or a question.
inline constexpr size_t kMaxTerms = 24;
// Passage length in Unicode code points (before ellipses and <mark> tags).
inline constexpr size_t kPassageChars = 160;

struct Term {
  std::string text;  // ASCII letters lower-cased; other characters as typed
  bool cjk = false;  // a run of CJK (Han, kana, hangul) characters
  size_t chars = 0;  // code points
  bool operator==(const Term&) const = default;
};

// Every word and CJK run of `text`, in order (duplicates kept). A Latin word is a run of
// letters and digits (ASCII or other non-CJK letters); everything else separates. Words longer
// than 64 bytes are dropped (no real word is; they only bloat the index).
std::vector<Term> SplitTerms(std::string_view text);

// The terms of a search box query: every word and CJK run once, at most kMaxTerms.
std::vector<Term> QueryTerms(std::string_view query);

// The terms of a natural question: English stop words dropped, CJK runs longer than two
// characters split into overlapping bigrams (Chinese function words such as 怎么 and 什么
// dropped), each term once, at most kMaxTerms.
std::vector<Term> QuestionTerms(std::string_view question);

// The text the word index holds for `text`: Latin words as they are (the index stems them),
// each CJK run as its overlapping bigrams in order followed by its single characters, all
// separated by spaces. A CJK query term of n >= 2 characters then matches as the phrase of its
// bigrams, one of 1 or 2 characters as a single token.
std::string WordIndexText(std::string_view text);

// SQLite FTS5 MATCH expression for the word index: terms OR'ed, each a quoted token or (CJK,
// 3+ characters) a quoted phrase of bigrams. Empty when there are no terms.
std::string Fts5WordQuery(const std::vector<Term>& terms);
// SQLite FTS5 MATCH expression for the trigram index: the terms of 3+ characters, quoted
// (substring match), OR'ed. Empty when there is none.
std::string Fts5TrigramQuery(const std::vector<Term>& terms);
// PostgreSQL to_tsquery text for the word index: terms OR'ed with |, CJK runs of 3+ characters
// as <-> phrases of bigrams. Terms hold only letters and digits, so nothing else can reach the
// tsquery syntax. Empty when there are no terms.
std::string TsQuery(const std::vector<Term>& terms);
// The terms of 3+ characters as ILIKE patterns ("%term%", with \ % _ escaped by \).
std::vector<std::string> LikePatterns(const std::vector<Term>& terms);

// The best passage of `body` for `terms`: the window of about kPassageChars code points with
// the most distinct terms (then the most matches), HTML-escaped, matches wrapped in
// <mark>…</mark>, "…" where text was cut. Latin terms also match words that share their stem
// ("refunds" marks "refund" and "refunded"); CJK terms match as substrings. Without a match,
// the start of the body.
std::string Passage(std::string_view body, const std::vector<Term>& terms);

// A crude English stem for highlighting (the indexes use Porter / Snowball themselves).
std::string HighlightStem(std::string_view word);

}  // namespace concord::kb
