#include "party/normalize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace concord::party {
namespace {

using ::testing::ElementsAre;

// Strings with every kind of broken UTF-8 a client can send.
const std::vector<std::string>& InvalidUtf8Samples() {
  static const std::vector<std::string> samples = {
      "\xff",
      "ACME\xff Trading",
      "\xe4\xb8",              // truncated 3-byte sequence
      "\xc0\xaf",              // overlong "/"
      "\xed\xa0\x80",          // UTF-16 surrogate encoded as UTF-8
      "\xf4\x90\x80\x80",      // above U+10FFFF
      "\x80\x80\x80",          // lone continuation bytes
      "\xe4\xb8\x8a\xe6\xb5",  // "上" then a truncated "海"
      std::string("nul\0byte", 8),
      "\xf0\x9f\x98",                  // truncated emoji
      "\xef\xbf\xbf\xf4\x8f\xbf\xbf",  // noncharacters U+FFFF, U+10FFFF
  };
  return samples;
}

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80         ? 1
                         : (c >> 5) == 6  ? 2
                         : (c >> 4) == 14 ? 3
                         : (c >> 3) == 30 ? 4
                                          : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// --- NormalizeEmail ---

TEST(NormalizeEmail, TrimsAndLowerCasesBothParts) {
  EXPECT_EQ(NormalizeEmail("  Alice.Chen@Example.COM \t"), "alice.chen@example.com");
  EXPECT_EQ(NormalizeEmail("a@b.co"), "a@b.co");
  EXPECT_EQ(NormalizeEmail("first+tag@sub.example.org"), "first+tag@sub.example.org");
}

TEST(NormalizeEmail, KeepsInternationalisedAddresses) {
  EXPECT_EQ(NormalizeEmail("用户@例子.广告"), "用户@例子.广告");
  EXPECT_EQ(NormalizeEmail("Jörg@Müller.DE"), "jörg@müller.de");  // only ASCII is lower-cased
}

TEST(NormalizeEmail, RejectsWhatDoesNotLookLikeAnAddress) {
  for (const char* raw : {"",
                          "   ",
                          "alice",
                          "alice@",
                          "@example.com",
                          "alice@example",
                          "alice@@example.com",
                          "a@b@example.com",
                          "alice@.example.com",
                          "alice@example.com.",
                          "alice@example..com",
                          "alice smith@example.com",
                          "alice@exa mple.com",
                          "Alice <alice@example.com>",
                          "alice@-example.com",
                          "alice@example-.com",
                          "alice@1.2.3.4",
                          "ali,ce@example.com",
                          "alice@example.com\n.x",
                          "alice@exam\x01ple.com",
                          "ali\u00a0ce@x.com"}) {
    EXPECT_EQ(NormalizeEmail(raw), std::nullopt) << raw;
  }
}

TEST(NormalizeEmail, EnforcesLengthLimits) {
  std::string local64(64, 'a');
  EXPECT_EQ(NormalizeEmail(local64 + "@example.com"), local64 + "@example.com");
  EXPECT_EQ(NormalizeEmail(local64 + "a@example.com"), std::nullopt);
  std::string domain = std::string(63, 'd') + "." + std::string(63, 'd') + "." +
                       std::string(63, 'd') + "." + std::string(57, 'd') + ".com";
  ASSERT_EQ(domain.size(), 253u);
  EXPECT_EQ(NormalizeEmail("a@" + domain.substr(1)), "a@" + domain.substr(1));  // 254 bytes
  EXPECT_EQ(NormalizeEmail("ab@" + domain.substr(1)), std::nullopt);            // 255 bytes
  EXPECT_EQ(NormalizeEmail("a@" + std::string(64, 'd') + ".com"), std::nullopt);
}

TEST(NormalizeEmail, RejectsInvalidUtf8) {
  for (const std::string& bad : InvalidUtf8Samples()) {
    EXPECT_EQ(NormalizeEmail(bad + "@example.com"), std::nullopt);
    EXPECT_EQ(NormalizeEmail("alice@exa" + bad + "mple.com"), std::nullopt);
  }
}

// --- NameKey ---

TEST(NormalizeNameKey, BriefExamples) {
  EXPECT_EQ(NameKey("ACME Trading Co., Ltd."), "acme trading");
  EXPECT_EQ(NameKey("上海阿克米贸易有限公司"), "上海阿克米贸易");
  EXPECT_EQ(NameKey("Müller GmbH"), "müller");
  EXPECT_EQ(NameKey("ＡＣＭＥ"), "acme");
}

TEST(NormalizeNameKey, SpellingsOfOneCompanyShareAKey) {
  const std::string key = NameKey("Acme Trading");
  for (const char* name :
       {"ACME Trading Co., Ltd.", "acme   trading", " Acme-Trading ", "ACME TRADING LIMITED",
        "Acme Trading Company", "Acme Trading Inc.", "Acme Trading Corp", "ACME Trading, LLC",
        "Acme Trading Pty Ltd", "Acme Trading Pte. Ltd.", "\"Acme\" Trading!",
        "Ａｃｍｅ　Ｔｒａｄｉｎｇ", "Acme\tTrading\n", "Acme_Trading",
        "Acme Trading GmbH & Co. KG"}) {
    EXPECT_EQ(NameKey(name), key) << name;
  }
}

TEST(NormalizeNameKey, DottedAndSlashedLegalForms) {
  EXPECT_EQ(NameKey("Nestlé S.A."), "nestlé");
  EXPECT_EQ(NameKey("Philips B.V."), "philips");
  EXPECT_EQ(NameKey("Mærsk A/S"), "mærsk");
  EXPECT_EQ(NameKey("Fiat S.p.A."), "fiat");
  EXPECT_EQ(NameKey("Volvo AB"), "volvo");
  EXPECT_EQ(NameKey("Nokia Oyj"), "nokia");
  EXPECT_EQ(NameKey("SAP SE"), "sap");
}

TEST(NormalizeNameKey, LegalFormsAreRemovedOnlyAtTheEnd) {
  EXPECT_EQ(NameKey("Co-operative Bank"), "co operative bank");
  EXPECT_EQ(NameKey("The Limited Edition Shop"), "the limited edition shop");
  EXPECT_EQ(NameKey("AG Barr plc"), "ag barr");
  EXPECT_EQ(NameKey("Company of Heroes Ltd"), "company of heroes");
  EXPECT_EQ(NameKey("Incorporated Ltd Holdings"), "incorporated ltd holdings");
}

TEST(NormalizeNameKey, NeverRemovesTheWholeName) {
  EXPECT_EQ(NameKey("AS"), "as");
  EXPECT_EQ(NameKey("AG"), "ag");
  EXPECT_EQ(NameKey("Co."), "co");
  EXPECT_EQ(NameKey("Co., Ltd."), "co");
  EXPECT_EQ(NameKey("S.A."), "s a");
  EXPECT_EQ(NameKey("公司"), "公司");
  EXPECT_EQ(NameKey("有限公司"), "有限公司");
  EXPECT_EQ(NameKey("集团有限公司"), "集团");
}

TEST(NormalizeNameKey, HanLegalSuffixes) {
  EXPECT_EQ(NameKey("中国银行股份有限公司"), "中国银行");
  EXPECT_EQ(NameKey("阿克米有限责任公司"), "阿克米");
  EXPECT_EQ(NameKey("阿克米集团有限公司"), "阿克米");
  EXPECT_EQ(NameKey("阿克米集团"), "阿克米");
  EXPECT_EQ(NameKey("阿克米公司"), "阿克米");
  EXPECT_EQ(NameKey("台灣阿克米股份有限公司"), "台灣阿克米");
  EXPECT_EQ(NameKey("アクメ株式会社"), "アクメ");  // 株式会社 is a Han run of its own
  EXPECT_EQ(NameKey("阿克米株式会社"), "阿克米");
  EXPECT_EQ(NameKey("ACME有限公司"), "acme");
  EXPECT_EQ(NameKey("上海阿克米贸易有限公司（Shanghai ACME Trading Co., Ltd.）"),
            "上海阿克米贸易 shanghai acme trading");
  // Only at the end of a Han run.
  EXPECT_EQ(NameKey("公司阿克米"), "公司阿克米");
}

TEST(NormalizeNameKey, FoldsCaseAndCompatibilityForms) {
  EXPECT_EQ(NameKey("STRASSE"), NameKey("Straße"));
  EXPECT_EQ(NameKey("ΣΊΣΥΦΟΣ"), NameKey("σίσυφος"));
  EXPECT_EQ(NameKey("ﬁne ﬂow"), "fine flow");  // ligatures
  EXPECT_EQ(NameKey("①②"), "12");
  EXPECT_EQ(NameKey("soft\u00adhyphen"), "softhyphen");
  EXPECT_EQ(NameKey("zero\u200bwidth"), "zerowidth");
  EXPECT_EQ(NameKey("Café"), NameKey("Cafe\u0301"));  // composed and decomposed é
}

TEST(NormalizeNameKey, PunctuationSymbolsAndSpacesSeparateWords) {
  EXPECT_EQ(NameKey("  O'Brien & Sons (Europe) "), "o brien sons europe");
  EXPECT_EQ(NameKey("北京·王府井【旗舰店】"), "北京 王府井 旗舰店");
  EXPECT_EQ(NameKey("A\u3000B\u00a0C\u2003D"), "a b c d");
  EXPECT_EQ(NameKey("Acme™ Ⓡ ★ Trading"), "acme trading");
  EXPECT_EQ(NameKey("...---..."), "");
  EXPECT_EQ(NameKey(""), "");
}

TEST(NormalizeNameKey, InvalidUtf8SeparatesAndNeverLeaks) {
  EXPECT_EQ(NameKey("ACME\xff Trading"), "acme trading");
  EXPECT_EQ(NameKey("AC\xffME"), "ac me");
  EXPECT_EQ(NameKey("\xe4\xb8\x8a\xe6\xb5"), "上");
  for (const std::string& bad : InvalidUtf8Samples()) {
    std::string key = NameKey("x" + bad + "y");
    EXPECT_TRUE(IsValidUtf8(key)) << key;
    EXPECT_EQ(key.find("\xf4\x8f\xbf\xbf"), std::string::npos);
    EXPECT_EQ(key.find("\xef\xbf\xbd"), std::string::npos);
  }
}

TEST(NormalizeNameKey, IsIdempotent) {
  for (const char* name : {"ACME Trading Co., Ltd.", "上海阿克米贸易有限公司", "Müller GmbH",
                           "Straße", "Nestlé S.A.", "有限公司", "Co Ltd"}) {
    std::string key = NameKey(name);
    // A second pass may only strip what the first pass exposed; these expose nothing.
    EXPECT_EQ(NameKey(key), key) << name;
  }
}

// --- CityKey ---

TEST(NormalizeCityKey, FoldsTrimsAndDropsShi) {
  EXPECT_EQ(CityKey("上海市"), "上海");
  EXPECT_EQ(CityKey("上海"), "上海");
  EXPECT_EQ(CityKey("Shanghai "), "shanghai");
  EXPECT_EQ(CityKey("  NEW   york\t"), "new york");
  EXPECT_EQ(CityKey("ＳＨＡＮＧＨＡＩ"), "shanghai");
  EXPECT_EQ(CityKey("上海 市"), "上海");
  EXPECT_EQ(CityKey("市"), "市");
  EXPECT_EQ(CityKey("Saint-Étienne"), "saint-étienne");  // punctuation is kept
  EXPECT_EQ(CityKey(""), "");
}

TEST(NormalizeCityKey, InvalidUtf8DoesNotCrash) {
  for (const std::string& bad : InvalidUtf8Samples()) {
    EXPECT_TRUE(IsValidUtf8(CityKey("Shang" + bad + "hai市")));
  }
}

// --- SortKey ---

std::vector<std::string> SortedBySortKey(std::vector<std::string> names) {
  std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return SortKey(a) < SortKey(b);
  });
  return names;
}

