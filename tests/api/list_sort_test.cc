// Server-side sorting of the lists the web UI shows: every sort key of invoices, payments, sales
// orders, quotes, products, tickets, leads, campaigns, knowledge-base articles, transfers, users
// and parties, read page by page (limit=2) in both directions and compared with the order their
// own items give (ties broken by id); unknown sort values, injected SQL and foreign or broken
// cursors answered 422 with nothing changed; another company's rows never listed. The journal
// invariants run after every scenario.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>

#include "api_helpers.h"
#include "security/crypto.h"

namespace concord::testing {
namespace {

// The sort key of a list item, as text that orders like the server's key (numbers zero-padded).
using KeyFn = std::function<std::string(const json& item)>;
using Keys = std::vector<std::pair<std::string, KeyFn>>;

std::string Padded(int64_t n) {
  std::string s = std::to_string(n);
  return std::string(20 - s.size(), '0') + s;
}

KeyFn Text(const std::string& field) {
  return [field](const json& i) { return i[field].is_null() ? "" : i[field].get<std::string>(); };
}

KeyFn Lower(const std::string& field) {
  return [field](const json& i) {
    std::string s = i[field].get<std::string>();
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
}

// A non-negative decimal amount in minor units (every amount of one list has the same scale).
KeyFn Minor(const std::string& field) {
  return [field](const json& i) {
    std::string digits;
    for (char c : i[field].get<std::string>()) {
      if (c != '.') digits.push_back(c);
    }
    return Padded(std::stoll(digits));
  };
}

// The position of the field's value in `ranks`.
KeyFn Rank(const std::string& field, std::vector<std::string> ranks) {
  return [field, ranks](const json& i) {
    auto it = std::find(ranks.begin(), ranks.end(), i[field].get<std::string>());
    return Padded(it - ranks.begin());
  };
}

std::string With(const std::string& path, const std::string& query) {
  return path + (path.find('?') == std::string::npos ? "?" : "&") + query;
}

class ListSort : public ::testing::Test {
 protected:
  void SetUp() override { admin_ = server_.Admin(); }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  // The ids of every page of `path` sorted by `sort`, read two at a time.
  std::vector<int64_t> Walk(const std::string& path, const std::string& sort) {
    std::vector<int64_t> ids;
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
      std::string q =
          "limit=2&sort=" + Url(sort) + (cursor.empty() ? "" : "&cursor=" + Url(cursor));
      auto r = admin_->Get(With(path, q));
      EXPECT_EQ(r.status, 200) << path << " sort=" << sort << ": " << r.body;
      if (r.status != 200) break;
      json body = r.json();
      EXPECT_LE(body["items"].size(), 2u);
      for (const auto& item : body["items"]) {
        EXPECT_FALSE(item.contains("sort_key") || item.contains("sort_id")) << item.dump();
        ids.push_back(item["id"].get<int64_t>());
      }
      if (body["next_cursor"].is_null()) return ids;
      cursor = body["next_cursor"].get<std::string>();
    }
    ADD_FAILURE() << path << " sort=" << sort << " does not end";
    return ids;
  }

  // The ids of `items` ordered by (key, id), ascending or descending.
  static std::vector<int64_t> Expected(const json& items, const KeyFn& key, bool descending) {
    std::vector<std::pair<std::string, int64_t>> rows;
    for (const auto& i : items) rows.emplace_back(key(i), i["id"].get<int64_t>());
    std::sort(rows.begin(), rows.end());
    if (descending) std::reverse(rows.begin(), rows.end());
    std::vector<int64_t> ids;
    for (const auto& r : rows) ids.push_back(r.second);
    return ids;
  }

  // Every key of `path`, both ways, page by page, against the keys of its whole list.
  void CheckSorts(const std::string& path, const Keys& keys, size_t at_least = 5) {
    json all = Items(admin_->Get(With(path, "limit=500")));
    ASSERT_GE(all.size(), at_least) << path;
    for (const auto& [name, key] : keys) {
      EXPECT_EQ(Walk(path, name), Expected(all, key, false)) << path << " sort=" << name;
      EXPECT_EQ(Walk(path, "-" + name), Expected(all, key, true)) << path << " sort=-" << name;
    }
  }

  int64_t Create(const std::string& path, const json& body) {
    auto r = admin_->Post(path, body);
    EXPECT_EQ(r.status, 201) << path << ": " << r.body;
    return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
  }
  void Act(const std::string& path, const json& body = json::object()) {
    auto r = admin_->Post(path, body);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
  }
  int64_t Party(const std::string& name) {
    return Create("/api/v1/parties", {{"kind", "organization"},
                                      {"name", name},
                                      {"roles", {"customer"}},
                                      {"allow_duplicates", true}});
  }
  int64_t Product(const std::string& sku, const std::string& name, const std::string& kind) {
    return Create("/api/v1/products", {{"sku", sku},
                                       {"name", name},
                                       {"kind", kind},
                                       {"uom", "unit"},
                                       {"list_price", "10.00"},
                                       {"standard_cost", "4"},
                                       {"costing_method", "average"}});
  }
  // The last instalment's due date of an invoice.
  std::string DueDate(const json& invoice) {
    json full =
        admin_->Get("/api/v1/invoices/" + std::to_string(invoice["id"].get<int64_t>())).json();
    std::string last;
    for (const auto& i : full["instalments"])
      last = std::max(last, i["due_date"].get<std::string>());
    return last;
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
};

json InvoiceLine(const std::string& price) {
  return {{"description", "Work"}, {"quantity", "1"}, {"unit_price", price}, {"uom_code", "pcs"}};
}

TEST_F(ListSort, InvoicesAndPaymentsSortByEveryKey) {
  int64_t acme = Party("Acme"), zed = Party("Zed");
  int64_t net60 = Create("/api/v1/payment-terms",
                         {{"name", "Net 60"}, {"lines", {{{"percent", "balance"}, {"days", 60}}}}});
  auto invoice = [&](int64_t party, const char* date, const char* price, json extra) {
    json body = {{"party_id", party}, {"date", date}, {"lines", {InvoiceLine(price)}}};
    body.update(extra);
    return Create("/api/v1/invoices", body);
  };
  // Posted ones are numbered in posting order, drafts have no number; equal dates and totals.
  invoice(acme, "2026-10-05", "100", {{"post", true}, {"payment_term_id", net60}});
  invoice(zed, "2026-10-01", "250", json::object());
  invoice(zed, "2026-10-05", "100", {{"post", true}});
  invoice(acme, "2026-10-03", "75.5", {{"payment_term_id", net60}});
  int64_t cancelled = invoice(acme, "2026-10-02", "300", json::object());
  Act("/api/v1/invoices/" + std::to_string(cancelled) + "/cancel");
  int64_t paid = invoice(zed, "2026-10-04", "20", {{"post", true}});
  auto payment = [&](const char* date, const char* amount, json extra) {
    json body = {{"party_id", zed}, {"date", date}, {"amount", amount}};
    body.update(extra);
    return Create("/api/v1/payments", body);
  };
  payment("2026-10-06", "20.00",
          {{"post", true}, {"allocations", {{{"invoice_id", paid}, {"amount", "20.00"}}}}});
  payment("2026-10-03", "50.00", json::object());
  payment("2026-10-01", "80.00", json::object());
  payment("2026-10-03", "20.00", json::object());

  std::map<int64_t, std::string> due;
  for (const auto& i : Items(admin_->Get("/api/v1/invoices"))) {
    due[i["id"].get<int64_t>()] = DueDate(i);
  }
  EXPECT_EQ(due[paid], "2026-10-04");
  KeyFn due_date = [&due](const json& i) { return due[i["id"].get<int64_t>()]; };
  CheckSorts("/api/v1/invoices", {{"number", Text("number")},
                                  {"date", Text("date")},
                                  {"due_date", due_date},
                                  {"total", Minor("total")},
                                  {"state", Text("state")}});
  // Filters still apply to a sorted list.
  CheckSorts("/api/v1/invoices?party_id=" + std::to_string(zed), {{"total", Minor("total")}}, 3);
  CheckSorts("/api/v1/payments", {{"date", Text("date")}, {"amount", Minor("amount")}}, 4);
}

TEST_F(ListSort, SalesOrdersAndQuotesSortByEveryKey) {
  int64_t party = Party("Harbour Trading");
  int64_t svc = Product("SVC", "Consulting", "service");
  auto line = [&](const char* qty) {
    return json::array({{{"product_id", svc}, {"quantity", qty}}});
  };
  const std::vector<std::pair<const char*, const char*>> docs = {{"2026-10-04", "3"},
                                                                 {"2026-10-01", "7"},
                                                                 {"2026-10-04", "1"},
                                                                 {"2026-10-02", "3"},
                                                                 {"2026-10-03", "12"}};
  for (size_t i = 0; i < docs.size(); ++i) {
    json body = {{"party_id", party}, {"date", docs[i].first}, {"lines", line(docs[i].second)}};
    int64_t order = Create("/api/v1/sales-orders", body);
    int64_t quote = Create("/api/v1/quotes", body);
    if (i % 2 == 1) {
      Act("/api/v1/sales-orders/" + std::to_string(order) + "/cancel");
      Act("/api/v1/quotes/" + std::to_string(quote) + "/cancel");
    }
  }
  Keys keys = {{"number", Text("number")},
               {"date", Text("date")},
               {"total", Minor("total")},
               {"state", Text("state")}};
  CheckSorts("/api/v1/sales-orders", keys);
  CheckSorts("/api/v1/quotes", keys);
  CheckSorts("/api/v1/sales-orders?state=draft", {{"total", Minor("total")}}, 3);
}

TEST_F(ListSort, ProductsTransfersAndTicketsSortByEveryKey) {
  // Names differ in letter case: "name" ignores it, "sku" compares bytes.
  const std::vector<std::tuple<const char*, const char*, const char*>> products = {
      {"B-2", "banana", "2026-10-02"},
      {"a-1", "Cherry", "2026-10-01"},
      {"C-3", "apple", "2026-10-02"},
      {"A-9", "Banana", "2026-09-30"},
      {"b-0", "date", "2026-10-01"}};
  for (const auto& [sku, name, date] : products) {
    int64_t id = Product(sku, name, "stocked");
    int64_t receipt =
        Create("/api/v1/transfers", {{"kind", "receipt"},
                                     {"date", date},
                                     {"lines", {{{"product_id", id}, {"quantity", "1"}}}}});
    // A done transfer lists (and sorts by) the day it was done.
    if (id % 2 == 0) Act("/api/v1/transfers/" + std::to_string(receipt) + "/validate");
  }
  CheckSorts("/api/v1/products", {{"sku", Text("sku")}, {"name", Lower("name")}});
  KeyFn done_else_planned = [](const json& x) {
    return (x["done_date"].is_null() ? x["date"] : x["done_date"]).get<std::string>();
  };
  CheckSorts("/api/v1/transfers", {{"date", done_else_planned}, {"number", Text("number")}});

  int64_t party = Party("Ticket Customer");
  auto category = [&](const char* name, int minutes) {
    return Create("/api/v1/service/categories",
                  {{"name", name}, {"kind", "complaint"}, {"max_processing_minutes", minutes}});
  };
  int64_t slow = category("Slow", 2880), fast = category("Fast", 60);
  const std::vector<std::tuple<int64_t, const char*, int>> tickets = {{slow, "high", 0},
                                                                      {fast, "low", 5},
                                                                      {slow, "urgent", 0},
                                                                      {fast, "normal", 30},
                                                                      {slow, "low", 0}};
  for (const auto& [cat, priority, minutes_later] : tickets) {
    server_.clock().Advance(std::chrono::minutes(minutes_later));
    Create("/api/v1/tickets", {{"subject", "Broken"},
                               {"party_id", party},
                               {"channel", "phone"},
                               {"category_id", cat},
                               {"priority", priority}});
  }
  CheckSorts("/api/v1/tickets",
             {{"resolution_due_at", Text("resolution_due_at")},
              {"priority", Rank("priority", {"low", "normal", "high", "urgent"})},
              {"created_at", Text("created_at")},
              {"status", Text("status")}});
}

TEST_F(ListSort, LeadsCampaignsArticlesUsersAndPartiesSortByEveryKey) {
  const std::vector<const char*> names = {"delta", "Alpha", "charlie", "Bravo", "alpha"};
  for (size_t i = 0; i < names.size(); ++i) {
    server_.clock().Advance(std::chrono::minutes(i % 2 == 0 ? 0 : 3));
    Create("/api/v1/leads", {{"title", names[i]}, {"company_name", "Co"}});
    json campaign = {{"name", names[i]}, {"channel", "event"}};
    if (i != 2) campaign["starts_on"] = std::string("2026-12-0") + std::to_string(5 - i % 3);
    Create("/api/v1/campaigns", campaign);
    Create("/api/v1/kb/articles", {{"title", names[i]}, {"body", "Text."}});
    CreateUser(*admin_, std::string("user.") + names[i] + std::to_string(i), {});
    Party(names[i] + (" " + std::to_string(i)));  // ICU puts "alpha" before "Alpha": no ties
  }
  CheckSorts("/api/v1/leads", {{"title", Lower("title")}, {"created_at", Text("created_at")}});
  KeyFn starts = [](const json& c) {
    return c["starts_on"].is_null() ? "9999-12-31" : c["starts_on"].get<std::string>();
  };
  CheckSorts("/api/v1/campaigns", {{"name", Lower("name")}, {"starts_on", starts}});
  CheckSorts("/api/v1/kb/articles",
             {{"title", Lower("title")}, {"updated_at", Text("updated_at")}});
  CheckSorts("/api/v1/users", {{"login", Text("login")}, {"name", Lower("display_name")}});
  // Parties sort by name_sort (an ICU collation key): letter case aside, alphabetical.
  CheckSorts("/api/v1/parties", {{"name", Lower("name")}});
}

TEST_F(ListSort, BadSortValuesAndCursorsAre422AndChangeNothing) {
  for (const char* sku : {"P1", "P2", "P3"}) Product(sku, sku, "stocked");
  int64_t products = CountRows(server_.app(), "products");
  for (const char* sort : {"colour", "name;DROP TABLE products", "name DESC", "-", "--name"}) {
    auto r = admin_->Get("/api/v1/products?sort=" + Url(sort));
    EXPECT_TRUE(IsProblem(r, 422, "")) << sort;
    EXPECT_TRUE(FieldErrors(r).count({"sort", "enum"})) << r.body;
    EXPECT_NE(r.body.find("sku, -sku, name, -name"), std::string::npos) << r.body;
  }
  EXPECT_EQ(CountRows(server_.app(), "products"), products);

  auto cursor = [&](const std::string& query) {
    json next = admin_->Get("/api/v1/products?limit=1" + query).json()["next_cursor"];
    EXPECT_TRUE(next.is_string()) << query;
    return next.is_string() ? next.get<std::string>() : "";
  };
  std::string by_sku = cursor("&sort=sku"), by_id = cursor("");
  std::string tampered = security::Base64UrlEncode(R"(["sku",5,1])");  // a number for a text key
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"sort=name&cursor=" + Url(by_sku), "other_sort"},  // another key
      {"sort=-sku&cursor=" + Url(by_sku), "other_sort"},  // the other direction
      {"sort=sku&cursor=" + Url(by_id), "malformed"},     // an id cursor
      {"cursor=" + Url(by_sku), "malformed"},             // a sorted cursor without its sort
      {"sort=sku&cursor=" + Url(tampered), "malformed"},
      {"sort=sku&cursor=%27%20OR%201%3D1", "malformed"}};
  for (const auto& [query, code] : bad) {
    auto r = admin_->Get("/api/v1/products?" + query);
    EXPECT_TRUE(IsProblem(r, 422, "")) << query;
    EXPECT_TRUE(FieldErrors(r).count({"cursor", code})) << query << ": " << r.body;
  }
  // The default order keeps its id cursor.
  EXPECT_EQ(by_id, std::to_string(Ids(admin_->Get("/api/v1/products?limit=1"))[0]));
  EXPECT_EQ(Walk("/api/v1/products", "id"), Ids(admin_->Get("/api/v1/products")));
}

TEST_F(ListSort, OpenApiDocumentsTheSortValuesOfEveryList) {
  json paths = server_.Client()->Get("/api/v1/openapi.json").json()["paths"];
  const std::map<std::string, std::vector<std::string>> lists = {
      {"/api/v1/invoices", {"number", "date", "due_date", "total", "state"}},
      {"/api/v1/payments", {"date", "amount"}},
      {"/api/v1/sales-orders", {"number", "date", "total", "state"}},
      {"/api/v1/quotes", {"number", "date", "total", "state"}},
      {"/api/v1/products", {"sku", "name"}},
      {"/api/v1/transfers", {"date", "number"}},
      {"/api/v1/tickets", {"resolution_due_at", "priority", "created_at", "status"}},
      {"/api/v1/leads", {"title", "created_at"}},
      {"/api/v1/campaigns", {"name", "starts_on"}},
      {"/api/v1/kb/articles", {"title", "updated_at"}},
      {"/api/v1/users", {"login", "name"}},
      {"/api/v1/parties", {"name"}}};
  for (const auto& [path, keys] : lists) {
    std::vector<std::string> want = {"id"};
    for (const auto& k : keys) want.insert(want.end(), {k, "-" + k});
    json op = paths[path]["get"];
    json values;
    for (const auto& p : op["parameters"]) {
      if (p["name"] == "sort") values = p["schema"]["enum"];
    }
    EXPECT_EQ(values, json(want)) << path;
    EXPECT_TRUE(op["responses"].contains("422")) << path;
  }
}

TEST_F(ListSort, AnotherCompanysRowsNeverAppear) {
  auto created = admin_->Post("/api/v1/companies",
                              {{"name", "Second Co"}, {"currency", "USD"}, {"time_zone", "UTC"}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t first = admin_->Get("/api/v1/auth/me").json()["company"]["id"].get<int64_t>();
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  std::vector<int64_t> theirs = {Product("AAA", "aaa", "stocked"),
                                 Product("zzz", "ZZZ", "stocked")};
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", first}}).status, 200);
  std::vector<int64_t> ours = {Product("MMM", "mmm", "stocked"), Product("NNN", "nnn", "stocked")};
  for (const char* sort : {"sku", "-sku", "name", "-name", "id"}) {
    std::vector<int64_t> seen = Walk("/api/v1/products", sort);
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, ours) << sort;
  }
}

}  // namespace
}  // namespace concord::testing
