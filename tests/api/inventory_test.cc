// Inventory with perpetual valuation through the API: receipts at two costs, deliveries and
// customer returns for a FIFO and an average product with the exact values and postings,
// rounding residues that stay in the layers, partial deliveries with and without a back
// order, consumables that move unvalued, and the Stock interface the sales area calls.
// Every scenario ends with the journal, ledger and inventory invariants.
#include <gtest/gtest.h>

#include "inventory/stock.h"
#include "inventory_helpers.h"

namespace concord::testing {
namespace {

using Inventory = InventoryTest;

TEST_F(Inventory, CompanyStartsWithWarehouseAndVirtualLocations) {
  auto wh = admin_->Get("/api/v1/warehouses/" + std::to_string(wh_));
  ASSERT_EQ(wh.status, 200) << wh.body;
  EXPECT_EQ(wh.json()["name"], "Main warehouse");
  auto stock = admin_->Get("/api/v1/stock-locations/" + std::to_string(stock_)).json();
  EXPECT_EQ(stock["name"], "WH/Stock");
  EXPECT_EQ(stock["kind"], "internal");
  EXPECT_EQ(stock["parent_id"], wh.json()["view_location_id"]);
  EXPECT_NE(loss_, 0);
  EXPECT_NE(LocationOfKind("transit"), 0);
  // A second warehouse and a shelf under its stock location.
  auto second = admin_->Post("/api/v1/warehouses", {{"code", "W2"}, {"name", "Second"}});
  ASSERT_EQ(second.status, 201) << second.body;
  auto shelf =
      admin_->Post("/api/v1/stock-locations",
                   {{"name", "Shelf A"}, {"parent_id", second.json()["stock_location_id"]}});
  ASSERT_EQ(shelf.status, 201) << shelf.body;
  EXPECT_EQ(shelf.json()["name"], "W2/Stock/Shelf A");
  EXPECT_EQ(shelf.json()["warehouse_id"], second.json()["id"]);
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/warehouses", {{"code", "W2"}, {"name", "Dup"}}), 422,
                        "validation.failed"));
}

