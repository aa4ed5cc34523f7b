#include "kb/text.h"

#include <gtest/gtest.h>

#include <cctype>

namespace concord::kb {
namespace {

std::vector<std::string> Texts(const std::vector<Term>& terms) {
  std::vector<std::string> out;
  for (const auto& t : terms) out.push_back(t.text);
  return out;
}

TEST(KbText, SplitsLatinWordsAndCjkRuns) {
  auto t = SplitTerms("Refunds: 退货政策，iPhone退货 (30 days)");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"refunds", "退货政策", "iphone", "退货", "30",
                                                "days"}));
  EXPECT_TRUE(t[1].cjk);
  EXPECT_EQ(t[1].chars, 4u);
  EXPECT_FALSE(t[0].cjk);
}

TEST(KbText, QueryTermsNeverCarrySyntax) {
  auto t = QueryTerms("\"refund\" * NEAR(a b) -x col:val ' OR 1=1; -- DROP TABLE");
  for (const auto& term : t) {
    for (char c : term.text) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << term.text;
  }
  EXPECT_EQ(Fts5WordQuery(QueryTerms("\"\"\"")), "");
  EXPECT_EQ(Fts5WordQuery(QueryTerms("a\"b")), "\"a\" OR \"b\"");
}

TEST(KbText, QuestionDropsStopWordsAndSplitsChinese) {
  EXPECT_EQ(Texts(QuestionTerms("How do I get a refund for my order?")),
            (std::vector<std::string>{"refund", "order"}));
  EXPECT_EQ(Texts(QuestionTerms("怎么申请退货？")),
            (std::vector<std::string>{"么申", "申请", "请退", "退货"}));
  EXPECT_EQ(Texts(QuestionTerms("退货")), (std::vector<std::string>{"退货"}));
}

TEST(KbText, WordIndexTextHasBigramsThenCharacters) {
  EXPECT_EQ(WordIndexText("Return 退货政策!"), "return 退货 货政 政策 退 货 政 策");
  EXPECT_EQ(WordIndexText("税"), "税");
}

TEST(KbText, MatchExpressions) {
  auto t = QueryTerms("refunds 退货政策 税");
  EXPECT_EQ(Fts5WordQuery(t), "\"refunds\" OR \"退货 货政 政策\" OR \"税\"");
  EXPECT_EQ(Fts5TrigramQuery(t), "\"refunds\" OR \"退货政策\"");
  EXPECT_EQ(TsQuery(t), "refunds | (退货 <-> 货政 <-> 政策) | 税");
  EXPECT_EQ(LikePatterns(QueryTerms("100% a_b")), (std::vector<std::string>{"%100%"}));
  EXPECT_EQ(LikePatterns({Term{"a_b%", false, 4}}), (std::vector<std::string>{"%a\\_b\\%%"}));
}

TEST(KbText, PassageMarksStemsAndEscapes) {
  std::string p = Passage("We refund <script>alert(1)</script> orders & refunded items.",
                          QueryTerms("refunds"));
  EXPECT_EQ(p,
            "We <mark>refund</mark> &lt;script&gt;alert(1)&lt;/script&gt; orders &amp; "
            "<mark>refunded</mark> items.");
}

TEST(KbText, PassagePicksTheWindowWithMostTerms) {
  std::string filler;
  for (int i = 0; i < 60; ++i) filler += "lorem ipsum ";
  std::string body = "refund once. " + filler + "refund and warranty together. " + filler;
  std::string p = Passage(body, QueryTerms("refund warranty"));
  EXPECT_NE(p.find("<mark>refund</mark> and <mark>warranty</mark>"), std::string::npos) << p;
  EXPECT_TRUE(p.starts_with("…"));
  EXPECT_TRUE(p.ends_with("…"));
}

TEST(KbText, PassageChinese) {
  std::string p = Passage("本店的退货政策：收到商品七天内可以退货。", QueryTerms("退货"));
  EXPECT_EQ(p, "本店的<mark>退货</mark>政策：收到商品七天内可以<mark>退货</mark>。");
  EXPECT_EQ(Passage("no match here", QueryTerms("zzz")), "no match here");
}

}  // namespace
}  // namespace concord::kb
