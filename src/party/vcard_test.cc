#include "party/vcard.h"

#include <gtest/gtest.h>

namespace concord::party::vcard {
namespace {

std::vector<std::string> PhysicalLines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\r\n", pos);
    EXPECT_NE(end, std::string::npos) << "every line ends with CRLF";
    if (end == std::string::npos) break;
    out.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

TEST(VCard, EscapesTextValues) {
  EXPECT_EQ(EscapeText("a\\b,c;d\ne\r\nf\rg"), "a\\\\b\\,c\\;d\\ne\\nf\\ng");
  EXPECT_EQ(EscapeText("tab\tok\x01gone"), "tab\tokgone");
  EXPECT_EQ(UnescapeText("a\\\\b\\,c\\;d\\ne\\Nf"), "a\\b,c;d\ne\nf");
  EXPECT_EQ(UnescapeText(EscapeText("陈, 爱丽; \\ x\ny")), "陈, 爱丽; \\ x\ny");
}

TEST(VCard, FoldsAt75OctetsWithoutSplittingUtf8) {
  std::string line = "NOTE:" + std::string(69, 'a') +
                     "上海阿克米贸易有限公司上海阿克米贸易有限公司" + std::string(100, 'b');
  std::string folded = FoldLine(line);
  auto lines = PhysicalLines(folded);
  ASSERT_GT(lines.size(), 2u);
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 75u) << i;
    if (i > 0) {
      EXPECT_EQ(lines[i][0], ' ');
    }
    std::string_view body = i > 0 ? std::string_view(lines[i]).substr(1) : lines[i];
    EXPECT_TRUE(ValidUtf8(body)) << "line " << i << " splits a character";
  }
  // The first line stops before the 3-byte character that would cross octet 75.
  EXPECT_EQ(lines[0].size(), 74u);
  EXPECT_EQ(lines[1].size(), 75u);
  // Unfolding gives the line back.
  std::string unfolded;
  for (size_t i = 0; i < lines.size(); ++i) unfolded += i == 0 ? lines[i] : lines[i].substr(1);
  EXPECT_EQ(unfolded, line);
  EXPECT_EQ(FoldLine("FN:short"), "FN:short\r\n");
}

TEST(VCard, SplitsNames) {
  EXPECT_EQ(SplitName("Mary Ann Smith"),
            std::make_pair(std::string("Smith"), std::string("Mary Ann")));
  EXPECT_EQ(SplitName("陈爱丽"), std::make_pair(std::string("陈"), std::string("爱丽")));
  EXPECT_EQ(SplitName("欧阳娜娜"), std::make_pair(std::string("欧阳"), std::string("娜娜")));
  EXPECT_EQ(SplitName("Madonna"), std::make_pair(std::string(""), std::string("Madonna")));
}

TEST(VCard, WritesVersion4Cards) {
  Card card;
  card.uid = "urn:uuid:0e7602cc-443e-4b82-b4b1-90f62f99a199";
  card.full_name = "陈爱丽";
  card.org = "上海阿克米贸易有限公司";
  card.title = "Purchasing, Asia";
  card.emails.emplace_back("chen@acme.cn", "work");
  card.telephones.push_back({"+8613800138000", {"cell"}});
  card.telephones.push_back({"ext. 12", {"work"}});
  card.addresses.push_back({{"work"}, "世纪大道100号", "上海", "", "200120", "CN"});
  card.note = "line1\nline2";
  std::string text = Write({card});
  auto lines = PhysicalLines(text);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines.front(), "BEGIN:VCARD");
  EXPECT_EQ(lines[1], "VERSION:4.0");
  EXPECT_EQ(lines.back(), "END:VCARD");
  for (const char* want :
       {"FN:陈爱丽", "N:陈;爱丽;;;", "ORG:上海阿克米贸易有限公司", "TITLE:Purchasing\\, Asia",
        "EMAIL;TYPE=work:chen@acme.cn", "TEL;VALUE=uri;TYPE=cell:tel:+8613800138000",
        "TEL;TYPE=work:ext. 12", "ADR;TYPE=work:;;世纪大道100号;上海;;200120;CN",
        "NOTE:line1\\nline2", "UID:urn:uuid:0e7602cc-443e-4b82-b4b1-90f62f99a199"}) {
    EXPECT_NE(std::find(lines.begin(), lines.end(), want), lines.end()) << want << "\n" << text;
  }
}