TEST_F(Inventory, FifoReceiptsDeliveriesAndReturnAtOriginalCost) {
  int64_t p = Product("FIFO-1", "fifo");
  json r1 = Receive(p, "10", "8.00");
  json r2 = Receive(p, "10", "10.00");
  EXPECT_EQ(r1["number"], "WH/IN/000001");
  EXPECT_EQ(r1["moves"][0]["value"], "80.00");
  EXPECT_EQ(Posting(r1["moves"][0]), "Dr inventory 80.00 / Cr grni 80.00");
  EXPECT_EQ(Posting(r2["moves"][0]), "Dr inventory 100.00 / Cr grni 100.00");
  EXPECT_EQ(Valuation(p)["value"], "180.00");

  // 12 out: all 10 of the first layer (80.00) and 2 of the second (20.00).
  json d1 = Deliver(p, "12");
  EXPECT_EQ(d1["number"], "WH/OUT/000001");
  ASSERT_EQ(d1["moves"].size(), 1u);
  json out = d1["moves"][0];
  EXPECT_EQ(out["value"], "100.00");
  EXPECT_EQ(out["unit_cost"], "8.333333");
  EXPECT_EQ(Posting(out), "Dr cogs 100.00 / Cr inventory 100.00");
  EXPECT_EQ(OnHand(p), "8.000000");
  EXPECT_EQ(Valuation(p)["value"], "80.00");

  // 2 come back at the delivery's cost: 100.00 × 2 / 12 = 16.67.
  auto ret = admin_->Post("/api/v1/transfers/" + d1["id"].dump() + "/return",
                          {{"lines", {{{"move_id", out["id"]}, {"quantity", "2"}}}}});
  ASSERT_EQ(ret.status, 201) << ret.body;
  EXPECT_EQ(ret.json()["kind"], "return");
  EXPECT_EQ(ret.json()["return_of_id"], d1["id"]);
  json back = Validated(ret.json()["id"].get<int64_t>());
  EXPECT_EQ(back["moves"][0]["value"], "16.67");
  EXPECT_EQ(back["moves"][0]["return_of_move_id"], out["id"]);
  EXPECT_EQ(Posting(back["moves"][0]), "Dr inventory 16.67 / Cr cogs 16.67");
  EXPECT_EQ(Valuation(p)["value"], "96.67");

  // The next 10 out: 8 left of the 10.00 layer, then the 2 returned at 8.335 (16.67).
  json d2 = Deliver(p, "10");
  EXPECT_EQ(d2["moves"][0]["value"], "96.67");
  EXPECT_EQ(OnHand(p), "0.000000");
  EXPECT_EQ(Valuation(p)["value"], "0.00");

  // The rest of the first delivery comes back: exactly what is left of its value.
  auto ret2 = admin_->Post("/api/v1/transfers/" + d1["id"].dump() + "/return",
                           {{"lines", {{{"move_id", out["id"]}, {"quantity", "10"}}}}});
  ASSERT_EQ(ret2.status, 201) << ret2.body;
  json back2 = Validated(ret2.json()["id"].get<int64_t>());
  EXPECT_EQ(back2["moves"][0]["value"], "83.33");
  // Nothing more can come back.
  auto more = admin_->Post("/api/v1/transfers/" + d1["id"].dump() + "/return",
                           {{"lines", {{{"move_id", out["id"]}, {"quantity", "1"}}}}});
  EXPECT_TRUE(IsProblem(more, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(more).count({"lines/0/quantity", "inventory.return_exceeds"}))
      << more.body;
  EXPECT_EQ(Balance(inventory_), "83.33");
  EXPECT_EQ(Balance(grni_), "-180.00");
  EXPECT_EQ(Balance(cogs_), "96.67");  // 100.00 + 96.67 - 16.67 - 83.33
}

TEST_F(Inventory, AverageCostMovesWithReceiptsAndReturns) {
  int64_t p = Product("AVG-1", "average");
  Receive(p, "10", "8.00");
  Receive(p, "10", "10.00");
  EXPECT_EQ(Valuation(p)["unit_cost"], "9.000000");
  json d1 = Deliver(p, "5");
  EXPECT_EQ(d1["moves"][0]["value"], "45.00");
  EXPECT_EQ(Posting(d1["moves"][0]), "Dr cogs 45.00 / Cr inventory 45.00");
  Receive(p, "5", "12.00");  // 15 × 9.00 + 60.00 = 195.00 for 20: 9.75
  EXPECT_EQ(Valuation(p)["value"], "195.00");
  EXPECT_EQ(Valuation(p)["current_cost"], "9.750000");
  json d2 = Deliver(p, "3");
  EXPECT_EQ(d2["moves"][0]["value"], "29.25");
  // One of the first delivery comes back at 9.00, not at today's 9.75.
  auto ret = admin_->Post("/api/v1/transfers/" + d1["id"].dump() + "/return",
                          {{"lines", {{{"move_id", d1["moves"][0]["id"]}, {"quantity", "1"}}}}});
  ASSERT_EQ(ret.status, 201) << ret.body;
  json back = Validated(ret.json()["id"].get<int64_t>());
  EXPECT_EQ(back["moves"][0]["value"], "9.00");
  EXPECT_EQ(Posting(back["moves"][0]), "Dr inventory 9.00 / Cr cogs 9.00");
  json v = Valuation(p);
  EXPECT_EQ(v["quantity"], "18.000000");
  EXPECT_EQ(v["value"], "174.75");  // 195.00 - 29.25 + 9.00
  // Everything out: exactly the pool's value.
  json d3 = Deliver(p, "18");
  EXPECT_EQ(d3["moves"][0]["value"], "174.75");
  EXPECT_EQ(Valuation(p)["value"], "0.00");
  EXPECT_EQ(Balance(inventory_), "0.00");
  EXPECT_EQ(Balance(cogs_), "240.00");  // 45.00 + 29.25 - 9.00 + 174.75
}

TEST_F(Inventory, RoundingResidueStaysInTheLayers) {
  // 3 units worth 10.00 (3.333333 each, rounded once to 10.00) leave one by one.
  int64_t p = Product("AVG-3", "average");
  json r = Receive(p, "3", "3.333333");
  EXPECT_EQ(r["moves"][0]["value"], "10.00");
  std::vector<std::string> values;
  for (int i = 0; i < 3; ++i) values.push_back(Deliver(p, "1")["moves"][0]["value"]);
  EXPECT_EQ(values, (std::vector<std::string>{"3.33", "3.34", "3.33"}));
  EXPECT_EQ(Balance(inventory_), "0.00");
  // FIFO: each partial take is its share of what the layer still holds; the last unit takes
  // whatever is left.
  int64_t f = Product("FIFO-3", "fifo");
  Receive(f, "3", "3.333333");
  values.clear();
  for (int i = 0; i < 3; ++i) values.push_back(Deliver(f, "1")["moves"][0]["value"]);
  EXPECT_EQ(values, (std::vector<std::string>{"3.33", "3.34", "3.33"}));
  EXPECT_EQ(Balance(inventory_), "0.00");
}

TEST_F(Inventory, StandardCostValuesBothWaysAtTheStandard) {
  int64_t p = Product("STD-1", "standard", "none", false, "stocked", "7.50");
  json r = Receive(p, "4", "9.99");  // the receipt cost does not matter
  EXPECT_EQ(r["moves"][0]["value"], "30.00");
  EXPECT_EQ(Deliver(p, "1")["moves"][0]["value"], "7.50");
  EXPECT_EQ(Valuation(p)["value"], "22.50");
}

TEST_F(Inventory, PartialDeliveryLeavesABackOrderWithItsReservation) {
  int64_t p = Product("BO-1", "fifo");
  Receive(p, "10", "5.00");
  json t = Create("delivery", {Line(p, "10")});
  int64_t id = t["id"].get<int64_t>();
  auto reserved = Verb(id, "reserve");
  ASSERT_EQ(reserved.status, 200) << reserved.body;
  EXPECT_EQ(reserved.json()["state"], "ready");
  EXPECT_EQ(Reserved(p), "10.000000");
  int64_t move = reserved.json()["moves"][0]["id"].get<int64_t>();
  json done = Validated(id, {{"lines", {{{"move_id", move}, {"quantity", "4"}}}}});
  ASSERT_EQ(done["backorder_ids"].size(), 1u);
  EXPECT_EQ(done["moves"].size(), 1u);
  EXPECT_EQ(done["moves"][0]["quantity"], "4.000000");
  EXPECT_EQ(done["moves"][0]["value"], "20.00");
  json bo = Transfer(done["backorder_ids"][0].get<int64_t>());
  EXPECT_EQ(bo["backorder_of_id"], id);
  EXPECT_EQ(bo["state"], "ready");
  EXPECT_EQ(bo["moves"][0]["quantity"], "6.000000");
  EXPECT_EQ(bo["moves"][0]["state"], "reserved");
  EXPECT_EQ(OnHand(p), "6.000000");
  EXPECT_EQ(Reserved(p), "6.000000");
  // The back order: 2 done, the rest cancelled (no back order), its reservation released.
  json last = Validated(bo["id"].get<int64_t>(),
                        {{"lines", {{{"move_id", bo["moves"][0]["id"]}, {"quantity", "2"}}}},
                         {"no_backorder", true}});
  EXPECT_TRUE(last["backorder_ids"].empty());
  EXPECT_EQ(OnHand(p), "4.000000");
  EXPECT_EQ(Reserved(p), "0.000000");
  auto moves = Items(
      admin_->Get("/api/v1/stock-moves?product_id=" + std::to_string(p) + "&state=cancelled"));
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0]["quantity"], "4.000000");
  // Nothing done at all is refused; so is a closed transfer.
  json t2 = Create("delivery", {Line(p, "1")});
  EXPECT_TRUE(IsProblem(Verb(t2["id"].get<int64_t>(), "validate",
                             {{"lines", {{{"move_id", t2["moves"][0]["id"]}, {"quantity", "0"}}}}}),
                        409, "inventory.nothing_done"));
  EXPECT_TRUE(IsProblem(Verb(id, "validate"), 409, "inventory.transfer_closed"));
}

