// Stock rules through the API: lots with expiry (first expiring first, expired lots left
// alone), serial numbers, inventory counts with loss and gain, stock that never goes negative
// (also when ten requests race for the last three units), reservations released by cancel,
// another company's rows, and bad input that writes nothing.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

#include "inventory_helpers.h"

namespace concord::testing {
namespace {

using InventoryStock = InventoryTest;

// The messages of the test failures `fn` reports (intercepted: they do not fail this test).
std::string Failures(const std::function<void()>& fn) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    fn();
  }
  std::string out;
  for (int i = 0; i < results.size(); ++i) {
    out += std::string(results.GetTestPartResult(i).message()) + "\n";
  }
  return out;
}

TEST_F(InventoryStock, LotsWithExpiryAreReservedFirstExpiringFirst) {
  int64_t p = Product("LOT-1", "fifo", "lot", true);
  json line = Line(p, "5");
  line["unit_cost"] = "2.00";
  json late = line, early = line, expired = line;
  late["lot_name"] = "L-LATE";
  late["expiry_date"] = "2027-03-31";
  early["lot_name"] = "L-EARLY";
  early["expiry_date"] = "2026-12-15";
  expired["lot_name"] = "L-OLD";
  expired["expiry_date"] = "2026-11-01";
  expired["quantity"] = "3";
  json r = Create("receipt", {late, early, expired});
  Validated(r["id"].get<int64_t>());
  auto lots = Items(admin_->Get("/api/v1/lots?product_id=" + std::to_string(p)));
  ASSERT_EQ(lots.size(), 3u);
  EXPECT_EQ(lots[0]["name"], "L-LATE");
  EXPECT_EQ(lots[0]["expiry_date"], "2027-03-31");
  EXPECT_EQ(lots[0]["on_hand"], "5.000000");
  // A new lot of a product with expiry needs its date; an untracked product takes no lot.
  json no_date = line;
  no_date["lot_name"] = "L-NEW";
  auto bad = admin_->Post("/api/v1/transfers", {{"kind", "receipt"}, {"lines", {no_date}}});
  EXPECT_TRUE(FieldErrors(bad).count({"lines/0/expiry_date", "required"})) << bad.body;
  // A receipt validated without a lot is refused.
  json plain = Create("receipt", {line});
  auto missing = Verb(plain["id"].get<int64_t>(), "validate",
                      {{"lines", {{{"move_id", plain["moves"][0]["id"]}, {"quantity", "5"}}}}});
  EXPECT_TRUE(FieldErrors(missing).count({"lines/0/lot_name", "inventory.lot_required"}))
      << missing.body;
  EXPECT_TRUE(
      IsProblem(Verb(plain["id"].get<int64_t>(), "validate"), 409, "inventory.lot_required"));
  // 7 out: the 5 expiring in December, then 2 of March; the expired lot stays.
  json d = Create("delivery", {Line(p, "7")});
  auto res = Verb(d["id"].get<int64_t>(), "reserve");
  ASSERT_EQ(res.status, 200) << res.body;
  json moves = res.json()["moves"];
  ASSERT_EQ(moves.size(), 2u);
  EXPECT_EQ(moves[0]["lot_name"], "L-EARLY");
  EXPECT_EQ(moves[0]["quantity"], "5.000000");
  EXPECT_EQ(moves[1]["lot_name"], "L-LATE");
  EXPECT_EQ(moves[1]["quantity"], "2.000000");
  Validated(d["id"].get<int64_t>());
  json too_many = Create("delivery", {Line(p, "4")});
  EXPECT_TRUE(IsProblem(Verb(too_many["id"].get<int64_t>(), "validate"), 409,
                        "stock.insufficient"));  // 3 left, but expired
  auto stock = Items(admin_->Get("/api/v1/stock?product_id=" + std::to_string(p)));
  ASSERT_EQ(stock.size(), 2u);
  EXPECT_EQ(stock[0]["lot_name"], "L-LATE");
  EXPECT_EQ(stock[0]["quantity"], "3.000000");
  EXPECT_EQ(stock[1]["lot_name"], "L-OLD");
}

