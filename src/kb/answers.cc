#include "kb/answers.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "kb/articles.h"
#include "kb/index.h"

namespace concord::kb {
namespace {

using nlohmann::json;

const security::RecordColumns kRecord{"company_id", "owner_user_id", ""};

security::SqlFilter Where(const security::Access& who, const SearchOptions& opt) {
  security::SqlFilter f = who.Visible("kb.article.read", kRecord, "a.");
  f.sql += " AND a.deleted_at IS NULL";
  if (opt.published_only) f.sql += " AND a.status = 'published'";
  if (!opt.language.empty()) {
    f.sql += " AND a.language = ?";
    f.params.push_back(opt.language);
  }
  if (!opt.tag.empty()) {
    f.sql += " AND EXISTS (SELECT 1 FROM kb_article_tags t WHERE t.article_id = a.id AND "
             "t.tag = ?)";
    f.params.push_back(opt.tag);
  }
  return f;
}

}  // namespace

json SuggestionJson(const Suggestion& s) {
  return {{"id", s.article_id},
          {"title", s.title},
          {"language", s.language},
          {"score", s.score},
          {"passage", s.passage}};
}

double Answers::FeedbackFactor(int64_t helpful, int64_t unhelpful) {
  double r = (static_cast<double>(helpful) + 1.0) /
             (static_cast<double>(helpful) + static_cast<double>(unhelpful) + 2.0);
  return 0.75 + 0.5 * r;
}

Result<std::vector<Suggestion>> Answers::Rank(store::Tx& tx, const security::Access& who,
                                              const std::vector<Term>& terms,
                                              const SearchOptions& opt,
                                              bool substrings) const {
  RETURN_IF_ERROR(who.Require("kb.article.read"));
  int limit = std::clamp(opt.limit, 1, kMaxAnswers);
  int64_t window = std::max<int64_t>(4 * limit, 40);
  ASSIGN_OR_RETURN(auto found, RankCandidates(tx, terms, Where(who, opt), window, substrings));
  for (auto& c : found) c.base *= FeedbackFactor(c.helpful, c.unhelpful);
  std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
    return a.base > b.base;
  });
  if (found.size() > static_cast<size_t>(limit)) found.resize(limit);
  std::vector<Suggestion> out;
  for (const auto& c : found) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT title, body, language FROM kb_articles WHERE id = ? "
                                      "AND company_id = ?",
                                      c.id, who.company_id()));
    if (!row) continue;
    out.push_back({c.id, row->Text(0), row->Text(2), std::round(c.base * 1e6) / 1e6,
                   Passage(row->Text(1), terms)});
  }
  return out;
}

Result<std::vector<Suggestion>> Answers::Suggest(store::Tx& tx, const security::Access& who,
                                                 std::string_view text, int limit) const {
  if (!who.Has("kb.article.read")) return std::vector<Suggestion>();
  SearchOptions opt;
  opt.limit = limit;
  return Rank(tx, who, QuestionTerms(text), opt, false);
}

Result<std::vector<Suggestion>> Answers::Search(store::Tx& tx, const security::Access& who,
                                                std::string_view query,
                                                const SearchOptions& opt) const {
  return Rank(tx, who, QueryTerms(query), opt, true);
}

Result<std::vector<Suggestion>> Answers::Answer(store::Tx& tx, const security::Access& who,
                                                std::string_view question,
                                                const SearchOptions& opt) const {
  return Rank(tx, who, QuestionTerms(question), opt, false);
}

Result<json> Answers::Feedback(store::Tx& tx, const security::Access& who, int64_t article_id,
                               bool helpful, const std::string& question) const {
  ASSIGN_OR_RETURN(json article, Articles::Load(tx, who, article_id));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(auto old, tx.One("SELECT id, helpful FROM kb_feedback WHERE article_id = ? AND "
                                    "user_id = ?",
                                    article_id, who.user_id()));
  int64_t id = 0;
  int64_t add_helpful = helpful ? 1 : 0, add_unhelpful = helpful ? 0 : 1;
  json changes = {{"helpful", {nullptr, helpful}}, {"article_id", {nullptr, article_id}}};
  if (old) {
    id = old->Int(0);
    bool was = old->Int(1) != 0;
    add_helpful -= was ? 1 : 0;
    add_unhelpful -= was ? 0 : 1;
    changes = {{"helpful", {was, helpful}}};
    RETURN_IF_ERROR(tx.Exec("UPDATE kb_feedback SET helpful = ?, question = ?, updated_at = ? "
                            "WHERE id = ?",
                            helpful, question, now, id)
                        .status());
  } else {
    ASSIGN_OR_RETURN(id, tx.Insert("INSERT INTO kb_feedback (company_id, article_id, user_id, "
                                   "helpful, question, created_at, updated_at) VALUES (?, ?, ?, "
                                   "?, ?, ?, ?) RETURNING id",
                                   who.company_id(), article_id, who.user_id(), helpful, question,
                                   now, now));
  }
  RETURN_IF_ERROR(tx.Exec("UPDATE kb_articles SET helpful_count = helpful_count + ?, "
                          "unhelpful_count = unhelpful_count + ? WHERE id = ? AND company_id = ?",
                          add_helpful, add_unhelpful, article_id, who.company_id())
                      .status());
  json out = {{"id", id},          {"article_id", article_id}, {"user_id", who.user_id()},
              {"helpful", helpful}, {"question", question},     {"recorded_at", now}};
  tx.Audit({"kb_feedback", id, old ? "update" : "create", changes});
  tx.Emit({"kb_feedback.recorded", "kb_feedback", id, out});
  return out;
}

}  // namespace concord::kb
