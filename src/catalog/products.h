// The catalog: products (stocked goods, consumables, services) with SKU and GTIN, units of
// measure and their conversions, categories, sale and purchase taxes, costing method,
// tracking and weight. Other areas read products through Products::Info and convert
// quantities through Uoms; never the tables.
//
// Amounts: list_price and standard_cost are UnitPrice values (scale 6) in the company
// currency; weight is in kilograms (Quantity, scale 6). A product that any area uses (a
// registered usage check says so) is archived, never deleted.
//
// Thread-safety: stateless apart from the clock and the usage checks, which are registered
// at wiring time and read-only afterwards. Every method runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/quantity.h"
#include "core/status.h"
#include "core/time.h"
#include "http/list_sort.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::catalog {

// What other areas need to know of a product.
struct ProductInfo {
  int64_t id = 0;
  int64_t company_id = 0;
  std::string sku;
  std::string name;
  std::string kind;            // stocked | consumable | service
  std::string costing_method;  // standard | average | fifo
  std::string tracking;        // none | lot | serial
  bool use_expiry = false;     // lots carry an expiry date
  int64_t uom_id = 0;          // the unit stock and costs are kept in
  std::optional<int64_t> category_id;
  std::optional<int64_t> sale_tax_id;      // accounting tax
  std::optional<int64_t> purchase_tax_id;  // accounting tax
  UnitPrice list_price;                    // company currency, per uom_id
  UnitPrice standard_cost;                 // company currency, per uom_id
  Quantity weight_kg;                      // per uom_id
  bool active = true;
};

// Registered by areas that reference products: true when `product_id` is in use there.
using UsageCheck = std::function<Result<bool>(store::Tx&, int64_t company_id, int64_t product_id)>;

class Uoms {
 public:
  // `qty` of `from_uom` expressed in `to_uom` (same category), rounded half-up to 6 decimals.
  // InvalidArgument "uom.category_mismatch" across categories; NotFound for another company's.
  static Result<Quantity> Convert(store::Tx& tx, int64_t company_id, Quantity qty,
                                  int64_t from_uom, int64_t to_uom);
  // A price per `from_uom` expressed per `to_uom` (e.g. 12.00 per box of 12 → 1.00 per unit).
  static Result<UnitPrice> ConvertPrice(store::Tx& tx, int64_t company_id, UnitPrice price,
                                        int64_t from_uom, int64_t to_uom);
  // The company's unit with this code; InvalidField(field, "not_found") otherwise.
  static Result<int64_t> IdOf(store::Tx& tx, int64_t company_id, const std::string& code,
                              const std::string& field = "uom");
  // The code of the company's unit `uom_id`; NotFound("uom") otherwise.
  static Result<std::string> CodeOf(store::Tx& tx, int64_t company_id, int64_t uom_id);
  // Seeds a company's units (a company initializer): unit, dozen, kg, g, t, l, ml, m, cm, h.
  static Status SeedCompany(store::Tx& tx, int64_t company_id);
};

class Products {
 public:
  explicit Products(const Clock& clock) : clock_(clock) {}
  void AddUsageCheck(UsageCheck check) { usage_checks_.push_back(std::move(check)); }

  // NotFound "product" for another company's or a missing product. Archived products are
  // returned (active = false); callers that sell or receive refuse them themselves.
  Result<ProductInfo> Info(store::Tx& tx, int64_t company_id, int64_t product_id) const;
  // Several at once (documents with many lines); the map holds every id or the call fails.
  Result<std::vector<ProductInfo>> InfoMany(store::Tx& tx, int64_t company_id,
                                            const std::vector<int64_t>& ids) const;
  // Active product by SKU or GTIN (scans); NotFound otherwise.
  Result<ProductInfo> ByCode(store::Tx& tx, int64_t company_id, const std::string& code) const;

  // API use cases (catalog.product.*): JSON in and out, audited and published.
  // What List sorts by: sku, name (in any letter case).
  static const http::SortSpec kSorts;
  // One page of products: {"items", "next_cursor"}.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, const std::string& q,
                              std::optional<int64_t> category_id, const std::string& kind,
                              std::optional<bool> active, const http::ListPage& page) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body,
                                const std::function<Status(int64_t)>& check_version) const;
  // Deletes an unused product; Conflict "product.in_use" (archive it instead) otherwise.
  Status Delete(store::Tx& tx, const security::Access& who, int64_t id) const;

 private:
  const Clock& clock_;
  std::vector<UsageCheck> usage_checks_;
};

}  // namespace concord::catalog