TEST_F(InventoryStock, SerialNumbersMoveOneUnitEach) {
  int64_t p = Product("SER-1", "fifo", "serial");
  json lines = json::array();
  for (const char* sn : {"SN-1", "SN-2", "SN-3"}) {
    json l = Line(p, "1");
    l["lot_name"] = sn;
    l["unit_cost"] = "100.00";
    lines.push_back(l);
  }
  Validated(Create("receipt", lines)["id"].get<int64_t>());
  json two = Line(p, "2");
  two["lot_name"] = "SN-9";
  auto bad = admin_->Post("/api/v1/transfers", {{"kind", "receipt"}, {"lines", {two}}});
  EXPECT_TRUE(FieldErrors(bad).count({"lines/0/quantity", "inventory.serial_quantity"}));
  // The same serial number cannot be in stock twice.
  json again = Line(p, "1");
  again["lot_name"] = "SN-2";
  json dup = Create("receipt", {again});
  EXPECT_TRUE(
      IsProblem(Verb(dup["id"].get<int64_t>(), "validate"), 409, "inventory.serial_in_stock"));
  // Serials given at validation, one per unit.
  json r = Create("receipt", {Line(p, "2")});
  int64_t m = r["moves"][0]["id"].get<int64_t>();
  json v = Validated(r["id"].get<int64_t>(),
                     {{"lines",
                       {{{"move_id", m}, {"quantity", "1"}, {"lot_name", "SN-4"}},
                        {{"move_id", m}, {"quantity", "1"}, {"lot_name", "SN-5"}}}}});
  ASSERT_EQ(v["moves"].size(), 2u);
  EXPECT_EQ(OnHand(p), "5.000000");
  // A delivery of 2 takes two serial numbers, one move each.
  json d = Deliver(p, "2");
  ASSERT_EQ(d["moves"].size(), 2u);
  EXPECT_EQ(d["moves"][0]["quantity"], "1.000000");
  EXPECT_NE(d["moves"][0]["lot_name"], d["moves"][1]["lot_name"]);
  EXPECT_EQ(d["moves"][0]["value"], "100.00");
}

TEST_F(InventoryStock, CountsPostLossesAndGains) {
  int64_t p = Product("CNT-1", "fifo");
  Receive(p, "10", "5.00");
  auto c =
      admin_->Post("/api/v1/inventory-counts",
                   {{"location_id", stock_}, {"lines", {{{"product_id", p}, {"counted", "7"}}}}});
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.json()["state"], "draft");
  std::string path = "/api/v1/inventory-counts/" + c.json()["id"].dump();
  auto v = admin_->Post(path + "/validate", json::object());
  ASSERT_EQ(v.status, 200) << v.body;
  json line = v.json()["lines"][0];
  EXPECT_EQ(line["expected"], "10.000000");
  EXPECT_EQ(line["difference"], "-3.000000");
  auto moves = Items(admin_->Get("/api/v1/stock-moves?count_id=" + c.json()["id"].dump()));
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0]["dest_location_id"], loss_);
  EXPECT_EQ(Posting(moves[0]), "Dr expense 15.00 / Cr inventory 15.00");
  EXPECT_TRUE(
      IsProblem(admin_->Post(path + "/validate", json::object()), 409, "inventory.count_closed"));
  // A gain enters at the current cost (FIFO: the last receipt's 5.00).
  auto g =
      admin_->Post("/api/v1/inventory-counts",
                   {{"location_id", stock_}, {"lines", {{{"product_id", p}, {"counted", "9"}}}}});
  ASSERT_EQ(g.status, 201) << g.body;
  auto stale = admin_->Patch("/api/v1/inventory-counts/" + g.json()["id"].dump(),
                             {{"note", "recount"}}, IfMatch("\"7\""));
  EXPECT_TRUE(IsProblem(stale, 412, "version.stale"));
  auto gv = admin_->Post("/api/v1/inventory-counts/" + g.json()["id"].dump() + "/validate",
                         json::object());
  ASSERT_EQ(gv.status, 200) << gv.body;
  EXPECT_EQ(gv.json()["lines"][0]["difference"], "2.000000");
  moves = Items(admin_->Get("/api/v1/stock-moves?count_id=" + g.json()["id"].dump()));
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(Posting(moves[0]), "Dr inventory 10.00 / Cr expense 10.00");
  EXPECT_EQ(OnHand(p), "9.000000");
  EXPECT_EQ(Balance(expense_), "5.00");
  // Reserved stock cannot be counted away.
  json d = Create("delivery", {Line(p, "8")});
  ASSERT_EQ(Verb(d["id"].get<int64_t>(), "reserve").status, 200);
  auto low =
      admin_->Post("/api/v1/inventory-counts",
                   {{"location_id", stock_}, {"lines", {{{"product_id", p}, {"counted", "1"}}}}});
  ASSERT_EQ(low.status, 201) << low.body;
  EXPECT_TRUE(
      IsProblem(admin_->Post("/api/v1/inventory-counts/" + low.json()["id"].dump() + "/validate",
                             json::object()),
                409, "inventory.count_below_reserved"));
}

