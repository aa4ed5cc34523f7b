// Taxes and budgets through the API: tax definitions with bad input, the calculator, an invoice
// posted from the engine's lines and the tax report, budget vs actual with variances.
// NOTE: written at the end of the session; see the session report for its run status.
#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing {
namespace {

class TaxesAndBudgets : public ::testing::Test {
 protected:
  void SetUp() override { admin_ = server_.Admin(); }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  int64_t Account(const std::string& role) {
    auto items = admin_->Get("/api/v1/accounts?postable=true&role=" + role).json()["items"];
    EXPECT_FALSE(items.empty()) << role;
    return items.empty() ? 0 : items[0]["id"].get<int64_t>();
  }
  int64_t Tax(const std::string& code) {
    json items =
        admin_->Get("/api/v1/taxes").json()["items"];  // not a temporary: the loop outlives it
    for (const auto& t : items) {
      if (t["code"] == code) return t["id"].get<int64_t>();
    }
    ADD_FAILURE() << code;
    return 0;
  }
  int64_t Journal(const std::string& kind) {
    json items =
        admin_->Get("/api/v1/journals").json()["items"];  // not a temporary: the loop outlives it
    for (const auto& j : items) {
      if (j["kind"] == kind) return j["id"].get<int64_t>();
    }
    return 0;
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
};

TEST_F(TaxesAndBudgets, TaxDefinitionsRefuseBadInput) {
  int64_t collected = Account("tax_collected");
  json good = {
      {"code", "T7"}, {"name", "Tax 7"}, {"rate", "7.5"}, {"collected_account_id", collected}};
  for (const char* rate : {"abc", "101", "1.00001"}) {
    json bad = good;
    bad["rate"] = rate;
    EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/taxes", bad), 422, "")) << rate;
  }
  json unknown = good;
  unknown["colour"] = "red";
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/taxes", unknown), 422, ""));
  json other = good;
  other["collected_account_id"] = 999999;
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/taxes", other), 422, ""));
  auto created = admin_->Post("/api/v1/taxes", good);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["rate"], "7.5");
  std::string path = "/api/v1/taxes/" + std::to_string(created.json()["id"].get<int64_t>());
  EXPECT_EQ(admin_->Patch(path, {{"rate", "8"}}, IfMatch("\"1\"")).status, 200);
  EXPECT_TRUE(IsProblem(admin_->Patch(path, {{"rate", "9"}}, IfMatch("\"1\"")), 412, ""));
}

TEST_F(TaxesAndBudgets, InvoiceFromTheEngineFeedsTheTaxReport) {
  int64_t vat13 = Tax("VAT13");
  auto calc =
      admin_->Post("/api/v1/taxes/compute",
                   {{"side", "sale"}, {"lines", {{{"amount", "100.00"}, {"tax_ids", {vat13}}}}}});
  ASSERT_EQ(calc.status, 200) << calc.body;
  EXPECT_EQ(calc.json()["tax"], "13.00");
  EXPECT_EQ(calc.json()["total"], "113.00");
  json lines = calc.json()["posting_lines"];
  ASSERT_EQ(lines.size(), 1u);
  lines.push_back({{"account_id", Account("revenue")}, {"credit", "100.00"}});
  lines.push_back({{"account_id", Account("cash")}, {"debit", "113.00"}});
  auto posted = admin_->Post("/api/v1/journal-entries", {{"journal_id", Journal("general")},
                                                         {"date", "2026-03-10"},
                                                         {"lines", lines},
                                                         {"post", true}});
  ASSERT_EQ(posted.status, 201) << posted.body;
  auto report = admin_->Get("/api/v1/reports/tax?from=2026-03-01&to=2026-03-31");
  ASSERT_EQ(report.status, 200) << report.body;
  ASSERT_EQ(report.json()["taxes"].size(), 1u);
  EXPECT_EQ(report.json()["taxes"][0]["sale"]["base"], "100.00");
  EXPECT_EQ(report.json()["taxes"][0]["sale"]["tax"], "13.00");
  EXPECT_EQ(report.json()["totals"]["net"], "13.00");
}

TEST_F(TaxesAndBudgets, BudgetVersusActual) {
  int64_t year = admin_->Get("/api/v1/fiscal-years").json()["items"][0]["id"].get<int64_t>();
  auto periods = admin_->Get("/api/v1/fiscal-years/" + std::to_string(year)).json()["periods"];
  int64_t march = periods[2]["id"].get<int64_t>();
  int64_t expense = Account("expense"), cash = Account("cash");
  auto budget = admin_->Post("/api/v1/budgets", {{"name", "Plan"}, {"fiscal_year_id", year}});
  ASSERT_EQ(budget.status, 201) << budget.body;
  std::string path = "/api/v1/budgets/" + std::to_string(budget.json()["id"].get<int64_t>());
  auto put = admin_->Put(
      path + "/lines",
      {{"lines", {{{"account_id", expense}, {"period_id", march}, {"amount", "200.00"}}}}});
  ASSERT_EQ(put.status, 200) << put.body;
  auto entry =
      admin_->Post("/api/v1/journal-entries", {{"journal_id", Journal("general")},
                                               {"date", "2026-03-05"},
                                               {"lines",
                                                {{{"account_id", expense}, {"debit", "250.00"}},
                                                 {{"account_id", cash}, {"credit", "250.00"}}}},
                                               {"post", true}});
  ASSERT_EQ(entry.status, 201) << entry.body;
  auto r = admin_->Get("/api/v1/reports/budget-vs-actual?budget_id=" +
                       std::to_string(budget.json()["id"].get<int64_t>()) + "&from_period_id=" +
                       std::to_string(march) + "&to_period_id=" + std::to_string(march));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json()["rows"].size(), 1u);
  EXPECT_EQ(r.json()["rows"][0]["budget"], "200.00");
  EXPECT_EQ(r.json()["rows"][0]["actual"], "250.00");
  EXPECT_EQ(r.json()["rows"][0]["variance"], "50.00");
  EXPECT_EQ(r.json()["rows"][0]["variance_pct"], "25.0");
}

}  // namespace
}  // namespace concord::testing
