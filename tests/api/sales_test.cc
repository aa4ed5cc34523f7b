// Order to cash through the API: opportunity → quote (live price, explained) → order →
// partial delivery → back order → invoice → partial and final payment → return → credit note
// → refund; the credit limit block and its override; the advance payment that holds the
// delivery; discount approval and quote revisions; an order frozen against later changes; a
// posting into a closed period refused; the race for the last units. The ledger, stock and
// valuation invariants run after every scenario (CheckJournalInvariants).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "api_helpers.h"

namespace concord::testing {
namespace {

class Sales : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = server_.Admin();
    currency_ = admin_->Get("/api/v1/auth/me").json()["company"]["currency"].get<std::string>();
  }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  int64_t Product(const std::string& sku, const std::string& price, const std::string& costing,
                  const std::string& kind = "stocked") {
    auto r = admin_->Post("/api/v1/products", {{"sku", sku},
                                               {"name", "Product " + sku},
                                               {"kind", kind},
                                               {"uom", "unit"},
                                               {"list_price", price},
                                               {"standard_cost", "10"},
                                               {"costing_method", costing}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  int64_t Party(const std::string& name, const json& extra = json::object()) {
    json body = {{"kind", "organization"},
                 {"name", name},
                 {"roles", {"customer"}},
                 {"allow_duplicates", true}};
    body.update(extra);
    auto r = admin_->Post("/api/v1/parties", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  // Receives `qty` at `cost` into the default warehouse (a validated receipt).
  void Receive(int64_t product, const std::string& qty, const std::string& cost) {
    auto r = admin_->Post("/api/v1/transfers",
                          {{"kind", "receipt"},
                           {"lines", {{{"product_id", product},
                                       {"quantity", qty},
                                       {"unit_cost", cost}}}}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto v = admin_->Post(Path("transfers", r.json()["id"]) + "/validate", json::object());
    ASSERT_EQ(v.status, 200) << v.body;
  }
  static std::string Path(const std::string& what, const json& id) {
    return "/api/v1/" + what + "/" + std::to_string(id.get<int64_t>());
  }
  json Order(int64_t party, const json& lines, const json& extra = json::object()) {
    json body = {{"party_id", party}, {"lines", lines}};
    body.update(extra);
    auto r = admin_->Post("/api/v1/sales-orders", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  HttpResult Confirm(const json& order, const json& body = json::object()) {
    return admin_->Post(Path("sales-orders", order["id"]) + "/confirm", body);
  }
  json Get(const std::string& path) {
    auto r = admin_->Get(path);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // The order's open delivery transfer (state not done/cancelled).
  json OpenDelivery(const json& order_id) {
    json order = Get(Path("sales-orders", order_id));
    for (const auto& t : order["transfers"]) {
      if (t["state"] != "done" && t["state"] != "cancelled") return t;
    }
    ADD_FAILURE() << "no open delivery: " << order.dump();
    return json();
  }
  // Validates `qty` of every move of a transfer (back order for the rest).
  HttpResult Deliver(const json& transfer, const std::string& qty) {
    json full = Get(Path("transfers", transfer["id"]));
    json lines = json::array();
    for (const auto& m : full["moves"]) lines.push_back({{"move_id", m["id"]}, {"quantity", qty}});
    return admin_->Post(Path("transfers", transfer["id"]) + "/validate", {{"lines", lines}});
  }
  HttpResult Pay(int64_t party, const std::string& amount, const json& invoice_id,
                 const std::string& direction = "inbound") {
    json body = {{"party_id", party},
                 {"amount", amount},
                 {"direction", direction},
                 {"post", true}};
    if (!invoice_id.is_null()) {
      body["allocations"] = {{{"invoice_id", invoice_id}, {"amount", amount}}};
    }
    return admin_->Post("/api/v1/payments", body);
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  std::string currency_;
};

TEST_F(Sales, OpportunityToCashWithBackOrderReturnCreditNoteAndRefund) {
  int64_t tea = Product("TEA", "100.00", "fifo");
  Receive(tea, "10", "40.00");
  Receive(tea, "10", "50.00");
  int64_t party = Party("Harbour Trading");
  auto opp = admin_->Post("/api/v1/opportunities", {{"name", "Tea for the harbour"},
                                                    {"party_id", party},
                                                    {"amount", "1500.00"}});
  ASSERT_EQ(opp.status, 201) << opp.body;

  // The quote is priced live from the catalog, with the explanation of the price.
  auto quote = admin_->Post("/api/v1/quotes",
                            {{"opportunity_id", opp.json()["id"]},
                             {"lines", {{{"product_id", tea}, {"quantity", "15"}}}}});
  ASSERT_EQ(quote.status, 201) << quote.body;
  json q = quote.json();
  EXPECT_EQ(q["party_id"], party);
  EXPECT_EQ(q["lines"][0]["unit_price"], "100.00");
  EXPECT_EQ(q["untaxed"], "1500.00");
  ASSERT_FALSE(q["lines"][0]["price_explanation"].empty());
  std::string qp = Path("quotes", q["id"]);
  EXPECT_EQ(admin_->Get(qp + "/print").status, 200);
  ASSERT_EQ(admin_->Post(qp + "/send", json::object()).status, 200);
  auto accepted = admin_->Post(qp + "/accept", json::object());
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  json order_id = accepted.json()["order_id"];
  ASSERT_TRUE(order_id.is_number()) << accepted.body;
  json opp_now = Get(Path("opportunities", opp.json()["id"]));
  EXPECT_EQ(opp_now["stage_outcome"], "won") << opp_now.dump();

  // Confirmation reserves and creates the delivery; 8 go now, 7 wait in a back order.
  auto confirmed = admin_->Post(Path("sales-orders", order_id) + "/confirm", json::object());
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json()["state"], "confirmed");
  auto first = Deliver(OpenDelivery(order_id), "8");
  ASSERT_EQ(first.status, 200) << first.body;
  json order = Get(Path("sales-orders", order_id));
  EXPECT_EQ(order["lines"][0]["delivered"], "8");
  EXPECT_EQ(order["delivery_status"], "partial");

  // Invoice what was delivered: 8 × 100 (+ tax, if any), FIFO cost 8 × 40.
  auto invoiced = admin_->Post(Path("sales-orders", order_id) + "/invoice", json::object());
  ASSERT_EQ(invoiced.status, 200) << invoiced.body;
  json inv1 = invoiced.json()["invoice"];
  json invoice = Get(Path("invoices", inv1["invoice_id"]));
  EXPECT_EQ(invoice["state"], "posted");
  std::string total1 = invoice["total"];
  EXPECT_EQ(Get(Path("sales-orders", order_id))["lines"][0]["invoiced"], "8");

  // A partial payment, then the rest: the invoice is paid.
  ASSERT_EQ(Pay(party, "300.00", inv1["invoice_id"]).status, 201);
  EXPECT_EQ(Get(Path("invoices", inv1["invoice_id"]))["state"], "posted");
  auto rest = admin_->Get(Path("invoices", inv1["invoice_id"])).json()["residual"];
  ASSERT_EQ(Pay(party, rest.get<std::string>(), inv1["invoice_id"]).status, 201);
  EXPECT_EQ(Get(Path("invoices", inv1["invoice_id"]))["state"], "paid");

  // The back order goes out: 2 at 40, 5 at 50.
  ASSERT_EQ(Deliver(OpenDelivery(order_id), "7").status, 200);
  auto second = admin_->Post(Path("sales-orders", order_id) + "/invoice", json::object());
  ASSERT_EQ(second.status, 200) << second.body;
  json inv2 = second.json()["invoice"];
  std::string residual2 = Get(Path("invoices", inv2["invoice_id"]))["residual"];
  ASSERT_EQ(Pay(party, residual2, inv2["invoice_id"]).status, 201);
  order = Get(Path("sales-orders", order_id));
  EXPECT_EQ(order["state"], "done") << order.dump();

  // Three come back: the return re-enters at the cost they left with; a credit note follows
  // and the customer's credit is refunded.
  json delivered_transfer;
  for (const auto& t : order["transfers"]) {
    if (t["state"] == "done") delivered_transfer = t;
  }
  json full = Get(Path("transfers", delivered_transfer["id"]));
  auto ret = admin_->Post(Path("transfers", delivered_transfer["id"]) + "/return",
                          {{"lines", {{{"move_id", full["moves"][0]["id"]}, {"quantity", "3"}}}}});
  ASSERT_EQ(ret.status, 201) << ret.body;
  auto ret_done = admin_->Post(Path("transfers", ret.json()["id"]) + "/validate", json::object());
  ASSERT_EQ(ret_done.status, 200) << ret_done.body;
  order = Get(Path("sales-orders", order_id));
  EXPECT_EQ(order["lines"][0]["delivered"], "12");
  auto credit = admin_->Post(Path("sales-orders", order_id) + "/credit-returns", json::object());
  ASSERT_EQ(credit.status, 200) << credit.body;
  json cn = credit.json()["credit_note"];
  EXPECT_EQ(Get(Path("sales-orders", order_id))["lines"][0]["invoiced"], "12");
  std::string cn_total = cn["total"];
  auto refund = admin_->Post("/api/v1/payments", {{"party_id", party},
                                                  {"amount", cn_total},
                                                  {"direction", "outbound"},
                                                  {"post", true},
                                                  {"allocations", {{{"invoice_id", cn["invoice_id"]},
                                                                    {"amount", cn_total}}}}});
  ASSERT_EQ(refund.status, 201) << refund.body;
  auto credit_left = Get(Path("parties", json(party)) + "/credit");
  EXPECT_EQ(credit_left["open_receivable"], "0.00") << credit_left.dump();

  // Margins: revenue 12 × 100 net, cost 8×40 + 2×40 + 5×50 − returned cost.
  auto report = Get("/api/v1/reports/sales?group_by=customer");
  ASSERT_EQ(report["items"].size(), 1u) << report.dump();
  EXPECT_EQ(report["items"][0]["revenue"], "1200.00");
  auto overview = Get(Path("parties", json(party)) + "/overview");
  EXPECT_TRUE(overview["sections"].contains("orders"));
  EXPECT_EQ(overview["sections"]["revenue"]["revenue"], "1200.00");
  EXPECT_EQ(overview["lifecycle"]["purchases"], 1);
}

TEST_F(Sales, CreditLimitBlocksConfirmationUntilOverridden) {
  int64_t svc = Product("CONSULT", "1000.00", "standard", "service");
  int64_t party = Party("Careful Buyer", {{"credit_limit", "1500.00"}});
  json first = Order(party, {{{"product_id", svc}, {"quantity", "1"}}});
  ASSERT_EQ(Confirm(first).status, 200);
  json second = Order(party, {{{"product_id", svc}, {"quantity", "1"}}});
  auto blocked = Confirm(second);
  ASSERT_TRUE(IsProblem(blocked, 409, "sales.credit_limit")) << blocked.body;
  EXPECT_EQ(blocked.json()["credit"]["unbilled_orders"], "1000.00") << blocked.body;
  EXPECT_EQ(blocked.json()["credit"]["excess"], "500.00") << blocked.body;
  EXPECT_EQ(Get(Path("sales-orders", second["id"]))["state"], "draft");

  // A sales rep may not override; a holder of sales.credit.approve may, and it is audited.
  int64_t rep_role = CreateRole(*admin_, "Rep", {"sales.order.read", "sales.order.update",
                                                 "party.party.read"});
  CreateUser(*admin_, "rep", {rep_role});
  auto rep = server_.LoginAs("rep", kDemoPassword);
  EXPECT_EQ(rep->Post(Path("sales-orders", second["id"]) + "/confirm",
                      {{"override_credit", true}}).status, 403);
  auto overridden = Confirm(second, {{"override_credit", true}});
  ASSERT_EQ(overridden.status, 200) << overridden.body;
  EXPECT_TRUE(overridden.json()["credit_override_by"].is_number());
  auto audit = Get("/api/v1/audit?entity=sales_order&id=" +
                   std::to_string(second["id"].get<int64_t>()));
  bool found = false;
  for (const auto& a : audit["items"]) found = found || a["action"] == "credit_override";
  EXPECT_TRUE(found) << audit.dump();
}

TEST_F(Sales, AdvancePaymentHoldsTheDeliveryUntilPaid) {
  int64_t tea = Product("TEA", "50.00", "average");
  Receive(tea, "5", "20.00");
  auto term = admin_->Post("/api/v1/payment-terms",
                           {{"name", "Advance"},
                            {"advance_required", true},
                            {"lines", {{{"percent", "100"}, {"days", 0}}}}});
  ASSERT_EQ(term.status, 201) << term.body;
  int64_t party = Party("Prepaying Co");
  json order = Order(party, {{{"product_id", tea}, {"quantity", "2"}}},
                     {{"payment_term_id", term.json()["id"]}});
  auto confirmed = Confirm(order);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  json o = Get(Path("sales-orders", order["id"]));
  ASSERT_EQ(o["invoices"].size(), 1u) << o.dump();
  json delivery = OpenDelivery(order["id"]);
  auto held = Deliver(delivery, "2");
  EXPECT_TRUE(IsProblem(held, 409, "sales.advance_pending")) << held.body;
  EXPECT_EQ(Get(Path("sales-orders", order["id"]))["lines"][0]["delivered"], "0");
  json inv = o["invoices"][0];
  ASSERT_EQ(Pay(party, inv["total"], inv["id"]).status, 201);
  // Paid: the advance-payment workflow still holds the delivery until the warehouse releases
  // it (sales requests, finance confirms, the warehouse releases; tests/api/workflow_*).
  auto pending = Deliver(delivery, "2");
  EXPECT_TRUE(IsProblem(pending, 409, "workflow.pending")) << pending.body;
  for (const char* step : {"request", "confirm_payment", "release"}) {
    json wf = Get("/api/v1/workflow-instances?document_type=sales_order&document_id=" +
                  std::to_string(order["id"].get<int64_t>()));
    json inst = Get(Path("workflow-instances", wf["items"][0]["id"]));
    int64_t task = 0;
    for (const auto& t : inst["tasks"]) {
      if (t["step"] == step && t["state"] == "open") task = t["id"].get<int64_t>();
    }
    ASSERT_NE(task, 0) << step << ": " << inst.dump();
    auto decided = admin_->Post("/api/v1/workflow-tasks/" + std::to_string(task) + "/approve",
                                json::object());
    ASSERT_EQ(decided.status, 200) << decided.body;
  }
  auto released = Deliver(delivery, "2");
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(Get(Path("sales-orders", order["id"]))["state"], "done");
}

TEST_F(Sales, DiscountNeedsApprovalAndRevisionsAreKept) {
  int64_t tea = Product("TEA", "100.00", "fifo");
  int64_t party = Party("Bargain Hunter");
  auto quote = admin_->Post("/api/v1/quotes",
                            {{"party_id", party},
                             {"lines", {{{"product_id", tea},
                                         {"quantity", "2"},
                                         {"discount_percent", "20"}}}}});
  ASSERT_EQ(quote.status, 201) << quote.body;
  json q = quote.json();
  EXPECT_TRUE(q["needs_approval"].get<bool>());
  std::string qp = Path("quotes", q["id"]);
  EXPECT_TRUE(IsProblem(admin_->Post(qp + "/send", json::object()), 409,
                        "quote.approval_required"));
  int64_t rep_role = CreateRole(*admin_, "Rep", {"sales.quote.read", "sales.quote.update",
                                                 "party.party.read"});
  CreateUser(*admin_, "rep", {rep_role});
  auto rep = server_.LoginAs("rep", kDemoPassword);
  EXPECT_EQ(rep->Post(qp + "/approve", json::object()).status, 403);
  ASSERT_EQ(admin_->Post(qp + "/approve", json::object()).status, 200);
  ASSERT_EQ(admin_->Post(qp + "/send", json::object()).status, 200);
  // Editing the sent quote keeps revision 1 and asks for approval again.
  auto revised = admin_->Patch(qp, {{"lines", {{{"product_id", tea},
                                               {"quantity", "3"},
                                               {"discount_percent", "25"}}}}},
                               {{"If-Match", "\"" + std::to_string(Get(qp)["version"].get<int64_t>()) + "\""}});
  ASSERT_EQ(revised.status, 200) << revised.body;
  EXPECT_EQ(revised.json()["revision"], 2);
  EXPECT_EQ(revised.json()["state"], "draft");
  EXPECT_FALSE(revised.json()["approved"].get<bool>());
  auto revisions = Get(qp + "/revisions");
  ASSERT_EQ(revisions["items"].size(), 1u);
  EXPECT_EQ(revisions["items"][0]["quote"]["lines"][0]["quantity"], "2");
  // A small discount needs no approval; an expired quote cannot be accepted.
  auto small = admin_->Post("/api/v1/quotes", {{"party_id", party},
                                               {"date", "2026-11-01"},
                                               {"valid_until", "2026-11-05"},
                                               {"lines", {{{"product_id", tea},
                                                           {"quantity", "1"},
                                                           {"discount_percent", "5"}}}}});
  ASSERT_EQ(small.status, 201) << small.body;
  EXPECT_FALSE(small.json()["needs_approval"].get<bool>());
  std::string sp = Path("quotes", small.json()["id"]);
  ASSERT_EQ(admin_->Post(sp + "/send", json::object()).status, 200);
  EXPECT_TRUE(IsProblem(admin_->Post(sp + "/accept", json::object()), 409, "quote.expired"));
  auto expired = admin_->Post("/api/v1/quotes/expire-due", json::object());
  ASSERT_EQ(expired.status, 200) << expired.body;
  EXPECT_EQ(expired.json()["expired"], 1);
  EXPECT_EQ(Get(sp)["state"], "expired");
}

TEST_F(Sales, ConfirmedOrderIsFrozenAgainstPartyAndPriceChanges) {
  int64_t tea = Product("TEA", "100.00", "fifo");
  Receive(tea, "5", "30.00");
  int64_t party = Party("Moving Co");
  auto address = admin_->Post(Path("parties", json(party)) + "/addresses",
                              {{"kind", "billing"},
                               {"line1", "1 Old Street"},
                               {"city", "Shanghai"},
                               {"country", "CN"}});
  ASSERT_EQ(address.status, 201) << address.body;
  json order = Order(party, {{{"product_id", tea}, {"quantity", "1"}}});
  ASSERT_EQ(Confirm(order).status, 200);
  // The customer moves and the list price rises; the order keeps what was agreed.
  auto moved = admin_->Patch(Path("parties", json(party)) + "/addresses/" +
                                 std::to_string(address.json()["id"].get<int64_t>()),
                             {{"line1", "9 New Road"}, {"city", "Beijing"}},
                             {{"If-Match", "\"1\""}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto pricier = admin_->Patch(Path("products", json(tea)), {{"list_price", "150.00"}},
                               {{"If-Match", "\"1\""}});
  ASSERT_EQ(pricier.status, 200) << pricier.body;
  json o = Get(Path("sales-orders", order["id"]));
  EXPECT_EQ(o["billing_address"]["line1"], "1 Old Street");
  EXPECT_EQ(o["lines"][0]["unit_price"], "100.00");
  EXPECT_TRUE(IsProblem(admin_->Patch(Path("sales-orders", order["id"]),
                                      {{"notes", "change"}},
                                      {{"If-Match", "\"" + std::to_string(o["version"].get<int64_t>()) + "\""}}),
                        409, "sales.order_frozen"));
  ASSERT_EQ(Deliver(OpenDelivery(order["id"]), "1").status, 200);
  auto inv = admin_->Post(Path("sales-orders", order["id"]) + "/invoice", json::object());
  ASSERT_EQ(inv.status, 200) << inv.body;
  json invoice = Get(Path("invoices", inv.json()["invoice"]["invoice_id"]));
  EXPECT_EQ(invoice["lines"][0]["unit_price"], "100");
  EXPECT_EQ(invoice["address"]["line1"], "1 Old Street");
}

TEST_F(Sales, InvoiceIntoAClosedPeriodIsRefusedAndChangesNothing) {
  int64_t svc = Product("CONSULT", "200.00", "standard", "service");
  int64_t party = Party("Late Buyer");
  json order = Order(party, {{{"product_id", svc}, {"quantity", "1"}}});
  ASSERT_EQ(Confirm(order).status, 200);
  auto year = admin_->Get("/api/v1/fiscal-years").json()["items"][0];
  auto periods = Get(Path("fiscal-years", year["id"]));
  ASSERT_EQ(admin_->Post(Path("fiscal-periods", periods["periods"][9]["id"]) + "/close",
                         json::object()).status, 200);
  auto refused = admin_->Post(Path("sales-orders", order["id"]) + "/invoice",
                              {{"date", "2026-10-15"}});
  EXPECT_EQ(refused.status / 100, 4) << refused.body;
  json o = Get(Path("sales-orders", order["id"]));
  EXPECT_EQ(o["lines"][0]["invoiced"], "0");
  EXPECT_TRUE(o["invoices"].empty()) << o.dump();
}

TEST_F(Sales, ParallelOrdersRaceForTheLastUnits) {
  int64_t tea = Product("TEA", "10.00", "fifo");
  Receive(tea, "3", "4.00");
  int64_t party = Party("Crowd");
  constexpr int kRacers = 8;
  std::vector<json> orders;
  for (int i = 0; i < kRacers; ++i) {
    orders.push_back(Order(party, {{{"product_id", tea}, {"quantity", "1"}}},
                           {{"allow_partial", false}}));
  }
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < kRacers; ++i) clients.push_back(server_.Admin());
  std::vector<int> status(kRacers);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kRacers) std::this_thread::yield();
      status[i] = clients[i]->Post(Path("sales-orders", orders[i]["id"]) + "/confirm",
                                   json::object()).status;
    });
  }
  for (auto& t : threads) t.join();
  int ok = 0;
  for (int s : status) {
    EXPECT_TRUE(s == 200 || s == 409 || s == 422) << s;
    if (s == 200) ++ok;
  }
  EXPECT_EQ(ok, 3);
  auto stock = Get("/api/v1/stock/availability?product_id=" + std::to_string(tea));
  EXPECT_EQ(stock["available"], "0.000000") << stock.dump();
  EXPECT_EQ(stock["reserved"], "3.000000") << stock.dump();
}

TEST_F(Sales, OtherCompanyIdsAndBadInputChangeNothing) {
  int64_t tea = Product("TEA", "10.00", "fifo");
  int64_t party = Party("Home Co");
  json order = Order(party, {{{"product_id", tea}, {"quantity", "1"}}});
  auto bad = admin_->Post("/api/v1/sales-orders",
                          {{"party_id", party},
                           {"lines", {{{"product_id", tea}, {"quantity", "-1"}},
                                      {{"product_id", "x"}, {"quantity", "1"}}}}});
  EXPECT_TRUE(IsProblem(bad, 422, "validation.failed")) << bad.body;
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/sales-orders", {{"party_id", party}, {"lines", "x"}}),
                        422, ""));
  EXPECT_EQ(admin_->Get("/api/v1/sales-orders").json()["items"].size(), 1u);
  auto second = admin_->Post("/api/v1/companies",
                             {{"name", "Other Co"}, {"currency", "USD"}, {"time_zone", "UTC"}});
  ASSERT_EQ(second.status, 201) << second.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", second.json()["id"]}}).status,
            200);
  EXPECT_EQ(admin_->Get(Path("sales-orders", order["id"])).status, 404);
  EXPECT_EQ(admin_->Post(Path("sales-orders", order["id"]) + "/confirm", json::object()).status,
            404);
  auto theirs = admin_->Post("/api/v1/sales-orders",
                             {{"party_id", party}, {"lines", {{{"product_id", tea},
                                                               {"quantity", "1"}}}}});
  EXPECT_TRUE(IsProblem(theirs, 422, "validation.failed")) << theirs.body;
  EXPECT_TRUE(admin_->Get("/api/v1/sales-orders").json()["items"].empty());
}

}  // namespace
}  // namespace concord::testing
