#include "accounting/fiscal.h"

#include "core/json_input.h"
#include "store/row_json.h"

namespace concord::accounting {
namespace {

using nlohmann::json;

constexpr const char* kYearColumns =
    "id, company_id, name, start_date, end_date, state, closing_entry_id, closed_at, "
    "closed_by_user_id, version, created_at, updated_at";
constexpr const char* kPeriodColumns =
    "id, fiscal_year_id, name, start_date, end_date, state, closed_at, closed_by_user_id, "
    "version, created_at, updated_at";

bool FirstOfMonth(Date d) { return d.day() == 1; }
bool LastOfMonth(Date d) { return d.AddDays(1).day() == 1; }

Result<json> YearJson(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto year, tx.One(std::string("SELECT ") + kYearColumns +
                                         " FROM fiscal_years WHERE id = ? AND company_id = ?",
                                     id, company_id));
  if (!year) return NotFound("fiscal year");
  json out = store::RowJson(*year);
  ASSIGN_OR_RETURN(auto periods,
                   tx.Rows(std::string("SELECT ") + kPeriodColumns +
                               " FROM fiscal_periods WHERE fiscal_year_id = ? ORDER BY start_date",
                           id));
  out["periods"] = json::array();
  for (const auto& p : periods) out["periods"].push_back(store::RowJson(p));
  return out;
}

void RecordPeriod(store::Tx& tx, int64_t company_id, int64_t id, bool close) {
  const char* from = close ? "open" : "closed";
  const char* to = close ? "closed" : "open";
  tx.Audit({"fiscal_period", id, close ? "close" : "reopen", {{"state", {from, to}}}, company_id});
  tx.Emit({close ? "fiscal_period.closed" : "fiscal_period.reopened",
           "fiscal_period",
           id,
           {{"id", id}, {"state", to}},
           company_id});
}

}  // namespace

Result<int64_t> Fiscal::CreateYearSystem(store::Tx& tx, int64_t company_id, Date start, Date end,
                                         const std::string& name, int months_per_period) const {
  ASSIGN_OR_RETURN(auto overlap, tx.One("SELECT name FROM fiscal_years WHERE company_id = ? AND "
                                        "start_date <= ? AND end_date >= ?",
                                        company_id, end.ToString(), start.ToString()));
  if (overlap) {
    return InvalidField("start_date", "overlap",
                        "The dates overlap fiscal year " + overlap->Text(0) + ".");
  }
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO fiscal_years (company_id, name, start_date, "
                             "end_date, created_at, updated_at) VALUES (?, ?, ?, ?, "
                             "?, ?) RETURNING id",
                             company_id, name, start.ToString(), end.ToString(), now, now));
  for (int i = 0; start.AddMonths(i * months_per_period) <= end; ++i) {
    Date from = start.AddMonths(i * months_per_period);
    Date to = std::min(end, start.AddMonths((i + 1) * months_per_period).AddDays(-1));
    std::string period_name =
        months_per_period == 1 ? from.ToString().substr(0, 7) : name + " Q" + std::to_string(i + 1);
    RETURN_IF_ERROR(tx.Exec("INSERT INTO fiscal_periods (company_id, fiscal_year_id, name, "
                            "start_date, end_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
                            "?, ?)",
                            company_id, id, period_name, from.ToString(), to.ToString(), now, now)
                        .status());
  }
  tx.Audit({"fiscal_year",
            id,
            "create",
            {{"name", {nullptr, name}},
             {"start_date", {nullptr, start.ToString()}},
             {"end_date", {nullptr, end.ToString()}}},
            company_id});
  tx.Emit(
      {"fiscal_year.created",
       "fiscal_year",
       id,
       {{"id", id}, {"name", name}, {"start_date", start.ToString()}, {"end_date", end.ToString()}},
       company_id});
  return id;
}

