// Transfers (pickings) through the API: create receipts, deliveries and internal transfers,
// reserve and release stock, validate with partial quantities (back order or not), cancel,
// and create customer returns from a done delivery. Permissions inventory.transfer.*: read,
// create (documents and returns), update (reserve, unreserve, cancel), approve (validate).
//
// Thread-safety: stateless apart from its references; every method runs in the caller's Tx.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "http/list_sort.h"
#include "inventory/locations.h"
#include "inventory/lots.h"
#include "inventory/moves.h"
#include "inventory/stock.h"
#include "inventory/transfer_doc.h"
#include "security/access.h"

namespace concord::inventory {

struct TransferFilter {
  std::string kind, state, origin_type;
  std::optional<int64_t> origin_id, party_id, warehouse_id;
};

// A line that cannot be reserved in full: its quantity and what is free for it.
struct Shortfall {
  int64_t move_id = 0;
  int64_t origin_line_id = 0;
  int64_t product_id = 0;
  int64_t requested = 0;
  int64_t available = 0;
};

class Transfers {
 public:
  explicit Transfers(const Stock& stock)
      : stock_(stock), moves_(stock), lots_(stock.clock(), stock.products()) {}

  // What List sorts by: date (the done date, else the planned one), number.
  static const http::SortSpec kSorts;
  // One page of transfers: {"items", "next_cursor"}.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, const TransferFilter& f,
                              const http::ListPage& page) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // {kind, warehouse_id?, party_id?, date?, origin_ref?, note?, source_location_id?,
  //  dest_location_id?, lines: [{product_id, quantity, uom_id?, lot_id? | lot_name?,
  //  expiry_date?, unit_cost? (receipts)}]} -> a draft transfer.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // {allow_partial?: true}: reserves what it can (or all, else 409 "stock.insufficient").
  Result<nlohmann::json> Reserve(store::Tx& tx, const security::Access& who, int64_t id,
                                 const nlohmann::json& body, const VersionCheck& check) const;
  Result<nlohmann::json> Unreserve(store::Tx& tx, const security::Access& who, int64_t id,
                                   const VersionCheck& check) const;
  // {lines?: [{move_id, quantity, lot_id? | lot_name?, expiry_date?}], no_backorder?, date?}
  Result<nlohmann::json> Validate(store::Tx& tx, const security::Access& who, int64_t id,
                                  const nlohmann::json& body, const VersionCheck& check) const;
  Result<nlohmann::json> Cancel(store::Tx& tx, const security::Access& who, int64_t id,
                                const VersionCheck& check) const;
  // {lines: [{move_id, quantity}], date?, note?} on a done delivery -> a draft return.
  Result<nlohmann::json> CreateReturn(store::Tx& tx, const security::Access& who, int64_t id,
                                      const nlohmann::json& body) const;

  // Shared with Stock. The open moves' shortfalls if everything were reserved now (nothing
  // written); then reserving: all of it or what can be (allow_partial), confirming the
  // transfer (waiting / ready).
  Result<std::vector<Shortfall>> Shortfalls(store::Tx& tx, int64_t company_id, int64_t id) const;
  Result<std::string> ReserveAll(store::Tx& tx, int64_t company_id, int64_t id,
                                 bool allow_partial) const;
  // Cancels the open moves and the transfer; returns the previous state.
  Result<std::string> CancelAll(store::Tx& tx, int64_t company_id, int64_t id) const;

  const Moves& moves() const { return moves_; }

 private:
  struct Piece {
    int64_t move_id = 0;
    int64_t quantity = 0;
    std::optional<int64_t> lot_id;
  };
  Status ReadPiece(store::Tx& tx, const Transfer& t, const nlohmann::json& line,
                   std::map<int64_t, int64_t>& totals, Piece& out) const;
  Result<std::vector<Piece>> ReadPieces(store::Tx& tx, const Transfer& t,
                                        const nlohmann::json& lines) const;
  // The done pieces per move: from `lines`, or every open move in full.
  Result<std::map<int64_t, std::vector<Piece>>> PiecesOf(
      store::Tx& tx, const Transfer& t, const nlohmann::json* lines,
      const std::vector<int64_t>& open_ids) const;
  // The moves left open go to a new back order transfer (returned) or are cancelled.
  Result<std::optional<int64_t>> Backorder(store::Tx& tx, const Transfer& t,
                                           const std::vector<int64_t>& leftovers, bool no_backorder,
                                           int64_t user_id) const;
  Result<std::vector<std::pair<Move, int64_t>>> ReadReturnLines(store::Tx& tx, const Transfer& t,
                                                                const nlohmann::json& lines) const;
  Result<std::optional<int64_t>> DoPieces(store::Tx& tx, const Transfer& t, int64_t move_id,
                                          const std::vector<Piece>& pieces, Date date,
                                          int64_t user_id) const;
  Status ReadLine(store::Tx& tx, const security::Access& who, const TransferHeader& h,
                  const nlohmann::json& line, NewMove& m) const;
  Status ResolveLocations(store::Tx& tx, const security::Access& who, Fields& f,
                          TransferHeader& h) const;

  const Stock& stock_;
  Moves moves_;
  Lots lots_;
};

}  // namespace concord::inventory
