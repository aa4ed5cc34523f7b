// Lines of quotes and sales orders: read from a request, priced by the catalog's pricing
// service (unless the user sets a price), taxed by the accounting tax engine, stored in
// sales_lines and shown as JSON. Quotes and orders share this code so a quote becomes an
// order without retyping or re-pricing anything.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/pricing.h"
#include "core/quantity.h"
#include "core/status.h"
#include "core/time.h"
#include "store/tx.h"

namespace concord::sales {

struct Line {
  int64_t id = 0;
  int64_t product_id = 0;
  std::string description;
  Quantity quantity;            // in uom_id
  int64_t uom_id = 0;
  std::string uom_code;
  Quantity quantity_product;    // in the product's unit (stock moves)
  UnitPrice list_price;         // per uom_id, document currency
  UnitPrice unit_price;         // per uom_id, after price rules and promotions
  int64_t discount = 0;         // the user's extra discount, percent × 10^4
  bool manual_price = false;
  std::vector<int64_t> tax_ids;
  int64_t untaxed = 0;          // minor units, document currency
  int64_t tax = 0;
  nlohmann::json explanation = nlohmann::json::array();
  Quantity delivered;           // product unit
  Quantity invoiced;            // product unit
};

// The pricing context of a document.
struct PricingContext {
  int64_t company_id = 0;
  int64_t party_id = 0;
  std::string currency;
  Date date;
  std::optional<int64_t> price_list_id;
};

// Reads a "lines" array: [{product_id, quantity, uom?, unit_price?, discount_percent?,
// description?, tax_ids?}] (1..200 lines). Each line is priced through `pricing` unless it
// carries unit_price. Field errors are named lines[i].field.
Result<std::vector<Line>> ReadLines(store::Tx& tx, const catalog::Pricing& pricing,
                                    const catalog::Products& products,
                                    const PricingContext& ctx, const nlohmann::json& lines);
// Re-prices every line that has no manual price (draft quotes and orders).
Status Reprice(store::Tx& tx, const catalog::Pricing& pricing, const catalog::Products& products,
               const PricingContext& ctx, std::vector<Line>& lines);

struct Totals {
  int64_t untaxed = 0, tax = 0, total = 0;
};
// Untaxed amounts (invoicing::LineNet, the invoice's arithmetic) and taxes of each line.
Result<Totals> ComputeTotals(store::Tx& tx, const Clock& clock, int64_t company_id,
                             const std::string& currency, std::vector<Line>& lines);

// The largest effective discount of the lines below their list price, percent × 10^4.
int64_t MaxDiscount(const std::vector<Line>& lines);

// Storage: replaces the lines of a quote (`column` "quote_id") or order ("order_id").
Status SaveLines(store::Tx& tx, int64_t company_id, const std::string& column, int64_t doc_id,
                 std::vector<Line>& lines);
Result<std::vector<Line>> LoadLines(store::Tx& tx, const std::string& column, int64_t doc_id);
nlohmann::json LineJson(const Line& line, const std::string& currency);
// Copies lines for another document (ids cleared).
std::vector<Line> CopyLines(const std::vector<Line>& lines);

std::string MoneyText(int64_t minor, const std::string& currency);

}  // namespace concord::sales
