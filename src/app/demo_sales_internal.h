// Shared by the order-to-cash demo's source files (not an interface): the loading context,
// the deterministic random source, the product table and the catalog that was created.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/demo_sales.h"
#include "security/access.h"

namespace concord::app::sales_demo {

// A small linear congruential generator: the same sequence on every platform and library
// (std::uniform_int_distribution is not specified bit for bit).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint32_t Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state_ >> 33);
  }
  // Uniform in [lo, hi].
  int Between(int lo, int hi) { return lo + static_cast<int>(Next() % (hi - lo + 1)); }
  bool Percent(int p) { return Between(0, 99) < p; }

 private:
  uint64_t state_;
};

// Everything a loading step needs. The actors are the demo users with the permissions the
// loading needs at company scope: alice and bob sell, dave receives and ships, carol invoices
// and books payments, so the documents name the people a demo user would expect.
struct Ctx {
  store::Tx& tx;
  const SalesDemoServices& s;
  int64_t company = 0;
  Date today;
  std::map<std::string, int64_t> users;
  std::map<std::string, security::Access> actors;
  const security::Access& As(const std::string& login) const { return actors.at(login); }
  std::string Day(int offset) const { return today.AddDays(offset).ToString(); }
};

struct ProductSpec {
  const char* sku;
  const char* name;
  const char* name_zh;  // the Chinese name, kept in the description
  const char* category;
  const char* kind;  // stocked | consumable | service
  const char* uom;
  const char* costing;  // fifo | average; "" for services
  const char* tracking;
  bool expiry;
  const char* gtin;  // 12 digits; the GS1 check digit is appended. "" for none
  int64_t list_cents;
  int64_t cost_cents;
  const char* tax;  // VAT13 | VAT9 | VAT6
  const char* supplier;
  int min_qty, max_qty;  // a typical order line, in the product's unit
};

// The demo's products, in creation order.
const std::vector<ProductSpec>& Products();
// The index of `sku` in Products(); Products().size() if there is none.
size_t ProductIndex(const std::string& sku);

struct Catalog {
  std::vector<int64_t> product_ids;  // parallel to Products()
  std::map<std::string, int64_t> categories;
  int64_t ProductId(const std::string& sku) const;
};

// "12.34" from 1234 cents.
std::string Cents(int64_t cents);

// Categories, products, the price lists and the promotion of the month. `wholesale_party`
// gets the wholesale list by assignment (besides the customers tagged "vip").
Result<Catalog> LoadCatalog(Ctx& c, int64_t wholesale_party);

struct Customer {
  std::string key;
  int64_t party_id = 0;
  std::string owner;                       // login of the sales rep
  std::optional<int64_t> payment_term_id;  // none: the company's default (immediate)
  std::vector<std::string> categories;     // what the customer buys
  int weight = 1;                          // share of the orders
  int scale = 100;                         // quantities in percent of the typical line
};

// --- the plan (demo_sales_plan.cc) -------------------------------------------------------
// Days are offsets from today. Stock arrives in three receipts; each covers the demand of
// the orders confirmed in its window (until the next receipt) plus a reserve.
inline constexpr std::array<int, 3> kReceiptDays = {-125, -80, -40};

enum class StepKind { kReceipt = 0, kConfirm = 1, kDeliver = 2, kInvoice = 3, kPay = 4 };

struct PlanStep {
  int day = 0;
  StepKind kind = StepKind::kConfirm;
  int param = 0;  // deliver: 1 = half of the first move only (back order); pay: percent
};

struct PlannedLine {
  size_t product = 0;  // index into Products()
  int64_t qty = 0;     // in the line's unit
  bool dozen = false;  // sold by the dozen (the product is kept in units)
};

struct PlannedOrder {
  int day = 0;
  size_t customer = 0;
  std::vector<PlannedLine> lines;
  std::vector<PlanStep> steps;  // confirm first; later steps dated up to today
};

std::vector<PlannedOrder> MakePlan(const std::vector<Customer>& customers);
int64_t ProductQuantity(const PlannedLine& line);  // in the product's unit
int Window(int day);                               // the receipt that covers an order of `day`
// Stocked quantity per product index and receipt window.
using Demand = std::map<size_t, std::array<int64_t, 3>>;
Demand DemandOf(const std::vector<PlannedOrder>& plan);

// --- loading (demo_sales_orders.cc) -------------------------------------------------------
struct History {
  int orders = 0, invoices = 0, payments = 0, quotes = 0;
};
// The receipts (three per supplier, at rising costs), the orders of the plan step by step in
// date order, and the open quotes. `suppliers` maps ProductSpec::supplier keys to parties.
Result<History> LoadHistory(Ctx& c, const Catalog& catalog, const std::vector<Customer>& customers,
                            const std::map<std::string, int64_t>& suppliers);

}  // namespace concord::app::sales_demo