TEST_F(InventoryStock, StockNeverGoesNegativeAndCancelReleasesReservations) {
  int64_t p = Product("NEG-1", "average");
  Receive(p, "2", "3.00");
  json d = Create("delivery", {Line(p, "3")});
  int64_t id = d["id"].get<int64_t>();
  EXPECT_TRUE(IsProblem(Verb(id, "validate"), 409, "stock.insufficient"));
  auto strict = Verb(id, "reserve", {{"allow_partial", false}});
  EXPECT_TRUE(IsProblem(strict, 409, "stock.insufficient"));
  ASSERT_EQ(strict.json()["shortfalls"].size(), 1u) << strict.body;
  EXPECT_EQ(strict.json()["shortfalls"][0]["available"], "2.000000");
  EXPECT_EQ(Reserved(p), "0.000000");
  auto partial = Verb(id, "reserve");
  ASSERT_EQ(partial.status, 200) << partial.body;
  EXPECT_EQ(partial.json()["state"], "waiting");
  EXPECT_EQ(partial.json()["moves"].size(), 2u);  // 2 reserved, 1 waiting
  EXPECT_EQ(Reserved(p), "2.000000");
  // An internal move to a shelf cannot take reserved stock either.
  auto shelf = admin_->Post("/api/v1/stock-locations", {{"name", "Shelf"}, {"parent_id", stock_}});
  ASSERT_EQ(shelf.status, 201) << shelf.body;
  json in = Create("internal", {Line(p, "1")},
                   {{"source_location_id", stock_}, {"dest_location_id", shelf.json()["id"]}});
  EXPECT_TRUE(IsProblem(Verb(in["id"].get<int64_t>(), "validate"), 409, "stock.insufficient"));
  auto cancel = Verb(id, "cancel");
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(cancel.json()["state"], "cancelled");
  EXPECT_EQ(Reserved(p), "0.000000");
  EXPECT_TRUE(IsProblem(Verb(id, "cancel"), 409, "inventory.transfer_closed"));
  // Now the shelf move goes through, and the stock under WH/Stock still counts as the warehouse's.
  Validated(in["id"].get<int64_t>());
  EXPECT_EQ(OnHand(p), "2.000000");
  EXPECT_EQ(Items(admin_->Get("/api/v1/stock?location_id=" + shelf.json()["id"].dump())).size(),
            1u);
  EXPECT_EQ(Deliver(p, "2")["moves"].size(), 2u);  // one from each location
  EXPECT_EQ(OnHand(p), "0.000000");
}

