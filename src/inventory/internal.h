// Helpers shared by the inventory area's source files (not an interface of the area): kinds and
// states, row loaders, formatting of quantities and values, the company's business day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/currency.h"
#include "core/json_input.h"
#include "core/quantity.h"
#include "core/status.h"
#include "core/time.h"
#include "store/tx.h"

namespace concord::inventory {

// Location kinds. Only internal locations hold quants; view locations group others.
inline constexpr const char* kInternal = "internal";
inline constexpr const char* kView = "view";
inline constexpr const char* kCustomer = "customer";
inline constexpr const char* kSupplier = "supplier";
inline constexpr const char* kInventoryLoss = "inventory_loss";
inline constexpr const char* kTransit = "transit";

// Move states: draft -> reserved -> done, or cancelled.
inline constexpr const char* kDraft = "draft";
inline constexpr const char* kReserved = "reserved";
inline constexpr const char* kDone = "done";
inline constexpr const char* kCancelled = "cancelled";

// Largest quantity of one line: 10^9 units (keeps every value product far from overflow).
inline constexpr int64_t kMaxQuantity = 1000000000LL * 1000000LL;
inline constexpr int64_t kOne = 1000000;  // one unit, scaled

struct Location {
  int64_t id = 0;
  int64_t company_id = 0;
  std::optional<int64_t> warehouse_id;
  std::optional<int64_t> parent_id;
  std::string path;  // "/4/5/"
  std::string name;
  std::string kind;
  bool active = true;
  bool internal() const { return kind == kInternal; }
};

struct Warehouse {
  int64_t id = 0;
  std::string code;
  std::string name;
  int64_t view_location_id = 0;
  int64_t stock_location_id = 0;
  bool active = true;
};

struct Move {
  int64_t id = 0;
  int64_t company_id = 0;
  std::optional<int64_t> transfer_id;
  std::optional<int64_t> count_id;
  int64_t product_id = 0;
  std::string product_kind;
  int64_t quantity = 0;  // scaled, > 0
  int64_t source = 0;
  int64_t dest = 0;
  std::optional<int64_t> lot_id;
  std::string state;
  std::string date;
  std::string origin_type;
  std::optional<int64_t> origin_id;
  std::optional<int64_t> origin_line_id;
  std::optional<int64_t> return_of_move_id;
  std::optional<int64_t> unit_cost;
  std::optional<int64_t> value;
};

// NotFound ("stock location", "warehouse", "stock move") for another company's or missing rows.
Result<Location> LoadLocation(store::Tx& tx, int64_t company_id, int64_t id);
Result<Warehouse> LoadWarehouse(store::Tx& tx, int64_t company_id, int64_t id);
Result<Move> LoadMove(store::Tx& tx, int64_t company_id, int64_t id);
// The company-wide location of a virtual kind (customer, supplier, inventory_loss, transit).
Result<int64_t> VirtualLocation(store::Tx& tx, int64_t company_id, const std::string& kind);

// "2.500000": quantities and unit costs travel as canonical decimal strings.
std::string Qty(int64_t scaled);
// The company currency (its code and minor units).
Result<Currency> CompanyCurrencyOf(store::Tx& tx, int64_t company_id);
// Minor units as a decimal string of `currency` ("80.00").
std::string MoneyText(int64_t minor, Currency currency);
// Today in the company's time zone.
Result<Date> Today(store::Tx& tx, const Clock& clock, int64_t company_id);

// Field readers for request bodies: a positive quantity (<= kMaxQuantity, at most 6
// decimals), a non-negative quantity, a non-negative unit cost. Errors recorded in `f`.
std::optional<int64_t> QuantityField(Fields& f, const std::string& name, bool required,
                                     bool allow_zero = false);
std::optional<int64_t> CostField(Fields& f, const std::string& name);

// Copies the field errors of `st` into `f` under `prefix` ("lines/0/"); other errors are
// returned as they are.
Status MergeErrors(Fields& f, const std::string& prefix, Status st);

}  // namespace concord::inventory