TEST_F(Inventory, ConsumablesMoveWithoutValuationAndServicesAreRefused) {
  int64_t c = Product("CONS-1", "average", "none", false, "consumable");
  json r = Receive(c, "5", "2.00");
  EXPECT_TRUE(r["moves"][0]["value"].is_null());
  EXPECT_TRUE(r["moves"][0]["entry_id"].is_null());
  EXPECT_EQ(OnHand(c), "0.000000");  // consumables have no quants
  json d = Deliver(c, "50");         // nor a stock limit
  EXPECT_EQ(d["moves"][0]["state"], "done");
  EXPECT_EQ(CountRows("stock_valuation_layers"), 0);
  int64_t s = Product("SRV-1", "average", "none", false, "service");
  auto bad = admin_->Post("/api/v1/transfers", {{"kind", "delivery"}, {"lines", {Line(s, "1")}}});
  EXPECT_TRUE(IsProblem(bad, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(bad).count({"lines/0/product_id", "inventory.service_product"}));
  // A product with moves is in use: the catalog archives it instead of deleting it.
  auto del = admin_->Delete("/api/v1/products/" + std::to_string(c));
  EXPECT_NE(del.status, 204) << del.body;
}

TEST_F(Inventory, StockInterfaceDeliversReservesAndCancelsForAnOrigin) {
  int64_t p = Product("SO-1", "fifo");
  int64_t q = Product("SO-2", "fifo");
  Receive(p, "5", "4.00");
  std::vector<inventory::DoneMove> done;
  server_.app().stock().AddDoneListener([&done](store::Tx&, const inventory::DoneMove& d) {
    done.push_back(d);
    return Status::Ok();
  });
  inventory::Stock& stock = server_.app().stock();
  inventory::DeliveryRequest req;
  req.company_id = admin_->Get("/api/v1/auth/me").json()["company"]["id"].get<int64_t>();
  req.origin_type = "sales_order";
  req.origin_id = 77;
  req.origin_ref = "SO-000077";
  req.date = *Date::Parse("2026-11-20");
  req.lines = {{701, p, Quantity::FromScaled(3000000)}, {702, q, Quantity::FromScaled(2000000)}};
  // All or nothing: q has no stock, so nothing is written and the shortfall is told.
  Status refused = server_.app().db().Write(
      [&](store::Tx& tx) -> Status { return stock.CreateDelivery(tx, req, false, 0).status(); });
  EXPECT_EQ(refused.message_id(), "stock.insufficient");
  json extra = json::parse(refused.extra());
  ASSERT_EQ(extra["shortfalls"].size(), 1u);
  EXPECT_EQ(extra["shortfalls"][0]["origin_line_id"], 702);
  EXPECT_EQ(extra["shortfalls"][0]["available"], "0.000000");
  EXPECT_EQ(CountRows("stock_transfers"), 1);  // the receipt only
  // Partial: p is reserved, q waits.
  int64_t id = 0;
  Status st = server_.app().db().Write([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(id, stock.CreateDelivery(tx, req, true, 0));
    ASSIGN_OR_RETURN(auto a, stock.Available(tx, req.company_id, wh_, p, req.date));
    EXPECT_EQ(a.on_hand.ToString(), "5.000000");
    EXPECT_EQ(a.reserved.ToString(), "3.000000");
    EXPECT_EQ(a.available.ToString(), "2.000000");
    ASSIGN_OR_RETURN(auto b, stock.Available(tx, req.company_id, wh_, q, req.date));
    EXPECT_EQ(b.outgoing.ToString(), "2.000000");
    EXPECT_EQ(b.projected.ToString(), "-2.000000");
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  json t = Transfer(id);
  EXPECT_EQ(t["state"], "waiting");
  EXPECT_EQ(t["origin_type"], "sales_order");
  EXPECT_EQ(t["origin_ref"], "SO-000077");
  // Validating what is there tells the listener; the waiting line goes to a back order.
  json moves = t["moves"];
  int64_t reserved_move = moves[0]["state"] == "reserved" ? moves[0]["id"].get<int64_t>()
                                                          : moves[1]["id"].get<int64_t>();
  json v = Validated(id, {{"lines", {{{"move_id", reserved_move}, {"quantity", "3"}}}}});
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].origin_line_id, 701);
  EXPECT_EQ(done[0].quantity.ToString(), "3.000000");
  EXPECT_EQ(done[0].value, 1200);
  // Cancelling the origin cancels the back order.
  st = server_.app().db().Write([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(stock.CancelOrigin(tx, req.company_id, "sales_order", 77, 0));
    ASSIGN_OR_RETURN(json all, stock.TransfersOf(tx, req.company_id, "sales_order", 77));
    EXPECT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0]["state"], "done");
    EXPECT_EQ(all[1]["state"], "cancelled");
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  // A return reaches the listener with negative quantity and value.
  auto ret = admin_->Post("/api/v1/transfers/" + std::to_string(id) + "/return",
                          {{"lines", {{{"move_id", reserved_move}, {"quantity", "1"}}}}});
  ASSERT_EQ(ret.status, 201) << ret.body;
  Validated(ret.json()["id"].get<int64_t>());
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[1].quantity.ToString(), "-1.000000");
  EXPECT_EQ(done[1].value, -400);
  EXPECT_EQ(done[1].origin_id, 77);
  // A validate guard of the origin's area can hold a delivery back.
  stock.AddValidateGuard([](store::Tx&, int64_t, const std::string& type, int64_t origin) {
    if (type == "sales_order" && origin == 78) return Conflict("test.held", "Held.");
    return Status::Ok();
  });
  req.origin_id = 78;
  req.lines = {{801, p, Quantity::FromScaled(1000000)}};
  st = server_.app().db().Write([&](store::Tx& tx) -> Status {
    return stock.CreateDelivery(tx, req, false, 0).status();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  auto held = Items(admin_->Get("/api/v1/transfers?origin_type=sales_order&origin_id=78"));
  ASSERT_EQ(held.size(), 1u);
  EXPECT_TRUE(IsProblem(Verb(held[0]["id"].get<int64_t>(), "validate"), 409, "test.held"));
  EXPECT_EQ(Transfer(held[0]["id"].get<int64_t>())["state"], "ready");
  EXPECT_EQ(done.size(), 2u);
}

}  // namespace
}  // namespace concord::testing