TEST(NormalizeSortKey, IsLowerCaseHexWithoutTerminator) {
  std::string key = SortKey("Alice");
  ASSERT_FALSE(key.empty());
  EXPECT_EQ(key.size() % 2, 0u);
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(key.substr(key.size() - 2), "00");
}

TEST(NormalizeSortKey, LatinIsAlphabeticalIgnoringCase) {
  EXPECT_LT(SortKey("Alice"), SortKey("bob"));
  EXPECT_LT(SortKey("bob"), SortKey("Zed"));
  EXPECT_LT(SortKey("apple"), SortKey("Apricot"));
  EXPECT_LT(SortKey("Émile"), SortKey("Eva"));  // accents are secondary
  // Case only breaks ties (tertiary strength): lower case first.
  EXPECT_LT(SortKey("abc"), SortKey("Abc"));
  EXPECT_NE(SortKey("abc"), SortKey("Abc"));
}

TEST(NormalizeSortKey, HanIsInPinyinOrder) {
  EXPECT_LT(SortKey("陈"), SortKey("王"));  // chen < wang
  EXPECT_LT(SortKey("王"), SortKey("张"));  // wang < zhang
  EXPECT_THAT(SortedBySortKey({"张伟", "王芳", "陈爱丽", "阿克米", "北京"}),
              ElementsAre("阿克米", "北京", "陈爱丽", "王芳", "张伟"));
}

