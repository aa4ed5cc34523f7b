// Requests racing each other: a client that retries while its first attempt is still running
// (same Idempotency-Key), and two editors saving the same version of a record.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "api_helpers.h"

namespace concord::testing {
namespace {

constexpr int kRacers = 6;

// Runs fn(i) on kRacers threads that start together; returns their results.
std::vector<HttpResult> Race(const std::function<HttpResult(int)>& fn) {
  std::vector<HttpResult> results(kRacers);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kRacers) std::this_thread::yield();
      results[i] = fn(i);
    });
  }
  for (auto& t : threads) t.join();
  return results;
}

TEST(Concurrency, ParallelRetriesWithOneIdempotencyKeyCreateOneRecord) {
  TestServer server;
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < kRacers; ++i) clients.push_back(server.Admin());
  auto results = Race([&](int i) {
    return clients[i]->Post("/api/v1/departments", {{"name", "Sales"}},
                            {{"Idempotency-Key", "one-click"}});
  });
  int replayed = 0;
  for (const auto& r : results) {
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.body, results[0].body);
    if (r.header("idempotent-replayed") == "true") ++replayed;
  }
  EXPECT_EQ(replayed, kRacers - 1);
  auto admin = server.Admin();
  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")).size(), 1u);
  CheckJournalInvariants(server.app());
}

TEST(Concurrency, OnlyOneOfTwoEditorsOfTheSameVersionWins) {
  TestServer server;
  auto admin = server.Admin();
  auto created = admin->Post("/api/v1/departments", {{"name", "Sales"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string path = created.header("location");
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < kRacers; ++i) clients.push_back(server.Admin());
  auto results = Race([&](int i) {
    return clients[i]->Patch(path, {{"name", "Sales " + std::to_string(i)}},
                             IfMatch(created.header("etag")));
  });
  int winner = -1;
  for (int i = 0; i < kRacers; ++i) {
    if (results[i].status == 200) {
      EXPECT_EQ(winner, -1) << "two editors won";
      winner = i;
    } else {
      EXPECT_TRUE(IsProblem(results[i], 412, "version.stale"));
    }
  }
  ASSERT_NE(winner, -1);
  auto now = admin->Get(path);
  EXPECT_EQ(now.json()["name"], "Sales " + std::to_string(winner));
  EXPECT_EQ(now.header("etag"), "\"2\"");
  auto audit =
      Items(admin->Get("/api/v1/audit?entity=department&id=" + created.json()["id"].dump()));
  EXPECT_EQ(audit.size(), 2u);  // create + the one update
  CheckJournalInvariants(server.app());
}

}  // namespace
}  // namespace concord::testing
