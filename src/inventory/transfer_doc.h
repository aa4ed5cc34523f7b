// The transfer document shared by the API use cases (transfers.h) and the Stock interface:
// inserting a numbered transfer, loading it, deriving its state from its moves, and its JSON.
//
// Transfer states: draft (nothing reserved yet) -> waiting (confirmed, not all reserved) /
// ready (every open move reserved) -> done | cancelled. A done transfer keeps its done moves;
// what was not done went to a back order (a new transfer, backorder_of_id) or was cancelled.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/products.h"
#include "core/time.h"
#include "inventory/internal.h"
#include "store/tx.h"

namespace concord::inventory {

inline constexpr const char* kWaiting = "waiting";
inline constexpr const char* kReady = "ready";

struct TransferHeader {
  int64_t company_id = 0;
  std::string kind;  // receipt | delivery | return | internal
  int64_t warehouse_id = 0;
  std::optional<int64_t> party_id;
  int64_t source = 0;
  int64_t dest = 0;
  Date date;
  std::string origin_type;
  std::optional<int64_t> origin_id;
  std::string origin_ref;
  std::optional<int64_t> backorder_of_id;
  std::optional<int64_t> return_of_id;
  std::string note;
  std::string state = kDraft;
};

struct Transfer {
  int64_t id = 0;
  int64_t company_id = 0;
  std::string number;
  std::string kind;
  std::string state;
  int64_t warehouse_id = 0;
  std::optional<int64_t> party_id;
  int64_t source = 0;
  int64_t dest = 0;
  std::string date;
  std::string origin_type;
  std::optional<int64_t> origin_id;
  std::string origin_ref;
  std::optional<int64_t> return_of_id;
  std::string note;
  int64_t version = 0;
  bool open() const { return state == kDraft || state == kWaiting || state == kReady; }
};

// Inserts a numbered transfer ("WH/OUT/000001"); audited and published as created.
Result<int64_t> InsertTransfer(store::Tx& tx, const TransferHeader& h, int64_t user_id,
                               const Clock& clock);
// NotFound "transfer" for another company's or a missing one.
Result<Transfer> LoadTransfer(store::Tx& tx, int64_t company_id, int64_t id);
// The ids of the transfer's moves in `states` (all when empty), by id.
Result<std::vector<int64_t>> MoveIdsOf(store::Tx& tx, int64_t company_id, int64_t transfer_id,
                                       const std::vector<std::string>& states);

// Sets the state that the moves give a confirmed transfer (not draft, or `confirm`): done
// when none is open and one is done, cancelled when all are, ready when every open move is
// reserved, waiting otherwise. Bumps the version when it changes; returns the state.
Result<std::string> RefreshState(store::Tx& tx, int64_t company_id, int64_t id, bool confirm,
                                 const Clock& clock);
// Bumps the version (and updated_at) of a transfer changed by a verb.
Status Touch(store::Tx& tx, int64_t id, const Clock& clock);
// The audit action of an event verb: "reserved" -> "reserve", "cancelled" -> "cancel".
std::string ActionOf(const std::string& event_verb);
// Audit row and event of a transfer verb: action ActionOf(verb), event "stock_transfer.<verb>".
void JournalVerb(store::Tx& tx, int64_t company_id, int64_t id, const std::string& verb,
                 const std::string& from_state, const std::string& to_state,
                 nlohmann::json payload = nlohmann::json::object());

// The transfer with its moves (product sku and name, lot), back orders and returns.
Result<nlohmann::json> TransferJson(store::Tx& tx, const catalog::Products& products,
                                    int64_t company_id, int64_t id);
// The header columns of transfer rows (alias s).
extern const char* const kTransferColumns;
nlohmann::json TransferRowJson(const store::Record& r);

}  // namespace concord::inventory
