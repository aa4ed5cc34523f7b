// Reports over a small ledger (CAS chart, CNY): trial balance, general ledger paging, profit and
// loss with comparison and by department, balance sheet, cash flow; ledger_daily-based figures
// against direct sums over journal_lines; access and company isolation. SQLite always,
// PostgreSQL when CONCORD_TEST_PG is set.
#include "accounting/reports.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "accounting/install.h"
#include "accounting/ledger.h"
#include "accounting/report_test_support.h"
#include "app/app.h"
#include "store/database.h"
#include "store/scratch_db.h"

namespace concord::accounting {
namespace {

using nlohmann::json;
using test_support::ByCode;
using test_support::D;
using test_support::Must;
using test_support::ReportsFixture;

class ReportsTest : public ReportsFixture {
 protected:
  ReportsTest() : ReportsFixture("acctrep") {}

  void SetUp() override {
    ReportsFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(PostSampleLedger());
  }

  // Q1 2026: capital, a cash withdrawal, a sale with VAT and its cost, a purchase, the customer
  // paying, paying the supplier, an administrative expense of department 1, a selling expense
  // reversed two days later, a fixed asset bought from the bank.
  void PostSampleLedger() {
    Post("bank", "2026-01-02", "Capital", {{"1002", 10000000, 0}, {"4001", 0, 10000000}});
    Post("cash", "2026-01-03", "Withdrawal", {{"1001", 200000, 0}, {"1002", 0, 200000}});
    Post("sale", "2026-01-10", "Sale INV-1",
         {{"1122", 1130000, 0, customer_}, {"6001", 0, 1000000}, {"222102", 0, 130000}});
    Post("stock", "2026-01-10", "Cost of INV-1", {{"6401", 300000, 0}, {"1405", 0, 300000}});
    Post("purchase", "2026-01-15", "Bill B-1",
         {{"1405", 500000, 0}, {"222101", 65000, 0}, {"2202", 0, 565000, supplier_}});
    Post("bank", "2026-02-05", "Receipt", {{"1002", 1130000, 0}, {"1122", 0, 1130000, customer_}});
    Post("bank", "2026-02-20", "Payment", {{"2202", 565000, 0, supplier_}, {"1002", 0, 565000}});
    Post("cash", "2026-03-03", "Office supplies",
         {{"6602", 80000, 0, std::nullopt, department_}, {"1001", 0, 80000}});
    int64_t wrong = Post("cash", "2026-03-10", "Wrong booking",
                         {{"6601", 20000, 0, std::nullopt, department_}, {"1001", 0, 20000}});
    Reverse(wrong, "2026-03-12");
    Post("bank", "2026-03-15", "Machine", {{"1601", 3000000, 0}, {"1002", 0, 3000000}});
  }
};

TEST_P(ReportsTest, TrialBalanceIsBalancedAndExact) {
  TrialBalanceParams p;
  p.from = D("2026-01-01");
  p.to = D("2026-03-31");
  json tb = Must(TB(p));
  EXPECT_TRUE(tb["balanced"].get<bool>());
  EXPECT_EQ(tb["currency"], "CNY");
  EXPECT_EQ(tb["totals"]["debit"], "170100.00");
  EXPECT_EQ(tb["totals"]["credit"], "170100.00");
  EXPECT_EQ(tb["totals"]["closing"], "0.00");
  auto rows = ByCode(tb["accounts"]);
  const std::map<std::string, std::array<const char*, 4>> want = {
      {"1001", {"0.00", "2200.00", "1000.00", "1200.00"}},
      {"1002", {"0.00", "111300.00", "37650.00", "73650.00"}},
      {"1122", {"0.00", "11300.00", "11300.00", "0.00"}},
      {"1405", {"0.00", "5000.00", "3000.00", "2000.00"}},
      {"1601", {"0.00", "30000.00", "0.00", "30000.00"}},
      {"2202", {"0.00", "5650.00", "5650.00", "0.00"}},
      {"222101", {"0.00", "650.00", "0.00", "650.00"}},
      {"222102", {"0.00", "0.00", "1300.00", "-1300.00"}},
      {"4001", {"0.00", "0.00", "100000.00", "-100000.00"}},
      {"6001", {"0.00", "0.00", "10000.00", "-10000.00"}},
      {"6401", {"0.00", "3000.00", "0.00", "3000.00"}},
      {"6601", {"0.00", "200.00", "200.00", "0.00"}},
      {"6602", {"0.00", "800.00", "0.00", "800.00"}}};
  ASSERT_EQ(rows.size(), want.size());
  for (const auto& [code, w] : want) {
    ASSERT_TRUE(rows.count(code)) << code;
    const json& r = rows[code];
    EXPECT_EQ(r["opening"], w[0]) << code;
    EXPECT_EQ(r["debit"], w[1]) << code;
    EXPECT_EQ(r["credit"], w[2]) << code;
    EXPECT_EQ(r["closing"], w[3]) << code;
  }
  EXPECT_EQ(rows["1002"]["name_zh"], "银行存款");
  // February alone: openings carry January.
  p.from = D("2026-02-01");
  p.to = D("2026-02-28");
  tb = Must(TB(p));
  EXPECT_TRUE(tb["balanced"].get<bool>());
  rows = ByCode(tb["accounts"]);
  EXPECT_EQ(rows["1002"]["opening"], "98000.00");
  EXPECT_EQ(rows["1002"]["debit"], "11300.00");
  EXPECT_EQ(rows["1002"]["closing"], "103650.00");
  EXPECT_EQ(rows["6001"]["opening"], "-10000.00");
  EXPECT_EQ(rows["6001"]["debit"], "0.00");
  EXPECT_FALSE(rows.count("1601"));  // no activity until March
  p.all = true;
  tb = Must(TB(p));
  EXPECT_TRUE(ByCode(tb["accounts"]).count("1601"));
  EXPECT_GT(tb["accounts"].size(), 50u);
}

TEST_P(ReportsTest, DailySumsEqualTheLines) {
  TrialBalanceParams p;
  p.to = D("2026-12-31");
  p.all = true;
  json tb = Must(TB(p));
  std::map<std::string, std::string> direct = DirectClosingByCode(std::nullopt);
  size_t checked = 0;
  for (const auto& row : tb["accounts"]) {
    std::string code = row["code"];
    std::string want = direct.count(code) ? direct[code] : "0.00";
    EXPECT_EQ(row["closing"], want) << code;
    ++checked;
  }
  EXPECT_EQ(checked, tb["accounts"].size());
  // By department: the lines of department 1 only.
  p.department_id = department_;
  p.all = false;
  tb = Must(TB(p));
  auto rows = ByCode(tb["accounts"]);
  direct = DirectClosingByCode(department_);
  EXPECT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows["6602"]["closing"], direct["6602"]);
  EXPECT_EQ(rows["6602"]["closing"], "800.00");
  EXPECT_EQ(rows["6601"]["debit"], "200.00");
  EXPECT_EQ(rows["6601"]["credit"], "200.00");
}

TEST_P(ReportsTest, GeneralLedgerRunsTheBalanceAcrossPages) {
  GeneralLedgerParams p;
  p.account_id = Account("1002");
  p.limit = 2;
  json page = Must(GL(p));
  EXPECT_EQ(page["opening"], "0.00");
  EXPECT_EQ(page["closing"], "73650.00");
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["balance"], "100000.00");
  EXPECT_EQ(page["items"][0]["number"], "BNK/2026/000001");
  EXPECT_EQ(page["items"][0]["description"], "Capital");
  EXPECT_EQ(page["items"][1]["credit"], "2000.00");
  EXPECT_EQ(page["items"][1]["balance"], "98000.00");
  ASSERT_TRUE(page["next_cursor"].is_string());
  p.after = std::stoll(page["next_cursor"].get<std::string>());
  page = Must(GL(p));
  EXPECT_EQ(page["balance_before"], "98000.00");
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["balance"], "109300.00");
  EXPECT_EQ(page["items"][1]["balance"], "103650.00");
  p.after = std::stoll(page["next_cursor"].get<std::string>());
  page = Must(GL(p));
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["balance"], "73650.00");
  EXPECT_EQ(page["items"][0]["date"], "2026-03-15");
  EXPECT_TRUE(page["next_cursor"].is_null());
  // A range: the opening is the balance before it.
  p = {};
  p.account_id = Account("1002");
  p.from = D("2026-02-01");
  p.to = D("2026-02-28");
  page = Must(GL(p));
  EXPECT_EQ(page["opening"], "98000.00");
  EXPECT_EQ(page["debit"], "11300.00");
  EXPECT_EQ(page["credit"], "5650.00");
  EXPECT_EQ(page["closing"], "103650.00");
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][1]["balance"], "103650.00");
  // The customer account shows the party on its lines.
  p = {};
  p.account_id = Account("1122");
  page = Must(GL(p));
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["party_id"], customer_);
  // Errors: group account, bad cursor, bad limit.
  p.account_id = Account("2221");
  EXPECT_EQ(GL(p).status().code(), Code::kInvalidArgument);
  p.account_id = Account("1002");
  p.after = 999999;
  EXPECT_EQ(GL(p).status().code(), Code::kInvalidArgument);
  p.after = 0;
  p.limit = 0;
  EXPECT_EQ(GL(p).status().code(), Code::kInvalidArgument);
}

