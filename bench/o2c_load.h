// Loading for the order-to-cash benchmark, through the HTTP API like any client: products
// (POST /products), customers (CSV imports of 2,000 rows), opening stock (receipts of 100
// lines, validated). Every failure is fatal: a benchmark over half-loaded data means nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "support/http_client.h"

namespace concord::bench {

struct Catalog {
  std::vector<int64_t> products;
  std::vector<int64_t> customers;
};

// Makes clients for the loading threads (each logged in).
using ClientFactory = std::function<std::unique_ptr<testing::HttpClient>()>;

[[noreturn]] void Fail(const std::string& what, const testing::HttpResult& r);

// Loads `products` products and `customers` customers with `clients` concurrent clients, and
// receives 1,000,000 units of every product at a cost drawn from a fixed seed.
Catalog LoadCatalog(const ClientFactory& connect, int products, int customers, int clients);

}  // namespace concord::bench
