// The demo data of `make run` (App::LoadDemo) seen through the API: the catalog with its price
// lists, promotion and FIFO layers; months of order history with revenue and margin, open
// orders, unbilled deliveries, unpaid invoices and quotes; the customer's overview; the demo
// users working within their roles; the service desk's tickets, the knowledge base and the
// workflows waiting in the demo users' inboxes. And the pricing cost source: a "cost + margin"
// rule prices from the inventory's current cost. The invariants run after every test.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>

#include "api_helpers.h"
#include "workflow_helpers.h"

namespace concord::testing {
namespace {

// "1234.56" (or "-3.5", "12") as cents; the tests only compare amounts.
int64_t Cents(const json& text) {
  std::string s = text.is_string() ? text.get<std::string>() : "0";
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.erase(0, 1);
  size_t dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  frac = (frac + "00").substr(0, 2);
  int64_t v = std::stoll(whole.empty() ? "0" : whole) * 100 + std::stoll(frac);
  return negative ? -v : v;
}

// 13 digits whose last is the GS1 check digit (weights 3 and 1 from the right).
bool ValidGtin13(const std::string& g) {
  if (g.size() != 13 || g.find_first_not_of("0123456789") != std::string::npos) return false;
  int sum = 0;
  for (int i = 11; i >= 0; --i) sum += (g[i] - '0') * ((11 - i) % 2 == 0 ? 3 : 1);
  return (10 - sum % 10) % 10 == g[12] - '0';
}

std::string Path(const std::string& what, const json& id) {
  return "/api/v1/" + what + "/" + std::to_string(id.get<int64_t>());
}

class SalesDemo : public ::testing::Test {
 protected:
  void SetUp() override {
    auto start = std::chrono::steady_clock::now();
    auto demo = server_.app().LoadDemo();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    summary_ = *demo;
    std::cout << "[ demo    ] LoadDemo took " << ms << " ms ("
              << (server_.postgres() ? "PostgreSQL" : "SQLite") << ")\n";
    RecordProperty("load_demo_ms", static_cast<int>(ms));
    admin_ = server_.Admin();
    today_ = BusinessDate(server_.clock().Now(), "Asia/Shanghai")->ToString();
  }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  json Get(HttpClient& client, const std::string& path) {
    auto r = client.Get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json();
  }
  // The items of every page of a list (admin).
  json All(const std::string& path) {
    json out = json::array();
    std::string cursor;
    for (int page = 0; page < 20; ++page) {
      std::string sep = path.find('?') == std::string::npos ? "?" : "&";
      json r = Get(*admin_, path + sep + "limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor));
      for (const auto& item : r["items"]) out.push_back(item);
      if (!r["next_cursor"].is_string()) break;
      cursor = r["next_cursor"].get<std::string>();
    }
    return out;
  }
  int64_t ProductId(const std::string& sku) {
    return FindId(*admin_, "/api/v1/products?limit=100&q=" + Url(sku), "sku", sku, "product");
  }
  int64_t PartyId(const std::string& name) {
    return FindId(*admin_, "/api/v1/parties?limit=100&q=" + Url(name), "name", name, "party");
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  std::string summary_;
  std::string today_;
};

TEST_F(SalesDemo, CatalogPriceListsPromotionAndStock) {
  EXPECT_NE(summary_.find("30 products"), std::string::npos) << summary_;
  json products = All("/api/v1/products");
  ASSERT_EQ(products.size(), 30u);
  std::set<std::string> kinds, costing, tracking, uoms;
  int gtins = 0;
  for (const auto& p : products) {
    kinds.insert(p["kind"].get<std::string>());
    if (p["kind"] == "stocked") costing.insert(p["costing_method"].get<std::string>());
    tracking.insert(p["tracking"].get<std::string>());
    uoms.insert(p["uom"].get<std::string>());
    if (p["gtin"].is_string()) {
      ++gtins;
      EXPECT_TRUE(ValidGtin13(p["gtin"].get<std::string>())) << p.dump();
    }
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"consumable", "service", "stocked"}));
  EXPECT_TRUE(costing.count("fifo") && costing.count("average"));
  EXPECT_TRUE(tracking.count("lot"));
  EXPECT_TRUE(uoms.count("dozen")) << "a product kept in boxes of 12";
  EXPECT_GE(gtins, 10);
  json water = Get(*admin_, "/api/v1/products/" + std::to_string(ProductId("BEV-WATER12")));
  EXPECT_EQ(water["uom"], "dozen");
  EXPECT_EQ(water["description"], "矿泉水 550毫升（12瓶装）");

