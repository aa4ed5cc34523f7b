// The ledger through the API: a new company's chart and fiscal year, manual entries as drafts
// that need approval, the posting checks (balance, period, company, party), reversal, closed
// periods, year-end closing. The ledger invariants run after every scenario.
#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing {
namespace {

const std::string kEntries = "/api/v1/journal-entries";

// The code of the field error on `field`, "" if there is none.
std::string Code(const HttpResult& r, const std::string& field) {
  for (const auto& [f, code] : FieldErrors(r)) {
    if (f == field) return code;
  }
  return "";
}

class Ledger : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = server_.Admin();
    auto me = admin_->Get("/api/v1/auth/me").json();
    currency_ = me["company"]["currency"].get<std::string>();
  }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  int64_t Account(const std::string& role) {
    auto r = admin_->Get("/api/v1/accounts?postable=true&role=" + role);
    EXPECT_EQ(r.status, 200) << r.body;
    auto items = r.json()["items"];
    EXPECT_FALSE(items.empty()) << role;
    return items.empty() ? 0 : items[0]["id"].get<int64_t>();
  }
  int64_t Journal(const std::string& kind) {
    json items = admin_->Get("/api/v1/journals").json()["items"];
    for (const auto& j : items) {
      if (j["kind"] == kind) return j["id"].get<int64_t>();
    }
    ADD_FAILURE() << "no journal " << kind;
    return 0;
  }
  json Line(int64_t account, const std::string& debit, const std::string& credit) {
    json l = {{"account_id", account}};
    if (!debit.empty()) l["debit"] = debit;
    if (!credit.empty()) l["credit"] = credit;
    return l;
  }
  json Entry(const std::string& date, json lines, bool post = false) {
    return {{"journal_id", Journal("general")}, {"date", date}, {"lines", lines}, {"post", post}};
  }
  int64_t Party(const std::string& name) {
    auto r = admin_->Post("/api/v1/parties", {{"kind", "organization"},
                                              {"name", name},
                                              {"roles", {"customer"}},
                                              {"allow_duplicates", true}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  json TrialRow(int64_t account) {
    auto rows = server_.app().db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto r, tx.One("SELECT COALESCE(SUM(debit), 0), COALESCE(SUM(credit), 0) "
                                      "FROM ledger_daily WHERE account_id = ?",
                                      account));
      last_ = {r->Int(0), r->Int(1)};
      return Status::Ok();
    });
    EXPECT_TRUE(rows.ok()) << rows.ToString();
    return last_;
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  std::string currency_;
  json last_;
};

