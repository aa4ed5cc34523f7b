// Open items as of a day, ageing buckets and party statements.
#include <algorithm>
#include <array>
#include <map>

#include "accounting/matching.h"
#include "core/money.h"
#include "party/service.h"
#include "security/company.h"

namespace concord::accounting {

using nlohmann::json;

namespace internal {
std::string ResidualAsOfSql(bool currency) {
  std::string col = currency ? "m.amount_currency" : "m.amount";
  std::string base = currency ? "l.amount_currency" : "(l.debit - l.credit)";
  return "(" + base + " - COALESCE((SELECT SUM(" + col +
         ") FROM line_matches m JOIN journal_lines o ON o.id = m.credit_line_id WHERE "
         "m.debit_line_id = l.id AND o.date <= ?), 0) + COALESCE((SELECT SUM(" +
         col +
         ") FROM line_matches m JOIN journal_lines o ON o.id = m.debit_line_id WHERE "
         "m.credit_line_id = l.id AND o.date <= ?), 0))";
}
}  // namespace internal

namespace {

struct Item {
  store::Record row;
  int64_t residual = 0;
  int64_t days_overdue = 0;
};

std::string Fmt(int64_t minor, const std::string& code) {
  auto c = Currency::FromCode(code);
  return c.ok() ? Money::FromMinor(minor, *c).ToString() : std::to_string(minor);
}

// The open lines as of `day` (company residual, or currency residual of a foreign line, <> 0).
Result<std::vector<Item>> LoadItems(store::Tx& tx, int64_t company_id, const OpenItemFilter& f,
                                    Date day) {
  std::string d = day.ToString();
  std::string sql =
      "SELECT * FROM (SELECT l.id, l.entry_id, e.number, l.date, l.due_date, l.account_id, "
      "a.code AS account_code, l.party_id, p.name AS party_name, l.debit - l.credit AS amount, "
      "l.currency, l.amount_currency, l.description, " +
      internal::ResidualAsOfSql(false) + " AS residual, " + internal::ResidualAsOfSql(true) +
      " AS residual_currency FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id "
      "JOIN accounts a ON a.id = l.account_id LEFT JOIN parties p ON p.id = l.party_id WHERE "
      "l.company_id = ? AND l.posted = 1 AND a.reconcilable = 1 AND l.date <= ?";
  std::vector<store::Value> p = {d, d, d, d, company_id, d};
  if (f.party_id) {
    sql += " AND l.party_id = ?";
    p.emplace_back(*f.party_id);
  }
  if (f.account_id) {
    sql += " AND l.account_id = ?";
    p.emplace_back(*f.account_id);
  }
  if (!f.kind.empty()) {
    sql += " AND a.role = ?";
    p.emplace_back(f.kind);
  }
  // A company-currency line's currency residual is its residual (exchange-difference lines
  // are settled in the company currency only).
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, company_id));
  p.emplace_back(own);
  sql +=
      ") x WHERE x.residual <> 0 OR (x.residual_currency <> 0 AND x.currency <> ?) ORDER BY "
      "x.party_id, COALESCE(x.due_date, x.date), x.id";
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  std::vector<Item> out;
  for (auto& r : rows) {
    Item it{r, r.Int("residual"), 0};
    ASSIGN_OR_RETURN(Date due,
                     Date::Parse(r.IsNull("due_date") ? r.Text("date") : r.Text("due_date")));
    it.days_overdue = std::max<int64_t>(0, due.DaysUntil(day));
    out.push_back(std::move(it));
  }
  return out;
}

json ItemJson(const Item& it, const std::string& own) {
  const auto& r = it.row;
  std::string cur = r.Text("currency");
  bool foreign = cur != own;
  return {{"line_id", r.Int("id")},
          {"entry_id", r.Int("entry_id")},
          {"entry_number", r.Text("number")},
          {"date", r.Text("date")},
          {"due_date", r.IsNull("due_date") ? json() : json(r.Text("due_date"))},
          {"account_id", r.Int("account_id")},
          {"account_code", r.Text("account_code")},
          {"party_id", r.OptInt("party_id") ? json(r.Int("party_id")) : json()},
          {"party_name", r.Text("party_name")},
          {"description", r.Text("description")},
          {"amount", Fmt(r.Int("amount"), own)},
          {"residual", Fmt(it.residual, own)},
          {"currency", cur},
          {"amount_currency", Fmt(foreign ? r.Int("amount_currency") : r.Int("amount"), cur)},
          {"residual_currency", Fmt(foreign ? r.Int("residual_currency") : it.residual, cur)},
          {"days_overdue", it.days_overdue}};
}

int Bucket(int64_t days) {
  if (days <= 0) return 0;
  if (days <= 30) return 1;
  if (days <= 60) return 2;
  if (days <= 90) return 3;
  return 4;
}

const char* const kBuckets[] = {"current", "days_1_30", "days_31_60", "days_61_90", "over_90"};

json BucketsJson(const std::array<int64_t, 6>& b, const std::string& own) {
  json out = json::object();
  for (int i = 0; i < 5; ++i) out[kBuckets[i]] = Fmt(b[i], own);
  out["total"] = Fmt(b[5], own);
  return out;
}

}  // namespace

Result<Date> OpenItems::Today(store::Tx& tx, int64_t company_id) const {
  ASSIGN_OR_RETURN(auto c, security::GetCompanyBasics(tx, company_id));
  return BusinessDate(clock_.Now(), c.time_zone);
}