// The "zh" tailoring reorders scripts: digits and punctuation, then every Han name (by
// pinyin), then Latin, then Greek and Cyrillic. Latin and Han do not interleave ("Wang" does
// not sort next to "王"); a Chinese user sees the Chinese names first.
TEST(NormalizeSortKey, ScriptsSortAsBlocksHanBeforeLatin) {
  EXPECT_THAT(SortedBySortKey({"Zed", "张三", "Alice", "123 Corp", "Ωmega", "陈", "Борис"}),
              ElementsAre("123 Corp", "陈", "张三", "Alice", "Zed", "Ωmega", "Борис"));
}

TEST(NormalizeSortKey, IgnoresSurroundingSpaceAndBoundsLength) {
  EXPECT_EQ(SortKey("  Alice \t"), SortKey("Alice"));
  std::string long_name(5000, 'x');
  EXPECT_EQ(SortKey(long_name), SortKey(long_name.substr(0, 128)));
  EXPECT_LT(SortKey(long_name).size(), 1200u);
}

TEST(NormalizeSortKey, InvalidUtf8DoesNotCrash) {
  for (const std::string& bad : InvalidUtf8Samples()) EXPECT_FALSE(SortKey("a" + bad).empty());
  EXPECT_LT(SortKey(""), SortKey("0"));  // the empty name sorts first
}