TEST_F(InventoryStock, TenRequestsRaceForTheLastThreeUnits) {
  constexpr int kRacers = 10;
  int64_t p = Product("RACE-1", "fifo");
  Receive(p, "3", "1.00");
  auto race = [&](const std::string& verb, json body) {
    std::vector<int64_t> ids;
    for (int i = 0; i < kRacers; ++i) {
      ids.push_back(Create("delivery", {Line(p, "1")})["id"].get<int64_t>());
    }
    std::vector<std::unique_ptr<HttpClient>> clients;
    for (int i = 0; i < kRacers; ++i) clients.push_back(server_.Admin());
    std::vector<HttpResult> results(kRacers);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kRacers; ++i) {
      threads.emplace_back([&, i] {
        ready.fetch_add(1);
        while (ready.load() < kRacers) std::this_thread::yield();
        results[i] =
            clients[i]->Post("/api/v1/transfers/" + std::to_string(ids[i]) + "/" + verb, body);
      });
    }
    for (auto& t : threads) t.join();
    int ok = 0;
    for (const auto& r : results) {
      if (r.status == 200) {
        ++ok;
      } else {
        EXPECT_TRUE(IsProblem(r, 409, "stock.insufficient"));
      }
    }
    return ok;
  };
  EXPECT_EQ(race("validate", json::object()), 3);
  EXPECT_EQ(OnHand(p), "0.000000");
  Receive(p, "3", "1.00");
  EXPECT_EQ(race("reserve", {{"allow_partial", false}}), 3);
  EXPECT_EQ(Reserved(p), "3.000000");
  EXPECT_EQ(OnHand(p), "3.000000");
  EXPECT_EQ(Items(admin_->Get("/api/v1/transfers?kind=delivery&state=ready")).size(), 3u);
}

