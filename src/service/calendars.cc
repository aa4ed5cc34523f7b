#include "service/calendars.h"

#include "core/json_input.h"
#include "security/company.h"
#include "store/row_json.h"

namespace concord::service {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "SELECT id, company_id, name, time_zone, working_days, hours, holidays, is_default, version, "
    "created_at, updated_at FROM service_calendars ";

json HoursJson(const std::vector<WorkWindow>& windows) {
  json out = json::array();
  for (const auto& w : windows) {
    out.push_back({{"start", FormatClock(w.start_minute)}, {"end", FormatClock(w.end_minute)}});
  }
  return out;
}

json HolidaysJson(const std::set<Date>& days) {
  json out = json::array();
  for (Date d : days) out.push_back(d.ToString());
  return out;
}

// The spec of a stored row (its JSON columns were validated when written).
CalendarSpec SpecOf(const store::Record& r) {
  CalendarSpec s;
  s.time_zone = r.Text("time_zone");
  s.working_days.clear();
  for (const auto& d : json::parse(r.Text("working_days"))) s.working_days.insert(d.get<int>());
  s.windows.clear();
  for (const auto& w : json::parse(r.Text("hours"))) {
    s.windows.push_back({ParseClock(w["start"].get<std::string>()).value_or(0),
                         ParseClock(w["end"].get<std::string>()).value_or(0)});
  }
  for (const auto& d : json::parse(r.Text("holidays"))) {
    auto day = Date::Parse(d.get<std::string>());
    if (day.ok()) s.holidays.insert(*day);
  }
  return s;
}

json CalendarJson(const store::Record& r) {
  CalendarSpec s = SpecOf(r);
  json out = store::RowJson(r);
  out.erase("company_id");
  out["working_days"] = json(std::vector<int>(s.working_days.begin(), s.working_days.end()));
  out["hours"] = HoursJson(s.windows);
  out["holidays"] = HolidaysJson(s.holidays);
  out["is_default"] = r.Int("is_default") == 1;
  return out;
}

void ReadDays(Fields& f, CalendarSpec& s) {
  const json* days = f.Raw("working_days");
  if (!days) return;
  s.working_days.clear();
  if (!days->is_array() || days->size() > 7) {
    f.Error("working_days", "type", "working_days is an array of ISO weekdays (1..7).");
    return;
  }
  for (const auto& d : *days) {
    if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > 7) {
      f.Error("working_days", "range", "Weekdays are 1 (Monday) .. 7 (Sunday).");
      return;
    }
    s.working_days.insert(d.get<int>());
  }
}

void ReadHours(Fields& f, CalendarSpec& s) {
  const json* hours = f.Raw("hours");
  if (!hours) return;
  s.windows.clear();
  if (!hours->is_array() || hours->size() > 24) {
    f.Error("hours", "type", "hours is an array of at most 24 {start, end} windows.");
    return;
  }
  for (const auto& w : *hours) {
    std::optional<int> start, end;
    if (w.is_object() && w.size() == 2 && w.contains("start") && w.contains("end") &&
        w["start"].is_string() && w["end"].is_string()) {
      start = ParseClock(w["start"].get<std::string>());
      end = ParseClock(w["end"].get<std::string>());
    }
    if (!start || !end) {
      f.Error("hours", "type", "A window is {\"start\": \"HH:MM\", \"end\": \"HH:MM\"}.");
      return;
    }
    s.windows.push_back({*start, *end});
  }
}

void ReadHolidays(Fields& f, CalendarSpec& s) {
  const json* days = f.Raw("holidays");
  if (!days) return;
  s.holidays.clear();
  if (!days->is_array() || days->size() > 1000) {
    f.Error("holidays", "type", "holidays is an array of at most 1000 dates (YYYY-MM-DD).");
    return;
  }
  for (const auto& d : *days) {
    auto day = d.is_string() ? Date::Parse(d.get<std::string>())
                             : Result<Date>(InvalidArgument("date.malformed", "not a date"));
    if (!day.ok()) {
      f.Error("holidays", "date.malformed", "Holidays are dates (YYYY-MM-DD).");
      return;
    }
    s.holidays.insert(*day);
  }
}

// Reads the body over `s`; field errors (including the calendar's own checks) go into `f`.
void ReadSpec(Fields& f, CalendarSpec& s) {
  if (f.Has("time_zone")) {
    if (auto zone = f.Text("time_zone", {.required = true, .max_chars = 64})) s.time_zone = *zone;
  }
  ReadDays(f, s);
  ReadHours(f, s);
  ReadHolidays(f, s);
}

