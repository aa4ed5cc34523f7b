#include "core/time.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace concord {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;

Timestamp Ts(std::string_view text) {
  Result<Timestamp> t = Timestamp::ParseIso(text);
  EXPECT_TRUE(t.ok()) << text << ": " << t.status().ToString();
  return t.ok() ? *t : Timestamp();
}

Date D(std::string_view text) {
  Result<Date> d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().ToString();
  return d.ok() ? *d : Date();
}

std::string IsoErrorId(std::string_view text) {
  Result<Timestamp> t = Timestamp::ParseIso(text);
  EXPECT_FALSE(t.ok()) << "'" << text << "' parsed as " << (t.ok() ? t->ToIso() : "");
  return t.status().message_id();
}

TEST(TimestampTest, FormatsFixedWidthUtc) {
  EXPECT_EQ(Timestamp().ToIso(), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(Timestamp::FromUnixMicros(1795375427123456).ToIso(), "2026-11-22T19:23:47.123456Z");
  EXPECT_EQ(Timestamp::FromUnixMicros(-1).ToIso(), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(Timestamp::FromUnixMicros(1).ToIso(), "1970-01-01T00:00:00.000001Z");
}

TEST(TimestampTest, ParsesAndRoundTrips) {
  Timestamp t = Ts("2026-11-22T19:23:47.123456Z");
  EXPECT_EQ(t.unix_micros(), 1795375427123456);
  EXPECT_EQ(Ts(t.ToIso()), t);
  for (int64_t us :
       {int64_t{0}, int64_t{-1}, int64_t{253402300799999999}, int64_t{-62167219200000000}}) {
    EXPECT_EQ(Ts(Timestamp::FromUnixMicros(us).ToIso()).unix_micros(), us);
  }
}

TEST(TimestampTest, NormalizesOffsetsToUtc) {
  EXPECT_EQ(Ts("2026-11-22T20:23:47+01:00").ToIso(), "2026-11-22T19:23:47.000000Z");
  EXPECT_EQ(Ts("2026-11-22T13:53:47.5-05:30").ToIso(), "2026-11-22T19:23:47.500000Z");
  EXPECT_EQ(Ts("2026-01-01T00:30:00+01:00").ToIso(), "2025-12-31T23:30:00.000000Z");
  EXPECT_EQ(Ts("2026-11-22T19:23:47-00:00"), Ts("2026-11-22T19:23:47Z"));
  // Digits beyond microseconds are truncated, not rounded.
  EXPECT_EQ(Ts("2026-11-22T19:23:47.123456999Z").ToIso(), "2026-11-22T19:23:47.123456Z");
  EXPECT_EQ(Ts("2024-02-29T00:00:00Z").ToIso(), "2024-02-29T00:00:00.000000Z");
}

TEST(TimestampTest, RejectsGarbage) {
  for (const char* bad :
       {"", "garbage", "2026-11-22", "2026-11-22 19:23:47Z", "2026-11-22T19:23:47",
        "2026-11-22t19:23:47z", "2026-11-22T19:23Z", "2026-11-22T19:23:47.Z",
        "2026-11-22T19:23:47.1234567890Z", "2026-11-22T19:23:47+0100", "2026-11-22T19:23:47Z ",
        " 2026-11-22T19:23:47Z", "2026-11-22T19:23:47+01", "26-11-22T19:23:47Z",
        "2026-11-22T19:23:47ZZ", "+2026-11-22T19:23:47Z"}) {
    EXPECT_EQ(IsoErrorId(bad), "time.malformed") << bad;
  }
  for (const char* bad : {"2026-13-22T19:23:47Z", "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z",
                          "2026-11-22T24:00:00Z", "2026-11-22T19:60:00Z", "2026-11-22T19:23:60Z",
                          "2026-11-22T19:23:47+24:00", "2026-00-10T00:00:00Z"}) {
    EXPECT_EQ(IsoErrorId(bad), "time.invalid_value") << bad;
  }
  EXPECT_EQ(IsoErrorId("0000-01-01T00:30:00+01:00"), "time.out_of_range");
  EXPECT_EQ(IsoErrorId("9999-12-31T23:30:00-01:00"), "time.out_of_range");
}

TEST(TimestampTest, StringOrderIsTimeOrder) {
  std::vector<Timestamp> times = {
      Ts("2026-11-22T19:23:47.000001Z"), Ts("1969-07-20T20:17:40Z"),
      Ts("2026-11-22T19:23:47Z"),        Ts("2026-11-22T20:23:46.999999+01:00"),
      Ts("0001-01-01T00:00:00Z"),        Ts("9999-12-31T23:59:59.999999Z"),
      Ts("2000-01-01T00:00:00.1Z")};
  std::vector<std::string> texts;
  for (const Timestamp& t : times) texts.push_back(t.ToIso());
  std::sort(times.begin(), times.end());
  std::sort(texts.begin(), texts.end());
  for (size_t i = 0; i < times.size(); ++i) {
    EXPECT_EQ(times[i].ToIso(), texts[i]);
    EXPECT_EQ(texts[i].size(), 27u);
  }
  EXPECT_EQ(texts.front(), "0001-01-01T00:00:00.000000Z");
  EXPECT_EQ(texts[3], "2026-11-22T19:23:46.999999Z");
}

TEST(TimestampTest, Arithmetic) {
  Timestamp t = Ts("2026-11-22T23:30:00Z");
  EXPECT_EQ((t + hours(1)).ToIso(), "2026-11-23T00:30:00.000000Z");
  EXPECT_EQ((t - microseconds(1)).ToIso(), "2026-11-22T23:29:59.999999Z");
  EXPECT_EQ(Ts("2026-11-23T00:00:00Z") - t, microseconds(1'800'000'000));
}

TEST(DateTest, ParsesStrictly) {
  Date d = D("2026-11-22");
  EXPECT_EQ(d.days_since_epoch(), 20779);
  EXPECT_EQ(d.year(), 2026);
  EXPECT_EQ(d.month(), 11);
  EXPECT_EQ(d.day(), 22);
  EXPECT_EQ(d.ToString(), "2026-11-22");
  EXPECT_EQ(D("2024-02-29").ToString(), "2024-02-29");
  EXPECT_EQ(D("0001-01-01").ToString(), "0001-01-01");
  for (const char* bad : {"2026-2-3", "20261122", "2026-11-22T00:00:00Z", " 2026-11-22",
                          "2026-11-22 ", "2026/11/22", "", "2026-11-2a", "-026-11-22"}) {
    EXPECT_EQ(Date::Parse(bad).status().message_id(), "date.malformed") << bad;
  }
  for (const char* bad :
       {"2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "2026-02-29", "2026-01-00"}) {
    EXPECT_EQ(Date::Parse(bad).status().message_id(), "date.invalid") << bad;
  }
}

TEST(DateTest, FromYmdValidates) {
  EXPECT_EQ(Date::FromYmd(2026, 11, 22)->ToString(), "2026-11-22");
  EXPECT_EQ(Date::FromYmd(2026, 2, 29).status().message_id(), "date.invalid");
  EXPECT_EQ(Date::FromYmd(2026, 0, 1).status().message_id(), "date.invalid");
  EXPECT_EQ(Date::FromYmd(10000, 1, 1).status().message_id(), "date.invalid");
  EXPECT_EQ(Date::FromYmd(2026, 1, -1).status().message_id(), "date.invalid");
}

TEST(DateTest, CalendarArithmetic) {
  EXPECT_EQ(D("2026-12-31").AddDays(1), D("2027-01-01"));
  EXPECT_EQ(D("2024-02-28").AddDays(1), D("2024-02-29"));
  EXPECT_EQ(D("2026-03-01").AddDays(-1), D("2026-02-28"));
  EXPECT_EQ(D("1970-01-01").AddDays(-1).ToString(), "1969-12-31");
  EXPECT_EQ(D("2026-01-01").DaysUntil(D("2027-01-01")), 365);
  EXPECT_EQ(D("2027-01-01").DaysUntil(D("2026-01-01")), -365);
  EXPECT_EQ(D("2026-01-31").AddMonths(1), D("2026-02-28"));
  EXPECT_EQ(D("2024-01-31").AddMonths(1), D("2024-02-29"));
  EXPECT_EQ(D("2026-11-30").AddMonths(3), D("2027-02-28"));
  EXPECT_EQ(D("2026-03-15").AddMonths(-3), D("2025-12-15"));
  EXPECT_EQ(D("2026-03-31").AddMonths(-13), D("2025-02-28"));
  EXPECT_EQ(D("2026-03-15").AddMonths(0), D("2026-03-15"));
  EXPECT_LT(D("2026-11-22"), D("2026-11-23"));
  EXPECT_GT(D("2027-01-01"), D("2026-12-31"));
}

TEST(DateTest, Weekday) {
  EXPECT_EQ(D("2026-11-22").weekday(), std::chrono::Sunday);
  EXPECT_EQ(D("2026-11-23").weekday().iso_encoding(), 1u);
  EXPECT_EQ(D("1970-01-01").weekday(), std::chrono::Thursday);
}

Date BizDate(std::string_view instant, std::string_view zone) {
  Result<Date> d = BusinessDate(Ts(instant), zone);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? *d : Date();
}

std::string DayStart(std::string_view date, std::string_view zone) {
  Result<Timestamp> t = StartOfDay(D(date), zone);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? t->ToIso() : "";
}

TEST(BusinessDateTest, ShanghaiIsUtcPlusEight) {
  EXPECT_EQ(BizDate("2026-11-22T17:30:00Z", "Asia/Shanghai"), D("2026-11-23"));
  EXPECT_EQ(BizDate("2026-11-22T15:59:59.999999Z", "Asia/Shanghai"), D("2026-11-22"));
  EXPECT_EQ(BizDate("2026-11-22T16:00:00Z", "Asia/Shanghai"), D("2026-11-23"));
  EXPECT_EQ(BizDate("2026-11-22T17:30:00Z", "UTC"), D("2026-11-22"));
  EXPECT_EQ(DayStart("2026-11-23", "Asia/Shanghai"), "2026-11-22T16:00:00.000000Z");
}

TEST(BusinessDateTest, NewYorkFollowsDaylightSaving) {
  // Winter, UTC-5.
  EXPECT_EQ(BizDate("2026-01-15T04:59:59Z", "America/New_York"), D("2026-01-14"));
  EXPECT_EQ(BizDate("2026-01-15T05:00:00Z", "America/New_York"), D("2026-01-15"));
  // Summer, UTC-4.
  EXPECT_EQ(BizDate("2026-07-01T03:59:59Z", "America/New_York"), D("2026-06-30"));
  EXPECT_EQ(BizDate("2026-07-01T04:00:00Z", "America/New_York"), D("2026-07-01"));
  // 2026-03-08 has 23 hours, 2026-11-01 has 25.
  EXPECT_EQ(DayStart("2026-03-08", "America/New_York"), "2026-03-08T05:00:00.000000Z");
  EXPECT_EQ(DayStart("2026-03-09", "America/New_York"), "2026-03-09T04:00:00.000000Z");
  EXPECT_EQ(DayStart("2026-11-01", "America/New_York"), "2026-11-01T04:00:00.000000Z");
  EXPECT_EQ(DayStart("2026-11-02", "America/New_York"), "2026-11-02T05:00:00.000000Z");
  EXPECT_EQ(BizDate("2026-11-02T04:30:00Z", "America/New_York"), D("2026-11-01"));
  EXPECT_EQ(BizDate("2026-03-08T06:59:59Z", "America/New_York"), D("2026-03-08"));
}

TEST(BusinessDateTest, MidnightThatIsSkippedOrRepeated) {
  // Sao Paulo jumped from 00:00 to 01:00 on 2018-11-04: the day starts at the jump.
  EXPECT_EQ(DayStart("2018-11-04", "America/Sao_Paulo"), "2018-11-04T03:00:00.000000Z");
  // Havana went back from 01:00 to 00:00 on 2023-11-05: the day starts at the first midnight.
  EXPECT_EQ(DayStart("2023-11-05", "America/Havana"), "2023-11-05T04:00:00.000000Z");
  EXPECT_EQ(BizDate("2023-11-05T04:00:00Z", "America/Havana"), D("2023-11-05"));
  EXPECT_EQ(BizDate("2023-11-05T03:59:59Z", "America/Havana"), D("2023-11-04"));
}

TEST(BusinessDateTest, UnknownZones) {
  for (const char* bad : {"Mars/Olympus", "", "asia/shanghai", "../../etc/passwd", "/etc/localtime",
                          "Asia/Shanghai\n"}) {
    EXPECT_EQ(BusinessDate(Timestamp(), bad).status().message_id(), "time.unknown_zone") << bad;
    EXPECT_EQ(StartOfDay(Date(), bad).status().message_id(), "time.unknown_zone") << bad;
    EXPECT_EQ(ValidateTimeZone(bad).message_id(), "time.unknown_zone") << bad;
  }
  EXPECT_TRUE(ValidateTimeZone("Europe/Berlin").ok());
}

TEST(ClockTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(Ts("2026-11-22T19:23:47Z"));
  const Clock& seam = clock;
  EXPECT_EQ(seam.Now().ToIso(), "2026-11-22T19:23:47.000000Z");
  EXPECT_EQ(seam.Now(), seam.Now());
  clock.Advance(hours(5));
  EXPECT_EQ(seam.Now().ToIso(), "2026-11-23T00:23:47.000000Z");
  clock.Set(Ts("2030-01-01T00:00:00Z"));
  EXPECT_EQ(seam.Now().ToIso(), "2030-01-01T00:00:00.000000Z");
}

TEST(ClockTest, SystemClockReadsTheSystemTime) {
  auto before = std::chrono::floor<microseconds>(std::chrono::system_clock::now());
  Timestamp now = SystemClock().Now();
  auto after = std::chrono::system_clock::now();
  EXPECT_GE(now.time_point(), before);
  EXPECT_LE(now.time_point(), after);
}

}  // namespace
}  // namespace concord
