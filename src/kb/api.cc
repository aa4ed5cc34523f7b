// Routes of the knowledge base: parse the request, call kb::Articles / kb::Answers, shape the
// response. Schemas are registered here too.
#include "core/json_input.h"
#include "http/schema.h"
#include "kb/kb.h"
#include "security/api.h"

namespace concord::kb {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::RouteDoc;
using http::TxKind;
using nlohmann::json;
using security::ListOf;
using security::Ref;
namespace sc = http::schema;

constexpr size_t kMaxQueryChars = 200;

void RegisterSchemas(http::Api& api) {
  json input = {{"title", sc::kStr},
                {"body", sc::kStr},
                {"tags", sc::ArrayOf(sc::kStr)},
                {"language", {{"type", "string"}, {"description", "en, zh, zh-Hant, ..."}}},
                {"status", sc::Enum({"draft", "published"})}};
  api.AddSchema("KbArticleInput", sc::Obj(input, {"title"}));
  json patch = input;
  patch.erase("status");
  patch["version"] = sc::kInt;
  api.AddSchema("KbArticlePatch", sc::Obj(patch));
  json out = input;
  out["status"] = sc::Enum({"draft", "published", "archived"});
  for (const char* k : {"id", "version", "helpful_count", "unhelpful_count"}) out[k] = sc::kInt;
  out["owner_user_id"] = sc::Nullable(sc::kInt);
  out["published_at"] = sc::Nullable(sc::kTime);
  out["created_at"] = sc::kTime;
  out["updated_at"] = sc::kTime;
  out["passage"] = {{"type", "string"},
                    {"description", "List with q only: HTML passage, matches in <mark>"}};
  api.AddSchema("KbArticle", sc::Obj(out));
  json hit = sc::Obj({{"id", sc::kInt},
                      {"title", sc::kStr},
                      {"language", sc::kStr},
                      {"score",
                       {{"type", "number"},
                        {"description", "Relevance > 0, higher is better; comparable within one "
                                        "answer only (6 decimals)"}}},
                      {"passage",
                       {{"type", "string"},
                        {"description", "Best matching passage of the body, HTML-escaped, "
                                        "matches wrapped in <mark>...</mark>"}}}});
  api.AddSchema("KbHit", hit);
  api.AddSchema("KbHits", sc::Obj({{"items", sc::ArrayOf(Ref("KbHit"))}}));
  api.AddSchema("KbQuestion", sc::Obj({{"question", sc::kStr},
                                       {"language", sc::kStr},
                                       {"limit", sc::kInt}},
                                      {"question"}));
  api.AddSchema("KbAnswer", sc::Obj({{"question", sc::kStr},
                                     {"terms", sc::ArrayOf(sc::kStr)},
                                     {"items", sc::ArrayOf(Ref("KbHit"))}}));
  api.AddSchema("KbFeedbackInput",
                sc::Obj({{"helpful", sc::kBool}, {"question", sc::kStr}}, {"helpful"}));
  api.AddSchema("KbFeedback", sc::Obj({{"id", sc::kInt},
                                       {"article_id", sc::kInt},
                                       {"user_id", sc::kInt},
                                       {"helpful", sc::kBool},
                                       {"question", sc::kStr},
                                       {"recorded_at", sc::kTime}}));
}

Result<std::string> QueryText(Ctx& c, const std::string& name, size_t max_chars) {
  std::string v = c.req().Query(name).value_or("");
  auto len = Utf8Length(v);
  if (!len) return InvalidField(name, "invalid_utf8", name + " is not valid UTF-8.");
  if (*len > max_chars) {
    return InvalidField(name, "too_long",
                        name + " is longer than " + std::to_string(max_chars) + " characters.");
  }
  return v;
}

Result<SearchOptions> SearchQuery(Ctx& c) {
  SearchOptions opt;
  ASSIGN_OR_RETURN(opt.language, QueryText(c, "language", 12));
  ASSIGN_OR_RETURN(opt.tag, QueryText(c, "tag", kMaxTagChars));
  ASSIGN_OR_RETURN(auto limit, c.QueryId("limit"));
  if (limit && *limit > kMaxAnswers) {
    return InvalidField("limit", "range", "limit must be between 1 and 20.");
  }
  if (limit) opt.limit = static_cast<int>(*limit);
  return opt;
}

json Hits(const std::vector<Suggestion>& found) {
  json items = json::array();
  for (const auto& s : found) items.push_back(SuggestionJson(s));
  return items;
}

Result<Response> List(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.SortedPaging(Articles::kSorts));
  ArticleFilter f;
  ASSIGN_OR_RETURN(f.q, QueryText(c, "q", kMaxQueryChars));
  ASSIGN_OR_RETURN(f.tag, QueryText(c, "tag", kMaxTagChars));
  ASSIGN_OR_RETURN(f.language, QueryText(c, "language", 12));
  ASSIGN_OR_RETURN(f.status, QueryText(c, "status", 12));
  if (!f.status.empty() && f.status != "draft" && f.status != "published" &&
      f.status != "archived") {
    return InvalidField("status", "enum", "status must be draft, published or archived.");
  }
  ASSIGN_OR_RETURN(auto out, s.articles.List(c.tx(), c.access(), f, page));
  return Response::Json(200, out);
}

Result<Response> Get(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.articles.Get(c.tx(), c.access(), id));
  return security::Versioned(200, out);
}

Result<Response> Create(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.articles.Create(c.tx(), c.access(), body));
  Response r = security::Versioned(201, out);
  r.Header("Location", "/api/v1/kb/articles/" + std::to_string(out["id"].get<int64_t>()));
  return r;
}