Result<json> Fiscal::CreateYear(store::Tx& tx, const security::Access& who,
                                const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.period.create"));
  Fields f(body);
  auto start = f.Day("start_date", true);
  auto end = f.Day("end_date");
  auto name = f.Text("name", {.max_chars = 50});
  auto period = f.Enum("period", {"month", "quarter"}).value_or("month");
  RETURN_IF_ERROR(f.Finish());
  if (!FirstOfMonth(*start)) {
    return InvalidField("start_date", "first_of_month", "A fiscal year starts on the 1st.");
  }
  Date last = end.value_or(start->AddMonths(12).AddDays(-1));
  if (last < *start || !LastOfMonth(last) || start->AddMonths(24) <= last) {
    return InvalidField("end_date", "range",
                        "A fiscal year ends on the last day of a month, within 24 months.");
  }
  int months = period == "quarter" ? 3 : 1;
  std::string year_name =
      name.value_or(last.year() == start->year()
                        ? std::to_string(start->year())
                        : std::to_string(start->year()) + "/" + std::to_string(last.year() % 100));
  ASSIGN_OR_RETURN(int64_t id,
                   CreateYearSystem(tx, who.company_id(), *start, last, year_name, months));
  return YearJson(tx, who.company_id(), id);
}

Result<json> Fiscal::ListYears(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(who.Require("accounting.period.read"));
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string("SELECT ") + kYearColumns +
                                          " FROM fiscal_years WHERE company_id = ? ORDER BY "
                                          "start_date",
                                      who.company_id()));
  json items = json::array();
  for (const auto& r : rows) items.push_back(store::RowJson(r));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> Fiscal::GetYear(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("accounting.period.read"));
  return YearJson(tx, who.company_id(), id);
}

Result<json> Fiscal::SetPeriodState(store::Tx& tx, const security::Access& who, int64_t id,
                                    bool close, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("accounting.period.close"));
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT p.state, p.version, y.state, p.fiscal_year_id FROM "
                                    "fiscal_periods p JOIN fiscal_years y ON y.id = "
                                    "p.fiscal_year_id WHERE p.id = ? AND p.company_id = ?",
                                    id, who.company_id()));
  if (!row) return NotFound("fiscal period");
  if (check) RETURN_IF_ERROR(check(row->Int(1)));
  if ((row->Text(0) == "closed") == close) {
    return FailedPrecondition("accounting.period_state",
                              std::string("The period is already ") + row->Text(0) + ".");
  }
  if (!close && row->Text(2) == "closed") {
    return FailedPrecondition("accounting.year_closed",
                              "The fiscal year is closed; its periods stay closed.");
  }
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE fiscal_periods SET state = ?, closed_at = ?, closed_by_user_id "
                          "= ?, version = version + 1, updated_at = ? WHERE id = ?",
                          close ? "closed" : "open",
                          close ? store::Value(now) : store::Value(nullptr),
                          close ? store::Value(who.user_id()) : store::Value(nullptr), now, id)
                      .status());
  RecordPeriod(tx, who.company_id(), id, close);
  ASSIGN_OR_RETURN(
      auto out,
      tx.One(std::string("SELECT ") + kPeriodColumns + " FROM fiscal_periods WHERE id = ?", id));
  return store::RowJson(*out);
}