// --- Pinyin ---

TEST(NormalizePinyin, TransliteratesHanNames) {
  EXPECT_EQ(Pinyin("陈爱丽"), "chen ai li");
  EXPECT_EQ(Pinyin("上海阿克米贸易有限公司"), "shang hai a ke mi mao yi");  // NameKey first
  EXPECT_EQ(Pinyin("Müller 陈"), "muller chen");
  EXPECT_EQ(Pinyin("3M中国"), "3m zhong guo");
}

TEST(NormalizePinyin, EmptyWithoutHan) {
  EXPECT_EQ(Pinyin("Alice Chen"), "");
  EXPECT_EQ(Pinyin("アクメ"), "");
  EXPECT_EQ(Pinyin(""), "");
}

TEST(NormalizePinyin, InvalidUtf8DoesNotCrash) {
  for (const std::string& bad : InvalidUtf8Samples()) {
    EXPECT_EQ(Pinyin("陈" + bad + "爱丽").substr(0, 4), "chen");
  }
}

// --- SearchKeys ---

TEST(NormalizeSearchKeys, LatinNameEmailAndPhone) {
  EXPECT_THAT(
      SearchKeys("ACME Trading Co., Ltd.", "sales@acme.com", "+8613800138000"),
      ElementsAre("acme", "trading", "sales@acme.com", "sales", "8613800138000", "13800138000"));
}

TEST(NormalizeSearchKeys, HanRunsGetSuffixesAndPinyin) {
  EXPECT_THAT(
      SearchKeys("上海阿克米贸易有限公司", "", ""),
      ElementsAre("上海阿克米贸易", "海阿克米贸易", "阿克米贸易", "克米贸易", "米贸易", "贸易",
                  "易", "shang", "hai", "a", "ke", "mi", "mao", "yi", "shanghaiakemimaoyi"));
  EXPECT_THAT(SearchKeys("陈爱丽", "", ""),
              ElementsAre("陈爱丽", "爱丽", "丽", "chen", "ai", "li", "chenaili"));
}

TEST(NormalizeSearchKeys, MixedNameJoinsEachHanRunSeparately) {
  EXPECT_THAT(
      SearchKeys("Müller 陈爱丽", "", ""),
      ElementsAre("müller", "陈爱丽", "爱丽", "丽", "muller", "chen", "ai", "li", "chenaili"));
}

TEST(NormalizeSearchKeys, DeduplicatesAndDropsEmpty) {
  EXPECT_THAT(SearchKeys("Acme Acme acme", "acme", ""), ElementsAre("acme"));
  EXPECT_TRUE(SearchKeys("", "", "").empty());
  EXPECT_TRUE(SearchKeys("!!!", "", "").empty());
}

