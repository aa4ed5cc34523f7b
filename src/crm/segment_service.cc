#include "crm/segment_service.h"

#include "core/json_input.h"
#include "party/ownership.h"

namespace concord::crm {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "SELECT t.id, t.company_id, t.name, t.filter, t.owner_user_id, t.department_id, t.version, "
    "t.created_at FROM segments t ";

json SegmentJson(const store::Record& r) {
  auto opt = [&](const char* c) { return r.IsNull(c) ? json() : json(r.Int(c)); };
  json filter = json::parse(r.Text("filter"), nullptr, false);
  return {{"id", r.Int("id")},
          {"name", r.Text("name")},
          {"filter", filter.is_discarded() ? json::object() : filter},
          {"owner_user_id", opt("owner_user_id")},
          {"department_id", opt("department_id")},
          {"version", r.Int("version")},
          {"created_at", r.Text("created_at")}};
}

// The row of a segment the caller may see under `permission` (and read).
Result<store::Record> Load(store::Tx& tx, const security::Access& who, int64_t id,
                           const char* permission) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kColumns) + "WHERE t.id = ?", id));
  if (!row) return NotFound("segment");
  security::Ownership owner{row->Int("company_id"), row->OptInt("owner_user_id"),
                            row->OptInt("department_id")};
  RETURN_IF_ERROR(who.CheckRecord("crm.segment.read", owner, "segment"));
  RETURN_IF_ERROR(who.CheckRecord(permission, owner, "segment"));
  return std::move(*row);
}

// Validates the "filter" member: a JSON object in the PartyFilter shape. Returns its normalised
// text, or nullopt after recording the errors in `f`.
std::optional<std::string> ReadFilter(Fields& f, bool required) {
  const json* raw = f.Raw("filter");
  if (!raw) {
    if (required) f.Error("filter", "required", "filter is required.");
    return std::nullopt;
  }
  if (!raw->is_object()) {
    f.Error("filter", "type", "filter must be an object (a party filter).");
    return std::nullopt;
  }
  auto parsed = party::ParseFilter(*raw);
  if (!parsed.ok()) {
    const Status& st = parsed.status();
    for (const auto& e : st.field_errors()) f.Error("filter/" + e.field, e.code, e.message);
    if (st.field_errors().empty()) f.Error("filter", st.message_id(), st.message());
    return std::nullopt;
  }
  return party::FilterJson(*parsed).dump();
}

Status NameFree(store::Tx& tx, int64_t company, const std::string& name, int64_t except) {
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT 1 FROM segments WHERE company_id = ? AND name = ? AND "
                                    "id <> ?",
                                    company, name, except));
  if (dup) return Conflict("segment.name_taken", "A segment named " + name + " exists.");
  return Status::Ok();
}

Result<party::Owner> Owner(store::Tx& tx, const security::Access& who, Fields& f,
                           const char* permission, party::Owner current) {
  if (!f.Has("owner_user_id")) return current;
  auto requested = f.Int("owner_user_id", true);
  if (!requested) return current;
  auto owner = party::ResolveOwner(tx, who, permission, requested);
  if (owner.ok()) return *owner;
  if (owner.status().field_errors().empty()) return owner.status();
  for (const auto& e : owner.status().field_errors()) f.Error(e.field, e.code, e.message);
  return current;
}

json AuditView(json s) {
  s.erase("version");
  return s;
}

}  // namespace

Result<json> Segments::List(store::Tx& tx, const security::Access& who, int64_t limit,
                            int64_t after) const {
  security::SqlFilter v = who.Visible("crm.segment.read", {}, "t.");
  std::vector<store::Value> params = v.params;
  params.emplace_back(after);
  params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(std::string(kColumns) + "WHERE " + v.sql +
                                           " AND t.id > ? ORDER BY t.id LIMIT ?",
                                       params));
  json items = json::array();
  for (const auto& r : rows) items.push_back(SegmentJson(r));
  return items;
}

Result<json> Segments::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, "crm.segment.read"));
  return SegmentJson(row);
}

