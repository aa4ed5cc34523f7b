#include "inventory/counts.h"

#include <set>

#include "inventory/transfer_doc.h"
#include "store/row_json.h"
#include "store/sequence.h"

namespace concord::inventory {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "id, company_id, number, location_id, state, date, note, created_by_user_id, "
    "validated_by_user_id, validated_at, version, created_at, updated_at";

Status InvalidFields() {
  return Status(Code::kInvalidArgument, "validation.failed", "The request has invalid fields.");
}

struct CountRow {
  int64_t location_id = 0;
  std::string number, state, date;
  int64_t version = 0;
};

Result<CountRow> LoadCount(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT location_id, number, state, date, version FROM "
                                    "inventory_counts WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("inventory count");
  return CountRow{row->Int(0), row->Text(1), row->Text(2), row->Text(3), row->Int(4)};
}

Status RequireDraft(const CountRow& c) {
  if (c.state == kDraft) return Status::Ok();
  return FailedPrecondition("inventory.count_closed", "The count is " + c.state + ".");
}

void JournalCount(store::Tx& tx, int64_t company_id, int64_t id, const std::string& verb,
                  json changes) {
  tx.Audit({"inventory_count", id, ActionOf(verb), std::move(changes), company_id});
  tx.Emit({"inventory_count." + verb, "inventory_count", id, {{"id", id}}, company_id});
}

}  // namespace

Status Counts::ReadLine(store::Tx& tx, const security::Access& who, const json& line,
                        Line& out) const {
  if (!line.is_object()) return InvalidField("", "type", "A line is an object.");
  Fields g(line);
  auto product_id = g.Int("product_id", true);
  auto counted = QuantityField(g, "counted", true, true);
  auto lot_id = g.Int("lot_id");
  auto lot_name = g.Text("lot_name", {.max_chars = 100});
  auto expiry = g.Day("expiry_date");
  std::optional<catalog::ProductInfo> product;
  if (product_id) {
    auto p = stock_.products().Info(tx, who.company_id(), *product_id);
    if (!p.ok()) {
      g.Error("product_id", "not_found", "No such product.");
    } else if (p->kind != "stocked") {
      g.Error("product_id", "inventory.not_stocked", "Only stocked products are counted.");
    } else {
      product = *p;
    }
  }
  bool tracked = product && product->tracking != "none";
  if (tracked && !lot_id && !lot_name) {
    g.Error("lot_name", "inventory.lot_required", "Count a tracked product per lot.");
  } else if (product && !tracked && (lot_id || lot_name)) {
    g.Error(lot_id ? "lot_id" : "lot_name", "inventory.not_tracked", "The product has no lots.");
  } else if (product && lot_id && !Lots::Check(tx, who.company_id(), *lot_id, product->id).ok()) {
    g.Error("lot_id", "not_found", "No such lot of this product.");
  }
  if (product && product->tracking == "serial" && counted && *counted > kOne) {
    g.Error("counted", "inventory.serial_quantity", "A serial number is 0 or 1 unit.");
  }
  RETURN_IF_ERROR(g.Finish());
  if (lot_name) {
    ASSIGN_OR_RETURN(lot_id, lots_.FindOrCreate(tx, *product, *lot_name, expiry));
  }
  out = {*product_id, lot_id, *counted};
  return Status::Ok();
}

Result<std::vector<Counts::Line>> Counts::ReadLines(store::Tx& tx, const security::Access& who,
                                                    const json* lines) const {
  if (!lines || !lines->is_array() || lines->empty() || lines->size() > 1000) {
    return InvalidField("lines", "type", "lines is a list of 1 to 1000 lines.");
  }
  Status errors = InvalidFields();
  std::vector<Line> out;
  std::set<std::pair<int64_t, int64_t>> seen;
  for (size_t i = 0; i < lines->size(); ++i) {
    std::string at = "lines/" + std::to_string(i);
    Line line;
    Status st = ReadLine(tx, who, (*lines)[i], line);
    if (!st.ok() && st.field_errors().empty()) return st;
    for (const auto& e : st.field_errors()) {
      errors.AddFieldError(e.field.empty() ? at : at + "/" + e.field, e.code, e.message);
    }
    if (!st.ok()) continue;
    if (!seen.insert({line.product_id, line.lot_id.value_or(0)}).second) {
      errors.AddFieldError(at + "/product_id", "duplicate",
                           "This product and lot is counted twice.");
      continue;
    }
    out.push_back(line);
  }
  if (!errors.field_errors().empty()) return errors;
  return out;
}