TEST_F(InventoryStock, AnotherCompanysRowsAreNotFound) {
  int64_t p = Product("ISO-1", "fifo");
  json r = Receive(p, "2", "1.00");
  std::string transfer = "/api/v1/transfers/" + r["id"].dump();
  auto created =
      admin_->Post("/api/v1/companies",
                   {{"name", "Second Co"}, {"currency", "USD"}, {"time_zone", "America/New_York"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  EXPECT_TRUE(IsProblem(admin_->Get(transfer), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post(transfer + "/validate", json::object()), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post(transfer + "/cancel", json::object()), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/stock-locations/" + std::to_string(stock_)), 404,
                        "not_found"));
  EXPECT_TRUE(
      IsProblem(admin_->Get("/api/v1/warehouses/" + std::to_string(wh_)), 404, "not_found"));
  EXPECT_TRUE(
      IsProblem(admin_->Get("/api/v1/stock?product_id=" + std::to_string(p)), 404, "not_found"));
  EXPECT_TRUE(Items(admin_->Get("/api/v1/transfers")).empty());
  auto line = admin_->Post("/api/v1/transfers", {{"kind", "delivery"}, {"lines", {Line(p, "1")}}});
  EXPECT_TRUE(FieldErrors(line).count({"lines/0/product_id", "not_found"})) << line.body;
  auto loc =
      admin_->Post("/api/v1/inventory-counts",
                   {{"location_id", stock_}, {"lines", {{{"product_id", p}, {"counted", "0"}}}}});
  EXPECT_TRUE(FieldErrors(loc).count({"location_id", "not_found"})) << loc.body;
  // The second company has a warehouse of its own.
  auto whs = Items(admin_->Get("/api/v1/warehouses"));
  ASSERT_EQ(whs.size(), 1u);
  EXPECT_NE(whs[0]["id"], wh_);
}

TEST_F(InventoryStock, BadInputIsAProblemAndWritesNothing) {
  int64_t p = Product("BAD-1", "fifo", "lot");
  int64_t transfers = CountRows("stock_transfers"), lots = CountRows("stock_lots");
  auto r =
      admin_->Post("/api/v1/transfers", {{"kind", "teleport"},
                                         {"lines",
                                          {{{"product_id", p}, {"quantity", "-1"}},
                                           {{"product_id", "x"}, {"quantity", "1.1234567"}}}}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(r).count({"kind", "enum"})) << r.body;
  json good_lot = Line(p, "1");
  good_lot["lot_name"] = "NEW-LOT";
  r = admin_->Post("/api/v1/transfers",
                   {{"kind", "receipt"},
                    {"lines",
                     {good_lot,
                      {{"product_id", p}, {"quantity", "1.1234567"}},
                      {{"product_id", p}, {"quantity", "99999999999"}},
                      {{"product_id", 999999}, {"quantity", "1"}},
                      {{"product_id", p}, {"quantity", "1"}, {"colour", "red"}}}}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  auto errors = FieldErrors(r);
  EXPECT_TRUE(errors.count({"lines/1/quantity", "decimal.too_many_decimals"})) << r.body;
  EXPECT_TRUE(errors.count({"lines/2/quantity", "too_large"})) << r.body;
  EXPECT_TRUE(errors.count({"lines/3/product_id", "not_found"})) << r.body;
  EXPECT_EQ(CountRows("stock_transfers"), transfers);
  EXPECT_EQ(CountRows("stock_lots"), lots);  // the good line's lot went with the request
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/transfers", {{"kind", "receipt"}, {"lines", "x"}}),
                        422, "validation.failed"));
  EXPECT_TRUE(IsProblem(admin_->Send("POST", "/api/v1/transfers", "{not json",
                                     {{"Content-Type", "application/json"}}),
                        400, "body.malformed_json"));
  // Over-validation and a stale version change nothing.
  json t = Create("receipt", {good_lot});
  int64_t id = t["id"].get<int64_t>();
  auto over =
      Verb(id, "validate", {{"lines", {{{"move_id", t["moves"][0]["id"]}, {"quantity", "2"}}}}});
  EXPECT_TRUE(FieldErrors(over).count({"lines/0/quantity", "inventory.over_quantity"}))
      << over.body;
  auto stale = admin_->Post("/api/v1/transfers/" + std::to_string(id) + "/validate", json::object(),
                            IfMatch("\"9\""));
  EXPECT_TRUE(IsProblem(stale, 412, "version.stale"));
  EXPECT_EQ(Transfer(id)["state"], "draft");
  EXPECT_EQ(OnHand(p), "0.000000");
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/transfers/abc"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/stock/availability"), 422, ""));
}

TEST_F(InventoryStock, InvariantChecksNoticeDrift) {
  int64_t p = Product("DRIFT-1", "fifo");
  Receive(p, "2", "1.00");
  // Value posted to the inventory account past the layers.
  int64_t journal = 0;
  for (const auto& j : Items(admin_->Get("/api/v1/journals"))) {
    if (j["kind"] == "general") journal = j["id"].get<int64_t>();
  }
  auto entry =
      admin_->Post("/api/v1/journal-entries", {{"journal_id", journal},
                                               {"date", "2026-11-18"},
                                               {"post", true},
                                               {"lines",
                                                {{{"account_id", inventory_}, {"debit", "1.00"}},
                                                 {{"account_id", expense_}, {"credit", "1.00"}}}}});
  ASSERT_EQ(entry.status, 201) << entry.body;
  auto check = [this] { CheckInventoryInvariants(server_.app()); };
  EXPECT_NE(Failures(check).find("differs from the inventory account"), std::string::npos);
  auto rev = admin_->Post("/api/v1/journal-entries/" + entry.json()["id"].dump() + "/reverse",
                          json::object());
  ASSERT_EQ(rev.status, 201) << rev.body;
  // A quant that no longer matches its moves.
  auto tamper = [&](int64_t delta) {
    Status st = server_.app().db().Write([&](store::Tx& tx) -> Status {
      return tx
          .Exec("UPDATE stock_quants SET quantity = quantity + ? WHERE product_id = ?", delta, p)
          .status();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  };
  tamper(1000000);
  std::string found = Failures(check);
  EXPECT_NE(found.find("quants without their done moves"), std::string::npos) << found;
  EXPECT_NE(found.find("valuation layers differ from their stock"), std::string::npos) << found;
  tamper(-1000000);
  EXPECT_EQ(Failures(check), "");
}

}  // namespace
}  // namespace concord::testing