TEST(NormalizeSearchKeys, PhoneKeysUseTheCallingCodeLength) {
  EXPECT_THAT(SearchKeys("", "", "+14155552671"), ElementsAre("14155552671", "4155552671"));
  EXPECT_THAT(SearchKeys("", "", "+85221234567"), ElementsAre("85221234567", "21234567"));
  EXPECT_THAT(SearchKeys("", "", "+442079460958"), ElementsAre("442079460958", "2079460958"));
}

TEST(NormalizeSearchKeys, LongRunsAreBoundedAndCutOnCodePoints) {
  std::string run;
  for (int i = 0; i < 30; ++i) run += "阿";  // 3 bytes each
  run += "克";
  std::vector<std::string> keys = SearchKeys(run, "", "");
  for (const std::string& key : keys) {
    EXPECT_LE(key.size(), 64u);
    EXPECT_TRUE(IsValidUtf8(key)) << key;
  }
  // 30 + 1 code points: the run and 16 suffixes, each truncated to 21 code points (63 bytes).
  std::string first = keys.front();
  EXPECT_EQ(first.size(), 63u);
  std::string latin(100, 'a');
  EXPECT_THAT(SearchKeys(latin, "", ""), ElementsAre(std::string(64, 'a')));
}

TEST(NormalizeSearchKeys, SuffixCountIsCapped) {
  const std::string run = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉";  // 20 code points, 60 bytes
  std::vector<std::string> keys = SearchKeys(run, "", "");
  std::vector<std::string> han_keys;
  std::copy_if(keys.begin(), keys.end(), std::back_inserter(han_keys),
               [](const std::string& key) { return static_cast<unsigned char>(key[0]) >= 0x80; });
  // The run and its suffixes starting at code points 1..16, longest first.
  ASSERT_EQ(han_keys.size(), 17u);
  EXPECT_EQ(han_keys[0], run);
  EXPECT_EQ(han_keys[1], run.substr(3));
  EXPECT_EQ(han_keys[16], "午未申酉");
  EXPECT_EQ(std::find(keys.begin(), keys.end(), "酉"), keys.end());
}

TEST(NormalizeSearchKeys, InvalidUtf8DoesNotCrash) {
  for (const std::string& bad : InvalidUtf8Samples()) {
    for (const std::string& key : SearchKeys("陈" + bad + "ACME", bad, bad)) {
      EXPECT_LE(key.size(), 64u);
    }
  }
}

// --- QueryKey ---

TEST(NormalizeQueryKey, PhoneQueriesBecomeDigitsWithoutLeadingZeros) {
  EXPECT_EQ(QueryKey("0086 138"), "86138");
  EXPECT_EQ(QueryKey("(021) 555"), "21555");
  EXPECT_EQ(QueryKey("+86 138-0013.8000"), "8613800138000");
  EXPECT_EQ(QueryKey("010 6552"), "106552");      // matches the national-number key "1065529988"
  EXPECT_EQ(QueryKey("０２１ ５５５"), "21555");  // full-width
  EXPECT_EQ(QueryKey("000"), "000");
}

TEST(NormalizeQueryKey, ShortOrMixedQueriesAreText) {
  EXPECT_EQ(QueryKey("12"), "12");
  EXPECT_EQ(QueryKey("007 Agency"), "007 agency");
  EXPECT_EQ(QueryKey("Route 66"), "route 66");
}

TEST(NormalizeQueryKey, TextQueriesUseNameKey) {
  EXPECT_EQ(QueryKey("  ACME  "), "acme");
  EXPECT_EQ(QueryKey("co"), "co");  // a lone legal-form word is kept
  EXPECT_EQ(QueryKey("Ltd"), "ltd");
  EXPECT_EQ(QueryKey("ACME Trading Co., Ltd."), "acme trading");
  EXPECT_EQ(QueryKey("上海阿克米贸易有限公司"), "上海阿克米贸易");
  EXPECT_EQ(QueryKey("公司"), "公司");
  EXPECT_EQ(QueryKey("Mül"), "mül");
}

TEST(NormalizeQueryKey, FullNameQueriesMatchStoredKeys) {
  for (const char* name : {"ACME Trading Co., Ltd.", "上海阿克米贸易有限公司", "Müller GmbH"}) {
    std::vector<std::string> keys = SearchKeys(name, "", "");
    std::string query = QueryKey(name);
    std::size_t start = 0;
    while (start < query.size()) {  // every word of the query is a stored key
      std::size_t space = std::min(query.find(' ', start), query.size());
      std::string word = query.substr(start, space - start);
      EXPECT_NE(std::find(keys.begin(), keys.end(), word), keys.end()) << name << ": " << word;
      start = space + 1;
    }
  }
}