Status Counts::WriteLines(store::Tx& tx, int64_t company_id, int64_t count_id,
                          const std::vector<Line>& lines) const {
  RETURN_IF_ERROR(
      tx.Exec("DELETE FROM inventory_count_lines WHERE count_id = ?", count_id).status());
  for (size_t i = 0; i < lines.size(); ++i) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO inventory_count_lines (company_id, count_id, line_no, "
                            "product_id, lot_id, counted) VALUES (?, ?, ?, ?, ?, ?)",
                            company_id, count_id, static_cast<int64_t>(i + 1), lines[i].product_id,
                            lines[i].lot_id, lines[i].counted)
                        .status());
  }
  return Status::Ok();
}

Result<json> Counts::CountJson(store::Tx& tx, int64_t company_id, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kColumns +
                                        " FROM inventory_counts WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("inventory count");
  json out = store::RowJson(*row);
  ASSIGN_OR_RETURN(auto lines, tx.Rows("SELECT c.id, c.line_no, c.product_id, c.lot_id, t.name "
                                       "AS lot_name, c.counted, c.expected, c.difference, "
                                       "c.move_id FROM inventory_count_lines c LEFT JOIN "
                                       "stock_lots t ON t.id = c.lot_id WHERE c.count_id = ? "
                                       "ORDER BY c.line_no",
                                       id));
  json items = json::array();
  for (const auto& l : lines) {
    json j = store::RowJson(l);
    j["counted"] = Qty(l.Int("counted"));
    j["expected"] = l.IsNull("expected") ? json() : json(Qty(l.Int("expected")));
    j["difference"] = l.IsNull("difference") ? json() : json(Qty(l.Int("difference")));
    items.push_back(std::move(j));
  }
  RETURN_IF_ERROR(AddProductNames(tx, stock_.products(), company_id, items));
  out["lines"] = std::move(items);
  return out;
}

Result<json> Counts::List(store::Tx& tx, const security::Access& who, const std::string& state,
                          std::optional<int64_t> location_id, int64_t limit, int64_t after) const {
  RETURN_IF_ERROR(who.Require("inventory.count.read"));
  std::string sql =
      std::string("SELECT ") + kColumns + " FROM inventory_counts WHERE company_id = ? AND id > ?";
  std::vector<store::Value> p = {who.company_id(), after};
  if (!state.empty()) {
    sql += " AND state = ?";
    p.emplace_back(state);
  }
  if (location_id) {
    sql += " AND location_id = ?";
    p.emplace_back(*location_id);
  }
  p.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY id LIMIT ?", p));
  json items = json::array();
  for (const auto& r : rows) items.push_back(store::RowJson(r));
  return items;
}

Result<json> Counts::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("inventory.count.read"));
  return CountJson(tx, who.company_id(), id);
}

Result<json> Counts::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("inventory.count.create"));
  Fields f(body);
  auto location_id = f.Int("location_id", true);
  auto date = f.Day("date");
  auto note = f.Text("note", {.max_chars = 2000, .allow_empty = true});
  const json* lines = f.Raw("lines");
  if (location_id) {
    auto loc = LoadLocation(tx, who.company_id(), *location_id);
    if (!loc.ok() || !loc->internal() || !loc->active) {
      f.Error("location_id", "not_found", "No such active internal location.");
    }
  }
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto read, ReadLines(tx, who, lines));
  if (!date) {
    ASSIGN_OR_RETURN(date, Today(tx, stock_.clock(), who.company_id()));
  }
  ASSIGN_OR_RETURN(std::string number,
                   store::NextNumber(tx, who.company_id(), "inventory_count", "CNT-"));
  std::string now = stock_.clock().Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO inventory_counts (company_id, number, "
                                         "location_id, state, date, note, created_by_user_id, "
                                         "created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, "
                                         "?, ?, ?, ?) RETURNING id",
                                         who.company_id(), number, *location_id, date->ToString(),
                                         note.value_or(""), who.user_id(), now, now));
  RETURN_IF_ERROR(WriteLines(tx, who.company_id(), id, read));
  JournalCount(tx, who.company_id(), id, "created",
               {{"number", {nullptr, number}}, {"state", {nullptr, kDraft}}});
  return CountJson(tx, who.company_id(), id);
}

