// Validating a transfer (done quantities per move, back order or not) and creating a customer
// return from a done delivery.
#include <map>

#include "inventory/transfers.h"

namespace concord::inventory {
namespace {

using nlohmann::json;

Status InvalidFields() {
  return Status(Code::kInvalidArgument, "validation.failed", "The request has invalid fields.");
}

void AddErrors(Status& errors, const std::string& prefix, const Status& st) {
  for (const auto& e : st.field_errors()) {
    errors.AddFieldError(e.field.empty() ? prefix.substr(0, prefix.size() - 1) : prefix + e.field,
                         e.code, e.message);
  }
}

bool Open(const Move& m) { return m.state == kDraft || m.state == kReserved; }

}  // namespace

Status Transfers::ReadPiece(store::Tx& tx, const Transfer& t, const json& line,
                            std::map<int64_t, int64_t>& totals, Piece& out) const {
  if (!line.is_object()) return InvalidField("", "type", "A line is an object.");
  Fields g(line);
  auto move_id = g.Int("move_id", true);
  auto qty = QuantityField(g, "quantity", true, true);
  auto lot_id = g.Int("lot_id");
  auto lot_name = g.Text("lot_name", {.max_chars = 100});
  auto expiry = g.Day("expiry_date");
  if (lot_id && lot_name) g.Error("lot_name", "conflict", "Give lot_id or lot_name, not both.");
  std::optional<Move> m;
  std::optional<catalog::ProductInfo> product;
  if (move_id) {
    auto loaded = LoadMove(tx, t.company_id, *move_id);
    if (!loaded.ok() || loaded->transfer_id != t.id || !Open(*loaded)) {
      g.Error("move_id", "not_found", "No open move of this transfer.");
    } else {
      m = *loaded;
      ASSIGN_OR_RETURN(product, stock_.products().Info(tx, t.company_id, m->product_id));
    }
  }
  if (m && qty && (totals[m->id] += *qty) > m->quantity) {
    g.Error("quantity", "inventory.over_quantity", "More than the move's quantity.");
  }
  bool tracked = product && product->tracking != "none" && m->product_kind == "stocked";
  if (product && (lot_id || lot_name) && !tracked) {
    g.Error(lot_id ? "lot_id" : "lot_name", "inventory.not_tracked", "The product has no lots.");
  } else if (product && lot_id && !Lots::Check(tx, t.company_id, *lot_id, product->id).ok()) {
    g.Error("lot_id", "not_found", "No such lot of this product.");
  }
  if (tracked && qty && *qty > 0) {
    ASSIGN_OR_RETURN(Location src, LoadLocation(tx, t.company_id, m->source));
    bool lot_given = m->lot_id || lot_id || lot_name;
    if (!src.internal() && !lot_given) {
      g.Error("lot_name", "inventory.lot_required", "The product needs a lot or serial number.");
    }
    if (product->tracking == "serial" && (lot_given || !src.internal()) && *qty != kOne) {
      g.Error("quantity", "inventory.serial_quantity", "One unit per serial number.");
    }
  }
  RETURN_IF_ERROR(g.Finish());
  if (lot_name) {
    ASSIGN_OR_RETURN(lot_id, lots_.FindOrCreate(tx, *product, *lot_name, expiry));
  }
  out = {*move_id, *qty, lot_id};
  return Status::Ok();
}

Result<std::vector<Transfers::Piece>> Transfers::ReadPieces(store::Tx& tx, const Transfer& t,
                                                            const json& lines) const {
  Status errors = InvalidFields();
  std::vector<Piece> out;
  std::map<int64_t, int64_t> totals;
  for (size_t i = 0; i < lines.size(); ++i) {
    Piece piece;
    Status st = ReadPiece(tx, t, lines[i], totals, piece);
    if (st.ok()) {
      out.push_back(piece);
    } else if (st.field_errors().empty()) {
      return st;
    } else {
      AddErrors(errors, "lines/" + std::to_string(i) + "/", st);
    }
  }
  if (!errors.field_errors().empty()) return errors;
  return out;
}

Result<std::optional<int64_t>> Transfers::DoPieces(store::Tx& tx, const Transfer& t,
                                                   int64_t move_id,
                                                   const std::vector<Piece>& pieces, Date date,
                                                   int64_t user_id) const {
  std::optional<int64_t> current = move_id;
  for (const auto& piece : pieces) {
    if (piece.quantity == 0) continue;
    if (!current) return Internal("validation pieces beyond the move's quantity");
    ASSIGN_OR_RETURN(Move m, LoadMove(tx, t.company_id, *current));
    std::optional<int64_t> rest;
    if (piece.quantity < m.quantity) {
      ASSIGN_OR_RETURN(rest, moves_.Split(tx, t.company_id, *current, piece.quantity));
    }
    if (piece.lot_id) RETURN_IF_ERROR(moves_.SetLot(tx, t.company_id, *current, piece.lot_id));
    RETURN_IF_ERROR(moves_.Complete(tx, t.company_id, *current, date, t.number, user_id));
    current = rest;
  }
  return current;
}

Result<std::map<int64_t, std::vector<Transfers::Piece>>> Transfers::PiecesOf(
    store::Tx& tx, const Transfer& t, const json* lines,
    const std::vector<int64_t>& open_ids) const {
  std::map<int64_t, std::vector<Piece>> pieces;
  int64_t total = 0;
  if (lines) {
    ASSIGN_OR_RETURN(auto read, ReadPieces(tx, t, *lines));
    for (const auto& p : read) {
      pieces[p.move_id].push_back(p);
      total += p.quantity;
    }
  } else {
    for (int64_t move_id : open_ids) {
      ASSIGN_OR_RETURN(Move m, LoadMove(tx, t.company_id, move_id));
      pieces[move_id].push_back({move_id, m.quantity, std::nullopt});
      total += m.quantity;
    }
  }
  if (total == 0) return FailedPrecondition("inventory.nothing_done", "No quantity is done.");
  return pieces;
}

Result<std::optional<int64_t>> Transfers::Backorder(store::Tx& tx, const Transfer& t,
                                                    const std::vector<int64_t>& leftovers,
                                                    bool no_backorder, int64_t user_id) const {
  if (leftovers.empty()) return std::optional<int64_t>();
  if (no_backorder) {
    for (int64_t move_id : leftovers) RETURN_IF_ERROR(moves_.Cancel(tx, t.company_id, move_id));
    return std::optional<int64_t>();
  }
  TransferHeader h{t.company_id, t.kind,         t.warehouse_id, t.party_id,  t.source,
                   t.dest,       Date(),         t.origin_type,  t.origin_id, t.origin_ref,
                   t.id,         t.return_of_id, t.note,         kWaiting};
  ASSIGN_OR_RETURN(h.date, Date::Parse(t.date));
  ASSIGN_OR_RETURN(int64_t backorder, InsertTransfer(tx, h, user_id, stock_.clock()));
  for (int64_t move_id : leftovers) {
    RETURN_IF_ERROR(
        tx.Exec("UPDATE stock_moves SET transfer_id = ? WHERE id = ?", backorder, move_id)
            .status());
  }
  RETURN_IF_ERROR(RefreshState(tx, t.company_id, backorder, true, stock_.clock()).status());
  return std::optional<int64_t>(backorder);
}

Result<json> Transfers::Validate(store::Tx& tx, const security::Access& who, int64_t id,
                                 const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.approve"));
  Fields f(body);
  const json* lines = f.Raw("lines");
  bool no_backorder = f.Bool("no_backorder").value_or(false);
  auto date = f.Day("date");
  if (lines && (!lines->is_array() || lines->empty() || lines->size() > 1000)) {
    f.Error("lines", "type", "lines is a list of 1 to 1000 lines.");
  }
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(Transfer t, LoadTransfer(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(t.version));
  if (!t.open()) {
    return FailedPrecondition("inventory.transfer_closed", "The transfer is " + t.state + ".");
  }
  if (t.kind == "delivery" && !t.origin_type.empty() && t.origin_id) {
    RETURN_IF_ERROR(stock_.CheckValidate(tx, t.company_id, t.origin_type, *t.origin_id));
  }
  if (!date) {
    ASSIGN_OR_RETURN(date, Today(tx, stock_.clock(), who.company_id()));
  }
  ASSIGN_OR_RETURN(auto open_ids, MoveIdsOf(tx, who.company_id(), id, {kDraft, kReserved}));
  ASSIGN_OR_RETURN(auto pieces, PiecesOf(tx, t, lines, open_ids));
  std::vector<int64_t> leftovers;
  for (int64_t move_id : open_ids) {
    std::optional<int64_t> left = move_id;
    if (auto it = pieces.find(move_id); it != pieces.end()) {
      ASSIGN_OR_RETURN(left, DoPieces(tx, t, move_id, it->second, *date, who.user_id()));
    }
    if (left) leftovers.push_back(*left);
  }
  ASSIGN_OR_RETURN(auto backorder, Backorder(tx, t, leftovers, no_backorder, who.user_id()));
  RETURN_IF_ERROR(tx.Exec("UPDATE stock_transfers SET state = 'done', done_date = ?, version = "
                          "version + 1, updated_at = ? WHERE id = ?",
                          date->ToString(), stock_.clock().Now().ToIso(), id)
                      .status());
  json payload = {{"number", t.number}, {"backorder_id", backorder ? json(*backorder) : json()}};
  JournalVerb(tx, who.company_id(), id, "validated", t.state, kDone, payload);
  return TransferJson(tx, stock_.products(), who.company_id(), id);
}

Result<std::vector<std::pair<Move, int64_t>>> Transfers::ReadReturnLines(store::Tx& tx,
                                                                         const Transfer& t,
                                                                         const json& lines) const {
  Status errors = InvalidFields();
  std::vector<std::pair<Move, int64_t>> back;
  std::map<int64_t, int64_t> pending;  // move -> quantity asked back by this request
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string at = "lines/" + std::to_string(i) + "/";
    if (!lines[i].is_object()) {
      errors.AddFieldError("lines/" + std::to_string(i), "type", "A line is an object.");
      continue;
    }
    Fields g(lines[i]);
    auto move_id = g.Int("move_id", true);
    auto qty = QuantityField(g, "quantity", true);
    auto m = move_id ? LoadMove(tx, t.company_id, *move_id) : Result<Move>(NotFound("move"));
    if (move_id && (!m.ok() || m->transfer_id != t.id || m->state != kDone)) {
      g.Error("move_id", "not_found", "No done move of this delivery.");
    } else if (m.ok() && qty) {
      ASSIGN_OR_RETURN(auto prior, tx.One("SELECT COALESCE(SUM(quantity), 0) FROM stock_moves "
                                          "WHERE return_of_move_id = ? AND state <> 'cancelled'",
                                          m->id));
      int64_t left = m->quantity - prior->Int(0);
      if ((pending[m->id] += *qty) > left) {
        g.Error("quantity", "inventory.return_exceeds",
                "At most " + Qty(left) + " of this move can come back.");
      } else {
        back.emplace_back(*m, *qty);
      }
    }
    Status st = g.Finish();
    if (!st.ok()) AddErrors(errors, at, st);
  }
  if (!errors.field_errors().empty()) return errors;
  return back;
}

Result<json> Transfers::CreateReturn(store::Tx& tx, const security::Access& who, int64_t id,
                                     const json& body) const {
  RETURN_IF_ERROR(who.Require("inventory.transfer.create"));
  Fields f(body);
  const json* lines = f.Raw("lines");
  auto date = f.Day("date");
  auto note = f.Text("note", {.max_chars = 2000, .allow_empty = true});
  if (!lines || !lines->is_array() || lines->empty() || lines->size() > 500) {
    f.Error("lines", "type", "lines is a list of 1 to 500 lines.");
  }
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(Transfer t, LoadTransfer(tx, who.company_id(), id));
  if (t.kind != "delivery" || t.state != kDone) {
    return FailedPrecondition("inventory.not_returnable",
                              "Only a done delivery takes customer returns.");
  }
  ASSIGN_OR_RETURN(auto back, ReadReturnLines(tx, t, *lines));
  ASSIGN_OR_RETURN(Warehouse wh, LoadWarehouse(tx, who.company_id(), t.warehouse_id));
  TransferHeader h{who.company_id(),     "return", t.warehouse_id,    t.party_id,  t.dest,
                   wh.stock_location_id, Date(),   t.origin_type,     t.origin_id, t.origin_ref,
                   std::nullopt,         t.id,     note.value_or(""), kDraft};
  if (date) {
    h.date = *date;
  } else {
    ASSIGN_OR_RETURN(h.date, Today(tx, stock_.clock(), who.company_id()));
  }
  ASSIGN_OR_RETURN(int64_t ret, InsertTransfer(tx, h, who.user_id(), stock_.clock()));
  for (const auto& [orig, qty] : back) {
    NewMove m{who.company_id(),    ret,     std::nullopt,     orig.product_id,
              orig.product_kind,   qty,     orig.dest,        orig.source,
              orig.lot_id,         h.date,  orig.origin_type, orig.origin_id,
              orig.origin_line_id, orig.id, std::nullopt,     kDraft};
    RETURN_IF_ERROR(moves_.Create(tx, m).status());
  }
  return TransferJson(tx, stock_.products(), who.company_id(), ret);
}

}  // namespace concord::inventory