TEST(VCard, ReadsWhatItWrites) {
  Card card;
  card.full_name = "O'Neil; Jr, \\ 测试";
  card.note = std::string(200, 'x') + "长长的备注" + "\nend";
  ParseResult parsed = Parse(Write({card, card}));
  ASSERT_EQ(parsed.cards.size(), 2u);
  EXPECT_TRUE(parsed.stray.empty());
  const ParsedCard& c = parsed.cards[1];
  EXPECT_EQ(c.number, 2);
  EXPECT_EQ(c.error, "");
  EXPECT_EQ(c.version, "4.0");
  ASSERT_NE(c.First("FN"), nullptr);
  EXPECT_EQ(c.First("FN")->Text(), card.full_name);
  EXPECT_EQ(c.First("NOTE")->Text(), card.note);
}

TEST(VCard, ReadsVersion3WithGroupsBareTypesAndLfFolding) {
  std::string text =
      "BEGIN:VCARD\n"
      "VERSION:3.0\n"
      "N:Smith;John;;Dr.;\n"
      "FN:John\n"
      "  Smith\n"
      "item1.EMAIL;type=INTERNET;type=pref:john@example.com\n"
      "TEL;WORK;VOICE:+1 555 0100\n"
      "TEL;TYPE=\"cell,voice\":+1 555 0199\n"
      "ADR;TYPE=WORK:;;1 Main St\\, Suite 2;Springfield;IL;62701;USA\n"
      "X-CUSTOM;PARAM=\"a:b\":value:with:colons\n"
      "END:VCARD\n";
  ParseResult parsed = Parse(text);
  ASSERT_EQ(parsed.cards.size(), 1u);
  const ParsedCard& c = parsed.cards[0];
  EXPECT_EQ(c.error, "");
  EXPECT_EQ(c.First("FN")->Text(), "John Smith");
  EXPECT_EQ(c.First("N")->Components()[1], "John");
  const Property* email = c.First("EMAIL");
  EXPECT_EQ(email->group, "item1");
  EXPECT_TRUE(email->HasType("pref"));
  EXPECT_TRUE(email->HasType("internet"));
  auto tels = c.All("TEL");
  ASSERT_EQ(tels.size(), 2u);
  EXPECT_TRUE(tels[0]->HasType("work"));
  EXPECT_TRUE(tels[0]->HasType("voice"));
  EXPECT_TRUE(tels[1]->HasType("cell"));
  auto adr = c.First("ADR")->Components();
  ASSERT_EQ(adr.size(), 7u);
  EXPECT_EQ(adr[2], "1 Main St, Suite 2");
  EXPECT_EQ(adr[3], "Springfield");
  EXPECT_EQ(c.First("X-CUSTOM")->value, "value:with:colons");
}

TEST(VCard, ReportsMalformedCards) {
  std::string text =
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Good\r\nEND:VCARD\r\n"
      "BEGIN:VCARD\r\nVERSION:4.0\r\nthis line has no colon\r\nEND:VCARD\r\n"
      "BEGIN:VCARD\r\nFN:No version\r\nEND:VCARD\r\n"
      "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Old\r\nEND:VCARD\r\n"
      "stray text\r\n"
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Never ended\r\n"
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Last\r\n";
  ParseResult parsed = Parse(text);
  ASSERT_EQ(parsed.cards.size(), 6u);
  EXPECT_EQ(parsed.cards[0].error, "");
  EXPECT_NE(parsed.cards[1].error.find("line 7"), std::string::npos) << parsed.cards[1].error;
  EXPECT_NE(parsed.cards[2].error.find("VERSION"), std::string::npos);
  EXPECT_NE(parsed.cards[3].error.find("2.1"), std::string::npos);
  EXPECT_NE(parsed.cards[4].error.find("not ended"), std::string::npos);
  EXPECT_EQ(parsed.cards[4].number, 5);
  EXPECT_NE(parsed.cards[5].error.find("never ended"), std::string::npos);
  ASSERT_EQ(parsed.stray.size(), 1u);
  EXPECT_EQ(parsed.stray[0].line, 16);
}

TEST(VCard, CaretEscapesInParameters) {
  ParseResult parsed =
      Parse("BEGIN:VCARD\nVERSION:4.0\nADR;LABEL=\"a^nb ^'q^' ^^\":;;x;;;;\nEND:VCARD\n");
  ASSERT_EQ(parsed.cards.size(), 1u);
  const Property* adr = parsed.cards[0].First("ADR");
  ASSERT_NE(adr, nullptr);
  ASSERT_EQ(adr->params.size(), 1u);
  EXPECT_EQ(adr->params[0].second, "a\nb \"q\" ^");
}

}  // namespace
}  // namespace concord::party::vcard