Result<json> Counts::Update(store::Tx& tx, const security::Access& who, int64_t id,
                            const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("inventory.count.create"));
  ASSIGN_OR_RETURN(CountRow c, LoadCount(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(c.version));
  RETURN_IF_ERROR(RequireDraft(c));
  Fields f(body);
  f.Ignore("version");
  auto note = f.Text("note", {.max_chars = 2000, .allow_empty = true});
  const json* lines = f.Raw("lines");
  RETURN_IF_ERROR(f.Finish());
  json changes = json::object();
  if (lines) {
    ASSIGN_OR_RETURN(auto read, ReadLines(tx, who, lines));
    RETURN_IF_ERROR(WriteLines(tx, who.company_id(), id, read));
    changes["lines"] = {nullptr, static_cast<int64_t>(read.size())};
  }
  if (note) {
    RETURN_IF_ERROR(
        tx.Exec("UPDATE inventory_counts SET note = ? WHERE id = ?", *note, id).status());
    changes["note"] = {nullptr, *note};
  }
  RETURN_IF_ERROR(tx.Exec("UPDATE inventory_counts SET version = version + 1, updated_at = ? "
                          "WHERE id = ?",
                          stock_.clock().Now().ToIso(), id)
                      .status());
  JournalCount(tx, who.company_id(), id, "updated", changes);
  return CountJson(tx, who.company_id(), id);
}

Status Counts::ApplyLine(store::Tx& tx, const security::Access& who, int64_t count_id,
                         int64_t location_id, const std::string& number, Date date, int64_t loss,
                         const store::Record& l) const {
  std::optional<int64_t> lot = l.OptInt("lot_id");
  ASSIGN_OR_RETURN(auto q,
                   tx.One("SELECT quantity, reserved FROM stock_quants WHERE company_id = "
                          "? AND product_id = ? AND location_id = ? AND lot_id = ?",
                          who.company_id(), l.Int("product_id"), location_id, lot.value_or(0)));
  int64_t on_hand = q ? q->Int(0) : 0, reserved = q ? q->Int(1) : 0;
  int64_t counted = l.Int("counted"), diff = counted - on_hand;
  if (counted < reserved) {
    return FailedPrecondition("inventory.count_below_reserved",
                              "A count is below the reserved quantity " + Qty(reserved) +
                                  ": release the reservations first.");
  }
  std::optional<int64_t> move_id;
  if (diff != 0) {
    NewMove m{who.company_id(),
              std::nullopt,
              count_id,
              l.Int("product_id"),
              "stocked",
              diff < 0 ? -diff : diff,
              diff < 0 ? location_id : loss,
              diff < 0 ? loss : location_id,
              lot,
              date};
    ASSIGN_OR_RETURN(move_id, moves_.Create(tx, m));
    RETURN_IF_ERROR(moves_.ReserveExact(tx, who.company_id(), *move_id));
    RETURN_IF_ERROR(moves_.Finish(tx, who.company_id(), *move_id, date, number, who.user_id()));
  }
  return tx
      .Exec(
          "UPDATE inventory_count_lines SET expected = ?, difference = ?, move_id = ? WHERE "
          "id = ?",
          on_hand, diff, move_id, l.Int("id"))
      .status();
}

Result<json> Counts::Validate(store::Tx& tx, const security::Access& who, int64_t id,
                              const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("inventory.count.approve"));
  ASSIGN_OR_RETURN(CountRow c, LoadCount(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(c.version));
  RETURN_IF_ERROR(RequireDraft(c));
  ASSIGN_OR_RETURN(int64_t loss, VirtualLocation(tx, who.company_id(), kInventoryLoss));
  ASSIGN_OR_RETURN(Date date, Date::Parse(c.date));
  ASSIGN_OR_RETURN(auto lines, tx.Rows("SELECT id, product_id, lot_id, counted FROM "
                                       "inventory_count_lines WHERE count_id = ? ORDER BY line_no",
                                       id));
  for (const auto& l : lines) {
    RETURN_IF_ERROR(ApplyLine(tx, who, id, c.location_id, c.number, date, loss, l));
  }
  std::string now = stock_.clock().Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE inventory_counts SET state = 'done', validated_by_user_id = ?, "
                          "validated_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
                          who.user_id(), now, now, id)
                      .status());
  JournalCount(tx, who.company_id(), id, "validated", {{"state", {kDraft, kDone}}});
  return CountJson(tx, who.company_id(), id);
}

Result<json> Counts::Cancel(store::Tx& tx, const security::Access& who, int64_t id,
                            const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("inventory.count.create"));
  ASSIGN_OR_RETURN(CountRow c, LoadCount(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(c.version));
  RETURN_IF_ERROR(RequireDraft(c));
  RETURN_IF_ERROR(tx.Exec("UPDATE inventory_counts SET state = 'cancelled', version = version + "
                          "1, updated_at = ? WHERE id = ?",
                          stock_.clock().Now().ToIso(), id)
                      .status());
  JournalCount(tx, who.company_id(), id, "cancelled", {{"state", {kDraft, kCancelled}}});
  return CountJson(tx, who.company_id(), id);
}

}  // namespace concord::inventory
