// The trial balance and the general ledger.
#include "accounting/reports.h"

#include <array>

#include "accounting/report_internal.h"

namespace concord::accounting {

using internal::Amount;
using internal::Sums;
using nlohmann::json;

namespace {

constexpr char kRead[] = "accounting.report.read";

json OptDate(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(); }
json OptId(const std::optional<int64_t>& id) { return id ? json(*id) : json(); }

// The sums of one account over [from, to] (either end open).
Result<Sums> AccountSums(store::Tx& tx, int64_t company_id, int64_t account_id,
                         std::optional<Date> from, std::optional<Date> to) {
  std::string sql =
      "SELECT CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT) FROM ledger_daily "
      "WHERE company_id = ? AND account_id = ?";
  std::vector<store::Value> params = {company_id, account_id};
  if (from) {
    sql += " AND date >= ?";
    params.emplace_back(from->ToString());
  }
  if (to) {
    sql += " AND date <= ?";
    params.emplace_back(to->ToString());
  }
  ASSIGN_OR_RETURN(auto row, tx.OneV(sql, std::move(params)));
  if (!row) return Sums{};
  return Sums{row->Int(0), row->Int(1)};
}

}  // namespace

namespace {

// The trial balance's rows and totals (opening, debit, credit, closing).
struct TrialRows {
  json rows = json::array();
  std::array<int64_t, 4> totals{};
};

TrialRows TrialBalanceRows(const std::vector<internal::ChartAccount>& chart,
                           const std::map<int64_t, Sums>& opening,
                           const std::map<int64_t, Sums>& period, bool all, Currency cur) {
  TrialRows out;
  for (const auto& a : chart) {
    if (a.is_group) continue;
    auto o = opening.find(a.id);
    auto s = period.find(a.id);
    int64_t open = o == opening.end() ? 0 : o->second.net();
    Sums sums = s == period.end() ? Sums{} : s->second;
    if (!all && open == 0 && sums.debit == 0 && sums.credit == 0) continue;
    std::array<int64_t, 4> v = {open, sums.debit, sums.credit, open + sums.net()};
    json row = internal::AccountJson(a);
    row["opening"] = Amount(v[0], cur);
    row["debit"] = Amount(v[1], cur);
    row["credit"] = Amount(v[2], cur);
    row["closing"] = Amount(v[3], cur);
    out.rows.push_back(std::move(row));
    for (size_t i = 0; i < v.size(); ++i) out.totals[i] += v[i];
  }
  return out;
}

}  // namespace

Result<json> Reports::TrialBalance(store::Tx& tx, const security::Access& who,
                                   const TrialBalanceParams& p) const {
  RETURN_IF_ERROR(who.Require(kRead));
  RETURN_IF_ERROR(internal::CheckRange(p.from, p.to));
  const int64_t company = who.company_id();
  ASSIGN_OR_RETURN(Currency cur, internal::CurrencyOf(tx, company));
  ASSIGN_OR_RETURN(auto chart, internal::LoadChart(tx, company));
  std::map<int64_t, Sums> opening;
  if (p.from) {
    ASSIGN_OR_RETURN(opening, internal::DailySums(tx, company, std::nullopt, p.from->AddDays(-1),
                                                  p.department_id));
  }
  ASSIGN_OR_RETURN(auto period, internal::DailySums(tx, company, p.from, p.to, p.department_id));
  TrialRows t = TrialBalanceRows(chart, opening, period, p.all, cur);
  const auto& [open, debit, credit, close] = t.totals;
  return json{{"from", OptDate(p.from)},
              {"to", p.to.ToString()},
              {"department_id", OptId(p.department_id)},
              {"currency", std::string(cur.code())},
              {"accounts", std::move(t.rows)},
              {"totals",
               {{"opening", Amount(open, cur)},
                {"debit", Amount(debit, cur)},
                {"credit", Amount(credit, cur)},
                {"closing", Amount(close, cur)}}},
              {"balanced", debit == credit && open == 0 && close == 0}};
}

namespace {

struct Cursor {
  std::string date;
  int64_t entry_id = 0;
  int64_t line_id = 0;
};

// Where the page after line `after` starts, and the running balance up to that line.
Result<std::pair<Cursor, int64_t>> CursorAndBalance(store::Tx& tx, int64_t company_id,
                                                    int64_t account_id, int64_t after) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT date, entry_id FROM journal_lines WHERE id = ? AND "
                                    "company_id = ? AND account_id = ? AND posted = 1",
                                    after, company_id, account_id));
  if (!row) return InvalidField("cursor", "invalid", "Not a cursor of this general ledger.");
  Cursor c{row->Text(0), row->Int(1), after};
  ASSIGN_OR_RETURN(Date day, Date::Parse(c.date));
  ASSIGN_OR_RETURN(Sums before,
                   AccountSums(tx, company_id, account_id, std::nullopt, day.AddDays(-1)));
  ASSIGN_OR_RETURN(
      auto same_day,
      tx.One("SELECT CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT) FROM journal_lines "
             "WHERE company_id = ? AND account_id = ? AND posted = 1 AND date = ? AND "
             "(entry_id < ? OR (entry_id = ? AND id <= ?))",
             company_id, account_id, c.date, c.entry_id, c.entry_id, c.line_id));
  int64_t balance = before.net();
  if (same_day) balance += same_day->Int(0) - same_day->Int(1);
  return std::make_pair(c, balance);
}

