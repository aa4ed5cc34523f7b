#include "o2c_load.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

namespace concord::bench {
namespace {

using json = nlohmann::json;
using testing::HttpClient;

constexpr int kImportRows = 2000;
constexpr int kReceiptLines = 100;

std::string Money(int64_t cents) {
  char out[32];
  std::snprintf(out, sizeof out, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return out;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs job(client, i) for i in [0, n) over `clients` threads.
void Parallel(const ClientFactory& connect, int clients, int n,
              const std::function<void(HttpClient&, int)>& job) {
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      auto client = connect();
      for (int i = next++; i < n; i = next++) job(*client, i);
    });
  }
  for (auto& t : threads) t.join();
}

json Product(int i) {
  std::mt19937 rng(static_cast<uint32_t>(i) * 2654435761u);
  int64_t price = 500 + static_cast<int64_t>(rng() % 49500);  // 5.00 .. 500.00
  char sku[16];
  std::snprintf(sku, sizeof sku, "B%06d", i);
  return {{"sku", sku},
          {"name", std::string("Bench product ") + sku},
          {"kind", "stocked"},
          {"uom", "unit"},
          {"list_price", Money(price)},
          {"standard_cost", Money(price / 2)},
          {"costing_method", i % 2 ? "average" : "fifo"}};
}

std::vector<int64_t> LoadProducts(const ClientFactory& connect, int n, int clients) {
  std::vector<int64_t> ids(n);
  Parallel(connect, clients, n, [&](HttpClient& c, int i) {
    auto r = c.Post("/api/v1/products", Product(i));
    if (r.status != 201) Fail("creating a product", r);
    ids[i] = r.json()["id"].get<int64_t>();
  });
  return ids;
}

std::vector<int64_t> LoadCustomers(const ClientFactory& connect, int n, int clients) {
  int batches = (n + kImportRows - 1) / kImportRows;
  std::vector<std::vector<int64_t>> parts(batches);
  Parallel(connect, clients, batches, [&](HttpClient& c, int b) {
    std::string csv = "name,email,roles\n";
    for (int i = b * kImportRows; i < std::min(n, (b + 1) * kImportRows); ++i) {
      char row[96];
      std::snprintf(row, sizeof row, "Bench Customer %07d,c%07d@bench.example,customer\n", i, i);
      csv += row;
    }
    auto r = c.Post("/api/v1/imports/parties", {{"csv", csv}, {"allow_duplicates", true}});
    if (r.status != 201) Fail("importing customers", r);
    parts[b] = r.json()["ids"].get<std::vector<int64_t>>();
  });
  std::vector<int64_t> ids;
  for (auto& p : parts) ids.insert(ids.end(), p.begin(), p.end());
  return ids;
}

void ReceiveStock(const ClientFactory& connect, const std::vector<int64_t>& products,
                  int clients) {
  int n = static_cast<int>(products.size());
  int receipts = (n + kReceiptLines - 1) / kReceiptLines;
  Parallel(connect, clients, receipts, [&](HttpClient& c, int b) {
    json lines = json::array();
    for (int i = b * kReceiptLines; i < std::min(n, (b + 1) * kReceiptLines); ++i) {
      lines.push_back({{"product_id", products[i]},
                       {"quantity", "1000000"},
                       {"unit_cost", Money(200 + (i * 37) % 20000)}});
    }
    auto r = c.Post("/api/v1/transfers", {{"kind", "receipt"}, {"lines", lines}});
    if (r.status != 201) Fail("creating a receipt", r);
    auto v = c.Post("/api/v1/transfers/" + std::to_string(r.json()["id"].get<int64_t>()) +
                        "/validate",
                    json::object());
    if (v.status != 200) Fail("validating a receipt", v);
  });
}

}  // namespace

void Fail(const std::string& what, const testing::HttpResult& r) {
  std::fprintf(stderr, "o2c: %s failed: HTTP %d %s\n", what.c_str(), r.status, r.body.c_str());
  std::fflush(nullptr);
  std::_Exit(1);  // other threads and the server are still running: no static destructors
}

Catalog LoadCatalog(const ClientFactory& connect, int products, int customers, int clients) {
  Catalog out;
  auto start = std::chrono::steady_clock::now();
  out.products = LoadProducts(connect, products, clients);
  std::printf("loaded %d products in %.1f s\n", products, SecondsSince(start));
  start = std::chrono::steady_clock::now();
  out.customers = LoadCustomers(connect, customers, clients);
  std::printf("imported %d customers in %.1f s\n", customers, SecondsSince(start));
  start = std::chrono::steady_clock::now();
  ReceiveStock(connect, out.products, clients);
  std::printf("received stock of %d products in %.1f s\n", products, SecondsSince(start));
  std::fflush(stdout);
  return out;
}

}  // namespace concord::bench
