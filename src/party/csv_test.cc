#include "party/csv.h"

#include <gtest/gtest.h>

namespace concord::party {
namespace {

std::vector<std::vector<std::string>> Cells(std::string_view text, char delimiter = ',') {
  auto records = ParseCsv(text, delimiter);
  EXPECT_TRUE(records.ok()) << records.status().ToString();
  std::vector<std::vector<std::string>> out;
  if (!records.ok()) return out;
  for (const auto& r : *records) out.push_back(r.cells);
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(Csv, ReadsQuotedCellsWithDelimitersQuotesAndLineBreaks) {
  EXPECT_EQ(Cells("name,notes\r\n\"Acme, Inc.\",\"say \"\"hi\"\"\r\nsecond line\"\r\nZed,\r\n"),
            (Rows{{"name", "notes"}, {"Acme, Inc.", "say \"hi\"\nsecond line"}, {"Zed", ""}}));
}

TEST(Csv, AcceptsLfOrCrlfAndAMissingFinalLineBreak) {
  EXPECT_EQ(Cells("a,b\nc,d"), (Rows{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(Cells("a,b\r\nc,d\r\n"), (Rows{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(Cells("a,\n,b\n"), (Rows{{"a", ""}, {"", "b"}}));
  EXPECT_EQ(Cells(""), Rows{});
}

TEST(Csv, SkipsTheUtf8ByteOrderMark) {
  EXPECT_EQ(Cells("\xEF\xBB\xBFname\n陈爱丽\n"), (Rows{{"name"}, {"陈爱丽"}}));
}

TEST(Csv, KeepsEmptyLinesAsRecordsAndCountsLines) {
  auto records = ParseCsv("h\n\"two\nlines\"\n\nlast\n");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[1].line, 2);
  EXPECT_EQ((*records)[2].cells, std::vector<std::string>{""});
  EXPECT_EQ((*records)[2].line, 4);
  EXPECT_EQ((*records)[3].line, 5);
}

TEST(Csv, OtherDelimiters) {
  EXPECT_EQ(Cells("a;\"b;c\"\n", ';'), (Rows{{"a", "b;c"}}));
  EXPECT_EQ(Cells("a\tb,c\n", '\t'), (Rows{{"a", "b,c"}}));
}

TEST(Csv, MalformedInputNamesTheLine) {
  auto stray = ParseCsv("a,b\nc,d\"e\n");
  ASSERT_FALSE(stray.ok());
  EXPECT_EQ(stray.status().message_id(), "csv.malformed");
  EXPECT_NE(stray.status().message().find("line 2"), std::string::npos);
  auto after = ParseCsv("\"a\"b\n");
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.status().message().find("after the closing quote"), std::string::npos);
  auto open = ParseCsv("a\n\"never\nclosed\n");
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("line 2"), std::string::npos);
}

TEST(Csv, RecordLimit) {
  auto r = ParseCsv("a\nb\nc\n", ',', 2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kTooLarge);
  EXPECT_TRUE(ParseCsv("a\nb\n", ',', 2).ok());
}

TEST(Csv, WriterQuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvCell("plain"), "plain");
  EXPECT_EQ(CsvCell("陈爱丽"), "陈爱丽");
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvCell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvCell(" padded "), "\" padded \"");
  EXPECT_EQ(CsvCell(""), "");
}

TEST(Csv, WriterNeutralisesFormulas) {
  EXPECT_EQ(CsvCell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvCell("=1+2"), "'=1+2");
  EXPECT_EQ(CsvCell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(CsvCell("-2+3"), "'-2+3");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\tx"), "'\tx");
  // Plain numbers stay numbers.
  EXPECT_EQ(CsvCell("+8613800138000"), "+8613800138000");
  EXPECT_EQ(CsvCell("-12.50"), "-12.50");
  EXPECT_EQ(CsvCell("-"), "'-");
  EXPECT_EQ(StripFormulaGuard("'=1+2"), "=1+2");
  EXPECT_EQ(StripFormulaGuard("'quoted"), "'quoted");
  EXPECT_EQ(StripFormulaGuard("O'Brien"), "O'Brien");
}

TEST(Csv, WriterRoundTripsThroughTheReader) {
  CsvWriter w;
  std::vector<std::string> row = {"1", "Acme, \"The\" Co.", "line1\nline2", "上海", "=evil()", ""};
  w.Row({"id", "name", "notes", "city", "formula", "empty"});
  w.Row(row);
  std::string text = w.Take();
  EXPECT_TRUE(
      text.starts_with("\xEF\xBB\xBF"
                       "id,name"));
  EXPECT_NE(text.find("\r\n"), std::string::npos);
  auto back = Cells(text);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1][1], row[1]);
  EXPECT_EQ(back[1][2], row[2]);
  EXPECT_EQ(back[1][3], row[3]);
  EXPECT_EQ(back[1][4], "'=evil()");
  EXPECT_EQ(StripFormulaGuard(back[1][4]), "=evil()");
  EXPECT_EQ(back[1][5], "");
  EXPECT_FALSE(CsvWriter(false).text().starts_with("\xEF"));
}

}  // namespace
}  // namespace concord::party
