#include <gtest/gtest.h>

#include "support/test_server.h"

namespace concord::testing {
namespace {

TEST(Smoke, HealthAndLogin) {
  TestServer server;
  auto c = server.Client();
  auto h = c->Get("/healthz");
  EXPECT_EQ(h.status, 200) << h.body;
  auto admin = server.Admin();
  auto me = admin->Get("/api/v1/auth/me");
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"]["login"], "admin");
}

}  // namespace
}  // namespace concord::testing
