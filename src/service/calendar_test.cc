#include "service/calendar.h"

#include <gtest/gtest.h>

namespace concord::service {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;

Timestamp T(const char* iso) { return *Timestamp::ParseIso(iso); }
Date D(const char* text) { return *Date::Parse(text); }

BusinessCalendar Cal(CalendarSpec spec) {
  auto cal = BusinessCalendar::Make(std::move(spec));
  EXPECT_TRUE(cal.ok()) << cal.status().ToString();
  return *cal;
}

// Monday to Friday, 09:00-12:00 and 13:00-18:00 (eight hours a day), in `zone`.
CalendarSpec Office(const char* zone, std::set<Date> holidays = {}) {
  CalendarSpec s;
  s.time_zone = zone;
  s.holidays = std::move(holidays);
  return s;
}

struct AddCase {
  const char* name;
  CalendarSpec spec;
  const char* start;
  microseconds duration;
  const char* want;
};

// 2026-11-20 is a Friday, 2026-11-23 a Monday.
TEST(BusinessCalendarTest, AddBusinessTime) {
  const AddCase cases[] = {
      {"inside a window", Office("UTC"), "2026-11-23T10:00:00Z", hours(1), "2026-11-23T11:00:00Z"},
      {"over the lunch break", Office("UTC"), "2026-11-23T11:30:00Z", hours(1),
       "2026-11-23T13:30:00Z"},
      {"over a weekend", Office("UTC"), "2026-11-20T17:00:00Z", hours(2), "2026-11-23T10:00:00Z"},
      {"start on a Saturday", Office("UTC"), "2026-11-21T10:00:00Z", minutes(30),
       "2026-11-23T09:30:00Z"},
      {"start before opening", Office("UTC"), "2026-11-23T07:00:00Z", hours(1),
       "2026-11-23T10:00:00Z"},
      {"start in the lunch break", Office("UTC"), "2026-11-23T12:20:00Z", hours(1),
       "2026-11-23T14:00:00Z"},
      {"ends exactly at closing", Office("UTC"), "2026-11-23T17:00:00Z", hours(1),
       "2026-11-23T18:00:00Z"},
      {"start after closing", Office("UTC"), "2026-11-23T19:00:00Z", hours(8),
       "2026-11-24T18:00:00Z"},
      {"two full days", Office("UTC"), "2026-11-23T09:00:00Z", hours(16), "2026-11-24T18:00:00Z"},
      {"a holiday Monday", Office("UTC", {D("2026-11-23")}), "2026-11-20T17:00:00Z", hours(2),
       "2026-11-24T10:00:00Z"},
      {"holidays around a weekend", Office("UTC", {D("2026-11-20"), D("2026-11-23")}),
       "2026-11-19T17:30:00Z", hours(1), "2026-11-24T09:30:00Z"},
      {"zero duration", Office("UTC"), "2026-11-21T10:00:00Z", microseconds(0),
       "2026-11-21T10:00:00Z"},
      {"Shanghai opens at 01:00Z", Office("Asia/Shanghai"), "2026-11-23T00:00:00Z", hours(1),
       "2026-11-23T02:00:00Z"},
      {"Shanghai local Monday, UTC Sunday", Office("Asia/Shanghai"), "2026-11-22T16:30:00Z",
       minutes(90), "2026-11-23T02:30:00Z"},
      // New York moves to EDT on Sunday 2026-03-08: Friday 17:00 EST is 22:00Z, Monday
      // 10:00 EDT is 14:00Z.
      {"weekend over spring forward", Office("America/New_York"), "2026-03-06T22:00:00Z", hours(2),
       "2026-03-09T14:00:00Z"},
      // Back to EST on Sunday 2026-11-01: Friday 17:00 EDT is 21:00Z, Monday 10:00 EST 15:00Z.
      {"weekend over fall back", Office("America/New_York"), "2026-10-30T21:00:00Z", hours(2),
       "2026-11-02T15:00:00Z"},
  };
  for (const AddCase& c : cases) {
    BusinessCalendar cal = Cal(c.spec);
    auto got = cal.AddBusinessTime(T(c.start), c.duration);
    ASSERT_TRUE(got.ok()) << c.name << ": " << got.status().ToString();
    EXPECT_EQ(got->ToIso(), T(c.want).ToIso()) << c.name;
    // The inverse: the business time between start and the deadline is the duration.
    EXPECT_EQ(cal.BusinessTimeBetween(T(c.start), *got), c.duration) << c.name;
  }
}

// Every day a working day, one window 00:00-06:00 local in New York.
CalendarSpec Night() {
  CalendarSpec s;
  s.time_zone = "America/New_York";
  s.working_days = {1, 2, 3, 4, 5, 6, 7};
  s.windows = {{0, 6 * 60}};
  return s;
}

TEST(BusinessCalendarTest, DstDaysCountTheHoursThatReallyPass) {
  BusinessCalendar cal = Cal(Night());
  // 2026-03-08: 00:00 EST (05:00Z) .. 06:00 EDT (10:00Z) is five hours.
  EXPECT_EQ(cal.BusinessTimeBetween(T("2026-03-08T00:00:00Z"), T("2026-03-09T00:00:00Z")),
            hours(5));
  // 2026-11-01: 00:00 EDT (04:00Z) .. 06:00 EST (11:00Z) is seven hours.
  EXPECT_EQ(cal.BusinessTimeBetween(T("2026-11-01T00:00:00Z"), T("2026-11-02T00:00:00Z")),
            hours(7));
  // Five hours fill the spring day exactly; half an hour more is 00:30 EDT the next day.
  EXPECT_EQ(cal.AddBusinessTime(T("2026-03-08T05:00:00Z"), hours(5))->ToIso(),
            T("2026-03-08T10:00:00Z").ToIso());
  EXPECT_EQ(cal.AddBusinessTime(T("2026-03-08T05:00:00Z"), minutes(330))->ToIso(),
            T("2026-03-09T04:30:00Z").ToIso());
}

TEST(BusinessCalendarTest, WindowOpeningInsideTheSpringGapOpensAtTheJump) {
  CalendarSpec s = Night();
  s.windows = {{2 * 60 + 30, 4 * 60}};  // 02:30 does not exist on 2026-03-08
  BusinessCalendar cal = Cal(s);
  // Opens at the jump (03:00 EDT = 07:00Z), closes 04:00 EDT (08:00Z): one hour.
  EXPECT_EQ(cal.BusinessTimeBetween(T("2026-03-08T00:00:00Z"), T("2026-03-09T00:00:00Z")),
            hours(1));
  EXPECT_EQ(cal.AddBusinessTime(T("2026-03-08T05:00:00Z"), minutes(10))->ToIso(),
            T("2026-03-08T07:10:00Z").ToIso());
}

TEST(BusinessCalendarTest, BusinessTimeBetween) {
  BusinessCalendar cal = Cal(Office("UTC"));
  EXPECT_EQ(cal.BusinessTimeBetween(T("2026-11-20T17:00:00Z"), T("2026-11-23T10:00:00Z")),
            hours(2));
  EXPECT_EQ(cal.BusinessTimeBetween(T("2026-11-23T11:00:00Z"), T("2026-11-23T14:00:00Z")),
            hours(2));
  EXPECT_EQ(cal.BusinessTimeBetween(T("2026-11-21T00:00:00Z"), T("2026-11-22T23:59:00Z")),
            hours(0));
  EXPECT_EQ(cal.BusinessTimeBetween(T("2026-11-23T14:00:00Z"), T("2026-11-23T11:00:00Z")),
            hours(0));
  EXPECT_EQ(cal.BusinessTimeBetween(T("2026-11-23T00:00:00Z"), T("2026-11-30T00:00:00Z")),
            hours(40));
}

TEST(BusinessCalendarTest, PauseOverAWeekendMovesTheDeadlineByTheBusinessTimeWaited) {
  BusinessCalendar cal = Cal(Office("UTC"));
  // Waiting Friday 16:00 .. Monday 10:00 is three business hours (Fri 16-18, Mon 9-10); the
  // deadline Monday 12:00 moves over the lunch break to 16:00.
  auto moved = cal.ExtendForPause(T("2026-11-23T12:00:00Z"), T("2026-11-20T16:00:00Z"),
                                  T("2026-11-23T10:00:00Z"));
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->ToIso(), T("2026-11-23T16:00:00Z").ToIso());
  // Waiting only over the weekend moves nothing.
  EXPECT_EQ(cal.ExtendForPause(T("2026-11-23T12:00:00Z"), T("2026-11-20T18:00:00Z"),
                               T("2026-11-23T09:00:00Z"))
                ->ToIso(),
            T("2026-11-23T12:00:00Z").ToIso());
}

