// Invoicing through the API: invoices with VAT posted to the ledger line by line, payment
// terms with instalments, partial and full payments, overpayment as customer credit, credit
// notes, refunds, a foreign-currency invoice paid in its currency, the closed period, frozen
// posted invoices, company isolation, bad input, permissions, agreement with accounting's
// open items and ageing, and the service interface the sales area calls. After every
// scenario the invoicing invariants run, then the journal and ledger invariants.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "accounting/ledger.h"
#include "api_helpers.h"
#include "invoicing/invoices.h"
#include "party/registry.h"
#include "party/service.h"

namespace concord::testing {
namespace {

using Ids = std::vector<int64_t>;

std::string Code(const HttpResult& r, const std::string& field) {
  for (const auto& [f, code] : FieldErrors(r)) {
    if (f == field) return code;
  }
  return "";
}

std::string Str(int64_t id) { return std::to_string(id); }

// Every posted document agrees with its ledger lines; paid means nothing open; drafts have
// no number; allocations own live matches and undone ones none.
void CheckInvoicingInvariants(app::App& app) {
  Status st = app.db().Read([](store::Tx& tx) -> Status {
    auto none = [&](const std::string& sql, const std::string& what) -> Status {
      ASSIGN_OR_RETURN(auto rows, tx.Rows(sql));
      EXPECT_TRUE(rows.empty()) << rows.size() << " " << what
                                << " (first: " << (rows.empty() ? "" : rows[0].Text(0)) << ")";
      return Status::Ok();
    };
    RETURN_IF_ERROR(none(
        "SELECT i.id FROM invoices i WHERE i.state IN ('posted', 'paid') AND (i.number IS NULL "
        "OR i.entry_id IS NULL OR i.total <> (SELECT SUM(amount) FROM invoice_instalments n "
        "WHERE n.invoice_id = i.id) OR i.total_company <> (SELECT SUM(amount_company) FROM "
        "invoice_instalments n WHERE n.invoice_id = i.id) OR EXISTS (SELECT 1 FROM "
        "invoice_instalments n WHERE n.invoice_id = i.id AND n.line_id IS NULL))",
        "posted invoices without number, entry or exact instalments"));
    RETURN_IF_ERROR(none(
        "SELECT i.id FROM invoices i JOIN invoice_instalments n ON n.invoice_id = i.id JOIN "
        "journal_lines l ON l.id = n.line_id WHERE (CASE WHEN i.kind = 'invoice' THEN l.debit - "
        "l.credit ELSE l.credit - l.debit END) <> n.amount_company OR l.party_id <> i.party_id",
        "instalments that differ from their receivable line"));
    RETURN_IF_ERROR(none(
        "SELECT i.id FROM invoices i WHERE i.untaxed <> (SELECT SUM(untaxed) FROM invoice_lines "
        "x WHERE x.invoice_id = i.id) OR i.tax <> (SELECT SUM(tax) FROM invoice_lines x WHERE "
        "x.invoice_id = i.id) OR i.total <> i.untaxed + i.tax",
        "invoices whose totals are not the sum of their lines"));
    RETURN_IF_ERROR(
        none("SELECT i.id FROM invoices i WHERE i.state IN ('posted', 'paid') AND (CASE WHEN "
             "i.state = 'paid' THEN 1 ELSE 0 END) <> (CASE WHEN (SELECT SUM(l.residual_currency) "
             "FROM invoice_instalments n JOIN journal_lines l ON l.id = n.line_id WHERE "
             "n.invoice_id = i.id) = 0 THEN 1 ELSE 0 END)",
             "invoices whose paid state disagrees with their open amount"));
    RETURN_IF_ERROR(none(
        "SELECT id FROM invoices WHERE state IN ('draft', 'cancelled') AND (number IS NOT NULL "
        "OR entry_id IS NOT NULL)",
        "drafts with a number or an entry"));
    RETURN_IF_ERROR(
        none("SELECT p.id FROM payments p LEFT JOIN journal_lines l ON l.id = p.line_id WHERE "
             "p.state = 'posted' AND (l.id IS NULL OR l.debit + l.credit <> p.amount_company OR "
             "l.party_id <> p.party_id OR p.number IS NULL)",
             "posted payments that differ from their receivable line"));
    RETURN_IF_ERROR(none(
        "SELECT a.id FROM allocations a WHERE a.state = 'active' AND (NOT EXISTS (SELECT 1 FROM "
        "allocation_matches m WHERE m.allocation_id = a.id) OR EXISTS (SELECT 1 FROM "
        "allocation_matches m WHERE m.allocation_id = a.id AND NOT EXISTS (SELECT 1 FROM "
        "line_matches x WHERE x.id = m.match_id)))",
        "active allocations without their matches"));
    return none(
        "SELECT a.id FROM allocations a JOIN allocation_matches m ON m.allocation_id = a.id "
        "JOIN line_matches x ON x.id = m.match_id WHERE a.state = 'undone'",
        "undone allocations whose matches remain");
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

class Invoicing : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = server_.Admin();
    json me = admin_->Get("/api/v1/auth/me").json();
    currency_ = me["company"]["currency"].get<std::string>();
    company_ = me["company"]["id"].get<int64_t>();
    ASSERT_EQ(currency_, "CNY");
    receivable_ = Account("receivable");
    revenue_ = Account("revenue");
    tax_collected_ = Account("tax_collected");
    bank_ = Account("bank");
    vat13_ = Tax("VAT13");
  }
  void TearDown() override {
    CheckInvoicingInvariants(server_.app());
    CheckJournalInvariants(server_.app());
  }

  int64_t Account(const std::string& role) {
    json items = admin_->Get("/api/v1/accounts?postable=true&role=" + role).json()["items"];
    EXPECT_FALSE(items.empty()) << role;
    return items.empty() ? 0 : items[0]["id"].get<int64_t>();
  }
  int64_t Tax(const std::string& code) {
    return FindId(*admin_, "/api/v1/taxes", "code", code, "tax");
  }
  int64_t Party(const std::string& name) {
    auto r = admin_->Post("/api/v1/parties", {{"kind", "organization"},
                                              {"name", name},
                                              {"roles", {"customer"}},
                                              {"allow_duplicates", true}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  json Line(const std::string& description, const std::string& qty, const std::string& price,
            const std::string& discount = "") {
    json l = {{"description", description},
              {"quantity", qty},
              {"unit_price", price},
              {"uom_code", "pcs"},
              {"tax_ids", {vat13_}}};
    if (!discount.empty()) l["discount_percent"] = discount;
    return l;
  }
  // A posted invoice (or credit note, through `extra`); fails the test otherwise.
  json Invoice(int64_t party, json lines, const std::string& date, json extra = json::object()) {
    json body = {{"party_id", party}, {"date", date}, {"lines", lines}, {"post", true}};
    body.update(extra);
    auto r = admin_->Post("/api/v1/invoices", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  json Pay(int64_t party, const std::string& amount, const std::string& date,
           json allocations = json::array(), json extra = json::object()) {
    json body = {{"party_id", party}, {"amount", amount}, {"date", date}, {"post", true}};
    if (!allocations.empty()) body["allocations"] = allocations;
    body.update(extra);
    auto r = admin_->Post("/api/v1/payments", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  json Get(const std::string& path) {
    auto r = admin_->Get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json();
  }
  json GetInvoice(const json& inv) {
    return Get("/api/v1/invoices/" + Str(inv["id"].get<int64_t>()));
  }
  json GetPayment(const json& p) { return Get("/api/v1/payments/" + Str(p["id"].get<int64_t>())); }
  json Entry(const json& doc) {
    return Get("/api/v1/journal-entries/" + Str(doc["entry_id"].get<int64_t>()));
  }
  json Credit(int64_t party) { return Get("/api/v1/parties/" + Str(party) + "/credit"); }
  HttpResult Allocate(const std::string& kind, const json& doc, json allocations) {
    return admin_->Post("/api/v1/" + kind + "/" + Str(doc["id"].get<int64_t>()) + "/allocate",
                        {{"allocations", allocations}});
  }
  size_t Count(const std::string& path) { return Items(admin_->Get(path)).size(); }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  std::string currency_;
  int64_t company_ = 0, receivable_ = 0, revenue_ = 0, tax_collected_ = 0, bank_ = 0, vat13_ = 0;
};

TEST_F(Invoicing, TwoLinesWithVatPostExactLedgerLines) {
  int64_t p = Party("Acme Trading 甲");
  auto draft =
      admin_->Post("/api/v1/invoices",
                   {{"party_id", p},
                    {"date", "2026-10-01"},
                    {"lines", {Line("Widget", "2", "100"), Line("Service", "3", "33.33", "10")}}});
  ASSERT_EQ(draft.status, 201) << draft.body;
  json d = draft.json();
  EXPECT_EQ(d["state"], "draft");
  EXPECT_TRUE(d["number"].is_null());
  EXPECT_EQ(d["lines"][0]["untaxed"], "200.00");
  EXPECT_EQ(d["lines"][1]["untaxed"], "89.99");  // 99.99 less 10%, rounded once more
  EXPECT_EQ(d["lines"][1]["tax"], "11.70");
  EXPECT_EQ(d["untaxed"], "289.99");
  EXPECT_EQ(d["tax"], "37.70");
  EXPECT_EQ(d["total"], "327.69");
  EXPECT_EQ(d["address"]["name"], "Acme Trading 甲");
  ASSERT_EQ(d["instalments"].size(), 1u);  // the default term: immediate
  EXPECT_EQ(d["instalments"][0]["due_date"], "2026-10-01");
  EXPECT_EQ(Count("/api/v1/journal-entries"), 0u);

  std::string path = "/api/v1/invoices/" + Str(d["id"].get<int64_t>());
  auto posted = admin_->Post(path + "/post", json::object());
  ASSERT_EQ(posted.status, 200) << posted.body;
  json inv = posted.json();
  EXPECT_EQ(inv["state"], "posted");
  EXPECT_EQ(inv["number"], "INV-000001");
  EXPECT_EQ(inv["residual"], "327.69");
  json e = Entry(inv);
  EXPECT_EQ(e["journal_code"], "SAL");
  EXPECT_EQ(e["ref"], "INV-000001");
  EXPECT_EQ(e["date"], "2026-10-01");
  ASSERT_EQ(e["lines"].size(), 4u) << e.dump();
  EXPECT_EQ(e["lines"][0]["account_id"], receivable_);
  EXPECT_EQ(e["lines"][0]["party_id"], p);
  EXPECT_EQ(e["lines"][0]["debit"], "327.69");
  EXPECT_EQ(e["lines"][0]["due_date"], "2026-10-01");
  EXPECT_EQ(e["lines"][1]["account_id"], revenue_);
  EXPECT_EQ(e["lines"][1]["credit"], "200.00");
  EXPECT_EQ(e["lines"][2]["account_id"], revenue_);
  EXPECT_EQ(e["lines"][2]["credit"], "89.99");
  EXPECT_EQ(e["lines"][3]["account_id"], tax_collected_);
  EXPECT_EQ(e["lines"][3]["credit"], "37.70");
  EXPECT_EQ(e["lines"][3]["tax_id"], vat13_);
  EXPECT_EQ(inv["instalments"][0]["line_id"], e["lines"][0]["id"]);
  EXPECT_EQ(inv["instalments"][0]["residual"], "327.69");
  EXPECT_EQ(inv["entry_number"], e["number"]);
  // The tax report sees the base and the tax.
  json tax = Get("/api/v1/reports/tax?from=2026-10-01&to=2026-10-31");
  EXPECT_EQ(tax["totals"]["sale_tax"], "37.70") << tax.dump();

  // Posted is frozen: no second posting, no edit, no cancel.
  EXPECT_TRUE(IsProblem(admin_->Post(path + "/post", json::object()), 409, "invoicing.not_draft"));
  EXPECT_TRUE(
      IsProblem(admin_->Patch(path, {{"date", "2026-10-02"}}, IfMatch(posted.header("etag"))), 409,
                "invoicing.not_draft"));
  EXPECT_TRUE(
      IsProblem(admin_->Post(path + "/cancel", json::object()), 409, "invoicing.not_draft"));
  EXPECT_EQ(GetInvoice(inv)["date"], "2026-10-01");

  auto html = admin_->Get(path + "/print");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.header("content-type").rfind("text/html", 0), 0u);
  EXPECT_NE(html.body.find("INV-000001"), std::string::npos);
  EXPECT_NE(html.body.find("327.69"), std::string::npos);
  auto list = Items(admin_->Get("/api/v1/invoices?party_id=" + Str(p) + "&state=posted"));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["residual"], "327.69");
}

TEST_F(Invoicing, SnapshotKeepsTheBillingAddressAndThePrintIsEscaped) {
  int64_t p = Party("<script>alert(1)</script> & Sons");
  std::string addresses = "/api/v1/parties/" + Str(p) + "/addresses";
  auto address = admin_->Post(addresses, {{"kind", "billing"},
                                          {"line1", "1 \"Quoted\" Road"},
                                          {"city", "Shanghai"},
                                          {"country", "CN"}});
  ASSERT_EQ(address.status, 201) << address.body;
  json inv = Invoice(p, {Line("<b>bold</b>", "1", "10")}, "2026-10-01");
  EXPECT_EQ(inv["address"]["line1"], "1 \"Quoted\" Road");
  EXPECT_EQ(inv["address"]["city"], "Shanghai");
  // The customer moves; the posted invoice keeps the address it was issued to.
  auto moved = admin_->Patch(addresses + "/" + Str(address.json()["id"].get<int64_t>()),
                             {{"city", "Beijing"}}, IfMatch(address.header("etag")));
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(GetInvoice(inv)["address"]["city"], "Shanghai");
  auto html = admin_->Get("/api/v1/invoices/" + Str(inv["id"].get<int64_t>()) + "/print");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.body.find("<script>"), std::string::npos);
  EXPECT_EQ(html.body.find("<b>bold"), std::string::npos);
  EXPECT_NE(html.body.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons"), std::string::npos);
  EXPECT_NE(html.body.find("1 &quot;Quoted&quot; Road"), std::string::npos);
  EXPECT_NE(html.body.find("Shanghai"), std::string::npos);
  // An address given by the caller is kept as given; unknown keys are refused.
  json given = Invoice(p, {Line("X", "1", "1")}, "2026-10-02",
                       {{"address", {{"line1", "Dock 4"}, {"country", "SG"}}}});
  EXPECT_EQ(given["address"]["line1"], "Dock 4");
  EXPECT_EQ(given["address"]["name"], "<script>alert(1)</script> & Sons");
}

TEST_F(Invoicing, DraftsAreEditedWithTheirVersionAndCancelled) {
  int64_t p = Party("Draft Co");
  auto r =
      admin_->Post("/api/v1/invoices",
                   {{"party_id", p}, {"date", "2026-10-05"}, {"lines", {Line("A", "1", "10")}}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string path = "/api/v1/invoices/" + Str(r.json()["id"].get<int64_t>());
  json patch = {{"lines", {Line("B", "2", "50"), Line("C", "1", "1")}}};
  EXPECT_EQ(admin_->Patch(path, patch).status, 428);
  EXPECT_TRUE(IsProblem(admin_->Patch(path, patch, IfMatch("\"0\"")), 412, ""));
  auto edited = admin_->Patch(path, patch, IfMatch(r.header("etag")));
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["lines"].size(), 2u);
  EXPECT_EQ(edited.json()["total"], "114.13");  // 101.00 + 13.13
  EXPECT_EQ(edited.json()["version"], 2);
  auto cancelled = admin_->Post(path + "/cancel", json::object());
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json()["state"], "cancelled");
  EXPECT_TRUE(IsProblem(admin_->Post(path + "/post", json::object()), 409, "invoicing.not_draft"));
  EXPECT_EQ(Count("/api/v1/journal-entries"), 0u);
}

TEST_F(Invoicing, HalfNowHalfInSixtyDaysMakesTwoReceivableLines) {
  auto term = admin_->Post(
      "/api/v1/payment-terms",
      {{"name", "50% now 50% 60 days"},
       {"lines", {{{"percent", "50"}, {"days", 0}}, {{"percent", "balance"}, {"days", 60}}}}});
  ASSERT_EQ(term.status, 201) << term.body;
  EXPECT_EQ(admin_
                ->Post("/api/v1/payment-terms",
                       {{"name", "50% now 50% 60 days"}, {"lines", term.json()["lines"]}})
                .status,
            409);
  auto bad = admin_->Post(
      "/api/v1/payment-terms",
      {{"name", "too much"},
       {"lines", {{{"percent", "60"}, {"days", 0}}, {{"percent", "50"}, {"days", 9}}}}});
  EXPECT_EQ(Code(bad, "lines"), "invoicing.percent_sum") << bad.body;
  int64_t p = Party("Split Ltd");
  // 88.50 + 11.51 VAT (11.505 rounded half up) = 100.01: 50.01 now, 50.00 in 60 days.
  json inv = Invoice(p, {Line("Crate", "1", "88.5")}, "2026-10-01",
                     {{"payment_term_id", term.json()["id"]}});
  EXPECT_EQ(inv["total"], "100.01");
  ASSERT_EQ(inv["instalments"].size(), 2u);
  EXPECT_EQ(inv["instalments"][0]["amount"], "50.01");
  EXPECT_EQ(inv["instalments"][0]["due_date"], "2026-10-01");
  EXPECT_EQ(inv["instalments"][1]["amount"], "50.00");
  EXPECT_EQ(inv["instalments"][1]["due_date"], "2026-11-30");
  json e = Entry(inv);
  ASSERT_EQ(e["lines"].size(), 4u);
  EXPECT_EQ(e["lines"][0]["debit"], "50.01");
  EXPECT_EQ(e["lines"][0]["due_date"], "2026-10-01");
  EXPECT_EQ(e["lines"][1]["debit"], "50.00");
  EXPECT_EQ(e["lines"][1]["due_date"], "2026-11-30");
  // A payment of the first half settles the instalment due first.
  json pay = Pay(p, "50.01", "2026-10-03", {{{"invoice_id", inv["id"]}}});
  json after = GetInvoice(inv);
  EXPECT_EQ(after["instalments"][0]["residual"], "0.00");
  EXPECT_EQ(after["instalments"][1]["residual"], "50.00");
  EXPECT_EQ(after["state"], "posted");
  EXPECT_EQ(after["residual"], "50.00");
  json ageing = Get("/api/v1/reports/ageing?kind=receivable&as_of=2026-11-18");
  ASSERT_EQ(ageing["parties"].size(), 1u);
  EXPECT_EQ(ageing["parties"][0]["current"], "50.00");
  EXPECT_EQ(ageing["parties"][0]["total"], "50.00");
}

TEST_F(Invoicing, PartialPaymentThenSecondPaymentMarksPaid) {
  int64_t p = Party("Partial Inc");
  json inv = Invoice(p, {Line("Machine", "1", "1000")}, "2026-10-01");
  ASSERT_EQ(inv["total"], "1130.00");
  json pay1 = Pay(p, "500.00", "2026-10-10", {{{"invoice_id", inv["id"]}, {"amount", "500.00"}}});
  EXPECT_EQ(pay1["number"], "PAY-000001");
  EXPECT_EQ(pay1["unallocated"], "0.00");
  ASSERT_EQ(pay1["allocations"].size(), 1u);
  EXPECT_EQ(pay1["allocations"][0]["with_number"], "INV-000001");
  json e = Entry(pay1);
  EXPECT_EQ(e["journal_code"], "BNK");
  EXPECT_EQ(e["lines"][0]["account_id"], receivable_);
  EXPECT_EQ(e["lines"][0]["credit"], "500.00");
  EXPECT_EQ(e["lines"][1]["account_id"], bank_);
  EXPECT_EQ(e["lines"][1]["debit"], "500.00");
  json half = GetInvoice(inv);
  EXPECT_EQ(half["state"], "posted");
  EXPECT_EQ(half["residual"], "630.00");

  json pay2 = Pay(p, "630.00", "2026-10-20");
  EXPECT_EQ(pay2["unallocated"], "630.00");
  auto alloc = Allocate("payments", pay2, {{{"invoice_id", inv["id"]}}});
  ASSERT_EQ(alloc.status, 200) << alloc.body;
  EXPECT_EQ(alloc.json()["unallocated"], "0.00");
  json paid = GetInvoice(inv);
  EXPECT_EQ(paid["state"], "paid");
  EXPECT_EQ(paid["residual"], "0.00");
  EXPECT_EQ(paid["allocations"].size(), 2u);
  EXPECT_EQ(Count("/api/v1/invoices?state=paid"), 1u);

  // Undoing the second allocation opens the invoice again; allocating again pays it.
  int64_t allocation = alloc.json()["allocations"][0]["id"].get<int64_t>();
  auto undo = admin_->Post("/api/v1/allocations/" + Str(allocation) + "/undo", json::object());
  ASSERT_EQ(undo.status, 200) << undo.body;
  EXPECT_EQ(undo.json()["state"], "undone");
  EXPECT_EQ(GetInvoice(inv)["state"], "posted");
  EXPECT_EQ(GetInvoice(inv)["residual"], "630.00");
  EXPECT_EQ(GetPayment(pay2)["unallocated"], "630.00");
  EXPECT_TRUE(
      IsProblem(admin_->Post("/api/v1/allocations/" + Str(allocation) + "/undo", json::object()),
                409, "invoicing.undone"));
  ASSERT_EQ(Allocate("payments", pay2, {{{"invoice_id", inv["id"]}}}).status, 200);
  EXPECT_EQ(GetInvoice(inv)["state"], "paid");
  // Nothing is open any more on either side.
  json pay3 = Pay(p, "5.00", "2026-10-21");
  EXPECT_EQ(Code(Allocate("payments", pay3, {{{"invoice_id", inv["id"]}}}), "allocations/0/amount"),
            "invoicing.nothing_open");
  EXPECT_EQ(Code(Allocate("payments", pay3, {{{"invoice_id", inv["id"]}, {"amount", "1.00"}}}),
                 "allocations/0/amount"),
            "invoicing.over_allocation");
  EXPECT_EQ(Credit(p)["credit"], "5.00");
}

TEST_F(Invoicing, OverpaymentBecomesCreditForALaterInvoiceAndIsRefunded) {
  int64_t p = Party("Generous GmbH");
  json inv1 = Invoice(p, {Line("Box", "1", "100")}, "2026-10-01");
  json pay = Pay(p, "200.00", "2026-10-02", {{{"invoice_id", inv1["id"]}}});
  EXPECT_EQ(GetInvoice(inv1)["state"], "paid");
  EXPECT_EQ(pay["unallocated"], "87.00");
  json credit = Credit(p);
  EXPECT_EQ(credit["credit"], "87.00");
  EXPECT_EQ(credit["open_receivable"], "-87.00");
  ASSERT_EQ(credit["payments"].size(), 1u);
  EXPECT_EQ(credit["payments"][0]["unallocated"], "87.00");

  json inv2 = Invoice(p, {Line("Lid", "1", "50")}, "2026-10-15");
  auto used = Allocate("payments", pay, {{{"invoice_id", inv2["id"]}}});
  ASSERT_EQ(used.status, 200) << used.body;
  EXPECT_EQ(GetInvoice(inv2)["state"], "paid");
  EXPECT_EQ(Credit(p)["credit"], "30.50");

  // The rest goes back to the customer: a refund allocated against the payment's credit.
  auto too_much = admin_->Post("/api/v1/payments",
                               {{"party_id", p},
                                {"amount", "40.00"},
                                {"direction", "outbound"},
                                {"allocations", {{{"payment_id", pay["id"]}, {"amount", "40.00"}}}},
                                {"post", true}});
  EXPECT_EQ(Code(too_much, "allocations/0/amount"), "invoicing.over_allocation") << too_much.body;
  EXPECT_EQ(Count("/api/v1/payments"), 1u);  // nothing of the refused refund was kept
  json refund =
      Pay(p, "30.50", "2026-10-20", {{{"payment_id", pay["id"]}}}, {{"direction", "outbound"}});
  EXPECT_EQ(refund["unallocated"], "0.00");
  json e = Entry(refund);
  EXPECT_EQ(e["lines"][0]["account_id"], receivable_);
  EXPECT_EQ(e["lines"][0]["debit"], "30.50");
  EXPECT_EQ(e["lines"][1]["credit"], "30.50");
  credit = Credit(p);
  EXPECT_EQ(credit["credit"], "0.00");
  EXPECT_EQ(credit["open_receivable"], "0.00");
  EXPECT_TRUE(credit["payments"].empty());
  EXPECT_EQ(GetPayment(pay)["unallocated"], "0.00");
}

TEST_F(Invoicing, CreditNoteIsAllocatedToAnInvoiceAndRefunded) {
  int64_t p = Party("Returns Ltd");
  json inv = Invoice(p, {Line("Chair", "2", "100")}, "2026-10-01");
  ASSERT_EQ(inv["total"], "226.00");
  auto draft = admin_->Post("/api/v1/invoices/" + Str(inv["id"].get<int64_t>()) + "/credit",
                            {{"date", "2026-10-05"}});
  ASSERT_EQ(draft.status, 201) << draft.body;
  EXPECT_EQ(draft.json()["kind"], "credit_note");
  EXPECT_EQ(draft.json()["credit_of_id"], inv["id"]);
  EXPECT_EQ(draft.json()["total"], "226.00");
  std::string cn_path = "/api/v1/invoices/" + Str(draft.json()["id"].get<int64_t>());
  // One chair comes back.
  auto edited = admin_->Patch(cn_path, {{"lines", {Line("Chair returned", "1", "100")}}},
                              IfMatch(draft.header("etag")));
  ASSERT_EQ(edited.status, 200) << edited.body;
  auto posted = admin_->Post(cn_path + "/post", json::object());
  ASSERT_EQ(posted.status, 200) << posted.body;
  json cn = posted.json();
  EXPECT_EQ(cn["number"], "CN-000001");
  EXPECT_EQ(cn["total"], "113.00");
  EXPECT_EQ(cn["residual"], "113.00");
  json e = Entry(cn);
  ASSERT_EQ(e["lines"].size(), 3u);
  EXPECT_EQ(e["lines"][0]["account_id"], receivable_);
  EXPECT_EQ(e["lines"][0]["credit"], "113.00");
  EXPECT_EQ(e["lines"][1]["account_id"], revenue_);
  EXPECT_EQ(e["lines"][1]["debit"], "100.00");
  EXPECT_EQ(e["lines"][2]["account_id"], tax_collected_);
  EXPECT_EQ(e["lines"][2]["debit"], "13.00");
  EXPECT_EQ(Credit(p)["credit"], "113.00");

  // A credit note is not allocated against another credit note.
  json cn2 = Invoice(p, {Line("Goodwill", "1", "50")}, "2026-10-06",
                     {{"kind", "credit_note"}, {"credit_of_id", inv["id"]}});
  EXPECT_EQ(
      Code(Allocate("invoices", cn, {{{"invoice_id", cn2["id"]}}}), "allocations/0/invoice_id"),
      "invoicing.same_side");
  auto alloc = Allocate("invoices", cn, {{{"invoice_id", inv["id"]}}});
  ASSERT_EQ(alloc.status, 200) << alloc.body;
  EXPECT_EQ(alloc.json()["state"], "paid");
  EXPECT_EQ(GetInvoice(inv)["residual"], "113.00");
  EXPECT_EQ(GetInvoice(inv)["state"], "posted");

  // The goodwill credit note is paid out: an outbound payment allocated against it.
  EXPECT_EQ(Credit(p)["credit_notes"].size(), 1u);
  json refund =
      Pay(p, "56.50", "2026-10-07", {{{"invoice_id", cn2["id"]}}}, {{"direction", "outbound"}});
  EXPECT_EQ(refund["unallocated"], "0.00");
  EXPECT_EQ(GetInvoice(cn2)["state"], "paid");
  json credit = Credit(p);
  EXPECT_EQ(credit["credit"], "0.00");
  EXPECT_EQ(credit["open_receivable"], "113.00");
}

TEST_F(Invoicing, ForeignCurrencyInvoicePaidInItsCurrency) {
  for (auto [date, rate] : {std::pair{"2026-09-01", "7.10"}, std::pair{"2026-10-20", "7.20"}}) {
    auto r = admin_->Post("/api/v1/currency-rates",
                          {{"currency", "USD"}, {"date", date}, {"rate", rate}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  int64_t p = Party("Globex Inc");
  json inv = Invoice(p, {Line("Export", "1", "100")}, "2026-10-01", {{"currency", "USD"}});
  EXPECT_EQ(inv["currency"], "USD");
  EXPECT_EQ(inv["total"], "113.00");
  EXPECT_EQ(inv["total_company"], "802.30");
  EXPECT_EQ(inv["rate"], "7.1");
  json e = Entry(inv);
  ASSERT_EQ(e["lines"].size(), 3u);
  EXPECT_EQ(e["lines"][0]["currency"], "USD");
  EXPECT_EQ(e["lines"][0]["amount_currency"], "113.00");
  EXPECT_EQ(e["lines"][0]["debit"], "802.30");
  EXPECT_EQ(e["lines"][1]["amount_currency"], "-100.00");
  EXPECT_EQ(e["lines"][1]["credit"], "710.00");
  EXPECT_EQ(e["lines"][2]["amount_currency"], "-13.00");
  EXPECT_EQ(e["lines"][2]["credit"], "92.30");

  json pay = Pay(p, "113.00", "2026-10-20", {{{"invoice_id", inv["id"]}}}, {{"currency", "USD"}});
  EXPECT_EQ(pay["amount_company"], "813.60");
  EXPECT_EQ(pay["unallocated"], "0.00");
  json paid = GetInvoice(inv);
  EXPECT_EQ(paid["state"], "paid");
  EXPECT_EQ(paid["residual"], "0.00");
  EXPECT_EQ(paid["residual_company"], "0.00");
  // The realised exchange gain: 113.00 USD booked at 7.10, received at 7.20.
  auto gains = Items(admin_->Get("/api/v1/journal-entries?account_id=" + Str(Account("fx_gain"))));
  ASSERT_EQ(gains.size(), 1u);
  json fx = Get("/api/v1/journal-entries/" + Str(gains[0]["id"].get<int64_t>()));
  EXPECT_EQ(fx["lines"][1]["credit"], "11.30");
  EXPECT_TRUE(Get("/api/v1/open-items?kind=receivable&party_id=" + Str(p))["items"].empty());

  // A payment in the company currency does not settle a USD invoice; no rate, no invoice.
  json usd = Invoice(p, {Line("Spare", "1", "10")}, "2026-10-21", {{"currency", "USD"}});
  json cny = Pay(p, "50.00", "2026-10-21");
  EXPECT_EQ(
      Code(Allocate("payments", cny, {{{"invoice_id", usd["id"]}}}), "allocations/0/invoice_id"),
      "invoicing.currency_mismatch");
  auto eur = admin_->Post("/api/v1/invoices", {{"party_id", p},
                                               {"currency", "EUR"},
                                               {"date", "2026-10-21"},
                                               {"lines", {Line("X", "1", "1")}}});
  EXPECT_EQ(Code(eur, "currency"), "accounting.no_rate") << eur.body;
}

TEST_F(Invoicing, ClosedPeriodRefusesPostingAndWritesNothing) {
  json years = Get("/api/v1/fiscal-years")["items"];
  ASSERT_FALSE(years.empty());
  json year = Get("/api/v1/fiscal-years/" + Str(years[0]["id"].get<int64_t>()));
  int64_t september = 0;
  for (const auto& period : year["periods"]) {
    if (period["start_date"] == "2026-09-01") september = period["id"].get<int64_t>();
  }
  ASSERT_NE(september, 0) << year.dump();
  ASSERT_EQ(
      admin_->Post("/api/v1/fiscal-periods/" + Str(september) + "/close", json::object()).status,
      200);
  int64_t p = Party("Late Ltd");
  auto r = admin_->Post("/api/v1/invoices", {{"party_id", p},
                                             {"date", "2026-09-15"},
                                             {"lines", {Line("Late", "1", "10")}},
                                             {"post", true}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  EXPECT_EQ(Code(r, "date"), "accounting.period_closed") << r.body;
  EXPECT_EQ(Count("/api/v1/invoices"), 0u);
  EXPECT_EQ(Count("/api/v1/journal-entries"), 0u);

  auto draft =
      admin_->Post("/api/v1/invoices",
                   {{"party_id", p}, {"date", "2026-09-15"}, {"lines", {Line("Late", "1", "10")}}});
  ASSERT_EQ(draft.status, 201) << draft.body;
  std::string path = "/api/v1/invoices/" + Str(draft.json()["id"].get<int64_t>());
  EXPECT_EQ(Code(admin_->Post(path + "/post", json::object()), "date"), "accounting.period_closed");
  EXPECT_EQ(Get(path)["state"], "draft");
  EXPECT_TRUE(Get(path)["number"].is_null());
  auto pay =
      admin_->Post("/api/v1/payments",
                   {{"party_id", p}, {"amount", "1.00"}, {"date", "2026-09-20"}, {"post", true}});
  EXPECT_EQ(Code(pay, "date"), "accounting.period_closed") << pay.body;
  EXPECT_EQ(Count("/api/v1/payments"), 0u);
  EXPECT_EQ(Count("/api/v1/journal-entries"), 0u);
  // The numbers the refused postings took were given back.
  EXPECT_EQ(Invoice(p, {Line("On time", "1", "10")}, "2026-10-01")["number"], "INV-000001");
  EXPECT_EQ(Pay(p, "1.00", "2026-10-02")["number"], "PAY-000001");
}

TEST_F(Invoicing, AnotherCompanysDocumentsAreNotFound) {
  int64_t p = Party("Home Customer");
  json inv = Invoice(p, {Line("Home", "1", "100")}, "2026-10-01");
  json pay = Pay(p, "10.00", "2026-10-02", {{{"invoice_id", inv["id"]}}});
  int64_t allocation = pay["allocations"][0]["id"].get<int64_t>();
  auto created =
      admin_->Post("/api/v1/companies",
                   {{"name", "Other Co"}, {"currency", "USD"}, {"time_zone", "America/New_York"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  // The new company has its own payment terms.
  auto terms = Items(admin_->Get("/api/v1/payment-terms"));
  ASSERT_EQ(terms.size(), 2u);

  std::string i = "/api/v1/invoices/" + Str(inv["id"].get<int64_t>());
  std::string y = "/api/v1/payments/" + Str(pay["id"].get<int64_t>());
  EXPECT_TRUE(IsProblem(admin_->Get(i), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Get(i + "/print"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post(i + "/post", json::object()), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post(i + "/cancel", json::object()), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post(i + "/credit", json::object()), 404, "not_found"));
  EXPECT_TRUE(
      IsProblem(admin_->Patch(i, {{"date", "2026-10-02"}}, IfMatch("\"1\"")), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post(i + "/allocate", {{"allocations", {{{"invoice_id", 1}}}}}),
                        404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Get(y), 404, "not_found"));
  EXPECT_TRUE(
      IsProblem(admin_->Post(y + "/allocate", {{"allocations", {{{"invoice_id", inv["id"]}}}}}),
                404, "not_found"));
  EXPECT_TRUE(
      IsProblem(admin_->Post("/api/v1/allocations/" + Str(allocation) + "/undo", json::object()),
                404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/parties/" + Str(p) + "/credit"), 404, "not_found"));
  EXPECT_EQ(Count("/api/v1/invoices"), 0u);
  EXPECT_EQ(Count("/api/v1/payments"), 0u);

  // Its party and tax cannot be referenced either.
  auto r = admin_->Post("/api/v1/invoices", {{"party_id", p}, {"lines", {Line("X", "1", "1")}}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  EXPECT_EQ(Code(r, "party_id"), "not_found");
  EXPECT_EQ(Code(r, "lines/0/tax_ids/0"), "tax.unknown");
  EXPECT_EQ(
      Code(admin_->Post("/api/v1/payments", {{"party_id", p}, {"amount", "1.00"}}), "party_id"),
      "not_found");
  // The first company's documents are untouched.
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", company_}}).status, 200);
  EXPECT_EQ(Get(i)["residual"], "103.00");
}

TEST_F(Invoicing, BadInputIsRefusedWithFieldErrorsAndWritesNothing) {
  int64_t p = Party("Careful Co");
  auto invoice = [&](json line, json extra = json::object()) {
    json body = {{"party_id", p}, {"date", "2026-10-01"}, {"lines", {line}}, {"post", true}};
    body.update(extra);
    return admin_->Post("/api/v1/invoices", body);
  };
  auto negative = invoice(Line("Neg", "-1", "10"));
  EXPECT_TRUE(IsProblem(negative, 422, "validation.failed"));
  EXPECT_EQ(Code(negative, "lines/0/quantity"), "positive");
  json unknown_tax = Line("Tax", "1", "10");
  unknown_tax["tax_ids"] = {999999};
  EXPECT_EQ(Code(invoice(unknown_tax), "lines/0/tax_ids/0"), "tax.unknown");
  json twice = Line("Twice", "1", "10");
  twice["tax_ids"] = {vat13_, vat13_};
  EXPECT_EQ(Code(invoice(twice), "lines/0/tax_ids/1"), "tax.duplicate");
  json number_qty = Line("Type", "1", "10");
  number_qty["quantity"] = 2;
  EXPECT_EQ(Code(invoice(number_qty), "lines/0/quantity"), "type");
  EXPECT_EQ(Code(invoice(Line("Price", "1", "1.1234567")), "lines/0/unit_price"),
            "decimal.too_many_decimals");
  EXPECT_FALSE(
      Code(invoice(Line("Discount", "1", "10", "150")), "lines/0/discount_percent").empty());
  EXPECT_EQ(Code(invoice(Line("Huge", "1000000", "9000000000000")), "lines/0/unit_price"),
            "money.overflow");
  EXPECT_FALSE(
      Code(invoice(Line("Long", "99999999999999999999", "1")), "lines/0/quantity").empty());
  auto types = admin_->Post("/api/v1/invoices", {{"party_id", "abc"}, {"lines", "x"}, {"foo", 1}});
  EXPECT_EQ(Code(types, "party_id"), "type");
  EXPECT_EQ(Code(types, "lines"), "type");
  EXPECT_EQ(Code(types, "foo"), "unknown_field");
  EXPECT_EQ(Code(invoice(Line("Kind", "1", "1"), {{"kind", "bill"}}), "kind"), "enum");
  EXPECT_EQ(
      Code(invoice(Line("Addr", "1", "1"), {{"address", {{"street", "x"}}}}), "address/street"),
      "unknown_field");
  EXPECT_EQ(Code(invoice(Line("Term", "1", "1"), {{"payment_term_id", 999999}}), "payment_term_id"),
            "not_found");
  EXPECT_EQ(admin_->Send("POST", "/api/v1/invoices", "{").status, 400);

  auto pay = [&](json amount) {
    return admin_->Post("/api/v1/payments", {{"party_id", p}, {"amount", amount}, {"post", true}});
  };
  EXPECT_EQ(Code(pay("10.123"), "amount"), "decimal.too_many_decimals");
  EXPECT_EQ(Code(pay("-5"), "amount"), "positive");
  EXPECT_EQ(Code(pay(5), "amount"), "type");
  EXPECT_EQ(Code(admin_->Post("/api/v1/payments",
                              {{"party_id", p}, {"amount", "1.00"}, {"journal_id", 999999}}),
                 "journal_id"),
            "not_found");
  EXPECT_EQ(Code(admin_->Post(
                     "/api/v1/payments",
                     {{"party_id", p}, {"amount", "1.00"}, {"allocations", {{{"amount", "1"}}}}}),
                 "allocations/0/invoice_id"),
            "required");
  EXPECT_EQ(Code(admin_->Post("/api/v1/payments", {{"party_id", p},
                                                   {"amount", "1.00"},
                                                   {"allocations", {{{"invoice_id", 999999}}}},
                                                   {"post", true}}),
                 "allocations/0/invoice_id"),
            "not_found");
  EXPECT_EQ(Count("/api/v1/invoices"), 0u);
  EXPECT_EQ(Count("/api/v1/payments"), 0u);
  EXPECT_EQ(Count("/api/v1/journal-entries"), 0u);
}

TEST_F(Invoicing, PermissionsGateEveryVerb) {
  int64_t p = Party("Guarded");
  int64_t clerk_role =
      CreateRole(*admin_, "Invoice clerk", {"invoicing.invoice.read", "invoicing.invoice.create"});
  CreateUser(*admin_, "clerk", {clerk_role});
  int64_t reader_role = CreateRole(*admin_, "Reader", {"party.party.read"});
  CreateUser(*admin_, "reader", {reader_role});
  auto clerk = server_.LoginAs("clerk", kDemoPassword);
  auto reader = server_.LoginAs("reader", kDemoPassword);
  json body = {{"party_id", p}, {"date", "2026-10-01"}, {"lines", {Line("A", "1", "1")}}};
  auto draft = clerk->Post("/api/v1/invoices", body);
  ASSERT_EQ(draft.status, 201) << draft.body;
  std::string path = "/api/v1/invoices/" + Str(draft.json()["id"].get<int64_t>());
  body["post"] = true;
  EXPECT_EQ(clerk->Post("/api/v1/invoices", body).status, 403);
  EXPECT_EQ(clerk->Post(path + "/post", json::object()).status, 403);
  EXPECT_EQ(clerk->Post(path + "/cancel", json::object()).status, 403);
  EXPECT_EQ(clerk->Get("/api/v1/payments").status, 403);
  EXPECT_EQ(clerk->Post("/api/v1/payments", {{"party_id", p}, {"amount", "1.00"}}).status, 403);
  EXPECT_EQ(clerk->Post("/api/v1/payment-terms", {{"name", "x"}, {"lines", json::array()}}).status,
            403);
  EXPECT_EQ(reader->Get("/api/v1/invoices").status, 403);
  EXPECT_EQ(reader->Get(path).status, 403);
  EXPECT_EQ(reader->Get("/api/v1/parties/" + Str(p) + "/credit").status, 403);
  EXPECT_EQ(Get(path)["state"], "draft");
}

TEST_F(Invoicing, AgeingAndOpenItemsAgreeWithTheInvoices) {
  int64_t net30 = FindId(*admin_, "/api/v1/payment-terms", "name", "30 days", "term");
  int64_t p1 = Party("Ageing One");
  int64_t p2 = Party("Ageing Two");
  json a = Invoice(p1, {Line("A", "1", "1000")}, "2026-08-01", {{"payment_term_id", net30}});
  json b = Invoice(p1, {Line("B", "1", "500")}, "2026-10-20", {{"payment_term_id", net30}});
  Pay(p1, "300.00", "2026-09-10", {{{"invoice_id", a["id"]}}});
  json c = Invoice(p2, {Line("C", "2", "100")}, "2026-09-01");
  Invoice(p2, {Line("Allowance", "1", "50")}, "2026-10-05", {{"kind", "credit_note"}});
  Pay(p2, "20.00", "2026-10-06");

  json ageing = Get("/api/v1/reports/ageing?kind=receivable&as_of=2026-11-18");
  ASSERT_EQ(ageing["parties"].size(), 2u) << ageing.dump();
  std::map<int64_t, json> by_party;
  for (const auto& row : ageing["parties"]) by_party[row["party_id"].get<int64_t>()] = row;
  // p1: A (due 2026-08-31, 79 days late) has 830.00 open; B is not due yet.
  EXPECT_EQ(by_party[p1]["days_61_90"], "830.00");
  EXPECT_EQ(by_party[p1]["current"], "565.00");
  EXPECT_EQ(by_party[p1]["total"], "1395.00");
  EXPECT_EQ(GetInvoice(a)["residual"], "830.00");
  EXPECT_EQ(GetInvoice(b)["residual"], "565.00");
  // p2: C 226.00 less the credit note 56.50 and the unallocated payment 20.00.
  EXPECT_EQ(by_party[p2]["total"], "149.50");
  EXPECT_EQ(GetInvoice(c)["residual"], "226.00");
  for (int64_t p : {p1, p2}) {
    json credit = Credit(p);
    EXPECT_EQ(credit["open_receivable"], by_party[p]["total"]);
    json open = Get("/api/v1/open-items?kind=receivable&as_of=2026-11-18&party_id=" + Str(p));
    EXPECT_EQ(open["total"], by_party[p]["total"]);
  }
  EXPECT_EQ(Credit(p2)["credit"], "76.50");
  EXPECT_EQ(ageing["totals"]["total"], ageing["control_balance"]);
}

// Four payments race to settle the same invoice in full: exactly one wins, the others are
// refused (nothing open any more, or a stale match), and every payment keeps its money open.
TEST_F(Invoicing, RacingAllocationsSettleAnInvoiceOnce) {
  int64_t p = Party("Race Co");
  json inv = Invoice(p, {Line("Prize", "1", "100")}, "2026-10-01");
  constexpr int kRacers = 4;
  std::vector<json> pays;
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < kRacers; ++i) {
    pays.push_back(Pay(p, "113.00", "2026-10-02"));
    clients.push_back(server_.Admin());
  }
  std::vector<HttpResult> results(kRacers);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kRacers) std::this_thread::yield();
      results[i] = clients[i]->Post(
          "/api/v1/payments/" + Str(pays[i]["id"].get<int64_t>()) + "/allocate",
          {{"allocations", {{{"invoice_id", inv["id"]}}}}});
    });
  }
  for (auto& t : threads) t.join();
  int won = 0;
  for (const auto& r : results) {
    if (r.status == 200) {
      ++won;
    } else {
      EXPECT_TRUE(r.status == 409 || r.status == 422) << r.body;
    }
  }
  EXPECT_EQ(won, 1);
  EXPECT_EQ(GetInvoice(inv)["state"], "paid");
  EXPECT_EQ(Credit(p)["credit"], "339.00");
}

// The interface the sales area calls, inside its own transaction.
TEST_F(Invoicing, ServiceInterfaceForTheSalesArea) {
  int64_t p = Party("Order Customer");
  accounting::Ledger ledger(server_.clock());
  party::PartyRegistry registry;
  party::Parties parties(server_.clock(), registry);
  invoicing::Invoices invoices(server_.clock(), ledger, parties);
  std::vector<invoicing::PostedInvoice> seen;
  invoices.AddPostedListener([&](store::Tx&, const invoicing::PostedInvoice& posted) {
    seen.push_back(posted);
    return Status::Ok();
  });
  invoicing::InvoiceInput in;
  in.company_id = company_;
  in.party_id = p;
  in.date = Date::Parse("2026-10-01").value();
  in.origin_type = "sales_order";
  in.origin_id = 42;
  in.origin_ref = "SO-000042";
  invoicing::InvoiceLineInput line;
  line.product_id = 99;
  line.description = "Product 99";
  line.quantity = Quantity::Parse("4").value();
  line.uom_code = "pcs";
  line.unit_price = UnitPrice::Parse("25").value();
  line.tax_ids = {vat13_};
  line.origin_line_id = 7;
  in.lines = {line};
  invoicing::CreatedInvoice created;
  Status st = server_.app().db().Write([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(created, invoices.Create(tx, in, true, 0));
    ASSIGN_OR_RETURN(auto term, invoicing::DefaultPaymentTerm(tx, company_));
    ASSIGN_OR_RETURN(auto info, invoicing::PaymentTerm(tx, company_, term));
    EXPECT_EQ(info.name, "immediate");
    EXPECT_FALSE(info.advance_required);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(created.number, "INV-000001");
  EXPECT_EQ(created.total, 11300);
  ASSERT_EQ(created.lines.size(), 1u);
  EXPECT_EQ(created.lines[0].origin_line_id, 7);
  EXPECT_EQ(created.lines[0].untaxed, 10000);
  EXPECT_EQ(created.lines[0].untaxed_company, 10000);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].origin_id, 42);
  EXPECT_EQ(seen[0].sign(), 1);
  ASSERT_EQ(seen[0].lines.size(), 1u);
  EXPECT_EQ(seen[0].lines[0].product_id, 99);
  EXPECT_EQ(seen[0].lines[0].quantity.ToTrimmedString(), "4");
  EXPECT_EQ(seen[0].lines[0].untaxed_company, 10000);

  Pay(p, "50.00", "2026-10-02", {{{"invoice_id", created.id}}});
  int64_t paid = 0, open = 0;
  nlohmann::json of;
  st = server_.app().db().Read([&](store::Tx& tx) -> Status {
    auto& app_invoices = server_.app().invoices();
    ASSIGN_OR_RETURN(paid, app_invoices.PaidForOrigin(tx, company_, "sales_order", 42));
    ASSIGN_OR_RETURN(open, app_invoices.OpenReceivable(tx, company_, p));
    ASSIGN_OR_RETURN(of, app_invoices.InvoicesOf(tx, company_, "sales_order", 42));
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(paid, 5000);
  EXPECT_EQ(open, 6300);
  ASSERT_EQ(of.size(), 1u);
  EXPECT_EQ(of[0]["number"], "INV-000001");
  EXPECT_EQ(of[0]["residual"], "63.00");
  EXPECT_EQ(Count("/api/v1/invoices?origin_type=sales_order&origin_id=42"), 1u);

  // A listener's error aborts the posting: nothing is written.
  invoices.AddPostedListener([](store::Tx&, const invoicing::PostedInvoice&) {
    return FailedPrecondition("sales.over_invoiced", "More than delivered.");
  });
  st = server_.app().db().Write(
      [&](store::Tx& tx) { return invoices.Create(tx, in, true, 0).status(); });
  EXPECT_EQ(st.message_id(), "sales.over_invoiced");
  EXPECT_EQ(Count("/api/v1/invoices"), 1u);
  // Bad input through the service is refused the same way.
  in.lines[0].quantity = Quantity::Parse("-1").value();
  st = server_.app().db().Write(
      [&](store::Tx& tx) { return invoices.Create(tx, in, false, 0).status(); });
  ASSERT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.field_errors()[0].field, "lines/0/quantity");
}

}  // namespace
}  // namespace concord::testing