TEST(NormalizeQueryKey, InvalidUtf8DoesNotCrash) {
  for (const std::string& bad : InvalidUtf8Samples()) {
    EXPECT_TRUE(IsValidUtf8(QueryKey(bad)));
    EXPECT_TRUE(IsValidUtf8(QueryKey("138" + bad)));
  }
}

// --- NameSimilarity ---

TEST(NormalizeSimilarity, JaccardOfCodePointTrigrams) {
  EXPECT_DOUBLE_EQ(NameSimilarity("acme", "acme"), 1.0);
  EXPECT_DOUBLE_EQ(NameSimilarity("abc", "xyz"), 0.0);
  // {acm, cme} vs {acm, cme, mes}: 2 / 3.
  EXPECT_DOUBLE_EQ(NameSimilarity("acme", "acmes"), 2.0 / 3.0);
  // Sets, not multisets: "aaaa" = {aaa} = "aaa".
  EXPECT_DOUBLE_EQ(NameSimilarity("aaaa", "aaa"), 1.0);
  EXPECT_DOUBLE_EQ(NameSimilarity("acme trading", "acme trading"), 1.0);
  EXPECT_GT(NameSimilarity("acme trading", "acme tradng"), 0.5);
  EXPECT_LT(NameSimilarity("acme trading", "globex"), 0.1);
}

TEST(NormalizeSimilarity, CountsCodePointsNotBytes) {
  // Each Han character is 3 bytes; 上海阿克米 has trigrams {上海阿, 海阿克, 阿克米}.
  EXPECT_DOUBLE_EQ(NameSimilarity("上海阿克米", "海阿克米"), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(NameSimilarity("阿克", "阿克"), 1.0);  // 2 code points, 6 bytes
  EXPECT_DOUBLE_EQ(NameSimilarity("阿克", "阿米"), 0.0);
}

TEST(NormalizeSimilarity, ShortKeysCompareAsAWhole) {
  EXPECT_DOUBLE_EQ(NameSimilarity("", ""), 1.0);
  EXPECT_DOUBLE_EQ(NameSimilarity("ab", "ab"), 1.0);
  EXPECT_DOUBLE_EQ(NameSimilarity("ab", "abc"), 0.0);
  EXPECT_DOUBLE_EQ(NameSimilarity("", "abc"), 0.0);
}

TEST(NormalizeSimilarity, IsSymmetricAndBounded) {
  const char* keys[] = {"acme", "acme trading", "上海阿克米贸易", "", "ab", "acne", "\xff\xfe\xfd"};
  for (const char* a : keys) {
    for (const char* b : keys) {
      double ab = NameSimilarity(a, b);
      EXPECT_DOUBLE_EQ(ab, NameSimilarity(b, a));
      EXPECT_GE(ab, 0.0);
      EXPECT_LE(ab, 1.0);
    }
  }
}

// --- PrefixEnd ---

TEST(NormalizePrefixEnd, BoundsEveryContinuationOfThePrefix) {
  EXPECT_EQ(PrefixEnd("ab"), "ab\xf4\x8f\xbf\xbf");
  EXPECT_EQ(PrefixEnd(""), "\xf4\x8f\xbf\xbf");
  for (const char* prefix : {"", "ab", "阿克"}) {
    std::string end = PrefixEnd(prefix);
    for (const char* tail : {"", "a", "zzzz", "阿", "\xef\xbf\xbd", "😀", "\xf4\x8f\xbf\xbe"}) {
      std::string key = std::string(prefix) + tail;
      EXPECT_GE(key, std::string(prefix));
      EXPECT_LT(key, end) << prefix << tail;
    }
  }
  EXPECT_GE(std::string("ac"), PrefixEnd("ab"));
  EXPECT_GE(std::string("b"), PrefixEnd("ab"));
}

// --- Threads ---

TEST(NormalizeThreads, PerThreadIcuObjectsGiveTheSameResults) {
  const std::string sort_key = SortKey("陈爱丽");
  const std::string pinyin = Pinyin("陈爱丽");
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (SortKey("陈爱丽") != sort_key || Pinyin("陈爱丽") != pinyin ||
            NameKey("上海阿克米贸易有限公司") != "上海阿克米贸易") {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(mismatches, ElementsAre(0, 0, 0, 0));
}

}  // namespace
}  // namespace concord::party