Result<std::vector<store::Record>> LedgerLines(store::Tx& tx, int64_t company_id,
                                               const GeneralLedgerParams& p,
                                               const std::optional<Cursor>& cursor) {
  std::string sql =
      "SELECT l.id, l.date, l.entry_id, e.number, e.ref, e.description, l.description, "
      "l.party_id, l.department_id, l.debit, l.credit FROM journal_lines l "
      "JOIN journal_entries e ON e.id = l.entry_id "
      "WHERE l.company_id = ? AND l.account_id = ? AND l.posted = 1";
  std::vector<store::Value> params = {company_id, p.account_id};
  if (p.from) {
    sql += " AND l.date >= ?";
    params.emplace_back(p.from->ToString());
  }
  if (p.to) {
    sql += " AND l.date <= ?";
    params.emplace_back(p.to->ToString());
  }
  if (cursor) {
    sql +=
        " AND (l.date > ? OR (l.date = ? AND (l.entry_id > ? OR (l.entry_id = ? AND l.id > ?))))";
    params.insert(params.end(), {cursor->date, cursor->date, cursor->entry_id, cursor->entry_id,
                                 cursor->line_id});
  }
  sql += " ORDER BY l.date, l.entry_id, l.id LIMIT ?";
  params.emplace_back(p.limit + 1);
  return tx.RowsV(sql, std::move(params));
}

// {items, next_cursor} of a page: at most `limit` of `rows` (one more signals a next page),
// each with the running balance after it, starting from `balance`.
json LinesJson(const std::vector<store::Record>& rows, int64_t limit, int64_t balance,
               Currency cur) {
  json items = json::array();
  for (size_t i = 0; i < rows.size() && static_cast<int64_t>(i) < limit; ++i) {
    const auto& r = rows[i];
    balance += r.Int(9) - r.Int(10);
    items.push_back({{"id", r.Int(0)},
                     {"date", r.Text(1)},
                     {"entry_id", r.Int(2)},
                     {"number", r.Text(3)},
                     {"ref", r.Text(4)},
                     {"description", r.Text(6).empty() ? r.Text(5) : r.Text(6)},
                     {"party_id", OptId(r.OptInt(7))},
                     {"department_id", OptId(r.OptInt(8))},
                     {"debit", Amount(r.Int(9), cur)},
                     {"credit", Amount(r.Int(10), cur)},
                     {"balance", Amount(balance, cur)}});
  }
  json next = static_cast<int64_t>(rows.size()) > limit
                  ? json(std::to_string(rows[limit - 1].Int(0)))
                  : json();
  return {{"items", std::move(items)}, {"next_cursor", std::move(next)}};
}

}  // namespace

Result<json> Reports::GeneralLedger(store::Tx& tx, const security::Access& who,
                                    const GeneralLedgerParams& p) const {
  RETURN_IF_ERROR(who.Require(kRead));
  if (p.limit < 1 || p.limit > 500) return InvalidField("limit", "range", "limit is 1..500.");
  if (p.to) RETURN_IF_ERROR(internal::CheckRange(p.from, *p.to));
  const int64_t company = who.company_id();
  ASSIGN_OR_RETURN(auto account, tx.One("SELECT id, code, name, name_zh, type, is_group FROM "
                                        "accounts WHERE id = ? AND company_id = ?",
                                        p.account_id, company));
  if (!account) return NotFound("account");
  if (account->Int(5) != 0) {
    return InvalidField("account_id", "group", "A group account has no lines of its own.");
  }
  ASSIGN_OR_RETURN(Currency cur, internal::CurrencyOf(tx, company));
  int64_t opening = 0;
  if (p.from) {
    ASSIGN_OR_RETURN(Sums s,
                     AccountSums(tx, company, p.account_id, std::nullopt, p.from->AddDays(-1)));
    opening = s.net();
  }
  ASSIGN_OR_RETURN(Sums period, AccountSums(tx, company, p.account_id, p.from, p.to));
  std::optional<Cursor> cursor;
  int64_t balance = opening;
  if (p.after > 0) {
    ASSIGN_OR_RETURN(auto at, CursorAndBalance(tx, company, p.account_id, p.after));
    cursor = at.first;
    balance = at.second;
  }
  ASSIGN_OR_RETURN(auto rows, LedgerLines(tx, company, p, cursor));
  json page = LinesJson(rows, p.limit, balance, cur);
  return json{{"account",
               {{"id", account->Int(0)},
                {"code", account->Text(1)},
                {"name", account->Text(2)},
                {"name_zh", account->Text(3)},
                {"type", account->Text(4)}}},
              {"from", OptDate(p.from)},
              {"to", OptDate(p.to)},
              {"currency", std::string(cur.code())},
              {"opening", Amount(opening, cur)},
              {"debit", Amount(period.debit, cur)},
              {"credit", Amount(period.credit, cur)},
              {"closing", Amount(opening + period.net(), cur)},
              {"balance_before", Amount(balance, cur)},
              {"items", std::move(page["items"])},
              {"next_cursor", std::move(page["next_cursor"])}};
}

}  // namespace concord::accounting
