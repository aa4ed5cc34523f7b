#include "board/board.h"

#include <gtest/gtest.h>

namespace concord::board {
namespace {

TEST(SalesOrderColumn, FollowsOrderToCash) {
  OrderFacts f;
  f.state = "draft";
  EXPECT_EQ(SalesOrderColumn(f), "to_confirm");
  f.state = "cancelled";
  EXPECT_EQ(SalesOrderColumn(f), "");
  f = {"confirmed", true, 1000, 0, true, false};
  EXPECT_EQ(SalesOrderColumn(f), "awaiting_advance");
  f.paid = 1000;
  EXPECT_EQ(SalesOrderColumn(f), "to_deliver");
  f = {"confirmed", false, 1000, 0, true, true};
  EXPECT_EQ(SalesOrderColumn(f), "to_deliver");
  f.undelivered = false;
  EXPECT_EQ(SalesOrderColumn(f), "to_invoice");
  f.uninvoiced = false;
  EXPECT_EQ(SalesOrderColumn(f), "awaiting_payment");
  f.state = "done";
  f.paid = 999;
  EXPECT_EQ(SalesOrderColumn(f), "awaiting_payment");
  f.paid = 1000;
  EXPECT_EQ(SalesOrderColumn(f), "done");
}

}  // namespace
}  // namespace concord::board