Status CheckSpec(Fields& f, const CalendarSpec& s) {
  auto made = BusinessCalendar::Make(s);
  if (made.ok()) return Status::Ok();
  for (const auto& e : made.status().field_errors()) f.Error(e.field, e.code, e.message);
  return Status::Ok();
}

Status ClearDefault(store::Tx& tx, int64_t company_id, int64_t except) {
  return tx
      .Exec(
          "UPDATE service_calendars SET is_default = 0 WHERE company_id = ? AND id <> ? "
          "AND is_default = 1",
          company_id, except)
      .status();
}

Result<store::Record> Load(store::Tx& tx, const security::Access& who, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kColumns) + "WHERE id = ? AND company_id = ?", id,
                                    who.company_id()));
  if (!row) return NotFound("calendar");
  return std::move(*row);
}

}  // namespace

Result<json> Calendars::List(store::Tx& tx, const security::Access& who) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string(kColumns) + "WHERE company_id = ? ORDER BY id "
                                                              "LIMIT 501",
                                      who.company_id()));
  json items = json::array();
  for (const auto& r : rows) items.push_back(CalendarJson(r));
  return items;
}

Result<json> Calendars::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id));
  return CalendarJson(row);
}

Result<json> Calendars::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, who.company_id()));
  Fields f(body);
  auto name = f.Text("name", {.required = true, .max_chars = 100});
  CalendarSpec s;
  s.time_zone = company.time_zone;
  ReadSpec(f, s);
  auto is_default = f.Bool("is_default");
  RETURN_IF_ERROR(CheckSpec(f, s));
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto any, tx.One("SELECT 1 FROM service_calendars WHERE company_id = ? AND "
                                    "is_default = 1",
                                    who.company_id()));
  bool make_default = is_default.value_or(false) || !any;
  if (make_default) RETURN_IF_ERROR(ClearDefault(tx, who.company_id(), 0));
  std::string now = clock_.Now().ToIso();
  std::vector<int> days(s.working_days.begin(), s.working_days.end());
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO service_calendars (company_id, name, time_zone, working_days, hours, "
                "holidays, is_default, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                who.company_id(), *name, s.time_zone, json(days).dump(),
                HoursJson(s.windows).dump(), HolidaysJson(s.holidays).dump(), make_default, now,
                now));
  ASSIGN_OR_RETURN(json out, Get(tx, who, id));
  tx.Audit({"service_calendar", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"service_calendar.created", "service_calendar", id, out});
  return out;
}

Result<json> Calendars::Update(store::Tx& tx, const security::Access& who, int64_t id,
                               const json& body, const security::VersionCheck& check) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id));
  RETURN_IF_ERROR(check(row.Int("version")));
  json before = CalendarJson(row);
  Fields f(body);
  f.Ignore("version");
  std::string name = row.Text("name");
  if (f.Has("name")) name = f.Text("name", {.required = true, .max_chars = 100}).value_or(name);
  CalendarSpec s = SpecOf(row);
  ReadSpec(f, s);
  auto is_default = f.Bool("is_default");
  if (is_default == false && before["is_default"] == true) {
    f.Error("is_default", "calendar.default_required",
            "Make another calendar the default instead.");
  }
  RETURN_IF_ERROR(CheckSpec(f, s));
  RETURN_IF_ERROR(f.Finish());
  bool make_default = is_default.value_or(before["is_default"].get<bool>());
  if (make_default) RETURN_IF_ERROR(ClearDefault(tx, who.company_id(), id));
  std::vector<int> days(s.working_days.begin(), s.working_days.end());
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE service_calendars SET name = ?, time_zone = ?, working_days = ?, hours = ?, "
              "holidays = ?, is_default = ?, version = version + 1, updated_at = ? WHERE id = ? "
              "AND version = ?",
              name, s.time_zone, json(days).dump(), HoursJson(s.windows).dump(),
              HolidaysJson(s.holidays).dump(), make_default, clock_.Now().ToIso(), id,
              row.Int("version")));
  if (n != 1) {
    return Status(Code::kStaleVersion, "version.stale", "The calendar changed concurrently.");
  }
  ASSIGN_OR_RETURN(json after, Get(tx, who, id));
  tx.Audit({"service_calendar", id, "update", store::Changes(before, after)});
  tx.Emit({"service_calendar.updated", "service_calendar", id, after});
  return after;
}

Result<BusinessCalendar> Calendars::ForCompany(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kColumns) + "WHERE company_id = ? AND "
                                                            "is_default = 1",
                                    company_id));
  if (row) return BusinessCalendar::Make(SpecOf(*row));
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, company_id));
  CalendarSpec s;
  s.time_zone = company.time_zone;
  return BusinessCalendar::Make(std::move(s));
}

}  // namespace concord::service
