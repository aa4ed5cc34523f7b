#include "search/search.h"

#include <gtest/gtest.h>

#include "search/internal.h"

namespace concord::search {
namespace {

TEST(SearchGtin, AcceptsEveryLengthWithItsCheckDigitOnly) {
  EXPECT_TRUE(IsGtin("4006381333931"));   // EAN-13
  EXPECT_TRUE(IsGtin("96385074"));        // EAN-8
  EXPECT_TRUE(IsGtin("036000291452"));    // UPC-A (GTIN-12)
  EXPECT_TRUE(IsGtin("14006381333938"));  // GTIN-14
  EXPECT_FALSE(IsGtin("4006381333932"));  // wrong check digit
  EXPECT_FALSE(IsGtin("400638133393"));   // 12 digits whose last is not a check digit
  EXPECT_FALSE(IsGtin("400638133393A"));
  EXPECT_FALSE(IsGtin("1234567"));
  EXPECT_FALSE(IsGtin(""));
}

Hit H(const std::string& kind, int64_t id, Tier tier) { return {kind, id, "", "", "", tier}; }

TEST(SearchMerge, BetterTiersFirstThenKindsTakeTurnsUpToTheLimit) {
  std::vector<std::vector<Hit>> per_kind = {
      {H("party", 1, Tier::kPrefix), H("party", 2, Tier::kPrefix), H("party", 3, Tier::kPrefix)},
      {H("product", 4, Tier::kExact), H("product", 5, Tier::kPrefix)},
      {H("sales_order", 6, Tier::kNumeric)},
  };
  auto out = Merge(per_kind, 5);
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0].id, 4);  // exact
  EXPECT_EQ(out[1].id, 6);  // numeric part
  EXPECT_EQ(out[2].id, 1);  // prefix: party, product, party ...
  EXPECT_EQ(out[3].id, 5);
  EXPECT_EQ(out[4].id, 2);
  EXPECT_EQ(Merge(per_kind, 1).size(), 1u);
}

TEST(SearchNumbers, NumericPartPadsToEachSequenceOfTheKind) {
  std::vector<internal::Sequence> seqs = {{"sales_order", "SO-", 6},
                                          {"quote", "QT-", 6},
                                          {"stock_transfer.OUT.1", "WH/OUT/", 5},
                                          {"stock_transfer.IN.1", "WH/IN/", 5}};
  using V = std::vector<std::string>;
  EXPECT_EQ(internal::NumberCandidates("45", seqs, {"sales_order"}), V({"SO-000045"}));
  EXPECT_EQ(internal::NumberCandidates("00045", seqs, {"sales_order"}), V({"SO-000045"}));
  EXPECT_EQ(internal::NumberCandidates("so-45", seqs, {"sales_order"}), V({"SO-000045"}));
  EXPECT_EQ(internal::NumberCandidates("1234567", seqs, {"sales_order"}), V({"SO-1234567"}));
  EXPECT_EQ(internal::NumberCandidates("7", seqs, {"stock_transfer."}),
            V({"WH/OUT/00007", "WH/IN/00007"}));
  EXPECT_TRUE(internal::NumberCandidates("0", seqs, {"sales_order"}).empty());
  EXPECT_TRUE(internal::NumberCandidates("4a5", seqs, {"sales_order"}).empty());
  EXPECT_TRUE(internal::NumberCandidates("QT-45", seqs, {"sales_order"}).empty());
  EXPECT_TRUE(internal::NumberCandidates("45", seqs, {"invoice"}).empty());
}

TEST(SearchQuery, SpellingsOfTheQueryAreDistinct) {
  auto q = internal::MakeQuery("So-4", 8);
  EXPECT_EQ(q.variants, std::vector<std::string>({"So-4", "SO-4", "so-4"}));
  EXPECT_TRUE(q.one_word);
  EXPECT_EQ(internal::MakeQuery("45", 8).variants.size(), 1u);
  EXPECT_FALSE(internal::MakeQuery("Acme Trading", 8).one_word);
  // One ASCII character is no name's start; one Han character is.
  EXPECT_FALSE(internal::MakeQuery("a", 8).names);
  EXPECT_TRUE(internal::MakeQuery("ab", 8).names);
  EXPECT_TRUE(internal::MakeQuery("王", 8).names);
}

}  // namespace
}  // namespace concord::search
