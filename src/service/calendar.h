// Business calendars: working days, working hours, holidays and a time zone, and the
// arithmetic of service-level deadlines on them.
//
// Business time is real elapsed time inside working windows. A window is given in local wall
// clock time ("09:00"-"12:00") and converted to instants per day with the company's IANA time
// zone, so a day on which the clocks change counts the hours that really pass (a window
// 01:00-04:00 on a spring-forward day at 02:00 holds two hours). A local time that does not
// exist (inside the jump) maps to the instant of the jump; one that occurs twice maps to the
// earlier instant.
//
// No I/O apart from the time zone lookup of Make (the OS tz database, read once per process).
// Thread-safety: immutable after Make; safe to share.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace date {
class time_zone;
}  // namespace date

namespace concord::service {

// A working window within one day, in minutes after local midnight: [start, end).
struct WorkWindow {
  int start_minute = 0;  // 0..1439
  int end_minute = 0;    // start_minute < end_minute <= 1440
  friend bool operator==(const WorkWindow&, const WorkWindow&) = default;
};

struct CalendarSpec {
  std::string time_zone = "UTC";
  std::set<int> working_days = {1, 2, 3, 4, 5};  // ISO weekdays: Monday 1 .. Sunday 7
  std::vector<WorkWindow> windows = {{9 * 60, 12 * 60}, {13 * 60, 18 * 60}};
  std::set<Date> holidays;
};

// "HH:MM" (00:00..24:00) as minutes after midnight; nullopt when malformed.
std::optional<int> ParseClock(std::string_view text);
std::string FormatClock(int minutes);  // "09:00"

class BusinessCalendar {
 public:
  // Validates the spec: a known time zone ("time.unknown_zone"), weekdays 1..7, windows in
  // order, non-empty and not overlapping ("calendar.windows"), at least one working day and one
  // window ("calendar.empty"). Errors are InvalidArgument with field errors.
  static Result<BusinessCalendar> Make(CalendarSpec spec);

  const CalendarSpec& spec() const { return spec_; }

  // The instant at which `duration` of business time has passed after `start`. A start outside
  // working hours counts from the next window's opening. A zero duration returns `start`.
  // Deadlines that fall exactly on a window's end stay there (18:00, not the next morning).
  // InvalidArgument for a negative duration; FailedPrecondition "calendar.no_working_time"
  // when ten years hold too little working time (all days holidays).
  Result<Timestamp> AddBusinessTime(Timestamp start, std::chrono::microseconds duration) const;

  // Business time in [a, b); zero when b <= a.
  std::chrono::microseconds BusinessTimeBetween(Timestamp a, Timestamp b) const;

  // Pausing: a deadline moves by the business time spent waiting in [paused_at, resumed_at).
  Result<Timestamp> ExtendForPause(Timestamp deadline, Timestamp paused_at,
                                   Timestamp resumed_at) const;

  // Whether `day` (a local calendar day) has working windows: a working weekday, no holiday.
  bool IsWorkingDay(Date day) const;

 private:
  BusinessCalendar(CalendarSpec spec, const date::time_zone* zone)
      : spec_(std::move(spec)), zone_(zone) {}
  // The window `w` of local day `day` as UTC instants [first, second).
  std::pair<Timestamp, Timestamp> WindowOn(Date day, const WorkWindow& w) const;
  Date LocalDay(Timestamp t) const;

  CalendarSpec spec_;
  const date::time_zone* zone_ = nullptr;
};

}  // namespace concord::service
