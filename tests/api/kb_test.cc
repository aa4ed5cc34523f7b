// The knowledge base through the API: articles with versions and verbs, full-text search in
// English (stems) and Chinese (one, two and more characters), ranked answers to questions,
// highlighted passages that stay escaped, feedback that reorders equal articles, and the inputs
// an attacker would try (query syntax of FTS5 and SQL, other companies' ids, oversized and
// mistyped fields). After every scenario: the journal invariants and the search index matching
// the articles.
#include <gtest/gtest.h>

#include "api_helpers.h"
#include "store/database.h"

namespace concord::testing {
namespace {

// Every live article has exactly one entry in the word index (and, on SQLite, the trigram
// index); deleted articles have none.
void CheckKbIndex(app::App& app) {
  Status st = app.db().Read([](store::Tx& tx) -> Status {
    bool pg = tx.dialect() == store::Dialect::kPostgres;
    std::vector<std::string> checks;
    if (pg) {
      checks = {"SELECT id FROM kb_articles WHERE (deleted_at IS NULL) <> (search_words IS NOT "
                "NULL)"};
    } else {
      for (const char* fts : {"kb_fts_words", "kb_fts_tri"}) {
        std::string t(fts);
        checks.push_back("SELECT id FROM kb_articles a WHERE a.deleted_at IS NULL AND NOT EXISTS "
                         "(SELECT 1 FROM " + t + " f WHERE f.rowid = a.id)");
        checks.push_back("SELECT f.rowid FROM " + t + " f WHERE NOT EXISTS (SELECT 1 FROM "
                         "kb_articles a WHERE a.id = f.rowid AND a.deleted_at IS NULL)");
      }
      checks.push_back("SELECT a.id FROM kb_articles a JOIN kb_fts_tri f ON f.rowid = a.id "
                       "WHERE f.title <> a.title OR f.body <> a.body");
    }
    checks.push_back("SELECT a.id FROM kb_articles a WHERE helpful_count <> (SELECT COUNT(*) "
                     "FROM kb_feedback f WHERE f.article_id = a.id AND f.helpful = 1) OR "
                     "unhelpful_count <> (SELECT COUNT(*) FROM kb_feedback f WHERE "
                     "f.article_id = a.id AND f.helpful = 0)");
    for (const auto& sql : checks) {
      ASSIGN_OR_RETURN(auto rows, tx.Rows(sql));
      EXPECT_TRUE(rows.empty()) << rows.size() << " rows break: " << sql;
    }
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

class Kb : public ::testing::Test {
 protected:
  void SetUp() override { admin_ = server_.Admin(); }
  void TearDown() override {
    CheckJournalInvariants(server_.app());
    CheckKbIndex(server_.app());
  }

  int64_t Article(const std::string& title, const std::string& body,
                  const std::string& language = "en", const std::string& status = "published",
                  json tags = json::array()) {
    auto r = admin_->Post("/api/v1/kb/articles", {{"title", title},
                                                  {"body", body},
                                                  {"language", language},
                                                  {"status", status},
                                                  {"tags", tags}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
  }
  std::vector<int64_t> ListIds(const std::string& query) {
    auto r = admin_->Get("/api/v1/kb/articles?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return Ids(r);
  }
  json Search(const std::string& q) {
    auto r = admin_->Get("/api/v1/kb/search?q=" + Url(q));
    EXPECT_EQ(r.status, 200) << r.body;
    return Items(r);
  }
  json Answer(json body) {
    auto r = admin_->Post("/api/v1/kb/answer", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return Items(r);
  }
  static std::vector<int64_t> IdsOf(const json& items) {
    std::vector<int64_t> out;
    for (const auto& it : items) out.push_back(it["id"].get<int64_t>());
    return out;
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
};

TEST_F(Kb, ArticlesAreVersionedAndMovedByVerbs) {
  auto created = admin_->Post("/api/v1/kb/articles", {{"title", "Opening hours"},
                                                      {"body", "We open at nine."},
                                                      {"tags", {"store", "hours", "store"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("etag"), "\"1\"");
  json a = created.json();
  std::string path = "/api/v1/kb/articles/" + std::to_string(a["id"].get<int64_t>());
  EXPECT_EQ(a["status"], "draft");
  EXPECT_EQ(a["language"], "en");
  EXPECT_EQ(a["tags"], json({"store", "hours"}));

  EXPECT_TRUE(IsProblem(admin_->Patch(path, {{"title", "Hours"}}), 428, "version.required"));
  EXPECT_TRUE(IsProblem(admin_->Patch(path, {{"title", "Hours"}}, IfMatch("\"7\"")), 412, ""));
  auto patched = admin_->Patch(path, {{"title", "Hours"}, {"body", "We open at ten."}},
                               IfMatch("\"1\""));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["version"], 2);
  EXPECT_EQ(patched.json()["body"], "We open at ten.");
  EXPECT_EQ(ListIds("q=nine"), std::vector<int64_t>{});
  EXPECT_EQ(ListIds("q=ten"), std::vector<int64_t>{a["id"].get<int64_t>()});
  EXPECT_EQ(ListIds("tag=hours"), std::vector<int64_t>{a["id"].get<int64_t>()});
  EXPECT_EQ(ListIds("tag=nope"), std::vector<int64_t>{});

  // Drafts do not answer questions; published articles do.
  EXPECT_TRUE(Answer({{"question", "When do you open? ten?"}}).empty());
  auto pub = admin_->Send("POST", path + "/publish");
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(pub.json()["status"], "published");
  EXPECT_FALSE(pub.json()["published_at"].is_null());
  EXPECT_TRUE(IsProblem(admin_->Send("POST", path + "/publish"), 409, "kb.article.transition"));
  EXPECT_EQ(Answer({{"question", "When do you open? ten?"}}).size(), 1u);
  ASSERT_EQ(admin_->Send("POST", path + "/archive").status, 200);
  EXPECT_TRUE(Answer({{"question", "When do you open? ten?"}}).empty());
  EXPECT_EQ(ListIds("status=archived"), std::vector<int64_t>{a["id"].get<int64_t>()});

  EXPECT_TRUE(IsProblem(admin_->Delete(path), 428, "version.required"));
  EXPECT_EQ(admin_->Delete(path, IfMatch("\"4\"")).status, 204);
  EXPECT_TRUE(IsProblem(admin_->Get(path), 404, "not_found"));
  EXPECT_EQ(ListIds(""), std::vector<int64_t>{});
  auto events = admin_->Get("/api/v1/events?after=0&limit=500");
  int kb_events = 0;
  for (const auto& e : Items(events)) kb_events += e["entity"] == "kb_article" ? 1 : 0;
  EXPECT_EQ(kb_events, 5);  // created, updated, published, archived, deleted
}

TEST_F(Kb, EnglishSearchMatchesStems) {
  int64_t refund = Article("Refund policy", "You can request a refund within 30 days of delivery.");
  int64_t ship = Article("Shipping", "Parcels are shipped by courier within two days.");
  EXPECT_EQ(ListIds("q=refunds"), std::vector<int64_t>{refund});
  EXPECT_EQ(ListIds("q=refunding"), std::vector<int64_t>{refund});
  EXPECT_EQ(ListIds("q=shipping"), std::vector<int64_t>{ship});
  json hits = Search("refunds");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["title"], "Refund policy");
  EXPECT_GT(hits[0]["score"].get<double>(), 0);
  EXPECT_NE(hits[0]["passage"].get<std::string>().find("<mark>refund</mark>"), std::string::npos)
      << hits[0]["passage"];
}

TEST_F(Kb, ChineseSearchWorksFromOneCharacter) {
  int64_t returns = Article("退货政策", "收到商品七天内可以申请退货，运费由买家承担。", "zh");
  int64_t invoice = Article("发票说明", "我们为每笔订单开具增值税发票。", "zh");
  EXPECT_EQ(ListIds("q=" + Url("退货")), std::vector<int64_t>{returns});
  EXPECT_EQ(ListIds("q=" + Url("退")), std::vector<int64_t>{returns});
  EXPECT_EQ(ListIds("q=" + Url("申请退货")), std::vector<int64_t>{returns});
  EXPECT_EQ(ListIds("q=" + Url("发票")), std::vector<int64_t>{invoice});
  EXPECT_EQ(ListIds("q=" + Url("退款")), std::vector<int64_t>{});
  EXPECT_EQ(ListIds("q=" + Url("货申")), std::vector<int64_t>{});  // not adjacent in the text
  json hits = Search("退货");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["passage"], "收到商品七天内可以申请<mark>退货</mark>，运费由买家承担。");
  json answer = Answer({{"question", "怎么申请退货？"}, {"language", "zh"}});
  ASSERT_FALSE(answer.empty());
  EXPECT_EQ(answer[0]["id"], returns);
  EXPECT_TRUE(Answer({{"question", "怎么申请退货？"}, {"language", "en"}}).empty());
}

TEST_F(Kb, AnswersRankTheBestArticleFirst) {
  int64_t refund = Article("How refunds work",
                           "Refunds are paid to the original card. A refund takes five days.");
  int64_t ship = Article("Shipping times", "Orders ship within two days; a refund of shipping "
                                           "costs is not possible.");
  int64_t warranty = Article("Warranty", "Devices have a two year warranty against defects.");
  Article("Draft about refunds", "refund refund refund", "en", "draft");
  auto r = admin_->Post("/api/v1/kb/answer",
                        {{"question", "How long does a refund take?"}, {"limit", 3}});
  ASSERT_EQ(r.status, 200) << r.body;
  json body = r.json();
  EXPECT_EQ(body["terms"], json({"long", "refund", "take"}));
  json items = body["items"];
  ASSERT_EQ(items.size(), 2u) << items.dump();
  EXPECT_EQ(IdsOf(items), (std::vector<int64_t>{refund, ship}));
  EXPECT_GT(items[0]["score"].get<double>(), items[1]["score"].get<double>());
  EXPECT_EQ(IdsOf(Answer({{"question", "Is there a warranty on defects?"}})),
            std::vector<int64_t>{warranty});
  EXPECT_EQ(Answer({{"question", "refund"}, {"limit", 1}}).size(), 1u);
  EXPECT_TRUE(Answer({{"question", "how do I ... ?"}}).empty());  // only stop words
}

TEST_F(Kb, PassagesAreEscaped) {
  Article("Script", "Never paste <script>alert('refund')</script> & co into a refund form.");
  json hits = Search("refund");
  ASSERT_EQ(hits.size(), 1u);
  std::string p = hits[0]["passage"];
  EXPECT_EQ(p.find("<script"), std::string::npos) << p;
  EXPECT_NE(p.find("&lt;script&gt;alert(&#39;<mark>refund</mark>&#39;)&lt;/script&gt; &amp; co"),
            std::string::npos)
      << p;
  json list = Items(admin_->Get("/api/v1/kb/articles?q=refund"));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["passage"], p);
}

TEST_F(Kb, HelpfulFeedbackLiftsAnEqualArticle) {
  int64_t first = Article("Password reset A", "Use the reset link to choose a new password.");
  int64_t second = Article("Password reset B", "Use the reset link to choose a new password.");
  json q = {{"question", "How do I reset my password?"}};
  EXPECT_EQ(IdsOf(Answer(q)), (std::vector<int64_t>{first, second}));
  std::string fb = "/api/v1/kb/articles/" + std::to_string(second) + "/feedback";
  auto r = admin_->Post(fb, {{"helpful", true}, {"question", "How do I reset my password?"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["helpful"], true);
  EXPECT_EQ(IdsOf(Answer(q)), (std::vector<int64_t>{second, first}));
  // The same user changes their mind: the vote is replaced, not added.
  ASSERT_EQ(admin_->Post(fb, {{"helpful", false}}).status, 201);
  json b = admin_->Get("/api/v1/kb/articles/" + std::to_string(second)).json();
  EXPECT_EQ(b["helpful_count"], 0);
  EXPECT_EQ(b["unhelpful_count"], 1);
  EXPECT_EQ(b["version"], 1);  // feedback is not an edit
  EXPECT_EQ(IdsOf(Answer(q)), (std::vector<int64_t>{first, second}));
}

TEST_F(Kb, QuerySyntaxAndSqlInInputIsJustText) {
  Article("Refund policy", "Refunds: \"quoted\" text, 100% sure, a_b and c:d.");
  for (std::string q : {"\"", "\"refund", "*", "refund*", "NEAR(refund policy)", "-refund",
                        "title:refund", "refund OR", "AND", "' OR 1=1 --", "%", "_", "\\",
                        "'; DROP TABLE kb_articles; --", "^refund", "{title}: x", "(((", "a\"b\"c",
                        "退\"货", "NOT", "100%", "c:d"}) {
    auto list = admin_->Get("/api/v1/kb/articles?q=" + Url(q));
    EXPECT_EQ(list.status, 200) << q << ": " << list.body;
    auto search = admin_->Get("/api/v1/kb/search?q=" + Url(q));
    EXPECT_EQ(search.status, 200) << q << ": " << search.body;
    auto answer = admin_->Post("/api/v1/kb/answer", {{"question", q + " refund"}});
    EXPECT_EQ(answer.status, 200) << q << ": " << answer.body;
    EXPECT_EQ(Items(answer).size(), 1u) << q;
  }
  EXPECT_EQ(ListIds("q=" + Url("\"refund")).size(), 1u);
  EXPECT_EQ(ListIds("q=" + Url("100%")).size(), 1u);
  EXPECT_EQ(ListIds("q=" + Url("zzz%")).size(), 0u);
}

TEST_F(Kb, BadInputIsRefusedWithFieldErrors) {
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/kb/answer", {{"question", std::string(1001, 'a')}}),
                        422, "validation.failed"));
  auto wrong = admin_->Post("/api/v1/kb/answer",
                            {{"question", 5}, {"limit", "x"}, {"language", true}, {"extra", 1}});
  EXPECT_TRUE(IsProblem(wrong, 422, "validation.failed"));
  EXPECT_EQ(FieldErrors(wrong), (std::set<std::pair<std::string, std::string>>{
                                    {"question", "type"},
                                    {"limit", "type"},
                                    {"language", "type"},
                                    {"extra", "unknown_field"}}));
  for (int limit : {0, -1, 21}) {
    EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/kb/answer", {{"question", "x"}, {"limit", limit}}),
                          422, "validation.failed"));
  }
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/kb/answer", {{"question", "  "}}), 422, ""));
  auto article = admin_->Post("/api/v1/kb/articles", {{"title", std::string(201, 'x')},
                                                      {"body", 3},
                                                      {"tags", {"ok", 7, ""}},
                                                      {"language", "english!"},
                                                      {"status", "archived"}});
  EXPECT_EQ(FieldErrors(article), (std::set<std::pair<std::string, std::string>>{
                                      {"title", "too_long"},
                                      {"body", "type"},
                                      {"tags/1", "invalid"},
                                      {"tags/2", "invalid"},
                                      {"language", "format"},
                                      {"status", "enum"}}));
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/kb/articles", {{"title", "t"}, {"tags", "x"}}), 422,
                        "validation.failed"));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/kb/articles?q=" + std::string(201, 'a')), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/kb/search?q=a&limit=50"), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/kb/articles?status=gone"), 422, ""));
  int64_t id = Article("Feedback target", "text");
  std::string fb = "/api/v1/kb/articles/" + std::to_string(id) + "/feedback";
  EXPECT_TRUE(IsProblem(admin_->Post(fb, {{"helpful", "yes"}}), 422, "validation.failed"));
  EXPECT_TRUE(IsProblem(admin_->Post(fb, json::object()), 422, "validation.failed"));
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/kb/articles/999999/feedback", {{"helpful", true}}),
                        404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/kb/articles/abc"), 404, "not_found"));
}

TEST_F(Kb, AnotherCompanysArticlesAreNotFound) {
  int64_t id = Article("Secret refund rules", "Internal refund rules of the first company.");
  auto created = admin_->Post("/api/v1/companies", {{"name", "Second Co"},
                                                    {"currency", "USD"},
                                                    {"time_zone", "America/New_York"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto sw = admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}});
  ASSERT_EQ(sw.status, 200) << sw.body;
  std::string path = "/api/v1/kb/articles/" + std::to_string(id);
  EXPECT_TRUE(IsProblem(admin_->Get(path), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Patch(path, {{"title", "Mine"}}, IfMatch("\"1\"")), 404,
                        "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Delete(path, IfMatch("\"1\"")), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Send("POST", path + "/archive"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post(path + "/feedback", {{"helpful", true}}), 404, "not_found"));
  EXPECT_EQ(ListIds("q=refund"), std::vector<int64_t>{});
  EXPECT_TRUE(Search("refund").empty());
  EXPECT_TRUE(Answer({{"question", "What are the refund rules?"}}).empty());
  int64_t own = Article("Our refund rules", "Refund rules of the second company.");
  EXPECT_EQ(IdsOf(Search("refund")), std::vector<int64_t>{own});
}

TEST_F(Kb, SuggestNeedsNoPermissionToFailGracefully) {
  int64_t id = Article("Damaged parcel", "Report a damaged parcel within two days for a refund.");
  auto& app = server_.app();
  security::Access reader(1, "admin", 1, 0, {{"kb.article.read", security::Scope::kCompany}});
  security::Access nobody(1, "admin", 1, 0, {});
  Status st = app.db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto found, app.kb_answers().Suggest(
                                     tx, reader, "My parcel arrived damaged, what now?", 3));
    EXPECT_EQ(found.size(), 1u);
    if (!found.empty()) {
      EXPECT_EQ(found[0].article_id, id);
      EXPECT_NE(found[0].passage.find("<mark>damaged</mark>"), std::string::npos);
    }
    ASSIGN_OR_RETURN(auto none, app.kb_answers().Suggest(tx, nobody, "damaged parcel", 3));
    EXPECT_TRUE(none.empty());
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

}  // namespace
}  // namespace concord::testing