TEST_F(Ledger, NewCompanyHasItsChartJournalsAndFiscalYear) {
  auto accounts = admin_->Get("/api/v1/accounts").json()["items"];
  EXPECT_GT(accounts.size(), 40u);
  auto years = admin_->Get("/api/v1/fiscal-years").json()["items"];
  ASSERT_EQ(years.size(), 1u);
  EXPECT_EQ(years[0]["start_date"], "2026-01-01");
  EXPECT_EQ(years[0]["end_date"], "2026-12-31");
  auto year = admin_->Get("/api/v1/fiscal-years/" + std::to_string(years[0]["id"].get<int64_t>()));
  EXPECT_EQ(year.json()["periods"].size(), 12u);
  EXPECT_EQ(year.json()["periods"][10]["name"], "2026-11");
  for (const char* kind : {"sale", "purchase", "bank", "cash", "stock", "general"}) {
    EXPECT_GT(Journal(kind), 0) << kind;
  }
  // A second company gets its own chart (generic for USD) and year.
  auto created = admin_->Post("/api/v1/companies",
                              {{"name", "Second"}, {"currency", "USD"}, {"time_zone", "UTC"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  auto second = admin_->Get("/api/v1/accounts?role=receivable").json()["items"];
  ASSERT_EQ(second.size(), 1u);
  EXPECT_NE(second[0]["id"], accounts[0]["id"]);
  EXPECT_EQ(admin_->Get("/api/v1/fiscal-years").json()["items"].size(), 1u);
}

TEST_F(Ledger, DraftNeedsApprovalThenPostsNumberedAndReverses) {
  int64_t cash = Account("cash"), expense = Account("expense");
  auto draft = admin_->Post(
      kEntries, Entry("2026-11-03", {Line(expense, "120.50", ""), Line(cash, "", "120.50")}));
  ASSERT_EQ(draft.status, 201) << draft.body;
  EXPECT_EQ(draft.json()["state"], "draft");
  EXPECT_TRUE(draft.json()["number"].is_null());
  EXPECT_EQ(TrialRow(cash), json({0, 0}));  // a draft touches no balance
  std::string path = kEntries + "/" + std::to_string(draft.json()["id"].get<int64_t>());

  // A bookkeeper may draft but not approve.
  int64_t role = CreateRole(*admin_, "Bookkeeper",
                            {"accounting.entry.read", "accounting.entry.create",
                             "accounting.account.read", "accounting.journal.read"});
  CreateUser(*admin_, "keeper", {role});
  auto keeper = server_.LoginAs("keeper", kDemoPassword);
  EXPECT_TRUE(IsProblem(keeper->Post(path + "/post", json::object()), 403, ""));
  EXPECT_TRUE(IsProblem(
      keeper->Post(kEntries,
                   Entry("2026-11-03", {Line(expense, "1.00", ""), Line(cash, "", "1.00")}, true)),
      403, ""));

  auto posted = admin_->Post(path + "/post", json::object());
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.json()["state"], "posted");
  EXPECT_EQ(posted.json()["number"], "GEN/2026/000001");
  EXPECT_EQ(posted.json()["total"], "120.50");
  json listed = Items(admin_->Get(kEntries + "?state=posted"));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["total"], "120.50");  // the same money format as a single entry
  EXPECT_EQ(TrialRow(cash), json({0, 12050}));
  EXPECT_TRUE(IsProblem(admin_->Post(path + "/post", json::object()), 409, ""));
  EXPECT_TRUE(IsProblem(admin_->Delete(path, IfMatch("\"2\"")), 409, ""));

  auto reversal = admin_->Post(path + "/reverse", {{"date", "2026-11-04"}});
  ASSERT_EQ(reversal.status, 201) << reversal.body;
  EXPECT_EQ(reversal.json()["kind"], "reversal");
  EXPECT_EQ(reversal.json()["number"], "GEN/2026/000002");
  EXPECT_EQ(reversal.json()["lines"][1]["debit"], "120.50");
  EXPECT_EQ(admin_->Get(path).json()["reversed_by_id"], reversal.json()["id"]);
  EXPECT_EQ(TrialRow(cash), json({12050, 12050}));
  EXPECT_TRUE(IsProblem(admin_->Post(path + "/reverse", json::object()), 409, ""));
  auto audit = admin_->Get("/api/v1/audit?entity=journal_entry&id=" +
                           std::to_string(draft.json()["id"].get<int64_t>()));
  std::vector<std::string> actions;
  json audit_items = audit.json()["items"];
  for (const auto& a : audit_items) actions.push_back(a["action"].get<std::string>());
  EXPECT_EQ(actions, (std::vector<std::string>{"reverse", "post", "create"})) << audit.body;
}

TEST_F(Ledger, PostingChecksRefuseAndWriteNothing) {
  int64_t cash = Account("cash"), expense = Account("expense"), receivable = Account("receivable");
  auto count = [&] { return Items(admin_->Get(kEntries + "?limit=500")).size(); };
  size_t before = count();
  auto unbalanced = admin_->Post(
      kEntries, Entry("2026-11-03", {Line(expense, "100.00", ""), Line(cash, "", "99.99")}, true));
  EXPECT_TRUE(IsProblem(unbalanced, 422, "validation.failed")) << unbalanced.body;
  EXPECT_EQ(Code(unbalanced, "lines"), "unbalanced");
  auto both = admin_->Post(
      kEntries,
      Entry("2026-11-03", {{{"account_id", expense}, {"debit", "1.00"}, {"credit", "1.00"}},
                           Line(cash, "", "1.00")}));
  EXPECT_EQ(Code(both, "lines/0/debit"), "one_side") << both.body;
  auto precision = admin_->Post(
      kEntries, Entry("2026-11-03", {Line(expense, "1.001", ""), Line(cash, "", "1.001")}));
  EXPECT_FALSE(Code(precision, "lines/0/debit").empty()) << precision.body;
  auto no_year = admin_->Post(
      kEntries, Entry("2031-01-05", {Line(expense, "1", ""), Line(cash, "", "1")}, true));
  EXPECT_EQ(Code(no_year, "date"), "accounting.no_period") << no_year.body;
  auto no_party = admin_->Post(
      kEntries, Entry("2026-11-03", {Line(receivable, "5", ""), Line(cash, "", "5")}, true));
  EXPECT_EQ(Code(no_party, "lines/0/party_id"), "required") << no_party.body;
  auto group = admin_->Get("/api/v1/accounts?type=asset").json()["items"][0];
  ASSERT_TRUE(group["is_group"].get<bool>());
  auto grouped = admin_->Post(
      kEntries, Entry("2026-11-03", {Line(group["id"], "5", ""), Line(cash, "", "5")}));
  EXPECT_EQ(Code(grouped, "lines/0/account_id"), "group") << grouped.body;
  auto wrong_types = admin_->Post(kEntries, {{"journal_id", "GEN"},
                                             {"date", 20261103},
                                             {"lines", {{{"account_id", "x"}, {"debit", 5}}}},
                                             {"colour", "red'; DROP TABLE journal_lines; --"}});
  for (const char* f : {"journal_id", "date", "lines", "colour"}) {
    EXPECT_FALSE(Code(wrong_types, f).empty()) << f << " " << wrong_types.body;
  }
  // Another company's account and party are "not found".
  auto created = admin_->Post("/api/v1/companies",
                              {{"name", "Other"}, {"currency", currency_}, {"time_zone", "UTC"}});
  ASSERT_EQ(created.status, 201);
  int64_t party = Party("Mine Ltd");
  int64_t my_tax = Items(admin_->Get("/api/v1/taxes"))[0]["id"].get<int64_t>();
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  int64_t their_cash = Account("cash");
  auto foreign = admin_->Post(
      kEntries, Entry("2026-11-03", {Line(cash, "5", ""), Line(their_cash, "", "5")}, true));
  EXPECT_EQ(Code(foreign, "lines/0/account_id"), "not_found") << foreign.body;
  json with_party = Line(Account("receivable"), "5", "");
  with_party["party_id"] = party;
  auto foreign_party =
      admin_->Post(kEntries, Entry("2026-11-03", {with_party, Line(their_cash, "", "5")}, true));
  EXPECT_EQ(Code(foreign_party, "lines/0/party_id"), "not_found") << foreign_party.body;
  json taxed = Line(their_cash, "5", "");
  taxed["tax_id"] = my_tax;
  taxed["tax_base"] = "50";
  auto foreign_tax =
      admin_->Post(kEntries, Entry("2026-11-03", {taxed, Line(Account("bank"), "", "5")}, true));
  EXPECT_EQ(Code(foreign_tax, "lines/0/tax_id"), "not_found") << foreign_tax.body;
  EXPECT_TRUE(Items(admin_->Get(kEntries)).empty());
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", 1}}).status, 200);
  EXPECT_EQ(count(), before);
}

TEST_F(Ledger, ClosedPeriodRefusesPostingUntilReopened) {
  int64_t cash = Account("cash"), expense = Account("expense");
  auto year = admin_->Get("/api/v1/fiscal-years").json()["items"][0];
  auto periods =
      admin_->Get("/api/v1/fiscal-years/" + std::to_string(year["id"].get<int64_t>())).json();
  std::string october =
      "/api/v1/fiscal-periods/" + std::to_string(periods["periods"][9]["id"].get<int64_t>());
  auto closed = admin_->Post(october + "/close", json::object());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["state"], "closed");
  auto refused = admin_->Post(
      kEntries, Entry("2026-10-31", {Line(expense, "10", ""), Line(cash, "", "10")}, true));
  EXPECT_EQ(Code(refused, "date"), "accounting.period_closed") << refused.body;
  // A draft may be dated there, but not posted.
  auto draft =
      admin_->Post(kEntries, Entry("2026-10-31", {Line(expense, "10", ""), Line(cash, "", "10")}));
  ASSERT_EQ(draft.status, 201) << draft.body;
  std::string draft_path = kEntries + "/" + std::to_string(draft.json()["id"].get<int64_t>());
  EXPECT_EQ(Code(admin_->Post(draft_path + "/post", json::object()), "date"),
            "accounting.period_closed");
  EXPECT_TRUE(IsProblem(admin_->Post(october + "/close", json::object()), 409, ""));
  ASSERT_EQ(admin_->Post(october + "/reopen", json::object()).status, 200);
  EXPECT_EQ(admin_->Post(draft_path + "/post", json::object()).status, 200);
  auto audit = admin_->Get("/api/v1/audit?entity=fiscal_period&id=" +
                           std::to_string(periods["periods"][9]["id"].get<int64_t>()));
  EXPECT_EQ(audit.json()["items"].size(), 2u);
}

