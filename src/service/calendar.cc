#include "service/calendar.h"

#include <date/tz.h>

#include <algorithm>

namespace concord::service {
namespace {

using std::chrono::microseconds;

// Ten years of days: the search bound of AddBusinessTime.
constexpr int kMaxDays = 3660;

}  // namespace

std::optional<int> ParseClock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int h = (text[0] - '0') * 10 + (text[1] - '0');
  int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string FormatClock(int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

Result<BusinessCalendar> BusinessCalendar::Make(CalendarSpec spec) {
  Status errors(Code::kInvalidArgument, "validation.failed", "The calendar is invalid.");
  bool failed = false;
  auto error = [&](const char* field, const char* code, const char* message) {
    errors.AddFieldError(field, code, message);
    failed = true;
  };
  Status zone_ok = ValidateTimeZone(spec.time_zone);
  if (!zone_ok.ok()) error("time_zone", "time.unknown_zone", "Unknown IANA time zone.");
  for (int d : spec.working_days) {
    if (d < 1 || d > 7) error("working_days", "range", "Weekdays are 1 (Monday) .. 7 (Sunday).");
  }
  int last_end = -1;
  for (const WorkWindow& w : spec.windows) {
    if (w.start_minute < 0 || w.end_minute > 1440 || w.start_minute >= w.end_minute ||
        w.start_minute < last_end) {
      error("hours", "calendar.windows",
            "Working hours are ordered, non-empty, non-overlapping windows within a day.");
      break;
    }
    last_end = w.end_minute;
  }
  if (spec.working_days.empty() || spec.windows.empty()) {
    error("working_days", "calendar.empty", "A calendar needs working days and working hours.");
  }
  if (failed) return errors;
  const date::time_zone* zone = date::locate_zone(spec.time_zone);
  return BusinessCalendar(std::move(spec), zone);
}

bool BusinessCalendar::IsWorkingDay(Date day) const {
  int weekday = static_cast<int>(day.weekday().iso_encoding());
  return spec_.working_days.count(weekday) > 0 && spec_.holidays.count(day) == 0;
}

Date BusinessCalendar::LocalDay(Timestamp t) const {
  auto local = zone_->to_local(t.time_point());
  auto days = std::chrono::floor<std::chrono::days>(local);
  return Date::FromDaysSinceEpoch(static_cast<int32_t>(days.time_since_epoch().count()));
}

std::pair<Timestamp, Timestamp> BusinessCalendar::WindowOn(Date day, const WorkWindow& w) const {
  auto midnight = date::local_days(std::chrono::days(day.days_since_epoch()));
  auto at = [&](int minutes) {
    date::local_time<microseconds> local = midnight + std::chrono::minutes(minutes);
    auto sys = zone_->to_sys(local, date::choose::earliest);
    return Timestamp(std::chrono::time_point_cast<microseconds>(sys));
  };
  return {at(w.start_minute), at(w.end_minute)};
}

Result<Timestamp> BusinessCalendar::AddBusinessTime(Timestamp start, microseconds duration) const {
  if (duration < microseconds::zero()) {
    return InvalidArgument("calendar.negative", "A business duration is never negative.");
  }
  if (duration == microseconds::zero()) return start;
  microseconds remaining = duration;
  // The local day before start's: a window of the previous day may still be open at start
  // when a zone's day boundary and UTC differ (never for windows within the day, but cheap).
  Date day = LocalDay(start).AddDays(-1);
  for (int i = 0; i < kMaxDays; ++i, day = day.AddDays(1)) {
    if (!IsWorkingDay(day)) continue;
    for (const WorkWindow& w : spec_.windows) {
      auto [open, close] = WindowOn(day, w);
      if (close <= start) continue;
      Timestamp from = std::max(open, start);
      microseconds available = close - from;
      if (available >= remaining) return from + remaining;
      if (available > microseconds::zero()) remaining -= available;
    }
  }
  return FailedPrecondition("calendar.no_working_time",
                            "The calendar has too little working time for this duration.");
}

microseconds BusinessCalendar::BusinessTimeBetween(Timestamp a, Timestamp b) const {
  microseconds total{0};
  if (b <= a) return total;
  Date last = LocalDay(b).AddDays(1);
  for (Date day = LocalDay(a).AddDays(-1); day <= last; day = day.AddDays(1)) {
    if (!IsWorkingDay(day)) continue;
    for (const WorkWindow& w : spec_.windows) {
      auto [open, close] = WindowOn(day, w);
      Timestamp from = std::max(open, a);
      Timestamp to = std::min(close, b);
      if (from < to) total += to - from;
    }
  }
  return total;
}

Result<Timestamp> BusinessCalendar::ExtendForPause(Timestamp deadline, Timestamp paused_at,
                                                   Timestamp resumed_at) const {
  return AddBusinessTime(deadline, BusinessTimeBetween(paused_at, resumed_at));
}

}  // namespace concord::service
