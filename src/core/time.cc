#include "core/time.h"

#include <date/tz.h>

#include <cstdio>
#include <exception>

namespace concord {
namespace {

namespace chr = std::chrono;

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits starting at `pos`.
bool ReadFixed(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
    value = value * 10 + (s[i] - '0');
  }
  *out = value;
  return true;
}

bool At(std::string_view s, size_t pos, char c) { return pos < s.size() && s[pos] == c; }

struct IsoFields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int64_t micros = 0;
  int offset_sign = 1, offset_hour = 0, offset_minute = 0;
};

Status TimeMalformed() {
  return InvalidArgument("time.malformed",
                         "Not a timestamp; expected RFC 3339 like 2026-11-22T19:23:47Z.");
}

// Reads ".d{1,9}" at *pos if present; keeps microseconds, truncates the rest.
bool ReadFraction(std::string_view s, size_t* pos, int64_t* micros) {
  if (!At(s, *pos, '.')) return true;
  size_t start = ++*pos;
  while (*pos < s.size() && IsDigit(s[*pos])) ++*pos;
  size_t digits = *pos - start;
  if (digits < 1 || digits > 9) return false;
  int64_t value = 0;
  for (size_t i = 0; i < 6; ++i) value = value * 10 + (i < digits ? s[start + i] - '0' : 0);
  *micros = value;
  return true;
}

// Reads "Z" or "+HH:MM" / "-HH:MM" at *pos.
bool ReadOffset(std::string_view s, size_t* pos, IsoFields* f) {
  if (At(s, *pos, 'Z')) {
    ++*pos;
    return true;
  }
  if (!At(s, *pos, '+') && !At(s, *pos, '-')) return false;
  f->offset_sign = s[*pos] == '-' ? -1 : 1;
  bool ok = ReadFixed(s, *pos + 1, 2, &f->offset_hour) && At(s, *pos + 3, ':') &&
            ReadFixed(s, *pos + 4, 2, &f->offset_minute);
  *pos += 6;
  return ok;
}

bool ReadIsoShape(std::string_view s, IsoFields* f) {
  bool ok = ReadFixed(s, 0, 4, &f->year) && At(s, 4, '-') && ReadFixed(s, 5, 2, &f->month) &&
            At(s, 7, '-') && ReadFixed(s, 8, 2, &f->day) && At(s, 10, 'T') &&
            ReadFixed(s, 11, 2, &f->hour) && At(s, 13, ':') && ReadFixed(s, 14, 2, &f->minute) &&
            At(s, 16, ':') && ReadFixed(s, 17, 2, &f->second);
  if (!ok) return false;
  size_t pos = 19;
  return ReadFraction(s, &pos, &f->micros) && ReadOffset(s, &pos, f) && pos == s.size();
}

chr::year_month_day MakeYmd(int year, int month, int day) {
  return chr::year_month_day{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                             chr::day{static_cast<unsigned>(day)}};
}

Status DateInvalid(std::string_view text) {
  return InvalidArgument("date.invalid", "'" + std::string(text) + "' is not a calendar day.");
}

Status UnknownZone(std::string_view name) {
  return InvalidArgument("time.unknown_zone",
                         "Unknown time zone '" + std::string(name) +
                             "'; expected an IANA name such as Asia/Shanghai.");
}

// IANA names use letters, digits, '_', '-', '+' and '/'. Checking first keeps odd input
// (paths, control characters) away from the tz library.
bool PlausibleZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.find("..") != std::string_view::npos) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_' ||
              c == '-' || c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

// date::locate_zone reports failure by throwing; this is the only place that catches it.
Result<const date::time_zone*> FindZone(std::string_view name) {
  if (!PlausibleZoneName(name)) return UnknownZone(name);
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return UnknownZone(name);
  }
}

}  // namespace

std::string Timestamp::ToIso() const {
  const chr::sys_days day = chr::floor<chr::days>(t_);
  const chr::year_month_day ymd{day};
  const int64_t of_day = (t_ - day).count();
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ", int{ymd.year()},
                unsigned{ymd.month()}, unsigned{ymd.day()},
                static_cast<int>(of_day / kMicrosPerHour),
                static_cast<int>(of_day % kMicrosPerHour / kMicrosPerMinute),
                static_cast<int>(of_day % kMicrosPerMinute / kMicrosPerSecond),
                static_cast<int>(of_day % kMicrosPerSecond));
  return buf;
}

