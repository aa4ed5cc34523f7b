// The move engine: creating, reserving, splitting, finishing and cancelling stock moves. Every
// document of the area (transfers, counts) and the Stock interface move stock only through it.
//
// A move carries a quantity (> 0, scale 6, product uom) of one product from a source to a
// destination location, optionally of one lot, and goes draft -> reserved -> done, or
// cancelled. Reserving a stocked product's move out of an internal location takes free stock
// under its source, one quant at a time (lots expiring first), and splits the move so that
// each part names the concrete location and lot it was reserved on. Finishing a reserved move
// updates the quants, values and posts it (valuation.h) and tells the done listeners.
//
// Thread-safety: stateless apart from its references; every method runs in the caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "inventory/internal.h"
#include "inventory/quants.h"
#include "inventory/stock.h"
#include "inventory/valuation.h"

namespace concord::inventory {

struct NewMove {
  int64_t company_id = 0;
  std::optional<int64_t> transfer_id;
  std::optional<int64_t> count_id;
  int64_t product_id = 0;
  std::string product_kind;  // stocked | consumable
  int64_t quantity = 0;
  int64_t source = 0;
  int64_t dest = 0;
  std::optional<int64_t> lot_id;
  Date date;
  std::string origin_type;
  std::optional<int64_t> origin_id;
  std::optional<int64_t> origin_line_id;
  std::optional<int64_t> return_of_move_id;
  std::optional<int64_t> unit_cost;
  std::string state = kDraft;
};

struct Reservation {
  std::vector<int64_t> reserved_ids;  // the move and the parts split off it, all reserved
  int64_t reserved = 0;
  int64_t shortfall = 0;              // left in a draft part (allow_partial)
  std::optional<int64_t> waiting_id;  // that draft part
};

class Moves {
 public:
  explicit Moves(const Stock& stock) : stock_(stock), valuation_(stock.clock(), stock.ledger()) {}

  Result<int64_t> Create(store::Tx& tx, const NewMove& m) const;

  // Reserves draft move `id` (see above). Moves of consumables and moves whose source is not
  // internal are reserved as they are. What finds no stock stays in a draft part when
  // `allow_partial`; otherwise nothing is written and the answer is FailedPrecondition
  // "stock.insufficient".
  Result<Reservation> Reserve(store::Tx& tx, int64_t company_id, int64_t id,
                              bool allow_partial) const;
  // Reserves draft move `id` on exactly its source location and lot (no other location or
  // lot), all of it or nothing (FailedPrecondition "stock.insufficient"). Counts use it.
  Status ReserveExact(store::Tx& tx, int64_t company_id, int64_t id) const;
  // The quantity of draft move `m` that Reserve could reserve now.
  Result<int64_t> Reservable(store::Tx& tx, const Move& m) const;
  // Back to draft, its reservation released.
  Status Unreserve(store::Tx& tx, int64_t company_id, int64_t id) const;
  // The move keeps `keep` (0 < keep < quantity); a new move in the same state, locations and
  // lot takes the rest (a reservation stays with both parts). Returns the new move's id.
  Result<int64_t> Split(store::Tx& tx, int64_t company_id, int64_t id, int64_t keep) const;
  // Sets the lot of an open move, releasing a reservation made on another lot.
  Status SetLot(store::Tx& tx, int64_t company_id, int64_t id, std::optional<int64_t> lot) const;
  // Makes reserved move `id` done on `date`; `ref` names the document in the posting.
  // FailedPrecondition: "inventory.lot_required", "inventory.serial_quantity"; Conflict
  // "inventory.serial_in_stock" when a serial number would be in stock twice.
  Status Finish(store::Tx& tx, int64_t company_id, int64_t id, Date date, const std::string& ref,
                int64_t user_id) const;
  // Reserves an open move entirely (if it is not) and finishes it and every part it split into.
  Status Complete(store::Tx& tx, int64_t company_id, int64_t id, Date date, const std::string& ref,
                  int64_t user_id) const;
  // Cancels an open move, releasing its reservation.
  Status Cancel(store::Tx& tx, int64_t company_id, int64_t id) const;

  const Valuation& valuation() const { return valuation_; }

 private:
  struct Plan {
    std::vector<FreeQuant> takes;  // free is the quantity taken
    int64_t shortfall = 0;
  };
  Result<Plan> PlanReservation(store::Tx& tx, const Move& m) const;
  // A new move like `m` (same transfer, product, destination, origin) with its own quantity,
  // source, lot and state.
  Result<int64_t> CreatePart(store::Tx& tx, const Move& m, int64_t quantity, int64_t source,
                             std::optional<int64_t> lot, const std::string& state) const;
  Status Notify(store::Tx& tx, const Move& m, Date date, int64_t value) const;

  const Stock& stock_;
  Valuation valuation_;
};

// The JSON of a move as transfers and the moves list show it (lot name, decimal strings);
// the row is read with kMoveColumns FROM kMoveFrom.
nlohmann::json MoveJson(const store::Record& r, Currency currency);
extern const char* const kMoveColumns;
extern const char* const kMoveFrom;  // stock_moves m LEFT JOIN stock_lots t

// Adds "sku" and "product_name" to every item with a "product_id" (one catalog read).
Status AddProductNames(store::Tx& tx, const catalog::Products& products, int64_t company_id,
                       nlohmann::json& items);

}  // namespace concord::inventory