  json lists = All("/api/v1/price-lists");
  std::map<std::string, json> by_name;
  for (const auto& l : lists) by_name[l["name"].get<std::string>()] = l;
  ASSERT_TRUE(by_name.count("Standard 标准价") && by_name.count("Wholesale 批发价"))
      << lists.dump();
  json wholesale = Get(*admin_, Path("price-lists", by_name["Wholesale 批发价"]["id"]));
  EXPECT_EQ(wholesale["currency"], "CNY");
  EXPECT_GE(wholesale["rules"].size(), 4u);
  EXPECT_EQ(wholesale["assignments"].size(), 2u) << wholesale.dump();
  json promotions = All("/api/v1/promotions");
  ASSERT_EQ(promotions.size(), 1u);
  EXPECT_LE(promotions[0]["valid_from"].get<std::string>(), today_);
  EXPECT_GE(promotions[0]["valid_to"].get<std::string>(), today_);

  // FIFO layers at the suppliers' rising costs; stock left for today's orders.
  int64_t oolong = ProductId("TEA-TGY200");
  json layers = All("/api/v1/stock-valuation/layers?product_id=" + std::to_string(oolong));
  std::set<std::string> costs;
  for (const auto& l : layers) {
    if (Cents(l["quantity"]) > 0) costs.insert(l["unit_cost"].get<std::string>());
  }
  EXPECT_EQ(costs.size(), 3u) << layers.dump();
  json valuation = All("/api/v1/stock-valuation");
  EXPECT_GE(valuation.size(), 20u);
  // Lots of the lot-tracked tea, with their expiry.
  json lots = All("/api/v1/lots?product_id=" + std::to_string(ProductId("TEA-LJ250")));
  ASSERT_EQ(lots.size(), 3u) << lots.dump();
  EXPECT_TRUE(lots[0]["expiry_date"].is_string()) << lots.dump();

