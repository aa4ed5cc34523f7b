// The demo's order history as a plan: 44 orders over the last four months, each with
// the steps it went through (confirm, deliver, invoice, pay), drawn from a fixed seed so that
// every load makes the same documents relative to the company's today.
#include <algorithm>

#include "app/demo_sales_internal.h"

namespace concord::app::sales_demo {
namespace {

constexpr uint64_t kSeed = 20261118;
constexpr int kOrders = 44;
constexpr int kFirstDay = -118;

// The products a customer buys: stocked goods and consumables of its categories.
std::vector<size_t> Pool(const Customer& customer) {
  std::vector<size_t> out;
  const auto& products = Products();
  for (size_t i = 0; i < products.size(); ++i) {
    std::string kind = products[i].kind;
    if (kind == "service") continue;
    const auto& cats = customer.categories;
    if (std::find(cats.begin(), cats.end(), products[i].category) != cats.end()) out.push_back(i);
  }
  return out;
}

size_t PickCustomer(Rng& rng, const std::vector<Customer>& customers) {
  int total = 0;
  for (const auto& c : customers) total += c.weight;
  int r = rng.Between(0, total - 1);
  for (size_t i = 0; i < customers.size(); ++i) {
    if ((r -= customers[i].weight) < 0) return i;
  }
  return 0;
}

std::vector<PlannedLine> PickLines(Rng& rng, const Customer& customer) {
  std::vector<size_t> pool = Pool(customer);
  int n = rng.Between(1, 3) + (rng.Percent(15) ? 1 : 0);
  std::vector<PlannedLine> lines;
  bool tea = false;
  for (int k = 0; k < n && !pool.empty(); ++k) {
    size_t at = rng.Between(0, static_cast<int>(pool.size()) - 1);
    size_t product = pool[at];
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(at));
    const ProductSpec& spec = Products()[product];
    int64_t qty =
        std::max<int64_t>(1, rng.Between(spec.min_qty, spec.max_qty) * customer.scale / 100);
    bool dozen = std::string(spec.sku) == "OFF-PEN-BLK" && rng.Percent(60);
    if (dozen) qty = std::max<int64_t>(1, qty / 12);
    lines.push_back({product, qty, dozen});
    tea = tea || std::string(spec.category) == "green" || std::string(spec.category) == "dark";
  }
  if (tea && rng.Percent(25)) {
    lines.push_back({ProductIndex("PKG-GIFTBOX"), rng.Between(10, 30), false});
  }
  if (rng.Percent(12)) {
    const char* services[] = {"SRV-TASTING", "SRV-ENGRAVE", "SRV-EXPRESS"};
    size_t product = ProductIndex(services[rng.Between(0, 2)]);
    const ProductSpec& spec = Products()[product];
    lines.push_back({product, rng.Between(spec.min_qty, spec.max_qty), false});
  }
  return lines;
}

// The steps after confirmation. Where an order stops is set by its place in the plan, so
// that every load has orders waiting at each step: recent ones not yet delivered, delivered
// but not invoiced, invoiced; older ones mostly paid, some unpaid or paid in part (ageing).
std::vector<PlanStep> Steps(Rng& rng, int i, int day, bool long_term) {
  int deliver = day + rng.Between(1, 3);
  int invoice = deliver + rng.Between(0, 2);
  int pay = invoice + (long_term ? rng.Between(18, 40) : rng.Between(2, 12));
  std::vector<PlanStep> s = {{day, StepKind::kConfirm, 0}};
  if (-day <= 10) {
    if (i % 3 != 0) s.push_back({deliver, StepKind::kDeliver, 0});
    if (i % 3 == 2) s.push_back({invoice, StepKind::kInvoice, 0});
    return s;
  }
  if (i == kOrders / 3) {
    // Half of the first line goes now, the rest with the back order nine days later.
    s.push_back({deliver, StepKind::kDeliver, 1});
    s.push_back({invoice, StepKind::kInvoice, 0});
    s.push_back({pay, StepKind::kPay, 100});
    s.push_back({deliver + 9, StepKind::kDeliver, 0});
    s.push_back({deliver + 9, StepKind::kInvoice, 0});
    return s;
  }
  s.push_back({deliver, StepKind::kDeliver, 0});
  if (i % 9 == 4 && -day < 45) return s;  // delivered, not invoiced yet
  s.push_back({invoice, StepKind::kInvoice, 0});
  if (i % 7 == 3) return s;  // unpaid
  s.push_back({pay, StepKind::kPay, i % 7 == 5 ? 50 : 100});
  return s;
}

}  // namespace

int64_t ProductQuantity(const PlannedLine& line) { return line.dozen ? line.qty * 12 : line.qty; }

int Window(int day) { return day < kReceiptDays[1] ? 0 : day < kReceiptDays[2] ? 1 : 2; }

std::vector<PlannedOrder> MakePlan(const std::vector<Customer>& customers) {
  Rng rng(kSeed);
  std::vector<PlannedOrder> plan;
  for (int i = 0; i < kOrders; ++i) {
    PlannedOrder o;
    o.day = std::min(-1, kFirstDay + i * (-kFirstDay - 3) / (kOrders - 1) + rng.Between(0, 1));
    o.customer = PickCustomer(rng, customers);
    o.lines = PickLines(rng, customers[o.customer]);
    bool long_term = customers[o.customer].payment_term_id.has_value();
    std::vector<PlanStep> steps = Steps(rng, i, o.day, long_term);
    for (const auto& s : steps) {
      if (s.day > 0) break;  // not yet: the order waits at the step before
      o.steps.push_back(s);
    }
    plan.push_back(std::move(o));
  }
  return plan;
}

Demand DemandOf(const std::vector<PlannedOrder>& plan) {
  Demand out;
  for (const auto& o : plan) {
    for (const auto& l : o.lines) {
      if (std::string(Products()[l.product].kind) != "stocked") continue;
      out[l.product][Window(o.day)] += ProductQuantity(l);
    }
  }
  return out;
}

}  // namespace concord::app::sales_demo