Result<Response> Update(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.articles.Update(c.tx(), c.access(), id, body,
                                               security::RequiredVersion(c, &body)));
  return security::Versioned(200, out);
}

Result<Response> Delete(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  RETURN_IF_ERROR(
      s.articles.Delete(c.tx(), c.access(), id, security::RequiredVersion(c, nullptr)));
  return Response::NoContent();
}

Result<Response> Move(const Services& s, Ctx& c, const std::string& verb) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.articles.Move(c.tx(), c.access(), id, verb,
                                             security::OptionalVersion(c, nullptr)));
  return security::Versioned(200, out);
}

Result<Response> Search(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(std::string q, QueryText(c, "q", kMaxQueryChars));
  ASSIGN_OR_RETURN(auto opt, SearchQuery(c));
  opt.published_only = c.req().Query("status").value_or("") != "any";
  ASSIGN_OR_RETURN(auto found, s.answers.Search(c.tx(), c.access(), q, opt));
  return Response::Json(200, {{"items", Hits(found)}});
}

Result<Response> Answer(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  auto question = f.Text("question", {.required = true, .max_chars = kMaxQuestionChars});
  auto language = f.Text("language", {.max_chars = 12});
  auto limit = f.Int("limit", false, 1, kMaxAnswers);
  RETURN_IF_ERROR(f.Finish());
  SearchOptions opt;
  opt.language = language.value_or("");
  opt.limit = static_cast<int>(limit.value_or(5));
  ASSIGN_OR_RETURN(auto found, s.answers.Answer(c.tx(), c.access(), *question, opt));
  json terms = json::array();
  for (const auto& t : QuestionTerms(*question)) terms.push_back(t.text);
  return Response::Json(200, {{"question", *question}, {"terms", terms}, {"items", Hits(found)}});
}

Result<Response> Feedback(const Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  auto helpful = f.Bool("helpful", true);
  auto question = f.Text("question", {.max_chars = kMaxQuestionChars, .allow_empty = true});
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto out, s.answers.Feedback(c.tx(), c.access(), id, *helpful,
                                                question.value_or("")));
  return Response::Json(201, out);
}

}  // namespace

void RegisterRoutes(http::Api& api, const Services& s) {
  RegisterSchemas(api);
  auto add = [&](std::string method, std::string path, std::string perm, TxKind tx, RouteDoc doc,
                 std::function<Result<Response>(const Services&, Ctx&)> fn) {
    api.Add({std::move(method), std::move(path), AuthKind::kPermission, std::move(perm), tx,
             std::move(doc), [s, fn](Ctx& c) { return fn(s, c); }});
  };
  const std::string base = "/api/v1/kb/articles";
  std::vector<http::QueryParamDoc> list_params = {
      {"limit", "integer", "Page size, 1..500 (default 50)"},
      {"cursor", "string", "next_cursor of the previous page"},
      {"q", "string", "Full text (English stems, Chinese of any length), at most 200 characters"},
      {"tag", "string", "Only articles with this tag"},
      {"language", "string", "Only articles in this language"},
      {"status", "string", "draft | published | archived"},
      http::SortParam(Articles::kSorts)};
  add("GET", base, "kb.article.read", TxKind::kDefault,
      {"List articles (with q, only matching ones, each with its passage)", "kb", nullptr,
       ListOf("KbArticle"), 200, list_params},
      List);
  add("POST", base, "kb.article.create", TxKind::kDefault,
      {"Create an article", "kb", Ref("KbArticleInput"), Ref("KbArticle"), 201}, Create);
  add("GET", base + "/{id}", "kb.article.read", TxKind::kDefault,
      {"Read an article", "kb", nullptr, Ref("KbArticle")}, Get);
  add("PATCH", base + "/{id}", "kb.article.update", TxKind::kDefault,
      {"Update an article (If-Match required)", "kb", Ref("KbArticlePatch"), Ref("KbArticle")},
      Update);
  add("DELETE", base + "/{id}", "kb.article.delete", TxKind::kDefault,
      {"Delete an article (If-Match required; logical: it leaves every list and search)", "kb",
       nullptr, nullptr, 204},
      Delete);
  for (std::string verb : {"publish", "unpublish", "archive"}) {
    add("POST", base + "/{id}/" + verb, "kb.article.update", TxKind::kDefault,
        {"Article status: " + verb + " (If-Match optional)", "kb", nullptr, Ref("KbArticle")},
        [verb](const Services& sv, Ctx& c) { return Move(sv, c, verb); });
  }
  add("POST", base + "/{id}/feedback", "kb.article.read", TxKind::kWrite,
      {"Was this article helpful? (one vote per user and article; the ranking uses it)", "kb",
       Ref("KbFeedbackInput"), Ref("KbFeedback"), 201},
      Feedback);
  add("GET", "/api/v1/kb/search", "kb.article.read", TxKind::kDefault,
      {"Ranked full-text search of published articles",
       "kb",
       nullptr,
       Ref("KbHits"),
       200,
       {{"q", "string", "Search text, at most 200 characters"},
        {"language", "string", "Only articles in this language"},
        {"tag", "string", "Only articles with this tag"},
        {"status", "string", "any: drafts and archived articles too"},
        {"limit", "integer", "1..20 (default 5)"}}},
      Search);
  add("POST", "/api/v1/kb/answer", "kb.article.read", TxKind::kRead,
      {"Answer a question with the best published articles", "kb", Ref("KbQuestion"),
       Ref("KbAnswer")},
      Answer);
}

}  // namespace concord::kb