  // Loading again changes nothing.
  auto again = server_.app().LoadDemo();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, "demo data already loaded");
  EXPECT_EQ(All("/api/v1/products").size(), 30u);
}

TEST_F(SalesDemo, MonthsOfRevenueAndMarginWithDocumentsAtEveryStep) {
  auto report = admin_->Get("/api/v1/reports/sales?group_by=month&from=2026-01-01&to=" + today_);
  ASSERT_EQ(report.status, 200) << report.body;
  int months = 0;
  json by_month = report.json()["items"];
  for (const auto& m : by_month) {
    if (Cents(m["revenue"]) > 0 && Cents(m["margin"]) > 0) ++months;
  }
  EXPECT_GE(months, 4) << report.body;

  json orders = All("/api/v1/sales-orders");
  EXPECT_GE(orders.size(), 40u);
  EXPECT_LE(orders.size(), 60u);
  std::map<std::string, int> states;
  std::set<std::string> days;
  for (const auto& o : orders) {
    ++states[o["state"].get<std::string>()];
    days.insert(o["date"].get<std::string>().substr(0, 7));
  }
  EXPECT_GE(states["done"], 20) << report.body;
  EXPECT_GE(states["confirmed"], 5);
  EXPECT_GE(days.size(), 4u);
  // Confirmed orders are waiting at every step: not delivered, delivered but not invoiced.
  std::set<std::pair<std::string, std::string>> progress;
  for (const auto& o : orders) {
    if (o["state"] != "confirmed") continue;
    json full = Get(*admin_, Path("sales-orders", o["id"]));
    progress.emplace(full["delivery_status"], full["invoice_status"]);
  }
  EXPECT_TRUE(progress.count({"nothing", "nothing"})) << "confirmed, not delivered";
  EXPECT_TRUE(progress.count({"full", "nothing"})) << "delivered, not invoiced";

  EXPECT_GE(All("/api/v1/invoices?state=paid").size(), 15u);
  json unpaid = All("/api/v1/invoices?state=posted");
  EXPECT_GE(unpaid.size(), 3u);
  EXPECT_GE(All("/api/v1/payments").size(), 15u);
  auto ageing = admin_->Get("/api/v1/reports/ageing?kind=receivable");
  ASSERT_EQ(ageing.status, 200) << ageing.body;
  int64_t teahouse = PartyId("苏州静雅茶馆");
  bool owes = false;
  json parties = ageing.json()["parties"];
  for (const auto& row : parties) {
    if (row["party_id"] == teahouse) owes = Cents(row["total"]) > 0;
  }
  EXPECT_TRUE(owes) << ageing.body;

  json quotes = All("/api/v1/quotes");
  std::map<std::string, int> quote_states;
  bool awaiting = false;
  for (const auto& q : quotes) {
    ++quote_states[q["state"].get<std::string>()];
    if (q["state"] == "draft" && q["needs_approval"] == true && q["approved"] == false) {
      awaiting = true;
    }
  }
  EXPECT_TRUE(awaiting) << quotes.dump();
  EXPECT_EQ(quote_states["sent"], 1);
  EXPECT_EQ(quote_states["accepted"], 1);
}

TEST_F(SalesDemo, CustomerOverviewShowsOrdersAndRevenue) {
  int64_t acme = PartyId("上海阿克米贸易有限公司");
  json overview = Get(*admin_, "/api/v1/parties/" + std::to_string(acme) + "/overview");
  const json& sections = overview["sections"];
  ASSERT_TRUE(sections.contains("orders") && sections.contains("revenue")) << overview.dump();
  EXPECT_GE(sections["orders"]["items"].size(), 5u);
  EXPECT_GT(Cents(sections["revenue"]["revenue"]), 0);
  EXPECT_GT(Cents(sections["revenue"]["margin"]), 0);
  EXPECT_TRUE(sections["revenue"]["last_sale"].is_string());
}

TEST_F(SalesDemo, DemoUsersWorkWithinTheirRoles) {
  // Every permission the demo roles grant exists.
  std::set<std::string> catalog;
  json permissions = Get(*admin_, "/api/v1/permissions")["items"];
  for (const auto& p : permissions) {
    catalog.insert(p.is_string() ? p.get<std::string>() : p["name"].get<std::string>());
  }
  for (const auto& role : All("/api/v1/roles")) {
    json full = Get(*admin_, Path("roles", role["id"]));
    for (const auto& g : full["permissions"]) {
      EXPECT_TRUE(catalog.count(g["permission"].get<std::string>()))
          << role["name"] << ": " << g.dump();
    }
  }

  // Alice prices and quotes; she sees her own orders only and cannot approve discounts.
  auto alice = server_.LoginAs("alice", kDemoPassword);
  int64_t acme = PartyId("上海阿克米贸易有限公司");
  int64_t tea = ProductId("TEA-LJ250");
  auto price = alice->Post("/api/v1/pricing/quote",
                           {{"product_id", tea}, {"quantity", "25"}, {"party_id", acme}});
  ASSERT_EQ(price.status, 200) << price.body;
  EXPECT_EQ(price.json()["explanation"][1]["step"], "price_list") << price.body;
  EXPECT_LT(Cents(price.json()["unit_price"]), Cents(price.json()["list_price"])) << price.body;
  auto quote =
      alice->Post("/api/v1/quotes",
                  {{"party_id", acme}, {"lines", {{{"product_id", tea}, {"quantity", "25"}}}}});
  ASSERT_EQ(quote.status, 201) << quote.body;
  EXPECT_EQ(quote.json()["lines"][0]["unit_price"], price.json()["unit_price"]);
  EXPECT_TRUE(IsProblem(
      alice->Post("/api/v1/pricing/quote", {{"product_id", tea}, {"quantity", "-1"}}), 422, ""));
  int64_t alice_id = UserId(*admin_, "alice");
  int64_t mine = 0, others = 0;
  for (const auto& o : Items(alice->Get("/api/v1/sales-orders?limit=500"))) {
    (o["owner_user_id"] == alice_id ? mine : others)++;
  }
  EXPECT_GT(mine, 10);
  EXPECT_EQ(others, 0);
  json bobs_order;
  for (const auto& o : All("/api/v1/sales-orders")) {
    if (o["owner_user_id"] != alice_id) bobs_order = o;
  }
  ASSERT_FALSE(bobs_order.is_null());
  EXPECT_TRUE(IsProblem(alice->Get(Path("sales-orders", bobs_order["id"])), 404, "not_found"));
  json awaiting;
  for (const auto& q : All("/api/v1/quotes?state=draft")) {
    if (q["needs_approval"] == true) awaiting = q;
  }
  ASSERT_FALSE(awaiting.is_null());
  std::string qp = Path("quotes", awaiting["id"]);
  EXPECT_TRUE(IsProblem(alice->Post(qp + "/approve", json::object()), 403, "permission_denied"));
  EXPECT_TRUE(IsProblem(alice->Post(qp + "/send", json::object()), 409, "quote.approval_required"));

  // Bob, her manager, approves it; then she can send it.
  auto bob = server_.LoginAs("bob", kDemoPassword);
  ASSERT_EQ(bob->Post(qp + "/approve", json::object()).status, 200);
  EXPECT_EQ(alice->Post(qp + "/send", json::object()).status, 200);

  // Dave runs the warehouse: transfers and counts, but no invoices.
  auto dave = server_.LoginAs("dave", kDemoPassword);
  auto transfers = dave->Get("/api/v1/transfers?limit=10");
  ASSERT_EQ(transfers.status, 200) << transfers.body;
  EXPECT_FALSE(Items(transfers).empty());
  EXPECT_EQ(dave->Get("/api/v1/inventory-counts").status, 200);
  json invoice = All("/api/v1/invoices?state=posted").at(0);
  EXPECT_TRUE(IsProblem(dave->Post(Path("invoices", invoice["id"]) + "/post", json::object()), 403,
                        "permission_denied"));
  EXPECT_TRUE(IsProblem(dave->Get("/api/v1/invoices"), 403, "permission_denied"));
  EXPECT_TRUE(IsProblem(dave->Get("/api/v1/reports/sales"), 403, "permission_denied"));

  // Carol bills a delivered order and books its payment.
  auto carol = server_.LoginAs("carol", kDemoPassword);
  json unbilled;
  for (const auto& o : All("/api/v1/sales-orders?state=confirmed")) {
    json full = Get(*admin_, Path("sales-orders", o["id"]));
    if (full["delivery_status"] == "full" && full["invoice_status"] == "nothing") unbilled = full;
  }
  ASSERT_FALSE(unbilled.is_null());
  auto billed = carol->Post(Path("sales-orders", unbilled["id"]) + "/invoice", json::object());
  ASSERT_EQ(billed.status, 200) << billed.body;
  json inv = billed.json()["invoice"];
  auto paid = carol->Post(
      "/api/v1/payments",
      {{"party_id", unbilled["party_id"]},
       {"amount", inv["total"]},
       {"post", true},
       {"allocations", {{{"invoice_id", inv["invoice_id"]}, {"amount", inv["total"]}}}}});
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(Get(*carol, Path("invoices", inv["invoice_id"]))["state"], "paid");
}

TEST_F(SalesDemo, ServiceDeskKnowledgeBaseAndWaitingWorkflows) {
  EXPECT_NE(summary_.find("service tickets"), std::string::npos) << summary_;
  // Categories with processing times, routed to Customer Service (managed by bob).
  int64_t bob = UserId(*admin_, "bob");
  int64_t service_dept = 0;
  for (const auto& d : All("/api/v1/departments")) {
    if (d["name"] == "Customer Service") {
      service_dept = d["id"].get<int64_t>();
      EXPECT_EQ(d["manager_user_id"], bob);
    }
  }
  ASSERT_NE(service_dept, 0);
  json categories = Get(*admin_, "/api/v1/service/categories")["items"];
  ASSERT_GE(categories.size(), 4u);
  std::set<std::string> kinds;
  for (const auto& c : categories) {
    kinds.insert(c["kind"].get<std::string>());
    EXPECT_GT(c["max_processing_minutes"].get<int64_t>(), 0);
    EXPECT_EQ(c["department_id"], service_dept) << c.dump();
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"complaint", "question", "request"}));

  // Tickets in English and Chinese at every step.
  json tickets = All("/api/v1/tickets");
  ASSERT_GE(tickets.size(), 12u);
  std::set<std::string> statuses;
  int chinese = 0, english = 0, breached = 0, surveyed = 0, with_order = 0;
  json cracked;
  for (const auto& t : tickets) {
    statuses.insert(t["status"].get<std::string>());
    std::string subject = t["subject"];
    bool zh = std::any_of(subject.begin(), subject.end(), [](char ch) { return ch & 0x80; });
    (zh ? chinese : english)++;
    if (t["breached"] == true) {
      ++breached;
      // Overdue: the SLA job raised the priority, escalated to the department's manager.
      EXPECT_EQ(t["priority"], "urgent") << t.dump();
      EXPECT_EQ(t["owner_user_id"], bob) << t.dump();
      EXPECT_TRUE(t["resolution_escalated"] == true) << t.dump();
    }
    if (t["survey_score"].is_number()) ++surveyed;
    if (t["sales_order_id"].is_number()) ++with_order;
    if (subject == "收到的紫砂壶有裂纹") cracked = t;
  }
  EXPECT_EQ(statuses, (std::set<std::string>{"new", "assigned", "in_progress",
                                             "waiting_on_customer", "resolved", "closed"}));
  EXPECT_GE(chinese, 5);
  EXPECT_GE(english, 3);
  EXPECT_EQ(breached, 2);
  EXPECT_EQ(surveyed, 1);
  EXPECT_GE(with_order, 2);
  // The knowledge base answered the ticket when it was filed.
  ASSERT_FALSE(cracked.is_null());
  json full = Get(*admin_, Path("tickets", cracked["id"]));
  ASSERT_FALSE(full["suggestions"].empty()) << full.dump();
  EXPECT_EQ(full["suggestions"][0]["title"], "紫砂壶、瓷器收到时破损或有裂纹怎么办");

  // Published articles in both languages that answer the customers' questions.
  json articles = All("/api/v1/kb/articles?status=published");
  EXPECT_GE(articles.size(), 15u);
  std::set<std::string> languages;
  for (const auto& a : articles) languages.insert(a["language"].get<std::string>());
  EXPECT_EQ(languages, (std::set<std::string>{"en", "zh"}));
  auto answer = [&](const std::string& q) {
    auto r = admin_->Post("/api/v1/kb/answer", {{"question", q}});
    EXPECT_EQ(r.status, 200) << r.body;
    json items = Items(r);
    return items.empty() ? std::string() : items[0]["title"].get<std::string>();
  };
  EXPECT_EQ(answer("My automatic tea maker does not heat the water"),
            "The automatic tea maker does not heat");
  EXPECT_EQ(answer("Which documents do you provide for customs?"),
            "Customs documents for international shipments");
  EXPECT_EQ(answer("普洱茶饼受潮发霉了怎么办？"), "普洱茶受潮、发霉的处理");
  EXPECT_EQ(answer("发票抬头错了，可以重开吗"), "增值税专用发票的开具与重开");

  // Workflows wait in the inboxes: bob approves the discount and reviews the escalated
  // complaints, carol confirms the advance payment (not arrived yet: refused).
  auto inbox = [&](const std::string& login) {
    auto user = server_.LoginAs(login, kDemoPassword);
    auto r = user->Get("/api/v1/workflow/inbox");
    EXPECT_EQ(r.status, 200) << r.body;
    std::multiset<std::string> keys;
    for (const auto& t : Items(r))
      keys.insert(t["key"].get<std::string>() + "/" + t["step"].get<std::string>());
    return keys;
  };
  EXPECT_EQ(inbox("bob"), (std::multiset<std::string>{"complaint_escalation/review",
                                                      "complaint_escalation/review",
                                                      "discount_approval/manager"}));
  EXPECT_EQ(inbox("carol"), std::multiset<std::string>{"advance_payment/confirm_payment"});
  EXPECT_TRUE(inbox("dave").empty());
  EXPECT_TRUE(inbox("alice").empty());
  auto carol = server_.LoginAs("carol", kDemoPassword);
  json task = Items(carol->Get("/api/v1/workflow/inbox")).at(0);
  auto early = carol->Post(Path("workflow-tasks", task["id"]) + "/approve", json::object());
  EXPECT_TRUE(IsProblem(early, 409, "sales.advance_pending")) << early.body;

  // The SLA report names the department.
  auto report = admin_->Get("/api/v1/service/reports/sla");
  ASSERT_EQ(report.status, 200) << report.body;
  json by_department = report.json()["by_department"];
  ASSERT_EQ(by_department.size(), 1u) << report.body;
  EXPECT_EQ(by_department[0]["department_name"], "Customer Service");
  EXPECT_EQ(by_department[0]["breached"], 2);
  workflow_tests::CheckWorkflowInvariants(server_.app());
}