TEST(BusinessCalendarTest, RejectsInvalidSpecs) {
  CalendarSpec zone = Office("Mars/Olympus");
  EXPECT_EQ(BusinessCalendar::Make(zone).status().code(), Code::kInvalidArgument);
  CalendarSpec overlap = Office("UTC");
  overlap.windows = {{9 * 60, 13 * 60}, {12 * 60, 18 * 60}};
  EXPECT_FALSE(BusinessCalendar::Make(overlap).ok());
  CalendarSpec backwards = Office("UTC");
  backwards.windows = {{18 * 60, 9 * 60}};
  EXPECT_FALSE(BusinessCalendar::Make(backwards).ok());
  CalendarSpec no_days = Office("UTC");
  no_days.working_days = {};
  EXPECT_FALSE(BusinessCalendar::Make(no_days).ok());
  CalendarSpec bad_day = Office("UTC");
  bad_day.working_days = {0, 8};
  EXPECT_FALSE(BusinessCalendar::Make(bad_day).ok());
}

TEST(BusinessCalendarTest, NoWorkingTimeAndNegativeDurationsFail) {
  CalendarSpec weekends_off = Office("UTC");
  weekends_off.working_days = {6};
  for (int i = 0; i < 3700; i += 7) weekends_off.holidays.insert(D("2026-11-21").AddDays(i));
  BusinessCalendar cal = Cal(weekends_off);
  EXPECT_EQ(cal.AddBusinessTime(T("2026-11-20T00:00:00Z"), hours(1)).status().message_id(),
            "calendar.no_working_time");
  BusinessCalendar office = Cal(Office("UTC"));
  EXPECT_EQ(office.AddBusinessTime(T("2026-11-20T00:00:00Z"), hours(-1)).status().code(),
            Code::kInvalidArgument);
}