Result<Timestamp> Timestamp::ParseIso(std::string_view text) {
  IsoFields f;
  if (!ReadIsoShape(text, &f)) return TimeMalformed();
  const chr::year_month_day ymd = MakeYmd(f.year, f.month, f.day);
  if (!ymd.ok() || f.hour > 23 || f.minute > 59 || f.second > 59 || f.offset_hour > 23 ||
      f.offset_minute > 59) {
    return InvalidArgument("time.invalid_value",
                           "'" + std::string(text) + "' has a field out of range.");
  }
  const int64_t offset_micros =
      f.offset_sign * (f.offset_hour * kMicrosPerHour + f.offset_minute * kMicrosPerMinute);
  const TimePoint t = chr::sys_days{ymd} + chr::hours(f.hour) + chr::minutes(f.minute) +
                      chr::seconds(f.second) + chr::microseconds(f.micros - offset_micros);
  const TimePoint first = chr::sys_days{MakeYmd(0, 1, 1)};
  const TimePoint end = chr::sys_days{MakeYmd(10000, 1, 1)};
  if (t < first || t >= end) {
    return InvalidArgument("time.out_of_range", "Timestamps must be within years 0000..9999.");
  }
  return Timestamp(t);
}

Result<Date> Date::Parse(std::string_view text) {
  int year = 0, month = 0, day = 0;
  bool ok = text.size() == 10 && ReadFixed(text, 0, 4, &year) && At(text, 4, '-') &&
            ReadFixed(text, 5, 2, &month) && At(text, 7, '-') && ReadFixed(text, 8, 2, &day);
  if (!ok) {
    return InvalidArgument("date.malformed",
                           "'" + std::string(text) + "' is not a date; expected YYYY-MM-DD.");
  }
  const chr::year_month_day ymd = MakeYmd(year, month, day);
  if (!ymd.ok()) return DateInvalid(text);
  return FromSysDays(chr::sys_days{ymd});
}

Result<Date> Date::FromYmd(int year, int month, int day) {
  const bool in_range =
      year >= 0 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
  if (!in_range || !MakeYmd(year, month, day).ok()) {
    return DateInvalid(std::to_string(year) + "-" + std::to_string(month) + "-" +
                       std::to_string(day));
  }
  return FromSysDays(chr::sys_days{MakeYmd(year, month, day)});
}

Date Date::FromSysDays(chr::sys_days days) {
  return Date(static_cast<int32_t>(days.time_since_epoch().count()));
}

chr::sys_days Date::ToSysDays() const { return chr::sys_days{chr::days{days_}}; }
int Date::year() const { return int{chr::year_month_day{ToSysDays()}.year()}; }
int Date::month() const {
  return static_cast<int>(unsigned{chr::year_month_day{ToSysDays()}.month()});
}
int Date::day() const { return static_cast<int>(unsigned{chr::year_month_day{ToSysDays()}.day()}); }
chr::weekday Date::weekday() const { return chr::weekday{ToSysDays()}; }

std::string Date::ToString() const {
  const chr::year_month_day ymd{ToSysDays()};
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", int{ymd.year()}, unsigned{ymd.month()},
                unsigned{ymd.day()});
  return buf;
}

Date Date::AddMonths(int32_t months) const {
  const chr::year_month_day ymd{ToSysDays()};
  const int64_t index = int64_t{int{ymd.year()}} * 12 + (unsigned{ymd.month()} - 1) + months;
  const int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;  // floor division
  const int month = static_cast<int>(index - year * 12) + 1;
  const chr::year y{static_cast<int>(year)};
  const chr::month m{static_cast<unsigned>(month)};
  const chr::day last = chr::year_month_day_last{y, chr::month_day_last{m}}.day();
  const chr::day d = ymd.day() < last ? ymd.day() : last;
  return FromSysDays(chr::sys_days{chr::year_month_day{y, m, d}});
}

Status ValidateTimeZone(std::string_view iana_time_zone) {
  Result<const date::time_zone*> zone = FindZone(iana_time_zone);
  return zone.ok() ? Status::Ok() : zone.status();
}

Result<Date> BusinessDate(Timestamp t, std::string_view iana_time_zone) {
  ASSIGN_OR_RETURN(const date::time_zone* zone, FindZone(iana_time_zone));
  const auto local = zone->to_local(t.time_point());
  const auto days = chr::floor<chr::days>(local.time_since_epoch());
  return Date::FromDaysSinceEpoch(static_cast<int32_t>(days.count()));
}

Result<Timestamp> StartOfDay(Date local_date, std::string_view iana_time_zone) {
  ASSIGN_OR_RETURN(const date::time_zone* zone, FindZone(iana_time_zone));
  const date::local_days midnight{date::days{local_date.days_since_epoch()}};
  // For a nonexistent midnight the library returns the transition instant.
  const auto start = zone->to_sys(midnight, date::choose::earliest);
  return Timestamp(chr::time_point_cast<chr::microseconds>(start));
}

Timestamp SystemClock::Now() const {
  return Timestamp(chr::floor<chr::microseconds>(chr::system_clock::now()));
}

}  // namespace concord