TEST_F(Ledger, YearEndClosingMovesProfitIntoRetainedEarnings) {
  int64_t bank = Account("bank"), revenue = Account("revenue"), expense = Account("expense");
  int64_t retained = Account("retained_earnings");
  ASSERT_EQ(
      admin_
          ->Post(kEntries, Entry("2026-03-10",
                                 {Line(bank, "1000.00", ""), Line(revenue, "", "1000.00")}, true))
          .status,
      201);
  ASSERT_EQ(
      admin_
          ->Post(kEntries,
                 Entry("2026-04-10", {Line(expense, "300.00", ""), Line(bank, "", "300.00")}, true))
          .status,
      201);
  auto year = admin_->Get("/api/v1/fiscal-years").json()["items"][0];
  std::string path = "/api/v1/fiscal-years/" + std::to_string(year["id"].get<int64_t>());
  auto closed = admin_->Post(path + "/close", json::object());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["state"], "closed");
  json periods = closed.json()["periods"];
  for (const auto& p : periods) EXPECT_EQ(p["state"], "closed");
  auto entry = admin_->Get(kEntries + "/" +
                           std::to_string(closed.json()["closing_entry_id"].get<int64_t>()));
  EXPECT_EQ(entry.json()["kind"], "closing");
  EXPECT_EQ(entry.json()["date"], "2026-12-31");
  EXPECT_EQ(TrialRow(revenue), json({100000, 100000}));
  EXPECT_EQ(TrialRow(expense), json({30000, 30000}));
  EXPECT_EQ(TrialRow(retained), json({0, 70000}));
  EXPECT_TRUE(IsProblem(admin_->Post(path + "/close", json::object()), 409, ""));
  auto late = admin_->Post(
      kEntries, Entry("2026-12-01", {Line(expense, "1", ""), Line(bank, "", "1")}, true));
  EXPECT_EQ(Code(late, "date"), "accounting.period_closed");
  // The next year is created through the API and takes postings.
  auto next = admin_->Post("/api/v1/fiscal-years", {{"start_date", "2027-01-01"}});
  ASSERT_EQ(next.status, 201) << next.body;
  EXPECT_EQ(next.json()["name"], "2027");
  EXPECT_TRUE(
      IsProblem(admin_->Post("/api/v1/fiscal-years", {{"start_date", "2027-06-01"}}), 422, ""));
  EXPECT_EQ(
      admin_
          ->Post(kEntries, Entry("2027-01-02", {Line(expense, "1", ""), Line(bank, "", "1")}, true))
          .json()["number"],
      "GEN/2027/000001");
}

TEST_F(Ledger, ForeignLineWithoutCompanyAmountIsConvertedAtTheEntryDate) {
  ASSERT_NE(currency_, "USD");
  int64_t bank = Account("bank"), revenue = Account("revenue");
  ASSERT_EQ(admin_
                ->Post("/api/v1/currency-rates",
                       {{"currency", "USD"}, {"date", "2026-11-01"}, {"rate", "7.10"}})
                .status,
            201);
  json usd = {{"account_id", bank}, {"currency", "USD"}, {"amount_currency", "100.00"}};
  auto posted =
      admin_->Post(kEntries, Entry("2026-11-02", {usd, Line(revenue, "", "710.00")}, true));
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(posted.json()["lines"][0]["debit"], "710.00");
  EXPECT_EQ(posted.json()["lines"][0]["amount_currency"], "100.00");
  // Before the first rate there is nothing to convert with: a clear error, nothing written.
  auto early =
      admin_->Post(kEntries, Entry("2026-10-30", {usd, Line(revenue, "", "710.00")}, true));
  EXPECT_EQ(Code(early, "lines/0/currency"), "accounting.no_rate") << early.body;
}

}  // namespace
}  // namespace concord::testing