Result<json> OpenItems::List(store::Tx& tx, const security::Access& who,
                             const OpenItemFilter& f) const {
  RETURN_IF_ERROR(who.Require("accounting.match.read"));
  ASSIGN_OR_RETURN(Date today, Today(tx, who.company_id()));
  Date day = f.as_of.value_or(today);
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, who.company_id()));
  ASSIGN_OR_RETURN(auto items, LoadItems(tx, who.company_id(), f, day));
  json out = json::array();
  int64_t total = 0;
  for (const auto& it : items) {
    out.push_back(ItemJson(it, own));
    total += it.residual;
  }
  return json{{"as_of", day.ToString()},
              {"currency", own},
              {"total", Fmt(total, own)},
              {"items", std::move(out)}};
}

Result<json> OpenItems::Ageing(store::Tx& tx, const security::Access& who, const std::string& kind,
                               std::optional<Date> as_of) const {
  RETURN_IF_ERROR(who.Require("accounting.report.read"));
  ASSIGN_OR_RETURN(Date today, Today(tx, who.company_id()));
  Date day = as_of.value_or(today);
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, who.company_id()));
  ASSIGN_OR_RETURN(auto items, LoadItems(tx, who.company_id(), {.kind = kind}, day));
  int sign = kind == "payable" ? -1 : 1;
  std::map<int64_t, std::pair<std::string, std::array<int64_t, 6>>> parties;
  std::array<int64_t, 6> totals{};
  for (const auto& it : items) {
    auto& [name, b] = parties[it.row.OptInt("party_id").value_or(0)];
    name = it.row.Text("party_name");
    int64_t v = sign * it.residual;
    b[Bucket(it.days_overdue)] += v;
    b[5] += v;
    totals[Bucket(it.days_overdue)] += v;
    totals[5] += v;
  }
  json rows = json::array();
  for (const auto& [id, p] : parties) {
    json r = BucketsJson(p.second, own);
    r["party_id"] = id;
    r["party_name"] = p.first;
    rows.push_back(std::move(r));
  }
  ASSIGN_OR_RETURN(auto control, tx.One("SELECT COALESCE(SUM(l.debit - l.credit), 0) FROM "
                                        "journal_lines l JOIN accounts a ON a.id = l.account_id "
                                        "WHERE l.company_id = ? AND l.posted = 1 AND "
                                        "a.reconcilable = 1 AND a.role = ? AND l.date <= ?",
                                        who.company_id(), kind, day.ToString()));
  return json{{"kind", kind},
              {"as_of", day.ToString()},
              {"currency", own},
              {"parties", std::move(rows)},
              {"totals", BucketsJson(totals, own)},
              {"control_balance", Fmt(sign * control->Int(0), own)}};
}

Result<json> OpenItems::Statement(store::Tx& tx, const security::Access& who, int64_t party_id,
                                  std::optional<Date> from, std::optional<Date> to) const {
  RETURN_IF_ERROR(who.Require("accounting.report.read"));
  auto owner = party::PartyOwnership(tx, party_id);
  if (!owner.ok() || owner->company_id != who.company_id()) return NotFound("party");
  ASSIGN_OR_RETURN(Date today, Today(tx, who.company_id()));
  Date last = to.value_or(today);
  ASSIGN_OR_RETURN(Date year_start, Date::FromYmd(last.year(), 1, 1));
  Date first = from.value_or(year_start);
  if (first > last) return InvalidField("from", "range", "from is on or before to.");
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, who.company_id()));
  const std::string scope =
      " FROM journal_lines l JOIN accounts a ON a.id = l.account_id JOIN journal_entries e ON "
      "e.id = l.entry_id WHERE l.company_id = ? AND l.party_id = ? AND l.posted = 1 AND "
      "a.reconcilable = 1";
  ASSIGN_OR_RETURN(auto opening,
                   tx.One("SELECT COALESCE(SUM(l.debit - l.credit), 0)" + scope + " AND l.date < ?",
                          who.company_id(), party_id, first.ToString()));
  ASSIGN_OR_RETURN(auto rows,
                   tx.Rows("SELECT l.id, l.date, e.number, a.code, l.description, "
                           "l.debit, l.credit, l.currency, l.amount_currency, "
                           "l.due_date" +
                               scope +
                               " AND l.date >= ? AND l.date <= ? ORDER BY "
                               "l.date, l.entry_id, l.line_no",
                           who.company_id(), party_id, first.ToString(), last.ToString()));
  int64_t balance = opening->Int(0);
  json lines = json::array();
  for (const auto& r : rows) {
    balance += r.Int(5) - r.Int(6);
    lines.push_back({{"line_id", r.Int(0)},
                     {"date", r.Text(1)},
                     {"entry_number", r.Text(2)},
                     {"account_code", r.Text(3)},
                     {"description", r.Text(4)},
                     {"debit", Fmt(r.Int(5), own)},
                     {"credit", Fmt(r.Int(6), own)},
                     {"currency", r.Text(7)},
                     {"amount_currency", Fmt(r.Int(8), r.Text(7))},
                     {"due_date", r.IsNull(9) ? json() : json(r.Text(9))},
                     {"balance", Fmt(balance, own)}});
  }
  ASSIGN_OR_RETURN(auto items, LoadItems(tx, who.company_id(), {.party_id = party_id}, last));
  json open = json::array();
  for (const auto& it : items) open.push_back(ItemJson(it, own));
  return json{{"party_id", party_id},
              {"from", first.ToString()},
              {"to", last.ToString()},
              {"currency", own},
              {"opening_balance", Fmt(opening->Int(0), own)},
              {"lines", std::move(lines)},
              {"closing_balance", Fmt(balance, own)},
              {"open_items", std::move(open)}};
}

}  // namespace concord::accounting
