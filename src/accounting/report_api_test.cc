// The report and export routes through http::Api (without the rest of the app): query
// parsing, problem+json for bad input, the permissions, the text/plain export.
#include <gtest/gtest.h>

#include <memory>

#include "accounting/report_test_support.h"
#include "accounting/reports.h"
#include "http/api.h"

namespace concord::accounting {
namespace {

using nlohmann::json;
using test_support::ReportsFixture;

// Everyone is the same caller, with the grants the test sets.
class FixedAuth : public http::Authenticator {
 public:
  Result<http::AuthInfo> Authenticate(const http::Request&, store::Tx&) override {
    http::AuthInfo info;
    info.access = access;
    return info;
  }
  void AfterRequest(const http::AuthInfo&) override {}
  std::shared_ptr<const security::Access> access;
};

class ReportApiTest : public ReportsFixture {
 protected:
  ReportApiTest() : ReportsFixture("acctapi") {}

  void SetUp() override {
    ReportsFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Grant({"accounting.report.read", "accounting.entry.export"});
    api_ = std::make_unique<http::Api>(*db_, auth_, registry_, http::ApiOptions{});
    RegisterReportRoutes(*api_);
    Post("bank", "2026-01-02", "Capital", {{"1002", 10000000, 0}, {"4001", 0, 10000000}});
    Post("bank", "2026-01-05", "Rent", {{"6602", 300000, 0}, {"1002", 0, 300000}});
  }

  void TearDown() override {
    api_.reset();
    ReportsFixture::TearDown();
  }

  void Grant(std::vector<std::string> permissions) {
    std::map<std::string, security::Scope> grants;
    for (auto& p : permissions) grants[p] = security::Scope::kCompany;
    auth_.access = std::make_shared<security::Access>(1, "accountant", company_, 0, grants);
  }

  http::Response Get(const std::string& target) {
    http::Request req;
    req.method = "GET";
    req.target = target;
    return api_->Handle(req);
  }

  json Body(const http::Response& r) { return json::parse(r.body, nullptr, false); }

  // A 422 problem naming `field`.
  void ExpectFieldProblem(const std::string& target, const std::string& field) {
    http::Response r = Get(target);
    EXPECT_EQ(r.status, 422) << target << " " << r.body;
    EXPECT_EQ(r.content_type, "application/problem+json") << target;
    EXPECT_NE(r.body.find("\"" + field + "\""), std::string::npos) << target << " " << r.body;
  }

  FixedAuth auth_;
  metrics::Registry registry_;
  std::unique_ptr<http::Api> api_;
};

TEST_P(ReportApiTest, ReportsAnswerWithJson) {
  http::Response r = Get("/api/v1/reports/trial-balance?from=2026-01-01&to=2026-01-31");
  ASSERT_EQ(r.status, 200) << r.body;
  json tb = Body(r);
  EXPECT_TRUE(tb["balanced"].get<bool>());
  EXPECT_EQ(tb["totals"]["debit"], "103000.00");
  r = Get("/api/v1/reports/general-ledger?account_id=" + std::to_string(Account("1002")) +
          "&limit=1");
  ASSERT_EQ(r.status, 200) << r.body;
  json gl = Body(r);
  ASSERT_EQ(gl["items"].size(), 1u);
  r = Get("/api/v1/reports/general-ledger?account_id=" + std::to_string(Account("1002")) +
          "&limit=1&cursor=" + gl["next_cursor"].get<std::string>());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["items"][0]["balance"], "97000.00");
  r =
      Get("/api/v1/reports/profit-and-loss?from=2026-01-01&to=2026-01-31&compare_from=2025-01-01&"
          "compare_to=2025-01-31");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["net_profit_variance"], "-3000.00");
  r = Get("/api/v1/reports/balance-sheet?date=2026-01-31&compare_date=2026-01-02");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Body(r)["balanced"].get<bool>());
  r = Get("/api/v1/reports/cash-flow?from=2026-01-01&to=2026-01-31");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["financing"]["net"], "100000.00");
  EXPECT_EQ(Body(r)["operating"]["net"], "-3000.00");
}

TEST_P(ReportApiTest, BadQueriesAreProblems) {
  ExpectFieldProblem("/api/v1/reports/trial-balance", "to");
  ExpectFieldProblem("/api/v1/reports/trial-balance?to=2026-02-30", "to");
  ExpectFieldProblem("/api/v1/reports/trial-balance?from=2026-03-01&to=2026-02-01", "to");
  ExpectFieldProblem("/api/v1/reports/trial-balance?to=2026-01-31&department_id=x",
                     "department_id");
  ExpectFieldProblem("/api/v1/reports/trial-balance?to=2026-01-31&all=yes", "all");
  ExpectFieldProblem("/api/v1/reports/general-ledger", "account_id");
  ExpectFieldProblem("/api/v1/reports/general-ledger?account_id=1&limit=0", "limit");
  ExpectFieldProblem(
      "/api/v1/reports/profit-and-loss?from=2026-01-01&to=2026-01-31&"
      "compare_from=2025-01-01",
      "compare_to");
  ExpectFieldProblem("/api/v1/reports/balance-sheet?date=31.01.2026", "date");
  ExpectFieldProblem("/api/v1/reports/cash-flow?from=2026-01-01", "to");
  ExpectFieldProblem("/api/v1/exports/ledger.hledger?from=2026-02-01&to=2026-01-01", "to");
  EXPECT_EQ(Get("/api/v1/reports/general-ledger?account_id=999999").status, 404);
}

TEST_P(ReportApiTest, ExportIsPlainTextAndBothNeedTheirPermission) {
  http::Response r = Get("/api/v1/exports/ledger.hledger?from=2026-01-01");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(r.body.rfind("; concord ledger of ", 0), 0u) << r.body;
  EXPECT_NE(r.body.find("(BNK/2026/000002) Rent"), std::string::npos) << r.body;
  Grant({"accounting.report.read"});
  EXPECT_EQ(Get("/api/v1/exports/ledger.hledger").status, 403);
  EXPECT_EQ(Get("/api/v1/reports/trial-balance?to=2026-01-31").status, 200);
  Grant({"accounting.entry.export"});
  EXPECT_EQ(Get("/api/v1/reports/trial-balance?to=2026-01-31").status, 403);
  EXPECT_EQ(Get("/api/v1/exports/ledger.hledger").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Db, ReportApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::kSqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace concord::accounting
