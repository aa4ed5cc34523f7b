// Loading the demo history: receipts at rising costs, then every order of the plan step by
// step in date order (so stock is received before it is reserved, and FIFO layers are
// consumed in the order a real warehouse would), then a few open quotes.
#include <algorithm>
#include <tuple>

#include "app/demo_sales_internal.h"
#include "core/money.h"
#include "inventory/transfers.h"
#include "invoicing/payments.h"
#include "security/company.h"

namespace concord::app::sales_demo {
namespace {

using nlohmann::json;

struct Event {
  int day = 0;
  StepKind kind = StepKind::kReceipt;
  size_t index = 0;  // the receipt or order
  PlanStep step;
  bool operator<(const Event& o) const {
    return std::tie(day, kind, index) < std::tie(o.day, o.kind, o.index);
  }
};

struct Receipt {
  int64_t supplier = 0;
  int window = 0;
  json lines = json::array();
};

struct OrderState {
  int64_t id = 0;
  std::vector<std::pair<int64_t, int64_t>> invoices;  // id, total (minor units)
};

// A reserve left in stock after each window: a fifth of the product's whole demand, at least
// ten units.
int64_t Reserve(const std::array<int64_t, 3>& demand) {
  return std::max<int64_t>(10, (demand[0] + demand[1] + demand[2]) / 5);
}

int64_t RoundUp10(int64_t q) { return (q + 9) / 10 * 10; }

json ReceiptLine(const Ctx& c, const Catalog& catalog, size_t product, int window, int64_t qty) {
  const ProductSpec& p = Products()[product];
  static constexpr int kCostPercent[] = {100, 104, 107};  // suppliers raise their prices
  json line = {{"product_id", catalog.product_ids[product]},
               {"quantity", std::to_string(qty)},
               {"unit_cost", Cents(p.cost_cents * kCostPercent[window] / 100)}};
  if (std::string(p.tracking) == "lot") {
    Date day = c.today.AddDays(kReceiptDays[window]);
    std::string ymd = day.ToString();
    line["lot_name"] =
        std::string(p.sku).substr(4, 2) + ymd.substr(2, 2) + ymd.substr(5, 2) + ymd.substr(8, 2);
    if (p.expiry) line["expiry_date"] = day.AddDays(540).ToString();
  }
  return line;
}

std::vector<Receipt> PlanReceipts(const Ctx& c, const Catalog& catalog, const Demand& demand,
                                  const std::map<std::string, int64_t>& suppliers) {
  std::vector<Receipt> out;
  for (const auto& [key, party] : suppliers) {
    for (int w = 0; w < 3; ++w) {
      Receipt r{party, w};
      for (const auto& [product, d] : demand) {
        if (key != Products()[product].supplier) continue;
        int64_t qty = RoundUp10(d[w] + (w == 1 ? Reserve(d) / 2 : Reserve(d)));
        r.lines.push_back(ReceiptLine(c, catalog, product, w, qty));
      }
      if (!r.lines.empty()) out.push_back(std::move(r));
    }
  }
  return out;
}

Status Receive(Ctx& c, const Receipt& r) {
  inventory::Transfers transfers(c.s.stock);
  std::string day = c.Day(kReceiptDays[r.window]);
  json body = {{"kind", "receipt"},
               {"party_id", r.supplier},
               {"date", day},
               {"note", r.window == 0 ? "Opening stock 期初库存" : "Replenishment 补货"},
               {"lines", r.lines}};
  ASSIGN_OR_RETURN(json t, transfers.Create(c.tx, c.As("dave"), body));
  return transfers.Validate(c.tx, c.As("dave"), t["id"].get<int64_t>(), {{"date", day}}, {})
      .status();
}

json OrderLines(const Catalog& catalog, const std::vector<PlannedLine>& lines) {
  json out = json::array();
  for (const auto& l : lines) {
    json line = {{"product_id", catalog.product_ids[l.product]},
                 {"quantity", std::to_string(l.qty)}};
    if (l.dozen) line["uom"] = "dozen";
    out.push_back(std::move(line));
  }
  return out;
}

Status Confirm(Ctx& c, const Catalog& catalog, const Customer& customer, const PlannedOrder& o,
               OrderState& state) {
  const security::Access& who = c.As(customer.owner);
  json body = {{"party_id", customer.party_id},
               {"date", c.Day(o.day)},
               {"lines", OrderLines(catalog, o.lines)}};
  if (customer.payment_term_id) body["payment_term_id"] = *customer.payment_term_id;
  ASSIGN_OR_RETURN(json order, c.s.orders.Create(c.tx, who, body));
  state.id = order["id"].get<int64_t>();
  return c.s.orders.Confirm(c.tx, who, state.id, json::object(), {}).status();
}

// Validates the order's open delivery on `day`: everything, or with `half` half of its first
// move, the rest going to a back order.
Status Deliver(Ctx& c, const OrderState& state, int day, bool half) {
  inventory::Transfers transfers(c.s.stock);
  inventory::TransferFilter f;
  f.kind = "delivery";
  f.origin_type = "sales_order";
  f.origin_id = state.id;
  ASSIGN_OR_RETURN(json page,
                   transfers.List(c.tx, c.As("dave"), f,
                                  http::ListPage::ById(inventory::Transfers::kSorts, 10, 0)));
  for (const auto& t : page["items"]) {
    if (t["state"] == "done" || t["state"] == "cancelled") continue;
    int64_t id = t["id"].get<int64_t>();
    json body = {{"date", c.Day(day)}};
    if (half) {
      ASSIGN_OR_RETURN(json full, transfers.Get(c.tx, c.As("dave"), id));
      const json& move = full["moves"].at(0);
      int64_t qty = std::stoll(move["quantity"].get<std::string>());
      body["lines"] = {{{"move_id", move["id"]}, {"quantity", std::to_string((qty + 1) / 2)}}};
    }
    return transfers.Validate(c.tx, c.As("dave"), id, body, {}).status();
  }
  return Status::Ok();
}

Status Invoice(Ctx& c, OrderState& state, int day, const std::string& currency) {
  ASSIGN_OR_RETURN(json out,
                   c.s.orders.Invoice(c.tx, c.As("carol"), state.id, {{"date", c.Day(day)}}));
  ASSIGN_OR_RETURN(Money total, Money::Parse(out["invoice"]["total"].get<std::string>(), currency));
  state.invoices.emplace_back(out["invoice"]["invoice_id"].get<int64_t>(), total.minor());
  return Status::Ok();
}

// Pays `percent` of the order's last invoice on `day`, allocated to it.
Status Pay(Ctx& c, const OrderState& state, const Customer& customer, int day, int percent,
           const std::string& currency) {
  if (state.invoices.empty()) return Status::Ok();
  const auto& [invoice_id, total] = state.invoices.back();
  ASSIGN_OR_RETURN(Currency cur, Currency::FromCode(currency));
  std::string amount = Money::FromMinor(total * percent / 100, cur).ToString();
  json body = {{"party_id", customer.party_id},
               {"amount", amount},
               {"date", c.Day(day)},
               {"reference", "Bank transfer 银行转账"},
               {"allocations", {{{"invoice_id", invoice_id}, {"amount", amount}}}},
               {"post", true}};
  invoicing::Payments payments(c.s.clock, c.s.ledger, c.s.parties);
  return payments.Create(c.tx, c.As("carol"), body).status();
}

std::vector<Event> Events(const std::vector<Receipt>& receipts,
                          const std::vector<PlannedOrder>& plan) {
  std::vector<Event> out;
  for (size_t i = 0; i < receipts.size(); ++i) {
    out.push_back({kReceiptDays[receipts[i].window], StepKind::kReceipt, i, {}});
  }
  for (size_t i = 0; i < plan.size(); ++i) {
    for (const auto& s : plan[i].steps) out.push_back({s.day, s.kind, i, s});
  }
  std::stable_sort(out.begin(), out.end());
  return out;
}

struct Quote {
  const char* customer;
  int day;
  std::vector<std::tuple<const char*, const char*, const char*>> lines;  // sku, qty, discount
  std::vector<const char*> verbs;
  const char* notes;
};

// Open quotes: one sent, one whose discount waits for a manager's approval, one accepted
// today (its order confirmed), one rejected.
const std::vector<Quote> kQuotes = {
    {"huaguang",
     -6,
     {{"ELC-TEAMKR", "3", ""}, {"ELC-SCALE", "10", ""}},
     {"send"},
     "Tea corner for the new R&D building 研发楼茶水间"},
    {"acme",
     -2,
     {{"WARE-YIXING", "6", "20"}, {"WARE-CUPS6", "10", ""}},
     {},
     "Gifts for the 2027 framework agreement; discount to be approved 折扣待审批"},
    {"chen",
     -3,
     {{"TEA-LJ250", "4", ""}, {"WARE-GAIWAN", "2", ""}},
     {"send", "accept"},
     "Mid-autumn gifts 中秋礼品"},
    {"meijia", -30, {{"TEA-DHP125", "40", ""}}, {"send", "reject"}, "Store opening 新店开业"},
};

const Customer& CustomerOf(const std::vector<Customer>& customers, const std::string& key) {
  for (const auto& c : customers) {
    if (c.key == key) return c;
  }
  return customers.front();
}

Result<int> LoadQuotes(Ctx& c, const Catalog& catalog, const std::vector<Customer>& customers) {
  int orders = 0;
  for (const auto& q : kQuotes) {
    const Customer& customer = CustomerOf(customers, q.customer);
    const security::Access& who = c.As(customer.owner);
    json lines = json::array();
    for (const auto& [sku, qty, discount] : q.lines) {
      json line = {{"product_id", catalog.ProductId(sku)}, {"quantity", qty}};
      if (*discount) line["discount_percent"] = discount;
      lines.push_back(std::move(line));
    }
    json body = {{"party_id", customer.party_id},
                 {"date", c.Day(q.day)},
                 {"lines", lines},
                 {"notes", q.notes}};
    if (customer.payment_term_id) body["payment_term_id"] = *customer.payment_term_id;
    ASSIGN_OR_RETURN(json quote, c.s.quotes.Create(c.tx, who, body));
    for (const char* verb : q.verbs) {
      ASSIGN_OR_RETURN(quote, c.s.quotes.Act(c.tx, who, quote["id"].get<int64_t>(), verb, {}));
    }
    if (quote["order_id"].is_number()) {  // accepted: the order is dated today
      RETURN_IF_ERROR(
          c.s.orders.Confirm(c.tx, who, quote["order_id"].get<int64_t>(), json::object(), {})
              .status());
      ++orders;
    }
  }
  return orders;
}

// The quotes' lines take stock in the last window (one of them becomes today's order).
void AddQuoteDemand(Demand& demand) {
  for (const auto& q : kQuotes) {
    for (const auto& [sku, qty, discount] : q.lines) {
      size_t i = ProductIndex(sku);
      if (i < Products().size() && std::string(Products()[i].kind) == "stocked") {
        demand[i][2] += std::stoll(qty);
      }
    }
  }
}

}  // namespace

Result<History> LoadHistory(Ctx& c, const Catalog& catalog, const std::vector<Customer>& customers,
                            const std::map<std::string, int64_t>& suppliers) {
  std::vector<PlannedOrder> plan = MakePlan(customers);
  Demand demand = DemandOf(plan);
  AddQuoteDemand(demand);
  std::vector<Receipt> receipts = PlanReceipts(c, catalog, demand, suppliers);
  ASSIGN_OR_RETURN(std::string currency, security::CompanyCurrency(c.tx, c.company));
  std::vector<OrderState> states(plan.size());
  History h;
  for (const auto& e : Events(receipts, plan)) {
    const PlannedOrder* o = e.kind == StepKind::kReceipt ? nullptr : &plan[e.index];
    switch (e.kind) {
      case StepKind::kReceipt: RETURN_IF_ERROR(Receive(c, receipts[e.index])); break;
      case StepKind::kConfirm:
        RETURN_IF_ERROR(Confirm(c, catalog, customers[o->customer], *o, states[e.index]));
        ++h.orders;
        break;
      case StepKind::kDeliver:
        RETURN_IF_ERROR(Deliver(c, states[e.index], e.day, e.step.param == 1));
        break;
      case StepKind::kInvoice:
        RETURN_IF_ERROR(Invoice(c, states[e.index], e.day, currency));
        ++h.invoices;
        break;
      case StepKind::kPay:
        RETURN_IF_ERROR(
            Pay(c, states[e.index], customers[o->customer], e.day, e.step.param, currency));
        ++h.payments;
        break;
    }
  }
  ASSIGN_OR_RETURN(int quote_orders, LoadQuotes(c, catalog, customers));
  h.orders += quote_orders;
  h.quotes = static_cast<int>(kQuotes.size());
  return h;
}

}  // namespace concord::app::sales_demo
