// The SLA report: per category and per department counts, on-time rate, mean resolution time
// and mean survey score. Integer arithmetic throughout; means are rounded half up.
#include <map>

#include "security/company.h"
#include "service/sla.h"

namespace concord::service {
namespace {

using nlohmann::json;

struct Agg {
  int64_t count = 0, resolved = 0, on_time = 0, breached = 0, seconds = 0, timed = 0;
  int64_t scored = 0, score_sum = 0;
};

void Add(Agg& a, const store::Record& r) {
  ++a.count;
  bool breached = r.Int("response_breached") == 1 || r.Int("resolution_breached") == 1;
  a.breached += breached ? 1 : 0;
  if (!r.IsNull("resolved_at")) {
    ++a.resolved;
    a.on_time += r.Int("resolution_breached") == 0 ? 1 : 0;
  }
  if (auto s = r.OptInt("resolution_business_seconds"); s && !r.IsNull("resolved_at")) {
    a.seconds += *s;
    ++a.timed;
  }
  if (auto score = r.OptInt("survey_score")) {
    ++a.scored;
    a.score_sum += *score;
  }
}

json Nullable(const std::optional<std::string>& s) { return s ? json(*s) : json(); }

// The department's name, read as the system (the report's reader may not read departments).
Result<json> DepartmentName(store::Tx& tx, security::Directory& directory, int64_t company_id,
                            int64_t id) {
  security::Access system(0, "system", company_id, 0,
                          {{"security.department.read", security::Scope::kCompany}});
  auto dept = directory.GetDepartment(tx, system, id);
  if (dept.status().code() == Code::kNotFound) return json();
  if (!dept.ok()) return dept.status();
  return (*dept)["name"];
}

json AggJson(const Agg& a) {
  return {{"count", a.count},
          {"resolved", a.resolved},
          {"on_time", a.on_time},
          {"breached", a.breached},
          {"on_time_rate", Nullable(DecimalRatio(a.on_time, a.resolved))},
          {"mean_resolution_hours", Nullable(DecimalRatio(a.seconds, a.timed * 3600))},
          {"mean_score", Nullable(DecimalRatio(a.score_sum, a.scored))}};
}

}  // namespace

std::optional<std::string> DecimalRatio(int64_t a, int64_t b) {
  if (b <= 0) return std::nullopt;
  // Hundredths, rounded half up (a >= 0 here: counts, seconds, scores).
  __int128 hundredths = (static_cast<__int128>(a) * 200 + b) / (2 * static_cast<__int128>(b));
  int64_t whole = static_cast<int64_t>(hundredths / 100);  // <= a / b + 1 fits
  int fraction = static_cast<int>(hundredths % 100);
  return std::to_string(whole) + (fraction < 10 ? ".0" : ".") + std::to_string(fraction);
}

Result<json> SlaReport(store::Tx& tx, const security::Access& who, const Clock& clock,
                       security::Directory& directory, std::optional<Date> from_day,
                       std::optional<Date> to_day) {
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, who.company_id()));
  ASSIGN_OR_RETURN(Date today, BusinessDate(clock.Now(), company.time_zone));
  Date to = to_day.value_or(today);
  Date from = from_day.value_or(to.AddDays(-29));
  if (to < from) return InvalidField("to", "before_from", "to must not be before from.");
  if (from.DaysUntil(to) > 366)
    return InvalidField("to", "range", "The report spans a year at most.");
  ASSIGN_OR_RETURN(Timestamp start, StartOfDay(from, company.time_zone));
  ASSIGN_OR_RETURN(Timestamp end, StartOfDay(to.AddDays(1), company.time_zone));
  security::SqlFilter v = who.Visible("service.report.read", {}, "t.");
  std::vector<store::Value> params = v.params;
  params.emplace_back(start.ToIso());
  params.emplace_back(end.ToIso());
  ASSIGN_OR_RETURN(
      auto rows,
      tx.RowsV("SELECT t.category_id, c.name AS category_name, t.department_id, t.resolved_at, "
               "t.response_breached, t.resolution_breached, t.resolution_business_seconds, "
               "t.survey_score FROM tickets t JOIN service_categories c ON c.id = t.category_id "
               "WHERE " +
                   v.sql + " AND t.created_at >= ? AND t.created_at < ? ORDER BY t.id",
               params));
  std::map<int64_t, std::pair<std::string, Agg>> by_category;
  std::map<int64_t, Agg> by_department;  // 0: no department
  Agg total;
  for (const auto& r : rows) {
    auto& cat = by_category[r.Int("category_id")];
    cat.first = r.Text("category_name");
    Add(cat.second, r);
    Add(by_department[r.OptInt("department_id").value_or(0)], r);
    Add(total, r);
  }
  json categories = json::array();
  for (const auto& [id, named] : by_category) {
    json row = AggJson(named.second);
    row["category_id"] = id;
    row["name"] = named.first;
    categories.push_back(std::move(row));
  }
  json departments = json::array();
  for (const auto& [id, agg] : by_department) {
    json row = AggJson(agg);
    row["department_id"] = id == 0 ? json() : json(id);
    row["department_name"] = json();
    if (id != 0) {
      ASSIGN_OR_RETURN(row["department_name"], DepartmentName(tx, directory, who.company_id(), id));
    }
    departments.push_back(std::move(row));
  }
  return json{{"from", from.ToString()},
              {"to", to.ToString()},
              {"time_zone", company.time_zone},
              {"total", AggJson(total)},
              {"by_category", std::move(categories)},
              {"by_department", std::move(departments)}};
}

}  // namespace concord::service
