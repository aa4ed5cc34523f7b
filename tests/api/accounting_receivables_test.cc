// Receivables and payables through the API: open items, partial and full matching, automatic
// matching, unmatching, currency rates, realised exchange differences, unrealised revaluation
// and its reversal, ageing buckets (today and as of a past day), party statements, and the
// matches that must be refused. The ledger invariants run after every scenario.
#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing {
namespace {

std::string Code(const HttpResult& r, const std::string& field) {
  for (const auto& [f, code] : FieldErrors(r)) {
    if (f == field) return code;
  }
  return "";
}

class Receivables : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = server_.Admin();
    currency_ = admin_->Get("/api/v1/auth/me").json()["company"]["currency"].get<std::string>();
    ASSERT_NE(currency_, "USD");
    receivable_ = Account("receivable");
    payable_ = Account("payable");
    revenue_ = Account("revenue");
    bank_ = Account("bank");
    expense_ = Account("expense");
  }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  int64_t Account(const std::string& role) {
    auto items = admin_->Get("/api/v1/accounts?postable=true&role=" + role).json()["items"];
    EXPECT_FALSE(items.empty()) << role;
    return items.empty() ? 0 : items[0]["id"].get<int64_t>();
  }
  int64_t Journal() {
    json items = admin_->Get("/api/v1/journals").json()["items"];
    for (const auto& j : items) {
      if (j["kind"] == "general") return j["id"].get<int64_t>();
    }
    ADD_FAILURE() << items.dump();
    return 0;
  }
  int64_t Party(const std::string& name) {
    auto r = admin_->Post("/api/v1/parties", {{"kind", "organization"},
                                              {"name", name},
                                              {"roles", {"customer"}},
                                              {"allow_duplicates", true}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  // Posts a two-line entry: `control` (debit if amount > 0) with the party against `other`.
  // Returns the id of the control line. `usd` makes the control line a USD line.
  int64_t Post(const std::string& date, int64_t control, int64_t party, const std::string& amount,
               bool debit, int64_t other, const std::string& due = "",
               const std::string& usd = "") {
    json c = {{"account_id", control}, {"party_id", party}, {debit ? "debit" : "credit", amount}};
    if (!due.empty()) c["due_date"] = due;
    if (!usd.empty()) {
      c["currency"] = "USD";
      c["amount_currency"] = debit ? usd : "-" + usd;
    }
    json o = {{"account_id", other}, {debit ? "credit" : "debit", amount}};
    auto r = admin_->Post(
        "/api/v1/journal-entries",
        {{"journal_id", Journal()}, {"date", date}, {"lines", {c, o}}, {"post", true}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["lines"][0]["id"].get<int64_t>() : 0;
  }
  json Open(const std::string& query) {
    auto r = admin_->Get("/api/v1/open-items?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  HttpResult Match(int64_t d, int64_t c, const std::string& amount = "") {
    json body = {{"debit_line_id", d}, {"credit_line_id", c}};
    if (!amount.empty()) body["amount"] = amount;
    return admin_->Post("/api/v1/matches", body);
  }
  void Rate(const std::string& date, const std::string& rate) {
    auto r = admin_->Post("/api/v1/currency-rates",
                          {{"currency", "USD"}, {"date", date}, {"rate", rate}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  std::string Residual(int64_t line, const std::string& field = "residual") {
    auto entry_lines = Open("as_of=2026-12-31")["items"];
    for (const auto& it : entry_lines) {
      if (it["line_id"] == line) return it[field].get<std::string>();
    }
    return "closed";
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  std::string currency_;
  int64_t receivable_ = 0, payable_ = 0, revenue_ = 0, bank_ = 0, expense_ = 0;
};

TEST_F(Receivables, PartialThenFullPaymentLeavesResiduals) {
  int64_t p = Party("Acme");
  int64_t invoice = Post("2026-10-01", receivable_, p, "1000.00", true, revenue_, "2026-10-31");
  int64_t pay1 = Post("2026-10-20", receivable_, p, "400.00", false, bank_);
  json open = Open("party_id=" + std::to_string(p) + "&kind=receivable&as_of=2026-11-18");
  ASSERT_EQ(open["items"].size(), 2u);
  // Oldest due first: the payment (no due date: its date, 2026-10-20), then the invoice.
  EXPECT_EQ(open["items"][0]["residual"], "-400.00");
  EXPECT_EQ(open["items"][0]["days_overdue"], 29);
  EXPECT_EQ(open["items"][1]["residual"], "1000.00");
  EXPECT_EQ(open["items"][1]["days_overdue"], 18);
  EXPECT_EQ(open["items"][1]["due_date"], "2026-10-31");
  EXPECT_EQ(open["total"], "600.00");

  auto m = Match(invoice, pay1);
  ASSERT_EQ(m.status, 201) << m.body;
  EXPECT_EQ(m.json()["amount"], "400.00");
  EXPECT_TRUE(m.json()["fx_entry_id"].is_null());
  EXPECT_EQ(Residual(invoice), "600.00");
  EXPECT_EQ(Residual(pay1), "closed");
  // Stale / double match: the payment has nothing open any more.
  EXPECT_EQ(Code(Match(invoice, pay1), "credit_line_id"), "accounting.not_open");

  int64_t pay2 = Post("2026-11-05", receivable_, p, "600.00", false, bank_);
  auto autom = admin_->Post("/api/v1/matches/auto", {{"party_id", p}, {"account_id", receivable_}});
  ASSERT_EQ(autom.status, 200) << autom.body;
  ASSERT_EQ(autom.json()["items"].size(), 1u);
  EXPECT_EQ(autom.json()["items"][0]["credit_line_id"], pay2);
  EXPECT_TRUE(Open("party_id=" + std::to_string(p))["items"].empty());
  // As of before the second payment the invoice was still 600.00 open.
  EXPECT_EQ(Open("party_id=" + std::to_string(p) + "&as_of=2026-10-31")["total"], "600.00");

  // Unmatch restores both residuals; matching again closes them.
  std::string path =
      "/api/v1/matches/" + std::to_string(autom.json()["items"][0]["id"].get<int64_t>());
  EXPECT_EQ(admin_->Get(path).status, 200);
  ASSERT_EQ(admin_->Delete(path).status, 204);
  EXPECT_EQ(admin_->Get(path).status, 404);
  EXPECT_EQ(Residual(invoice), "600.00");
  EXPECT_EQ(Residual(pay2), "-600.00");
  EXPECT_EQ(Match(invoice, pay2, "250.00").status, 201);
  EXPECT_EQ(Residual(invoice), "350.00");
  EXPECT_EQ(Residual(pay2), "-350.00");
}

TEST_F(Receivables, ForeignPaymentBooksRealisedDifferenceAndClosesBothLines) {
  Rate("2026-09-01", "7.10");
  Rate("2026-10-15", "7.20");
  auto lookup = admin_->Get("/api/v1/currency-rates?currency=USD&date=2026-10-14").json();
  ASSERT_EQ(lookup["items"].size(), 1u);
  EXPECT_EQ(lookup["items"][0]["rate"], "7.1");
  EXPECT_EQ(admin_->Get("/api/v1/currency-rates").json()["items"].size(), 2u);
  EXPECT_EQ(admin_
                ->Post("/api/v1/currency-rates",
                       {{"currency", "USD"}, {"date", "2026-09-01"}, {"rate", "7"}})
                .status,
            409);
  auto bad = admin_->Post("/api/v1/currency-rates",
                          {{"currency", "USD"}, {"date", "2026-09-02"}, {"rate", "-7"}});
  EXPECT_EQ(Code(bad, "rate"), "rate.invalid") << bad.body;

  int64_t p = Party("Globex");
  int64_t invoice = Post("2026-10-01", receivable_, p, "710.00", true, revenue_, "", "100.00");
  int64_t pay = Post("2026-10-20", receivable_, p, "720.00", false, bank_, "", "100.00");
  EXPECT_EQ(Residual(invoice, "residual_currency"), "100.00");
  auto m = Match(invoice, pay);
  ASSERT_EQ(m.status, 201) << m.body;
  EXPECT_EQ(m.json()["amount"], "710.00");
  EXPECT_EQ(m.json()["amount_currency"], "100.00");
  ASSERT_FALSE(m.json()["fx_entry_id"].is_null());
  auto fx = admin_->Get("/api/v1/journal-entries/" +
                        std::to_string(m.json()["fx_entry_id"].get<int64_t>()));
  ASSERT_EQ(fx.status, 200);
  EXPECT_EQ(fx.json()["lines"][0]["account_id"], receivable_);
  EXPECT_EQ(fx.json()["lines"][0]["debit"], "10.00");
  EXPECT_EQ(fx.json()["lines"][1]["account_id"], Account("fx_gain"));
  EXPECT_EQ(fx.json()["lines"][1]["credit"], "10.00");
  EXPECT_TRUE(Open("party_id=" + std::to_string(p) + "&as_of=2026-12-31")["items"].empty());

  // Unmatching reverses the exchange difference and reopens both lines in full.
  ASSERT_EQ(
      admin_->Delete("/api/v1/matches/" + std::to_string(m.json()["id"].get<int64_t>())).status,
      204);
  EXPECT_FALSE(
      admin_
          ->Get("/api/v1/journal-entries/" + std::to_string(m.json()["fx_entry_id"].get<int64_t>()))
          .json()["reversed_by_id"]
          .is_null());
  EXPECT_EQ(Residual(invoice), "710.00");
  EXPECT_EQ(Residual(pay), "-720.00");
  // Partial: 40.00 USD settles 284.00 and 288.00; 4.00 gain; the rest stays proportional.
  auto part = Match(invoice, pay, "40.00");
  ASSERT_EQ(part.status, 201) << part.body;
  EXPECT_EQ(part.json()["amount"], "284.00");
  EXPECT_EQ(Residual(invoice), "426.00");
  EXPECT_EQ(Residual(invoice, "residual_currency"), "60.00");
  EXPECT_EQ(Residual(pay), "-432.00");
  EXPECT_EQ(Residual(pay, "residual_currency"), "-60.00");
  ASSERT_EQ(Match(invoice, pay).status, 201);
  EXPECT_TRUE(Open("party_id=" + std::to_string(p) + "&as_of=2026-12-31")["items"].empty());

  // A supplier bill booked at 720.00 and paid with 730.00 for the same 100.00 USD: a loss.
  int64_t q = Party("Initech");
  int64_t bill = Post("2026-10-16", payable_, q, "720.00", false, expense_, "", "100.00");
  int64_t paid = Post("2026-10-25", payable_, q, "730.00", true, bank_, "", "100.00");
  auto pm = Match(paid, bill);
  ASSERT_EQ(pm.status, 201) << pm.body;
  auto loss = admin_->Get("/api/v1/journal-entries/" +
                          std::to_string(pm.json()["fx_entry_id"].get<int64_t>()));
  EXPECT_EQ(loss.json()["lines"][1]["account_id"], Account("fx_loss"));
  EXPECT_EQ(loss.json()["lines"][1]["debit"], "10.00");
  // The bill (two entries before the FX entry) cannot be reversed while its match carries an
  // exchange difference: unmatch first.
  EXPECT_EQ(admin_
                ->Post("/api/v1/journal-entries/" +
                           std::to_string(loss.json()["id"].get<int64_t>() - 2) + "/reverse",
                       json::object())
                .status,
            409);
}

TEST_F(Receivables, RevaluationPostsAtTheDateAndReversesTheNextDay) {
  Rate("2026-09-01", "7.10");
  Rate("2026-10-31", "7.30");
  int64_t p = Party("Umbrella");
  int64_t invoice =
      Post("2026-10-01", receivable_, p, "710.00", true, revenue_, "2026-11-30", "100.00");
  auto forbidden_role = CreateRole(*admin_, "Clerk", {"accounting.match.read"});
  CreateUser(*admin_, "clerk", {forbidden_role});
  auto clerk = server_.LoginAs("clerk", kDemoPassword);
  EXPECT_EQ(clerk->Post("/api/v1/revaluations", {{"date", "2026-10-31"}}).status, 403);

  auto r = admin_->Post("/api/v1/revaluations", {{"date", "2026-10-31"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["gains"], "20.00");
  auto entry =
      admin_->Get("/api/v1/journal-entries/" + std::to_string(r.json()["entry_id"].get<int64_t>()))
          .json();
  EXPECT_EQ(entry["kind"], "revaluation");
  EXPECT_EQ(entry["date"], "2026-10-31");
  EXPECT_EQ(entry["lines"][0]["debit"], "20.00");
  EXPECT_EQ(entry["lines"][0]["party_id"], p);
  auto reversal =
      admin_
          ->Get("/api/v1/journal-entries/" + std::to_string(r.json()["reversal_id"].get<int64_t>()))
          .json();
  EXPECT_EQ(reversal["date"], "2026-11-01");
  EXPECT_EQ(reversal["kind"], "reversal");
  // As of the revaluation day the receivable is worth 730.00; the day after, 710.00 again.
  json at = Open("party_id=" + std::to_string(p) + "&as_of=2026-10-31");
  EXPECT_EQ(at["total"], "730.00");
  auto ageing = admin_->Get("/api/v1/reports/ageing?kind=receivable&as_of=2026-10-31").json();
  EXPECT_EQ(ageing["totals"]["total"], "730.00");
  EXPECT_EQ(ageing["control_balance"], "730.00");
  EXPECT_EQ(Open("party_id=" + std::to_string(p) + "&as_of=2026-11-01")["total"], "710.00");
  EXPECT_EQ(Residual(invoice), "710.00");
  EXPECT_EQ(admin_->Post("/api/v1/revaluations", {{"date", "2026-10-31"}}).status, 409);
  // Nothing was open on an earlier day: nothing to post.
  auto none = admin_->Post("/api/v1/revaluations", {{"date", "2026-08-31"}});
  EXPECT_EQ(none.status, 201) << none.body;  // nothing open then
  EXPECT_TRUE(none.json()["entry_id"].is_null());
}

TEST_F(Receivables, AgeingBucketsAndStatement) {
  int64_t a = Party("Alpha"), b = Party("Beta");
  Post("2026-06-01", receivable_, a, "400.00", true, revenue_, "2026-07-01");  // 140 days
  Post("2026-08-01", receivable_, a, "300.00", true, revenue_, "2026-09-01");  // 78 days
  Post("2026-10-01", receivable_, a, "200.00", true, revenue_, "2026-10-31");  // 18 days
  Post("2026-11-10", receivable_, a, "100.00", true, revenue_, "2026-12-10");  // not yet due
  Post("2026-09-20", receivable_, b, "50.00", true, revenue_);                 // 59 days, by date
  Post("2026-10-15", payable_, b, "80.00", false, expense_, "2026-11-01");     // 17 days
  auto r = admin_->Get("/api/v1/reports/ageing?kind=receivable&as_of=2026-11-18");
  ASSERT_EQ(r.status, 200) << r.body;
  json t = r.json()["totals"];
  EXPECT_EQ(t["current"], "100.00");
  EXPECT_EQ(t["days_1_30"], "200.00");
  EXPECT_EQ(t["days_31_60"], "50.00");
  EXPECT_EQ(t["days_61_90"], "300.00");
  EXPECT_EQ(t["over_90"], "400.00");
  EXPECT_EQ(t["total"], "1050.00");
  EXPECT_EQ(r.json()["control_balance"], "1050.00");
  ASSERT_EQ(r.json()["parties"].size(), 2u);
  auto payables = admin_->Get("/api/v1/reports/ageing?kind=payable").json();
  EXPECT_EQ(payables["totals"]["days_1_30"], "80.00");
  EXPECT_EQ(payables["control_balance"], "80.00");
  // A past day: only what was posted by then, aged on that day.
  auto past = admin_->Get("/api/v1/reports/ageing?kind=receivable&as_of=2026-09-30").json();
  // Beta's item has no due date: aged from its date (10 days on 2026-09-30).
  EXPECT_EQ(past["totals"]["days_1_30"], "350.00");
  EXPECT_EQ(past["totals"]["over_90"], "400.00");
  EXPECT_EQ(past["totals"]["current"], "0.00");
  EXPECT_EQ(past["totals"]["total"], past["control_balance"]);
  EXPECT_EQ(admin_->Get("/api/v1/reports/ageing?kind=other").status, 422);

  auto s = admin_->Get("/api/v1/parties/" + std::to_string(a) +
                       "/statement?from=2026-08-01&to=2026-11-30");
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json()["opening_balance"], "400.00");
  ASSERT_EQ(s.json()["lines"].size(), 3u);
  EXPECT_EQ(s.json()["lines"][0]["balance"], "700.00");
  EXPECT_EQ(s.json()["closing_balance"], "1000.00");
  EXPECT_EQ(s.json()["open_items"].size(), 4u);
  auto sb = admin_->Get("/api/v1/parties/" + std::to_string(b) + "/statement").json();
  EXPECT_EQ(sb["closing_balance"], "-30.00");  // 50.00 receivable, 80.00 payable
  EXPECT_EQ(admin_->Get("/api/v1/parties/999999/statement").status, 404);
}

TEST_F(Receivables, MaliciousMatchesAreRefused) {
  int64_t p = Party("Pat"), q = Party("Quinn");
  int64_t inv_p = Post("2026-10-01", receivable_, p, "100.00", true, revenue_);
  int64_t inv_q = Post("2026-10-01", receivable_, q, "100.00", true, revenue_);
  int64_t pay_q = Post("2026-10-02", receivable_, q, "100.00", false, bank_);
  int64_t bill_p = Post("2026-10-02", payable_, p, "100.00", false, expense_);
  EXPECT_EQ(Code(Match(inv_p, pay_q), "credit_line_id"), "accounting.match_mismatch");
  EXPECT_EQ(Code(Match(inv_p, bill_p), "credit_line_id"), "accounting.match_mismatch");
  EXPECT_EQ(Code(Match(inv_q, pay_q, "100.01"), "amount"), "accounting.over_match");
  EXPECT_EQ(Code(Match(inv_q, pay_q, "0"), "amount"), "positive");
  EXPECT_EQ(Code(Match(inv_q, pay_q, "-5"), "amount"), "positive");
  EXPECT_EQ(Code(Match(inv_q, pay_q, "1.001"), "amount"), "decimal.too_many_decimals");
  EXPECT_EQ(Code(Match(pay_q, inv_q), "debit_line_id"), "accounting.not_open");
  EXPECT_EQ(Code(Match(inv_p, inv_q), "credit_line_id"), "accounting.not_open");
  EXPECT_EQ(Code(Match(inv_q, inv_q + 1), "credit_line_id"), "accounting.not_reconcilable");
  EXPECT_EQ(Code(Match(inv_q, 99999999), "credit_line_id"), "not_found");
  auto wrong = admin_->Post("/api/v1/matches", {{"debit_line_id", "x"}, {"credit_line_id", true}});
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_EQ(admin_->Post("/api/v1/matches", {{"debit_line_id", inv_q}}).status, 422);
  EXPECT_EQ(
      admin_->Post("/api/v1/matches/auto", {{"party_id", q}, {"account_id", revenue_}}).status,
      422);
  EXPECT_EQ(admin_->Delete("/api/v1/matches/99999999").status, 404);

  // Without accounting.match.create: refused; reading open items needs accounting.match.read.
  int64_t role = CreateRole(*admin_, "Viewer", {"accounting.report.read"});
  CreateUser(*admin_, "viewer", {role});
  auto viewer = server_.LoginAs("viewer", kDemoPassword);
  EXPECT_EQ(
      viewer->Post("/api/v1/matches", {{"debit_line_id", inv_q}, {"credit_line_id", pay_q}}).status,
      403);
  EXPECT_EQ(viewer->Get("/api/v1/open-items").status, 403);
  EXPECT_EQ(viewer->Get("/api/v1/reports/ageing?kind=receivable").status, 200);

  // Another company's lines are not found from here, and ours not from there.
  auto created = admin_->Post("/api/v1/companies",
                              {{"name", "Other"}, {"currency", "USD"}, {"time_zone", "UTC"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  EXPECT_EQ(Code(Match(inv_q, pay_q), "debit_line_id"), "not_found");
  EXPECT_TRUE(Open("as_of=2026-12-31")["items"].empty());
  EXPECT_EQ(admin_->Get("/api/v1/parties/" + std::to_string(q) + "/statement").status, 404);
}

}  // namespace
}  // namespace concord::testing