// Early in a year the four months of history reach into the previous year: the demo creates
// that fiscal year (a company only gets the year it was created in) and posts into it.
TEST(SalesDemoEarlyInTheYear, HistoryReachesIntoThePreviousFiscalYear) {
  TestServer server;
  server.clock().Set(Timestamp::FromUnixMicros(1833760800LL * 1000000));  // 2028-02-10
  auto admin = server.Admin();
  // The accounting demo posts into the current year: 2028 exists, 2027 does not.
  auto year = admin->Post("/api/v1/fiscal-years", {{"start_date", "2028-01-01"}});
  ASSERT_EQ(year.status, 201) << year.body;
  auto demo = server.app().LoadDemo();
  ASSERT_TRUE(demo.ok()) << demo.status().ToString();
  std::set<std::string> years;
  for (const auto& y : Items(admin->Get("/api/v1/fiscal-years"))) {
    years.insert(y["name"].get<std::string>());
  }
  EXPECT_TRUE(years.count("2027")) << admin->Get("/api/v1/fiscal-years").body;
  auto report = admin->Get("/api/v1/reports/sales?group_by=month&from=2027-09-01&to=2028-02-10");
  ASSERT_EQ(report.status, 200) << report.body;
  std::set<std::string> months;
  for (const auto& m : Items(report)) {
    if (Cents(m["revenue"]) > 0) months.insert(m["month"].get<std::string>());
  }
  EXPECT_TRUE(months.count("2027-10") && months.count("2028-01")) << report.body;
  CheckJournalInvariants(server.app());
}