TEST_P(ReportsTest, ProfitAndLossWithComparisonAndHierarchy) {
  ProfitAndLossParams p;
  p.from = D("2026-01-01");
  p.to = D("2026-01-31");
  json pl = Must(PL(p));
  EXPECT_EQ(pl["income"]["total"], "10000.00");
  EXPECT_EQ(pl["expense"]["total"], "3000.00");
  EXPECT_EQ(pl["net_profit"], "7000.00");
  // The class-6 group carries the section's total; its account sits one level below.
  const json& income = pl["income"]["rows"];
  ASSERT_EQ(income.size(), 2u);
  EXPECT_EQ(income[0]["code"], "6");
  EXPECT_TRUE(income[0]["is_group"].get<bool>());
  EXPECT_EQ(income[0]["amount"], "10000.00");
  EXPECT_EQ(income[1]["code"], "6001");
  EXPECT_EQ(income[1]["level"], 1);
  // March beside January.
  p.from = D("2026-03-01");
  p.to = D("2026-03-31");
  p.compare_from = D("2026-01-01");
  p.compare_to = D("2026-01-31");
  pl = Must(PL(p));
  EXPECT_EQ(pl["net_profit"], "-800.00");
  EXPECT_EQ(pl["compare_net_profit"], "7000.00");
  EXPECT_EQ(pl["net_profit_variance"], "-7800.00");
  EXPECT_EQ(pl["income"]["total"], "0.00");
  EXPECT_EQ(pl["income"]["compare_total"], "10000.00");
  auto expense = ByCode(pl["expense"]["rows"]);
  EXPECT_EQ(expense["6"]["amount"], "800.00");
  EXPECT_EQ(expense["6"]["compare"], "3000.00");
  EXPECT_EQ(expense["6401"]["amount"], "0.00");
  EXPECT_EQ(expense["6401"]["compare"], "3000.00");
  EXPECT_EQ(expense["6401"]["variance"], "-3000.00");
  EXPECT_EQ(expense["6602"]["amount"], "800.00");
  EXPECT_FALSE(expense.count("6601"));  // reversed: zero in both periods
  // Department 1 over the quarter.
  p = {};
  p.from = D("2026-01-01");
  p.to = D("2026-03-31");
  p.department_id = department_;
  pl = Must(PL(p));
  EXPECT_EQ(pl["income"]["total"], "0.00");
  EXPECT_EQ(pl["expense"]["total"], "800.00");
  EXPECT_EQ(pl["net_profit"], "-800.00");
  // Half a comparison is refused.
  p.compare_from = D("2025-01-01");
  EXPECT_EQ(PL(p).status().code(), Code::kInvalidArgument);
}

