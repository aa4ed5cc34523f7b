#include "inventory/transfer_doc.h"

#include "inventory/moves.h"
#include "store/row_json.h"
#include "store/sequence.h"

namespace concord::inventory {

const char* const kTransferColumns =
    "s.id, s.company_id, s.number, s.kind, s.state, s.warehouse_id, s.party_id, "
    "s.source_location_id, s.dest_location_id, s.date, s.done_date, s.origin_type, s.origin_id, "
    "s.origin_ref, s.backorder_of_id, s.return_of_id, s.note, s.created_by_user_id, s.version, "
    "s.created_at, s.updated_at";

namespace {

const char* KindCode(const std::string& kind) {
  if (kind == "receipt") return "IN";
  if (kind == "delivery") return "OUT";
  if (kind == "return") return "RET";
  return "INT";
}

}  // namespace

std::string ActionOf(const std::string& event_verb) {
  if (event_verb == "cancelled") return "cancel";
  if (event_verb.size() > 1 && event_verb.back() == 'd') {
    return event_verb.substr(0, event_verb.size() - 1);  // reserved -> reserve
  }
  return event_verb;
}

Result<int64_t> InsertTransfer(store::Tx& tx, const TransferHeader& h, int64_t user_id,
                               const Clock& clock) {
  ASSIGN_OR_RETURN(Warehouse wh, LoadWarehouse(tx, h.company_id, h.warehouse_id));
  std::string code = KindCode(h.kind);
  ASSIGN_OR_RETURN(
      std::string number,
      store::NextNumber(tx, h.company_id, "stock_transfer." + code + "." + std::to_string(wh.id),
                        wh.code + "/" + code + "/"));
  std::string now = clock.Now().ToIso();
  std::optional<int64_t> user;
  if (user_id > 0) user = user_id;
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO stock_transfers (company_id, number, kind, state, warehouse_id, "
                "party_id, source_location_id, dest_location_id, date, origin_type, origin_id, "
                "origin_ref, backorder_of_id, return_of_id, note, created_by_user_id, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                h.company_id, number, h.kind, h.state, h.warehouse_id, h.party_id, h.source, h.dest,
                h.date.ToString(), h.origin_type, h.origin_id, h.origin_ref, h.backorder_of_id,
                h.return_of_id, h.note, user, now, now));
  nlohmann::json changes = {
      {"number", {nullptr, number}}, {"kind", {nullptr, h.kind}}, {"state", {nullptr, h.state}}};
  if (h.backorder_of_id) changes["backorder_of_id"] = {nullptr, *h.backorder_of_id};
  if (h.return_of_id) changes["return_of_id"] = {nullptr, *h.return_of_id};
  tx.Audit({"stock_transfer", id, "create", changes, h.company_id});
  tx.Emit({"stock_transfer.created",
           "stock_transfer",
           id,
           {{"id", id},
            {"number", number},
            {"kind", h.kind},
            {"origin_type", h.origin_type},
            {"origin_id", h.origin_id ? nlohmann::json(*h.origin_id) : nlohmann::json()}},
           h.company_id});
  return id;
}

Result<Transfer> LoadTransfer(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row,
                   tx.One("SELECT id, company_id, number, kind, state, warehouse_id, "
                          "party_id, source_location_id, dest_location_id, date, "
                          "origin_type, origin_id, origin_ref, version, return_of_id, note FROM "
                          "stock_transfers WHERE id = ? AND company_id = ?",
                          id, company_id));
  if (!row) return NotFound("transfer");
  Transfer t;
  t.id = row->Int(0);
  t.company_id = row->Int(1);
  t.number = row->Text(2);
  t.kind = row->Text(3);
  t.state = row->Text(4);
  t.warehouse_id = row->Int(5);
  t.party_id = row->OptInt(6);
  t.source = row->Int(7);
  t.dest = row->Int(8);
  t.date = row->Text(9);
  t.origin_type = row->Text(10);
  t.origin_id = row->OptInt(11);
  t.origin_ref = row->Text(12);
  t.version = row->Int(13);
  t.return_of_id = row->OptInt(14);
  t.note = row->Text(15);
  return t;
}