TEST(BusinessCalendarTest, AddAndBetweenAgreeEverywhere) {
  BusinessCalendar cal = Cal(Office("Europe/Berlin", {D("2026-03-30")}));
  // Starts every 7h10m across the spring change (2026-03-29), durations up to three days.
  for (int i = 0; i < 60; ++i) {
    Timestamp start = T("2026-03-25T00:00:00Z") + minutes(430 * i);
    for (int d : {1, 59, 300, 481, 1440, 1500}) {
      auto due = cal.AddBusinessTime(start, minutes(d));
      ASSERT_TRUE(due.ok());
      EXPECT_EQ(cal.BusinessTimeBetween(start, *due), minutes(d)) << start.ToIso() << " + " << d;
    }
  }
}

TEST(BusinessCalendarTest, ParseClock) {
  EXPECT_EQ(ParseClock("09:00"), 540);
  EXPECT_EQ(ParseClock("24:00"), 1440);
  EXPECT_EQ(ParseClock("00:00"), 0);
  EXPECT_EQ(ParseClock("24:01"), std::nullopt);
  EXPECT_EQ(ParseClock("9:00"), std::nullopt);
  EXPECT_EQ(ParseClock("09:60"), std::nullopt);
  EXPECT_EQ(ParseClock("0900"), std::nullopt);
  EXPECT_EQ(FormatClock(13 * 60 + 5), "13:05");
}

}  // namespace
}  // namespace concord::service