Result<std::optional<int64_t>> Fiscal::PostClosingEntry(store::Tx& tx, const security::Access& who,
                                                        const store::Record& year,
                                                        int64_t journal_id) const {
  ASSIGN_OR_RETURN(auto balances,
                   tx.Rows("SELECT d.account_id, d.department_id, SUM(d.debit) - SUM(d.credit) "
                           "FROM ledger_daily d JOIN accounts a ON a.id = d.account_id WHERE "
                           "d.company_id = ? AND d.date >= ? AND d.date <= ? AND a.type IN "
                           "('income', 'expense') GROUP BY d.account_id, d.department_id HAVING "
                           "SUM(d.debit) <> SUM(d.credit) ORDER BY d.account_id, d.department_id",
                           who.company_id(), year.Text("start_date"), year.Text("end_date")));
  if (balances.empty()) return std::optional<int64_t>();
  ASSIGN_OR_RETURN(int64_t retained, AccountByRole(tx, who.company_id(), "retained_earnings"));
  PostingEntry e;
  e.company_id = who.company_id();
  e.journal_id = journal_id;
  ASSIGN_OR_RETURN(e.date, Date::Parse(year.Text("end_date")));
  e.description = "Year-end closing " + year.Text("name");
  e.kind = "closing";
  int64_t net = 0;
  for (const auto& b : balances) {
    PostingLine l;
    l.account_id = b.Int(0);
    if (b.Int(1) != 0) l.department_id = b.Int(1);
    int64_t balance = b.Int(2);
    (balance > 0 ? l.credit : l.debit) = balance > 0 ? balance : -balance;
    l.description = "Closing";
    net += balance;
    e.lines.push_back(std::move(l));
  }
  if (net != 0) {
    PostingLine l;
    l.account_id = retained;
    (net > 0 ? l.debit : l.credit) = net > 0 ? net : -net;
    l.description = net > 0 ? "Loss of the year" : "Profit of the year";
    e.lines.push_back(std::move(l));
  }
  ASSIGN_OR_RETURN(Posted posted, ledger_.Post(tx, e, who.user_id()));
  return std::optional<int64_t>(posted.entry_id);
}

Result<json> Fiscal::CloseYear(store::Tx& tx, const security::Access& who, int64_t id,
                               const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("accounting.period.close"));
  Fields f(body);
  auto journal_id = f.Int("journal_id");
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto year, tx.One(std::string("SELECT ") + kYearColumns +
                                         " FROM fiscal_years WHERE id = ? AND company_id = ?",
                                     id, who.company_id()));
  if (!year) return NotFound("fiscal year");
  if (check) RETURN_IF_ERROR(check(year->Int("version")));
  if (year->Text("state") == "closed") {
    return FailedPrecondition("accounting.year_closed", "The fiscal year is already closed.");
  }
  int64_t journal = 0;
  if (journal_id) {
    journal = *journal_id;
  } else {
    ASSIGN_OR_RETURN(journal, JournalByKind(tx, who.company_id(), "general"));
  }
  ASSIGN_OR_RETURN(auto entry, PostClosingEntry(tx, who, *year, journal));
  ASSIGN_OR_RETURN(auto open, tx.Rows("SELECT id FROM fiscal_periods WHERE fiscal_year_id = ? AND "
                                      "state = 'open' ORDER BY start_date",
                                      id));
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE fiscal_periods SET state = 'closed', closed_at = ?, "
                          "closed_by_user_id = ?, version = version + 1, updated_at = ? WHERE "
                          "fiscal_year_id = ? AND state = 'open'",
                          now, who.user_id(), now, id)
                      .status());
  for (const auto& p : open) RecordPeriod(tx, who.company_id(), p.Int(0), true);
  RETURN_IF_ERROR(tx.Exec("UPDATE fiscal_years SET state = 'closed', closing_entry_id = ?, "
                          "closed_at = ?, closed_by_user_id = ?, version = version + 1, "
                          "updated_at = ? WHERE id = ?",
                          entry ? store::Value(*entry) : store::Value(nullptr), now, who.user_id(),
                          now, id)
                      .status());
  json closing = entry ? json(*entry) : json(nullptr);
  tx.Audit({"fiscal_year",
            id,
            "close",
            {{"state", {"open", "closed"}}, {"closing_entry_id", {nullptr, closing}}},
            who.company_id()});
  tx.Emit({"fiscal_year.closed",
           "fiscal_year",
           id,
           {{"id", id}, {"closing_entry_id", closing}},
           who.company_id()});
  return YearJson(tx, who.company_id(), id);
}

}  // namespace concord::accounting
