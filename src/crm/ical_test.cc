#include "crm/ical.h"

#include <gtest/gtest.h>

#include "core/json_input.h"

namespace concord::crm::ical {
namespace {

Timestamp At(const char* iso) { return Timestamp::ParseIso(iso).value(); }

// The physical lines of a CRLF text (the final CRLF ends the last line).
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\r\n", pos);
    if (end == std::string::npos) {
      ADD_FAILURE() << "text does not end with CRLF: " << text.substr(pos);
      break;
    }
    out.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

// Undoes the folding of 3.1 (CRLF followed by one space).
std::string Unfold(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

TEST(Ical, EscapesTextSpecials) {
  EXPECT_EQ(EscapeText("a\\b;c,d"), "a\\\\b\\;c\\,d");
  EXPECT_EQ(EscapeText("one\ntwo\r\nthree\rfour"), "one\\ntwo\\nthree\\nfour");
  EXPECT_EQ(EscapeText("tab\there"), "tab\there");
  EXPECT_EQ(EscapeText(std::string("bell\a nul") + '\0' + "x"), "bell nulx");
  EXPECT_EQ(EscapeText("客户会议，上海; 北京"), "客户会议，上海\\; 北京");
  EXPECT_EQ(EscapeText("plain: text"), "plain: text");  // colon needs no escape in a value
}

TEST(Ical, FormatsUtcTimes) {
  EXPECT_EQ(FormatUtc(At("2026-11-22T19:23:47.987654Z")), "20261122T192347Z");
  EXPECT_EQ(FormatUtc(At("2026-01-02T08:00:00+08:00")), "20260102T000000Z");
  EXPECT_EQ(Uid(42), "activity-42@concord");
}

TEST(Ical, ShortLinesAreNotFolded) {
  EXPECT_EQ(FoldLine("SUMMARY:Call"), "SUMMARY:Call\r\n");
  std::string exact(75, 'x');
  EXPECT_EQ(FoldLine(exact), exact + "\r\n");
  EXPECT_EQ(FoldLine(exact + "y"), exact + "\r\n y\r\n");
}

TEST(Ical, FoldsAt75OctetsWithoutSplittingUtf8) {
  std::string line = "SUMMARY:";
  for (int i = 0; i < 60; ++i) line += "会";  // 3 octets each
  line += "é€😀end";
  std::string folded = FoldLine(line);
  for (const auto& l : Lines(folded)) {
    EXPECT_LE(l.size(), 75u) << l;
    EXPECT_TRUE(Utf8Length(l).has_value()) << "split UTF-8 sequence in: " << l;
  }
  EXPECT_GT(Lines(folded).size(), 2u);
  EXPECT_EQ(Unfold(folded), line + "\r\n");
}

TEST(Ical, FoldsLongAsciiExactly) {
  std::string line(75 + 74 + 10, 'a');
  auto lines = Lines(FoldLine(line));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].size(), 75u);
  EXPECT_EQ(lines[1].size(), 75u);  // space + 74 octets
  EXPECT_EQ(lines[1][0], ' ');
  EXPECT_EQ(lines[2], " " + std::string(10, 'a'));
}

TEST(Ical, CalendarHasEventsTodosAndSkipsNotes) {
  Item meeting{1,
               "meeting",
               "Kick-off, Shanghai",
               "Agenda:\n1; 2",
               "上海, 浦东",
               At("2026-03-02T02:00:00Z"),
               At("2026-03-02T03:30:00Z"),
               std::nullopt,
               At("2026-03-01T00:00:00Z"),
               At("2026-03-01T01:00:00Z")};
  Item call{2,
            "call",
            "Call back",
            "",
            "",
            At("2026-03-03T09:00:00Z"),
            std::nullopt,
            std::nullopt,
            At("2026-03-01T00:00:00Z"),
            At("2026-03-01T00:00:00Z")};
  Item task{3,
            "task",
            "Send quote",
            "",
            "",
            At("2026-03-04T10:00:00Z"),
            std::nullopt,
            At("2026-03-03T10:00:00Z"),
            At("2026-03-01T00:00:00Z"),
            At("2026-03-03T10:00:00Z")};
  Item open_task{4,
                 "email",
                 "Reply",
                 "",
                 "",
                 std::nullopt,
                 std::nullopt,
                 std::nullopt,
                 At("2026-03-01T00:00:00Z"),
                 At("2026-03-01T00:00:00Z")};
  Item note{5,
            "note",
            "Met at fair",
            "",
            "",
            std::nullopt,
            std::nullopt,
            At("2026-03-01T00:00:00Z"),
            At("2026-03-01T00:00:00Z"),
            At("2026-03-01T00:00:00Z")};
  std::string cal = Calendar({meeting, call, task, open_task, note}, "Alice, CRM");
  for (const auto& l : Lines(cal)) EXPECT_LE(l.size(), 75u) << l;
  std::string text = Unfold(cal);
  EXPECT_EQ(text.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u) << text;
  EXPECT_NE(text.find("X-WR-CALNAME:Alice\\, CRM\r\n"), std::string::npos);
  EXPECT_NE(text.find("BEGIN:VEVENT\r\nUID:activity-1@concord\r\nDTSTAMP:20260301T010000Z\r\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("SUMMARY:Kick-off\\, Shanghai\r\n"), std::string::npos);
  EXPECT_NE(text.find("DESCRIPTION:Agenda:\\n1\\; 2\r\n"), std::string::npos);
  EXPECT_NE(text.find("LOCATION:上海\\, 浦东\r\n"), std::string::npos);
  EXPECT_NE(text.find("DTSTART:20260302T020000Z\r\nDTEND:20260302T033000Z\r\n"), std::string::npos);
  EXPECT_NE(text.find("DTSTART:20260303T090000Z\r\nDURATION:PT30M\r\n"), std::string::npos);
  EXPECT_NE(text.find("BEGIN:VTODO\r\nUID:activity-3@concord"), std::string::npos);
  EXPECT_NE(text.find("DUE:20260304T100000Z\r\nSTATUS:COMPLETED\r\nCOMPLETED:20260303T100000Z"),
            std::string::npos);
  EXPECT_NE(text.find("UID:activity-4@concord"), std::string::npos);
  EXPECT_NE(text.find("STATUS:NEEDS-ACTION"), std::string::npos);
  EXPECT_EQ(text.find("activity-5@concord"), std::string::npos);  // notes are not calendar items
  EXPECT_EQ(text.size() - text.rfind("END:VCALENDAR\r\n"), 15u);
}

}  // namespace
}  // namespace concord::crm::ical