TEST_P(ReportsTest, BalanceSheetBalancesWithCurrentYearEarnings) {
  BalanceSheetParams p;
  p.date = D("2026-03-31");
  p.compare_date = D("2026-01-31");
  json bs = Must(BS(p));
  EXPECT_TRUE(bs["balanced"].get<bool>());
  EXPECT_EQ(bs["assets"]["total"], "106850.00");
  EXPECT_EQ(bs["liabilities"]["total"], "650.00");
  EXPECT_EQ(bs["equity"]["total"], "106200.00");
  EXPECT_EQ(bs["liabilities_and_equity"], "106850.00");
  EXPECT_EQ(bs["assets"]["compare_total"], "113300.00");
  EXPECT_EQ(bs["compare_liabilities_and_equity"], "113300.00");
  const json& equity = bs["equity"]["rows"];
  ASSERT_FALSE(equity.empty());
  const json& earnings = equity.back();
  EXPECT_EQ(earnings["role"], "current_year_earnings");
  EXPECT_EQ(earnings["amount"], "6200.00");
  EXPECT_EQ(earnings["compare"], "7000.00");
  auto liabilities = ByCode(bs["liabilities"]["rows"]);
  EXPECT_EQ(liabilities["2221"]["amount"], "650.00");  // the tax group: 1300 out, 650 in
  EXPECT_EQ(liabilities["222101"]["amount"], "-650.00");
  EXPECT_EQ(liabilities["2202"]["compare"], "5650.00");
}