Result<json> Segments::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  Fields f(body);
  auto name = f.Text("name", {.required = true, .max_chars = 120});
  auto filter = ReadFilter(f, true);
  party::Owner self;
  if (!f.Has("owner_user_id")) {
    ASSIGN_OR_RETURN(self, party::ResolveOwner(tx, who, "crm.segment.create", std::nullopt));
  }
  ASSIGN_OR_RETURN(party::Owner owner, Owner(tx, who, f, "crm.segment.create", self));
  RETURN_IF_ERROR(f.Finish());
  RETURN_IF_ERROR(NameFree(tx, who.company_id(), *name, 0));
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO segments (company_id, name, filter, "
                                         "owner_user_id, department_id, created_at) VALUES (?, ?, "
                                         "?, ?, ?, ?) RETURNING id",
                                         who.company_id(), *name, *filter, owner.user_id,
                                         owner.department_id, clock_.Now().ToIso()));
  ASSIGN_OR_RETURN(json out, Get(tx, who, id));
  tx.Audit({"segment", id, "create", store::Changes(json::object(), AuditView(out))});
  tx.Emit({"segment.created", "segment", id, out});
  return out;
}

Result<json> Segments::Update(store::Tx& tx, const security::Access& who, int64_t id,
                              const json& body, const party::VersionCheck& check) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, "crm.segment.update"));
  json before = SegmentJson(row);
  int64_t version = row.Int("version");
  RETURN_IF_ERROR(check(version));
  Fields f(body);
  f.Ignore("version");
  auto name = f.Text("name", {.required = f.Has("name"), .max_chars = 120});
  auto filter = ReadFilter(f, false);
  ASSIGN_OR_RETURN(party::Owner owner,
                   Owner(tx, who, f, "crm.segment.update",
                         {row.OptInt("owner_user_id"), row.OptInt("department_id")}));
  RETURN_IF_ERROR(f.Finish());
  if (name) RETURN_IF_ERROR(NameFree(tx, who.company_id(), *name, id));
  ASSIGN_OR_RETURN(int64_t n,
                   tx.Exec("UPDATE segments SET name = COALESCE(?, name), filter = "
                           "COALESCE(?, filter), owner_user_id = ?, department_id = ?, "
                           "version = version + 1 WHERE id = ? AND version = ?",
                           name, filter, owner.user_id, owner.department_id, id, version));
  if (n != 1)
    return Status(Code::kStaleVersion, "version.stale", "The segment changed concurrently.");
  ASSIGN_OR_RETURN(json after, Get(tx, who, id));
  tx.Audit({"segment", id, "update", store::Changes(AuditView(before), AuditView(after))});
  tx.Emit({"segment.updated", "segment", id, after});
  return after;
}

Status Segments::Delete(store::Tx& tx, const security::Access& who, int64_t id,
                        const party::VersionCheck& check) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, "crm.segment.delete"));
  json before = SegmentJson(row);
  RETURN_IF_ERROR(check(row.Int("version")));
  ASSIGN_OR_RETURN(auto used, tx.One("SELECT 1 FROM campaigns WHERE segment_id = ?", id));
  if (used) {
    return Conflict("segment.in_use", "A campaign targets this segment; it cannot be deleted.");
  }
  RETURN_IF_ERROR(tx.Exec("DELETE FROM segments WHERE id = ?", id).status());
  tx.Audit({"segment", id, "delete", store::Changes(AuditView(before), json::object())});
  tx.Emit({"segment.deleted", "segment", id, {{"id", id}, {"name", before["name"]}}});
  return Status::Ok();
}

Result<party::PartyFilter> Segments::Filter(store::Tx& tx, const security::Access& who,
                                            int64_t id) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, "crm.segment.read"));
  json filter = json::parse(row.Text("filter"), nullptr, false);
  if (filter.is_discarded()) return Internal("segment " + std::to_string(id) + " has a bad filter");
  return party::ParseFilter(filter);
}

Result<json> Segments::Parties(store::Tx& tx, const security::Access& who, int64_t id,
                               int64_t limit, const std::string& cursor) const {
  ASSIGN_OR_RETURN(party::PartyFilter filter, Filter(tx, who, id));
  return parties_.List(tx, who, filter, limit, cursor);
}

}  // namespace concord::crm
