// Benchmark: the full order-to-cash cycle over the HTTP API. A server in this process on a fresh
// database (SQLite file, or an empty PostgreSQL database with --db) gets a generated catalog of
// products and customers with opening stock; then C concurrent clients take N orders of 5 lines
// each through quote → send → accept → confirm → deliver → invoice (posted) → pay (posted and
// allocated). Prints orders/s and p50/p99 per step. See bench/README.md.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>
#include <unistd.h>

#include "app/app.h"
#include "o2c_load.h"
#include "security/crypto.h"

namespace concord::bench {
namespace {

using json = nlohmann::json;
using testing::HttpClient;
using Clock = std::chrono::steady_clock;

constexpr const char* kPassword = "o2c-bench-password";
const char* const kSteps[] = {"quote", "send", "accept", "confirm", "deliver", "invoice", "pay"};
constexpr int kStepCount = 7;

struct Options {
  std::string db;  // empty: a fresh SQLite file
  std::string sqlite_sync = "full";
  int products = 10000;
  int customers = 100000;
  int orders = 2000;
  int clients = 8;
  int lines = 5;
  int load_clients = 0;  // 0: as many as --clients
};

struct Timings {
  std::vector<double> step[kStepCount];  // ms
  int abandoned[kStepCount] = {};        // orders given up at this step (409 db.retry)
};

// The server gave up retrying a serialization conflict (PostgreSQL): the order is abandoned.
struct Abandoned {
  int step;
};

std::string Id(const json& id) { return std::to_string(id.get<int64_t>()); }

class Timer {
 public:
  explicit Timer(Timings& t) : t_(t) {}
  // Times one request of step `s`; fails the run on an unexpected status.
  testing::HttpResult Post(HttpClient& c, int s, const std::string& path, const json& body,
                           int expect) {
    auto start = Clock::now();
    auto r = c.Post(path, body);
    t_.step[s].push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (r.status == 409 && r.body.find("\"db.retry\"") != std::string::npos) throw Abandoned{s};
    if (r.status != expect) Fail(kSteps[s], r);
    return r;
  }

