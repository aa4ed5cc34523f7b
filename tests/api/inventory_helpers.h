// The fixture shared by the inventory scenario tests: products through the catalog API,
// receipts and deliveries through the transfer API, lookups of locations, accounts, stock,
// valuation and the journal entry a move posted. TearDown runs every invariant check
// (journal, ledger, inventory).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "api_helpers.h"

namespace concord::testing {

class InventoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = server_.Admin();
    auto whs = Items(admin_->Get("/api/v1/warehouses"));
    ASSERT_EQ(whs.size(), 1u);
    ASSERT_EQ(whs[0]["code"], "WH");
    wh_ = whs[0]["id"].get<int64_t>();
    stock_ = whs[0]["stock_location_id"].get<int64_t>();
    customer_ = LocationOfKind("customer");
    supplier_ = LocationOfKind("supplier");
    loss_ = LocationOfKind("inventory_loss");
    inventory_ = Account("inventory");
    grni_ = Account("goods_received_not_invoiced");
    cogs_ = Account("cogs");
    expense_ = Account("expense");
  }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  int64_t LocationOfKind(const std::string& kind) {
    auto items = Items(admin_->Get("/api/v1/stock-locations?kind=" + kind));
    EXPECT_EQ(items.size(), 1u) << kind;
    return items.empty() ? 0 : items[0]["id"].get<int64_t>();
  }
  int64_t Account(const std::string& role) {
    auto items = Items(admin_->Get("/api/v1/accounts?postable=true&role=" + role));
    EXPECT_FALSE(items.empty()) << role;
    return items.empty() ? 0 : items[0]["id"].get<int64_t>();
  }
  int64_t Product(const std::string& sku, const std::string& costing,
                  const std::string& tracking = "none", bool expiry = false,
                  const std::string& kind = "stocked", const std::string& standard = "8.00") {
    json body = {{"sku", sku},    {"name", "Product " + sku}, {"kind", kind},
                 {"uom", "unit"}, {"list_price", "20.00"},    {"standard_cost", standard}};
    if (kind != "service") {
      body["costing_method"] = costing;
      body["tracking"] = tracking;
      body["use_expiry"] = expiry;
    }
    auto r = admin_->Post("/api/v1/products", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
  }
  static json Line(int64_t product, const std::string& qty) {
    return {{"product_id", product}, {"quantity", qty}};
  }
  // A draft transfer; fails the test unless 201.
  json Create(const std::string& kind, json lines, json extra = json::object()) {
    extra["kind"] = kind;
    extra["lines"] = std::move(lines);
    auto r = admin_->Post("/api/v1/transfers", extra);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  HttpResult Verb(int64_t transfer, const std::string& verb, json body = json::object()) {
    return admin_->Post("/api/v1/transfers/" + std::to_string(transfer) + "/" + verb, body);
  }
  json Validated(int64_t transfer, json body = json::object()) {
    auto r = Verb(transfer, "validate", std::move(body));
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().value("state", ""), "done") << r.body;
    return r.json();
  }
  // A validated receipt of one line.
  json Receive(int64_t product, const std::string& qty, const std::string& cost,
               json line_extra = json::object()) {
    json line = Line(product, qty);
    line["unit_cost"] = cost;
    for (auto& [k, v] : line_extra.items()) line[k] = v;
    json t = Create("receipt", {line});
    return Validated(t["id"].get<int64_t>());
  }
  // A validated delivery of one line.
  json Deliver(int64_t product, const std::string& qty) {
    json t = Create("delivery", {Line(product, qty)});
    return Validated(t["id"].get<int64_t>());
  }
  json Transfer(int64_t id) {
    auto r = admin_->Get("/api/v1/transfers/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // {"quantity", "reserved"} of a product in the warehouse (availability endpoint).
  json Availability(int64_t product) {
    auto r = admin_->Get("/api/v1/stock/availability?product_id=" + std::to_string(product));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  std::string OnHand(int64_t product) { return Availability(product).value("on_hand", "?"); }
  std::string Reserved(int64_t product) { return Availability(product).value("reserved", "?"); }
  json Valuation(int64_t product) {
    auto items =
        Items(admin_->Get("/api/v1/stock-valuation?product_id=" + std::to_string(product)));
    return items.empty() ? json{{"quantity", "0.000000"}, {"value", "0.00"}} : items[0];
  }
  // The posted entry of a move as {debit account, credit account, amount}; "" if none.
  std::string Posting(const json& move) {
    if (move["entry_id"].is_null()) return "";
    auto r =
        admin_->Get("/api/v1/journal-entries/" + std::to_string(move["entry_id"].get<int64_t>()));
    EXPECT_EQ(r.status, 200) << r.body;
    json e = r.json();
    EXPECT_EQ(e["lines"].size(), 2u) << r.body;
    std::string out;
    for (const auto& l : e["lines"]) {
      std::string side = l["debit"] != "0.00" ? "Dr " : "Cr ";
      std::string amount =
          l["debit"] != "0.00" ? l["debit"].get<std::string>() : l["credit"].get<std::string>();
      out +=
          side + Role(l["account_id"].get<int64_t>()) + " " + amount + (out.empty() ? " / " : "");
    }
    return out;
  }
  std::string Role(int64_t account) {
    if (account == inventory_) return "inventory";
    if (account == grni_) return "grni";
    if (account == cogs_) return "cogs";
    if (account == expense_) return "expense";
    return std::to_string(account);
  }
  // Closing balance (debit positive) of an account in the trial balance of the year.
  std::string Balance(int64_t account) {
    auto r = admin_->Get("/api/v1/reports/trial-balance?to=2026-12-31");
    EXPECT_EQ(r.status, 200) << r.body;
    json tb = r.json();
    for (const auto& a : tb["accounts"]) {
      if (a["id"] == account) return a["closing"].get<std::string>();
    }
    return "0.00";
  }
  int64_t CountRows(const std::string& table) { return testing::CountRows(server_.app(), table); }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  int64_t wh_ = 0, stock_ = 0, customer_ = 0, supplier_ = 0, loss_ = 0;
  int64_t inventory_ = 0, grni_ = 0, cogs_ = 0, expense_ = 0;
};

}  // namespace concord::testing
