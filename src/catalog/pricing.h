// The one pricing service: what a customer pays for a quantity of a product on a day, and
// why. Quotes, sales orders, the UI and POST /api/v1/pricing/quote all call Pricing::Price.
//
// Resolution, in order (each step recorded in `explanation`):
//  1. the product's list price (company currency, per product unit);
//  2. the price list: the one named by the request, else the party's own (party record or a
//     party assignment), else one assigned to one of the party's tags (customer groups), else
//     a list with no assignment (for everyone) — only active lists valid on the day and in
//     the requested currency; ties go to the lower priority number, then the lower id;
//  3. the list's best rule: product rules before category rules (nearest category first)
//     before catch-all rules; among those the highest min_quantity ≤ the quantity (in the
//     product's unit); methods: fixed (fixed_price), discount (base × (1 − discount)),
//     formula (base × (1 − discount) × (1 + margin) + surcharge) with base list_price or cost;
//  4. the best active promotion on the day for the product or its category (restricted to the
//     list if it names one): its discount applies to the price of step 3;
//  5. the list's rounding (to a multiple of `rounding`, half up, plus `rounding_surcharge`,
//     e.g. 0.10 and −0.01 gives prices ending in .x9).
// Prices computed from company-currency amounts for a list in another currency are
// converted at the day's rate. Exact decimals throughout (scale 6, rounded half up).
//
// Thread-safety: stateless after wiring. Every method runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "catalog/products.h"
#include "core/money.h"
#include "core/quantity.h"
#include "core/status.h"
#include "core/time.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::catalog {

struct PriceRequest {
  int64_t company_id = 0;
  std::optional<int64_t> party_id;
  int64_t product_id = 0;
  Quantity quantity;
  std::optional<int64_t> uom_id;  // default: the product's unit
  Date date;
  std::string currency;  // empty: the chosen list's currency, else the company currency
  std::optional<int64_t> price_list_id;
};

struct PriceResult {
  int64_t product_id = 0;
  Quantity quantity;
  int64_t uom_id = 0;
  std::string currency;
  UnitPrice list_price;  // per uom_id, in currency
  UnitPrice unit_price;  // per uom_id, in currency
  int64_t discount = 0;  // percent × 10^4 of unit_price below list_price (0 if above)
  int64_t amount = 0;    // unit_price × quantity in minor units of currency, half up
  std::optional<int64_t> price_list_id;
  std::optional<int64_t> rule_id;
  std::optional<int64_t> promotion_id;
  nlohmann::json explanation = nlohmann::json::array();
};

// The cost a "cost" base uses (e.g. the inventory's average cost): company currency, per the
// product's unit. Default: the product's standard cost.
using CostSource =
    std::function<Result<UnitPrice>(store::Tx&, const ProductInfo& product)>;

class Pricing {
 public:
  Pricing(const Clock& clock, const Products& products) : clock_(clock), products_(products) {}
  void SetCostSource(CostSource source) { cost_ = std::move(source); }

  Result<PriceResult> Price(store::Tx& tx, const PriceRequest& request) const;
  static nlohmann::json ResultJson(const PriceResult& r, const std::string& uom_code);

  // API: POST /pricing/quote (catalog.price.read) — body {product_id, quantity, party_id?,
  // uom?, date?, currency?, price_list_id?}.
  Result<nlohmann::json> Quote(store::Tx& tx, const security::Access& who,
                               const nlohmann::json& body) const;

 private:
  Result<UnitPrice> Cost(store::Tx& tx, const ProductInfo& product) const;

  const Clock& clock_;
  const Products& products_;
  CostSource cost_;
};

// Price lists, their rules and assignments, and promotions (catalog.price.*).
class PriceLists {
 public:
  explicit PriceLists(const Clock& clock) : clock_(clock) {}
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // Body {name, currency, valid_from?, valid_to?, priority?, rounding?, rounding_surcharge?,
  // active?, rules: [...], assignments: [{party_id} | {party_tag}]}.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // Replaces the fields given; "rules" and "assignments", when given, replace the sets.
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body,
                                const std::function<Status(int64_t)>& check_version) const;
  Result<nlohmann::json> ListPromotions(store::Tx& tx, const security::Access& who) const;
  Result<nlohmann::json> CreatePromotion(store::Tx& tx, const security::Access& who,
                                         const nlohmann::json& body) const;
  Result<nlohmann::json> UpdatePromotion(store::Tx& tx, const security::Access& who, int64_t id,
                                         const nlohmann::json& body,
                                         const std::function<Status(int64_t)>& check) const;

 private:
  const Clock& clock_;
};

}  // namespace concord::catalog