TEST_P(ReportsTest, BalanceSheetShowsUnclosedEarningsOfEarlierYears) {
  // 2027 is a new fiscal year; 2026 was never closed.
  ASSERT_NO_FATAL_FAILURE(AddFiscalYear(2027));
  Post("sale", "2027-01-05", "Sale 2027", {{"1122", 50000, 0, customer_}, {"6001", 0, 50000}});
  BalanceSheetParams p;
  p.date = D("2027-01-31");
  json bs = Must(BS(p));
  EXPECT_TRUE(bs["balanced"].get<bool>());
  auto equity = bs["equity"]["rows"];
  ASSERT_GE(equity.size(), 2u);
  EXPECT_EQ(equity[equity.size() - 2]["role"], "current_year_earnings");
  EXPECT_EQ(equity[equity.size() - 2]["amount"], "500.00");
  EXPECT_EQ(equity.back()["role"], "prior_years_unclosed_earnings");
  EXPECT_EQ(equity.back()["amount"], "6200.00");
}

TEST_P(ReportsTest, ProfitAndLossLeavesOutClosingEntries) {
  // January closed into retained earnings (as year-end closing entries are booked).
  Post("general", "2026-01-31", "Closing January",
       {{"6001", 1000000, 0}, {"6401", 0, 300000}, {"4104", 0, 700000}}, "", "closing");
  ProfitAndLossParams p;
  p.from = D("2026-01-01");
  p.to = D("2026-01-31");
  json pl = Must(PL(p));
  EXPECT_EQ(pl["income"]["total"], "10000.00");
  EXPECT_EQ(pl["net_profit"], "7000.00");
  // The balance sheet moves January's profit from the computed line into retained earnings.
  json bs = Must(BS({D("2026-03-31"), std::nullopt}));
  EXPECT_TRUE(bs["balanced"].get<bool>());
  EXPECT_EQ(bs["equity"]["total"], "106200.00");
  auto equity = ByCode(bs["equity"]["rows"]);
  EXPECT_EQ(equity["4104"]["amount"], "7000.00");
  EXPECT_EQ(equity[""]["amount"], "-800.00");
  // The trial balance keeps every entry.
  TrialBalanceParams tb;
  tb.to = D("2026-01-31");
  auto rows = ByCode(Must(TB(tb))["accounts"]);
  EXPECT_EQ(rows["6001"]["closing"], "0.00");
  EXPECT_EQ(rows["4104"]["closing"], "-7000.00");
}

TEST_P(ReportsTest, CashFlowBySectionReconcilesToCash) {
  CashFlowParams p{D("2026-01-01"), D("2026-03-31")};
  json cf = Must(CF(p));
  EXPECT_TRUE(cf["reconciled"].get<bool>());
  EXPECT_EQ(cf["opening"], "0.00");
  EXPECT_EQ(cf["closing"], "74850.00");
  EXPECT_EQ(cf["net_change"], "74850.00");
  EXPECT_EQ(cf["operating"]["inflow"], "11500.00");  // receipt + the reversed expense
  EXPECT_EQ(cf["operating"]["outflow"], "6650.00");
  EXPECT_EQ(cf["operating"]["net"], "4850.00");
  EXPECT_EQ(cf["investing"]["net"], "-30000.00");
  EXPECT_EQ(cf["financing"]["inflow"], "100000.00");
  EXPECT_EQ(cf["financing"]["net"], "100000.00");
  EXPECT_EQ(cf["cash_accounts"].size(), 2u);
  // February: opened with January's cash.
  p = {D("2026-02-01"), D("2026-02-28")};
  cf = Must(CF(p));
  EXPECT_TRUE(cf["reconciled"].get<bool>());
  EXPECT_EQ(cf["opening"], "100000.00");
  EXPECT_EQ(cf["operating"]["net"], "5650.00");
  EXPECT_EQ(cf["closing"], "105650.00");
}

TEST_P(ReportsTest, RequiresThePermissionAndStaysInTheCompany) {
  security::Access nobody(1, "nobody", company_, 0, {});
  TrialBalanceParams tb;
  tb.to = D("2026-12-31");
  EXPECT_EQ(TB(tb, nobody).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(BS({D("2026-12-31"), std::nullopt}, nobody).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(CF({D("2026-01-01"), D("2026-12-31")}, nobody).status().code(),
            Code::kPermissionDenied);
  // Another company with its own ledger: invisible from ours, and ours from it.
  int64_t other = 0;
  ASSERT_NO_FATAL_FAILURE(other = NewCompany("EUR", "generic"));
  security::Access them(1, "them", other, 0,
                        {{"accounting.report.read", security::Scope::kCompany}});
  json theirs = Must(TB(tb, them));
  EXPECT_TRUE(theirs["accounts"].empty());
  EXPECT_EQ(theirs["currency"], "EUR");
  GeneralLedgerParams gl;
  gl.account_id = Account("1002");
  EXPECT_EQ(GL(gl, them).status().code(), Code::kNotFound);
  tb.from = D("2026-03-01");
  tb.to = D("2026-02-01");
  EXPECT_EQ(TB(tb).status().code(), Code::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Db, ReportsTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::kSqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace concord::accounting