// Without the demo: the pricing service's "cost" base is the inventory's current cost.
class PricingCost : public ::testing::Test {
 protected:
  void SetUp() override { admin_ = server_.Admin(); }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  int64_t Product(const std::string& sku, const std::string& costing) {
    auto r = admin_->Post("/api/v1/products", {{"sku", sku},
                                               {"name", "Product " + sku},
                                               {"kind", "stocked"},
                                               {"uom", "unit"},
                                               {"list_price", "100.00"},
                                               {"standard_cost", "10.00"},
                                               {"costing_method", costing}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  void Receive(int64_t product, const std::string& qty, const std::string& cost) {
    auto r = admin_->Post(
        "/api/v1/transfers",
        {{"kind", "receipt"},
         {"lines", {{{"product_id", product}, {"quantity", qty}, {"unit_cost", cost}}}}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto v = admin_->Post(Path("transfers", r.json()["id"]) + "/validate", json::object());
    ASSERT_EQ(v.status, 200) << v.body;
  }
  // The unit price of one unit under `list`.
  std::string Price(int64_t product, int64_t list) {
    auto r = admin_->Post("/api/v1/pricing/quote",
                          {{"product_id", product}, {"quantity", "1"}, {"price_list_id", list}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().value("unit_price", "");
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
};

TEST_F(PricingCost, CostPlusMarginRuleUsesTheInventoryCost) {
  int64_t fifo = Product("FIFO-1", "fifo");
  int64_t average = Product("AVG-1", "average");
  auto list = admin_->Post(
      "/api/v1/price-lists",
      {{"name", "Cost plus 25%"},
       {"currency", "CNY"},
       {"rules", {{{"method", "formula"}, {"base", "cost"}, {"margin_percent", "25"}}}}});
  ASSERT_EQ(list.status, 201) << list.body;
  int64_t id = list.json()["id"].get<int64_t>();
  // Nothing received yet: the standard cost.
  EXPECT_EQ(Price(fifo, id), "12.50");
  // FIFO: the last receipt's cost; average: the pool's.
  Receive(fifo, "10", "40.00");
  Receive(fifo, "5", "44.00");
  EXPECT_EQ(Price(fifo, id), "55.00");
  Receive(average, "10", "40.00");
  Receive(average, "10", "50.00");
  EXPECT_EQ(Price(average, id), "56.25");
  // Wrong types, unknown products and negative quantities are refused with field errors.
  auto bad = admin_->Post("/api/v1/pricing/quote",
                          {{"product_id", "FIFO-1"}, {"quantity", 1}, {"price_list_id", id}});
  EXPECT_TRUE(IsProblem(bad, 422, "validation.failed")) << bad.body;
  EXPECT_TRUE(FieldErrors(bad).count({"product_id", "type"}) ||
              FieldErrors(bad).count({"product_id", "integer"}))
      << bad.body;
  auto unknown = admin_->Post("/api/v1/pricing/quote",
                              {{"product_id", 987654}, {"quantity", "1"}, {"price_list_id", id}});
  EXPECT_TRUE(IsProblem(unknown, 422, "validation.failed")) << unknown.body;
  EXPECT_TRUE(FieldErrors(unknown).count({"product_id", "not_found"})) << unknown.body;
  auto negative = admin_->Post("/api/v1/pricing/quote",
                               {{"product_id", fifo}, {"quantity", "-2"}, {"price_list_id", id}});
  EXPECT_TRUE(IsProblem(negative, 422, "")) << negative.body;
  // The explanation names the rule's base.
  auto r = admin_->Post("/api/v1/pricing/quote",
                        {{"product_id", average}, {"quantity", "2"}, {"price_list_id", id}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["amount"], "112.50");
  EXPECT_NE(r.json()["explanation"][1]["detail"].get<std::string>().find("cost"),
            std::string::npos);
}

}  // namespace
}  // namespace concord::testing
