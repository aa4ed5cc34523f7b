// Instants (Timestamp), civil dates (Date), company-time-zone business dates, and the
// Clock seam.
//
// Timestamps are UTC instants with microsecond precision (what both SQLite text and
// PostgreSQL timestamptz store). Their text form is fixed width, always UTC with 'Z', so a
// lexicographic sort of ToIso() strings is a chronological sort (for years 0000..9999).
// Dates are proleptic Gregorian calendar days without a time zone.
// Value types are immutable and thread-safe; time zone lookups read the OS tz database
// (/usr/share/zoneinfo) once and are thread-safe afterwards.
//
// Error message ids (Code::kInvalidArgument): time.malformed, time.invalid_value,
// time.out_of_range, time.unknown_zone, date.malformed, date.invalid.
#pragma once

#include <atomic>
#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace concord {

class Timestamp {
 public:
  using TimePoint = std::chrono::sys_time<std::chrono::microseconds>;

  constexpr Timestamp() = default;  // 1970-01-01T00:00:00.000000Z
  constexpr explicit Timestamp(TimePoint t) : t_(t) {}
  static constexpr Timestamp FromUnixMicros(int64_t micros) {
    return Timestamp(TimePoint(std::chrono::microseconds(micros)));
  }

  constexpr TimePoint time_point() const { return t_; }
  constexpr int64_t unix_micros() const { return t_.time_since_epoch().count(); }

  // "2026-11-22T19:23:47.123456Z": always 27 characters, 6 fraction digits, 'Z'.
  // Precondition for the fixed width: year in 0000..9999 (every parsed value is).
  std::string ToIso() const;

  // Accepts RFC 3339: "YYYY-MM-DDTHH:MM:SS", an optional fraction of 1..9 digits, then 'Z'
  // or "+HH:MM"/"-HH:MM"; the result is normalized to UTC. Digits beyond microseconds are
  // truncated. Upper-case 'T' and 'Z' only; no leap second (:60); no space separator.
  // Errors: time.malformed (shape), time.invalid_value (e.g. month 13, Feb 30, hour 24),
  // time.out_of_range (outside years 0000..9999 once in UTC).
  static Result<Timestamp> ParseIso(std::string_view text);

  friend constexpr auto operator<=>(const Timestamp&, const Timestamp&) = default;
  friend constexpr Timestamp operator+(Timestamp t, std::chrono::microseconds d) {
    return Timestamp(t.t_ + d);
  }
  friend constexpr Timestamp operator-(Timestamp t, std::chrono::microseconds d) {
    return Timestamp(t.t_ - d);
  }
  friend constexpr std::chrono::microseconds operator-(Timestamp a, Timestamp b) {
    return a.t_ - b.t_;
  }

 private:
  TimePoint t_{};
};

class Date {
 public:
  constexpr Date() = default;  // 1970-01-01

  // Strict "YYYY-MM-DD" (4-2-2 digits, a real calendar day). Wrong shape ("2026-2-3",
  // "20261122", " 2026-11-22") fails with date.malformed; a day that does not exist
  // ("2026-13-01", "2026-02-30") with date.invalid.
  static Result<Date> Parse(std::string_view text);
  // date.invalid unless year in 0..9999 and month/day form a real day.
  static Result<Date> FromYmd(int year, int month, int day);
  static constexpr Date FromDaysSinceEpoch(int32_t days) { return Date(days); }
  static Date FromSysDays(std::chrono::sys_days days);

  constexpr int32_t days_since_epoch() const { return days_; }
  std::chrono::sys_days ToSysDays() const;
  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  // weekday().iso_encoding(): Monday 1 .. Sunday 7.
  std::chrono::weekday weekday() const;

  std::string ToString() const;  // "2026-11-22"

  // Precondition: the result stays within the int32 day range (about ±5.8 million years).
  Date AddDays(int32_t days) const { return Date(days_ + days); }
  // Same day-of-month `months` later (or earlier if negative), clamped to the last day of
  // the target month: 2026-01-31 + 1 month = 2026-02-28.
  Date AddMonths(int32_t months) const;
  // Days from `this` to `other`; negative if `other` is earlier.
  int32_t DaysUntil(Date other) const { return other.days_ - days_; }

  friend constexpr auto operator<=>(Date a, Date b) = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// OK if `iana_time_zone` (e.g. "Asia/Shanghai", "America/New_York", "UTC") is known to
// the OS tz database; otherwise "time.unknown_zone".
Status ValidateTimeZone(std::string_view iana_time_zone);

// The calendar date at instant `t` on the wall clocks of `iana_time_zone`:
// 2026-11-22T17:30:00Z is 2026-11-23 in Asia/Shanghai (UTC+8).
Result<Date> BusinessDate(Timestamp t, std::string_view iana_time_zone);

// The first instant of `date` in `iana_time_zone`. Usually local midnight; when midnight
// does not exist (a DST jump at 00:00) it is the instant of the jump; when midnight occurs
// twice it is the earlier one. The day ends where StartOfDay(date.AddDays(1)) begins.
Result<Timestamp> StartOfDay(Date date, std::string_view iana_time_zone);

// The seam for "now": services take a `const Clock&` instead of reading the system clock,
// so tests can fix and advance time. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;  // system_clock truncated to microseconds
};

// Starts at a given instant and moves only when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : micros_(start.unix_micros()) {}
  Timestamp Now() const override { return Timestamp::FromUnixMicros(micros_.load()); }
  void Set(Timestamp t) { micros_.store(t.unix_micros()); }
  void Advance(std::chrono::microseconds d) { micros_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> micros_;
};

}  // namespace concord