 private:
  Timings& t_;
};

// One order through the whole cycle.
void RunOrder(HttpClient& c, Timer& t, const Catalog& cat, std::mt19937_64& rng, int lines) {
  json body = {{"party_id", cat.customers[rng() % cat.customers.size()]},
               {"lines", json::array()}};
  for (int i = 0; i < lines; ++i) {
    body["lines"].push_back({{"product_id", cat.products[rng() % cat.products.size()]},
                             {"quantity", std::to_string(1 + rng() % 5)}});
  }
  auto quote = t.Post(c, 0, "/api/v1/quotes", body, 201).json();
  std::string qp = "/api/v1/quotes/" + Id(quote["id"]);
  t.Post(c, 1, qp + "/send", json::object(), 200);
  auto order = t.Post(c, 2, qp + "/accept", json::object(), 200).json()["order_id"];
  std::string op = "/api/v1/sales-orders/" + Id(order);
  auto confirmed = t.Post(c, 3, op + "/confirm", json::object(), 200).json();
  json transfers = confirmed["transfers"];
  if (transfers.empty()) {
    std::fprintf(stderr, "o2c: a confirmed order has no delivery: %s\n", confirmed.dump().c_str());
    std::fflush(nullptr);
    std::_Exit(1);
  }
  t.Post(c, 4, "/api/v1/transfers/" + Id(transfers[0]["id"]) + "/validate", json::object(), 200);
  auto invoice = t.Post(c, 5, op + "/invoice", json::object(), 200).json()["invoice"];
  std::string total = invoice["total"];
  t.Post(c, 6, "/api/v1/payments",
         {{"party_id", body["party_id"]},
          {"amount", total},
          {"direction", "inbound"},
          {"post", true},
          {"allocations", {{{"invoice_id", invoice["invoice_id"]}, {"amount", total}}}}},
         201);
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  return v[i];
}

void Report(const std::vector<Timings>& per_client, double seconds, int orders) {
  int abandoned = 0;
  std::string by_step;
  for (int s = 0; s < kStepCount; ++s) {
    int n = 0;
    for (const auto& t : per_client) n += t.abandoned[s];
    if (n > 0) by_step += " " + std::string(kSteps[s]) + "=" + std::to_string(n);
    abandoned += n;
  }
  int done = orders - abandoned;
  std::printf("%d orders in %.1f s: %.1f orders/s (%.0f requests/s)\n", done, seconds,
              done / seconds, done * kStepCount / seconds);
  if (abandoned > 0) {
    std::printf("%d orders abandoned on 409 db.retry (serialization conflicts past the server's "
                "retries):%s\n",
                abandoned, by_step.c_str());
  }
  std::printf("%-8s %9s %9s\n", "step", "p50 ms", "p99 ms");
  for (int s = 0; s < kStepCount; ++s) {
    std::vector<double> all;
    for (const auto& t : per_client) all.insert(all.end(), t.step[s].begin(), t.step[s].end());
    std::printf("%-8s %9.2f %9.2f\n", kSteps[s], Percentile(all, 0.5), Percentile(all, 0.99));
  }
}

void Measure(uint16_t port, const std::string& token, const Catalog& cat, const Options& o) {
  std::vector<Timings> timings(o.clients);
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int t = 0; t < o.clients; ++t) {
    threads.emplace_back([&, t] {
      HttpClient c("127.0.0.1", port);
      c.set_bearer(token);
      Timer timer(timings[t]);
      std::mt19937_64 rng(1000 + t);
      while (next++ < o.orders) {
        try {
          RunOrder(c, timer, cat, rng, o.lines);
        } catch (const Abandoned& a) {
          ++timings[t].abandoned[a.step];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  Report(timings, std::chrono::duration<double>(Clock::now() - start).count(), o.orders);
}

std::unique_ptr<app::App> StartServer(const Options& o, const std::string& url) {
  setenv("CONCORD_ADMIN_PASSWORD", kPassword, 1);
  app::Config config;
  config.db = url;
  config.listen = "127.0.0.1:0";
  config.access_log = "off";
  config.log_level = "warn";
  config.sqlite_sync = o.sqlite_sync;
  config.body_limit = 4 << 20;
  auto app = app::App::Open(config);
  if (!app.ok()) {
    std::fprintf(stderr, "o2c: opening %s: %s\n", url.c_str(), app.status().ToString().c_str());
    std::exit(1);
  }
  auto admin = (*app)->EnsureAdmin();
  Status st = admin.ok() ? (*app)->StartInBackground() : admin.status();
  if (!st.ok()) {
    std::fprintf(stderr, "o2c: starting: %s\n", st.ToString().c_str());
    std::exit(1);
  }
  return std::move(*app);
}

std::string Login(uint16_t port) {
  HttpClient c("127.0.0.1", port);
  auto r = c.Post("/api/v1/auth/login", {{"login", "admin"}, {"password", kPassword}});
  if (r.status != 200) Fail("logging in", r);
  return r.json()["token"].get<std::string>();
}

int Run(const Options& o) {
  std::string path = "/tmp/concord-o2c-" + std::to_string(getpid()) + ".db";
  std::string url = o.db.empty() ? "sqlite:" + path : o.db;
  auto app = StartServer(o, url);
  uint16_t port = app->port();
  std::string token = Login(port);
  std::printf("o2c on %s (%s), %d clients, %d lines per order\n",
              o.db.empty() ? "SQLite" : "PostgreSQL",
              o.db.empty() ? ("synchronous=" + o.sqlite_sync).c_str() : "pool", o.clients,
              o.lines);
  auto connect = [&] {
    auto c = std::make_unique<HttpClient>("127.0.0.1", port);
    c->set_bearer(token);
    return c;
  };
  Catalog cat = LoadCatalog(connect, o.products, o.customers,
                            o.load_clients > 0 ? o.load_clients : o.clients);
  Measure(port, token, cat, o);
  app->Stop();
  app.reset();
  if (o.db.empty()) {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  }
  return 0;
}

}  // namespace
}  // namespace concord::bench

int main(int argc, char** argv) {
  concord::bench::Options o;
  CLI::App cli{"concord order-to-cash benchmark over the HTTP API"};
  cli.add_option("--db", o.db, "an empty PostgreSQL database URL (default: a fresh SQLite file)");
  cli.add_option("--sqlite-sync", o.sqlite_sync, "SQLite synchronous setting")
      ->check(CLI::IsMember({"full", "normal"}));
  cli.add_option("--products", o.products, "catalog size")->check(CLI::Range(10, 1000000));
  cli.add_option("--customers", o.customers, "customers")->check(CLI::Range(10, 10000000));
  cli.add_option("--orders", o.orders, "orders taken through the cycle")
      ->check(CLI::Range(1, 10000000));
  cli.add_option("--clients", o.clients, "concurrent clients")->check(CLI::Range(1, 256));
  cli.add_option("--lines", o.lines, "lines per order")->check(CLI::Range(1, 100));
  cli.add_option("--load-clients", o.load_clients, "concurrent clients while loading (0: --clients)")
      ->check(CLI::Range(0, 256));
  CLI11_PARSE(cli, argc, argv);
  return concord::bench::Run(o);
}
