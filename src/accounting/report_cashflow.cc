// The cash-flow summary (direct method, simplified).
//
// Cash is the accounts with role "cash" or "bank". For every posted entry in the range that
// has a cash line, each of its other lines (the counter-lines) is a flow: a credit to the
// counter-account is cash coming in, a debit cash going out. Because an entry balances, the
// flows of all sections add up exactly to the change in cash; transfers between two cash
// accounts have no counter-line and are no flow. An entry that also books non-cash lines
// (e.g. cost of goods sold against inventory beside a cash sale) shows them as an inflow and an
// outflow that cancel out within their section.
//
// The section of a counter-account, first rule that applies:
//   1. income and expense accounts: operating;
//   2. equity accounts: financing;
//   3. accounts with a role: operating (receivables, payables, advances, taxes, inventory,
//      goods received not invoiced, ...), except "depreciation" (a fixed-asset contra): investing;
//   4. the company's chart template (accounting_settings.chart_template) lists code prefixes of
//      investing assets (long-term investments, fixed and intangible assets) and financing
//      liabilities (borrowings, bonds, dividends and interest payable); the rest is operating;
//   5. a chart without such a list: other assets investing, other liabilities financing.
// Accountants who need the full statement classify cash flows per line; this summary is what
// the ledger says without that extra input.
#include <algorithm>
#include <array>
#include <span>
#include <string_view>

#include "accounting/report_internal.h"
#include "accounting/reports.h"

namespace concord::accounting {

using internal::Amount;
using internal::ChartAccount;
using internal::Sums;
using nlohmann::json;

namespace {

enum class Flow { kOperating = 0, kInvesting = 1, kFinancing = 2 };
constexpr std::array<const char*, 3> kFlowNames = {"operating", "investing", "financing"};

struct CodeRule {
  std::string_view prefix;
  Flow flow;
};

constexpr CodeRule kCasRules[] = {{"1101", Flow::kInvesting}, {"15", Flow::kInvesting},
                                  {"16", Flow::kInvesting},   {"17", Flow::kInvesting},
                                  {"18", Flow::kInvesting},   {"2001", Flow::kFinancing},
                                  {"2231", Flow::kFinancing}, {"2232", Flow::kFinancing},
                                  {"25", Flow::kFinancing},   {"27", Flow::kFinancing}};
constexpr CodeRule kGenericRules[] = {{"16", Flow::kInvesting},
                                      {"17", Flow::kInvesting},
                                      {"18", Flow::kInvesting},
                                      {"2400", Flow::kFinancing},
                                      {"25", Flow::kFinancing}};

std::span<const CodeRule> RulesOf(const std::string& chart_template) {
  if (chart_template == "cn_cas") return kCasRules;
  if (chart_template == "generic") return kGenericRules;
  return {};
}

Flow Classify(const ChartAccount& a, std::span<const CodeRule> rules, bool known_chart) {
  if (a.type == "income" || a.type == "expense") return Flow::kOperating;
  if (a.type == "equity") return Flow::kFinancing;
  if (a.role == "depreciation") return Flow::kInvesting;
  if (!a.role.empty()) return Flow::kOperating;
  if (known_chart) {
    for (const auto& r : rules) {
      if (a.code.starts_with(r.prefix)) return r.flow;
    }
    return Flow::kOperating;
  }
  return a.type == "asset" ? Flow::kInvesting : Flow::kFinancing;
}

bool IsCash(const ChartAccount& a) { return !a.is_group && (a.role == "cash" || a.role == "bank"); }

// Debits and credits of the counter-lines of the entries in [from, to] that move cash.
Result<std::map<int64_t, Sums>> CounterSums(store::Tx& tx, int64_t company_id,
                                            const std::vector<int64_t>& cash, Date from, Date to) {
  std::string in;
  for (size_t i = 0; i < cash.size(); ++i) in += i ? ", ?" : "?";
  std::string sql =
      "SELECT l.account_id, CAST(SUM(l.debit) AS BIGINT), CAST(SUM(l.credit) AS BIGINT) "
      "FROM journal_lines l WHERE l.company_id = ? AND l.posted = 1 AND l.date >= ? AND "
      "l.date <= ? AND l.account_id NOT IN (" +
      in +
      ") AND l.entry_id IN (SELECT c.entry_id FROM journal_lines c WHERE c.company_id = ? AND "
      "c.posted = 1 AND c.date >= ? AND c.date <= ? AND c.account_id IN (" +
      in + ")) GROUP BY l.account_id";
  std::vector<store::Value> params = {company_id, from.ToString(), to.ToString()};
  params.insert(params.end(), cash.begin(), cash.end());
  params.insert(params.end(), {company_id, from.ToString(), to.ToString()});
  params.insert(params.end(), cash.begin(), cash.end());
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, std::move(params)));
  std::map<int64_t, Sums> out;
  for (const auto& r : rows) out[r.Int(0)] = {r.Int(1), r.Int(2)};
  return out;
}