Result<std::vector<int64_t>> MoveIdsOf(store::Tx& tx, int64_t company_id, int64_t transfer_id,
                                       const std::vector<std::string>& states) {
  std::string sql = "SELECT id FROM stock_moves WHERE company_id = ? AND transfer_id = ?";
  std::vector<store::Value> p = {company_id, transfer_id};
  if (!states.empty()) {
    sql += " AND state IN (";
    for (size_t i = 0; i < states.size(); ++i) {
      sql += i ? ", ?" : "?";
      p.emplace_back(states[i]);
    }
    sql += ")";
  }
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY id", p));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<std::string> RefreshState(store::Tx& tx, int64_t company_id, int64_t id, bool confirm,
                                 const Clock& clock) {
  ASSIGN_OR_RETURN(Transfer t, LoadTransfer(tx, company_id, id));
  if (t.state == kDraft && !confirm) return t.state;
  ASSIGN_OR_RETURN(auto counts, tx.Rows("SELECT state, COUNT(*) FROM stock_moves WHERE "
                                        "transfer_id = ? GROUP BY state",
                                        id));
  int64_t draft = 0, reserved = 0, done = 0;
  for (const auto& r : counts) {
    if (r.Text(0) == kDraft) draft = r.Int(1);
    if (r.Text(0) == kReserved) reserved = r.Int(1);
    if (r.Text(0) == kDone) done = r.Int(1);
  }
  std::string state = kCancelled;
  if (draft > 0) {
    state = kWaiting;
  } else if (reserved > 0) {
    state = kReady;
  } else if (done > 0) {
    state = kDone;
  }
  if (state != t.state) {
    RETURN_IF_ERROR(tx.Exec("UPDATE stock_transfers SET state = ?, version = version + 1, "
                            "updated_at = ? WHERE id = ?",
                            state, clock.Now().ToIso(), id)
                        .status());
  }
  return state;
}

Status Touch(store::Tx& tx, int64_t id, const Clock& clock) {
  return tx
      .Exec("UPDATE stock_transfers SET version = version + 1, updated_at = ? WHERE id = ?",
            clock.Now().ToIso(), id)
      .status();
}

void JournalVerb(store::Tx& tx, int64_t company_id, int64_t id, const std::string& verb,
                 const std::string& from_state, const std::string& to_state,
                 nlohmann::json payload) {
  nlohmann::json changes = nlohmann::json::object();
  if (from_state != to_state) changes["state"] = {from_state, to_state};
  tx.Audit({"stock_transfer", id, ActionOf(verb), changes, company_id});
  payload["id"] = id;
  payload["state"] = to_state;
  tx.Emit({"stock_transfer." + verb, "stock_transfer", id, payload, company_id});
}

nlohmann::json TransferRowJson(const store::Record& r) {
  nlohmann::json j = store::RowJson(r);
  if (j["origin_type"] == "") j["origin_type"] = nullptr;
  return j;
}

Result<nlohmann::json> TransferJson(store::Tx& tx, const catalog::Products& products,
                                    int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kTransferColumns +
                                        " FROM stock_transfers s WHERE s.id = ? AND "
                                        "s.company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("transfer");
  nlohmann::json out = TransferRowJson(*row);
  ASSIGN_OR_RETURN(Currency currency, CompanyCurrencyOf(tx, company_id));
  out["currency"] = std::string(currency.code());
  ASSIGN_OR_RETURN(auto moves, tx.Rows(std::string("SELECT ") + kMoveColumns + kMoveFrom +
                                           " WHERE m.transfer_id = ? ORDER BY m.id",
                                       id));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& m : moves) items.push_back(MoveJson(m, currency));
  RETURN_IF_ERROR(AddProductNames(tx, products, company_id, items));
  out["moves"] = std::move(items);
  for (const char* link : {"backorder_of_id", "return_of_id"}) {
    ASSIGN_OR_RETURN(auto linked, tx.Rows(std::string("SELECT id FROM stock_transfers WHERE ") +
                                              link + " = ? ORDER BY id",
                                          id));
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& r : linked) ids.push_back(r.Int(0));
    out[std::string(link) == "backorder_of_id" ? "backorder_ids" : "return_ids"] = ids;
  }
  return out;
}

}  // namespace concord::inventory