Result<std::string> ChartTemplateOf(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT chart_template FROM accounting_settings WHERE "
                                    "company_id = ?",
                                    company_id));
  return row ? row->Text(0) : std::string();
}

struct FlowSection {
  int64_t inflow = 0;
  int64_t outflow = 0;
  json accounts = json::array();
};

// The cash and bank accounts with their opening and closing balances.
struct CashPosition {
  std::vector<int64_t> ids;
  json accounts = json::array();
  int64_t opening = 0;
  int64_t closing = 0;
};

Result<CashPosition> Cash(store::Tx& tx, int64_t company_id, const std::vector<ChartAccount>& chart,
                          const CashFlowParams& p, Currency cur) {
  ASSIGN_OR_RETURN(auto before, internal::DailySums(tx, company_id, std::nullopt,
                                                    p.from.AddDays(-1), std::nullopt));
  ASSIGN_OR_RETURN(auto during, internal::DailySums(tx, company_id, p.from, p.to, std::nullopt));
  CashPosition out;
  for (const auto& a : chart) {
    if (!IsCash(a)) continue;
    out.ids.push_back(a.id);
    int64_t open = before.count(a.id) ? before[a.id].net() : 0;
    int64_t close = open + (during.count(a.id) ? during[a.id].net() : 0);
    json row = internal::AccountJson(a);
    row["opening"] = Amount(open, cur);
    row["closing"] = Amount(close, cur);
    out.accounts.push_back(std::move(row));
    out.opening += open;
    out.closing += close;
  }
  return out;
}

// The counter-accounts' flows by section.
std::array<FlowSection, 3> Sections(const std::vector<ChartAccount>& chart,
                                    const std::map<int64_t, Sums>& counter,
                                    const std::string& chart_template, Currency cur) {
  auto rules = RulesOf(chart_template);
  std::array<FlowSection, 3> sections;
  for (const auto& a : chart) {
    auto it = counter.find(a.id);
    if (it == counter.end()) continue;
    FlowSection& s = sections[static_cast<size_t>(Classify(a, rules, !rules.empty()))];
    s.inflow += it->second.credit;
    s.outflow += it->second.debit;
    json row = internal::AccountJson(a);
    row["inflow"] = Amount(it->second.credit, cur);
    row["outflow"] = Amount(it->second.debit, cur);
    s.accounts.push_back(std::move(row));
  }
  return sections;
}

}  // namespace

Result<json> Reports::CashFlow(store::Tx& tx, const security::Access& who,
                               const CashFlowParams& p) const {
  RETURN_IF_ERROR(who.Require("accounting.report.read"));
  RETURN_IF_ERROR(internal::CheckRange(p.from, p.to));
  const int64_t company = who.company_id();
  ASSIGN_OR_RETURN(Currency cur, internal::CurrencyOf(tx, company));
  ASSIGN_OR_RETURN(auto chart, internal::LoadChart(tx, company));
  ASSIGN_OR_RETURN(CashPosition cash, Cash(tx, company, chart, p, cur));
  std::map<int64_t, Sums> counter;
  if (!cash.ids.empty()) {
    ASSIGN_OR_RETURN(counter, CounterSums(tx, company, cash.ids, p.from, p.to));
  }
  ASSIGN_OR_RETURN(std::string chart_template, ChartTemplateOf(tx, company));
  auto sections = Sections(chart, counter, chart_template, cur);
  json out = {{"from", p.from.ToString()},
              {"to", p.to.ToString()},
              {"currency", std::string(cur.code())},
              {"cash_accounts", std::move(cash.accounts)},
              {"opening", Amount(cash.opening, cur)},
              {"closing", Amount(cash.closing, cur)},
              {"net_change", Amount(cash.closing - cash.opening, cur)}};
  int64_t net = 0;
  for (size_t i = 0; i < sections.size(); ++i) {
    FlowSection& s = sections[i];
    net += s.inflow - s.outflow;
    out[kFlowNames[i]] = {{"inflow", Amount(s.inflow, cur)},
                          {"outflow", Amount(s.outflow, cur)},
                          {"net", Amount(s.inflow - s.outflow, cur)},
                          {"accounts", std::move(s.accounts)}};
  }
  out["reconciled"] = cash.opening + net == cash.closing;
  return out;
}

}  // namespace concord::accounting
