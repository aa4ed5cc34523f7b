#include "crm/activity_service.h"

#include "core/json_input.h"
#include "crm/ical.h"
#include "crm/lead_service.h"
#include "party/ownership.h"
#include "security/crypto.h"
#include "store/row_json.h"

namespace concord::crm {
namespace {

using nlohmann::json;

const std::vector<std::string> kKinds = {"call", "meeting", "email", "task", "note"};
const std::vector<std::string> kRefTypes = {"sales_order", "quote", "invoice", "ticket",
                                            "delivery"};

constexpr const char* kColumns =
    "SELECT t.id, t.company_id, t.kind, t.subject, t.description, t.location, t.party_id, "
    "t.contact_id, t.lead_id, t.opportunity_id, t.ref_type, t.ref_id, t.due_at, t.ends_at, "
    "t.done_at, t.owner_user_id, t.department_id, t.version, t.created_at, t.updated_at "
    "FROM activities t ";

json ActivityJson(const store::Record& r) {
  json out = store::RowJson(r);
  out.erase("company_id");
  out["done"] = !r.IsNull("done_at");
  return out;
}

// The changeable fields of an activity: read from the stored row, then overridden by a body.
struct Draft {
  std::string kind;
  std::string subject;
  std::string description;
  std::optional<std::string> location;
  std::optional<int64_t> party_id, contact_id, lead_id, opportunity_id;
  std::optional<std::string> ref_type;
  std::optional<int64_t> ref_id;
  std::optional<std::string> due_at, ends_at;  // normalised ISO text
  std::optional<std::string> done_at;
};

Draft FromRow(const store::Record& r) {
  return {r.Text("kind"),        r.Text("subject"),          r.Text("description"),
          r.OptText("location"), r.OptInt("party_id"),       r.OptInt("contact_id"),
          r.OptInt("lead_id"),   r.OptInt("opportunity_id"), r.OptText("ref_type"),
          r.OptInt("ref_id"),    r.OptText("due_at"),        r.OptText("ends_at"),
          r.OptText("done_at")};
}

// Folds a check's field errors into `f`; any other failure is returned.
Status Collect(Fields& f, Status st) {
  if (st.ok() || st.code() != Code::kInvalidArgument || st.field_errors().empty()) return st;
  for (const auto& e : st.field_errors()) f.Error(e.field, e.code, e.message);
  return Status::Ok();
}

std::optional<std::string> ReadTime(Fields& f, const std::string& name) {
  auto text = f.Text(name, {.max_chars = 40});
  if (!text) return std::nullopt;
  auto t = Timestamp::ParseIso(*text);
  if (!t.ok()) {
    f.Error(name, t.status().message_id(), name + " must be an RFC 3339 timestamp.");
    return std::nullopt;
  }
  return t->ToIso();
}

// Overrides the draft with the fields present in the body (null clears an optional field).
void ReadDraft(Fields& f, Draft& d, bool create) {
  if (create || f.Has("kind")) {
    if (auto kind = f.Enum("kind", kKinds, true)) d.kind = *kind;
  }
  if (create || f.Has("subject")) {
    if (auto subject = f.Text("subject", {.required = true, .max_chars = 200}))
      d.subject = *subject;
  }
  if (f.Has("description")) {
    d.description = f.Text("description", {.max_chars = 10000, .allow_empty = true}).value_or("");
  }
  if (f.Has("location")) d.location = f.Text("location", {.max_chars = 200, .allow_empty = true});
  const std::pair<const char*, std::optional<int64_t>*> ids[] = {
      {"party_id", &d.party_id},
      {"contact_id", &d.contact_id},
      {"lead_id", &d.lead_id},
      {"opportunity_id", &d.opportunity_id},
      {"ref_id", &d.ref_id}};
  for (const auto& [name, field] : ids) {
    if (f.Has(name)) *field = f.Int(name);
  }
  if (f.Has("ref_type")) d.ref_type = f.Enum("ref_type", kRefTypes);
  if (f.Has("due_at")) d.due_at = ReadTime(f, "due_at");
  if (f.Has("ends_at")) d.ends_at = ReadTime(f, "ends_at");
}

void CheckShape(Fields& f, const Draft& d) {
  if (d.ends_at && !d.due_at) f.Error("ends_at", "requires_due_at", "ends_at needs a due_at.");
  if (d.ends_at && d.due_at && *d.ends_at < *d.due_at) {
    f.Error("ends_at", "before_due_at", "ends_at must not be before due_at.");
  }
  if (d.ref_type.has_value() != d.ref_id.has_value()) {
    f.Error(d.ref_type ? "ref_id" : "ref_type", "required",
            "ref_type and ref_id are given together.");
  }
}

// OK if the row of `table` exists in the caller's company and is visible under `permission`.
Result<bool> VisibleRow(store::Tx& tx, const security::Access& who, const std::string& table,
                        const std::string& permission, int64_t id) {
  security::SqlFilter v = who.Visible(permission, {}, "t.");
  std::vector<store::Value> params = v.params;
  params.emplace_back(id);
  ASSIGN_OR_RETURN(
      auto row, tx.OneV("SELECT 1 FROM " + table + " t WHERE " + v.sql + " AND t.id = ?", params));
  return row.has_value();
}

// Checks the links named in the body (all of them on create) against what the caller sees.
Status CheckLinks(store::Tx& tx, const security::Access& who, const party::Parties& parties,
                  Fields& f, const Draft& d, bool create) {
  auto given = [&](const char* name) { return create || f.Has(name); };
  if (d.party_id && given("party_id")) {
    RETURN_IF_ERROR(Collect(f, parties.CheckLink(tx, who, *d.party_id, "party_id")));
  }
  if (d.contact_id && (given("contact_id") || given("party_id"))) {
    RETURN_IF_ERROR(
        Collect(f, parties.CheckContactLink(tx, who, *d.contact_id, d.party_id, "contact_id")));
  }
  struct Link {
    const char* field;
    const std::optional<int64_t>* id;
    const char* table;
    const char* permission;
  };
  const Link links[] = {
      {"lead_id", &d.lead_id, "leads", "crm.lead.read"},
      {"opportunity_id", &d.opportunity_id, "opportunities", "crm.opportunity.read"}};
  for (const Link& l : links) {
    if (!*l.id || !given(l.field)) continue;
    ASSIGN_OR_RETURN(bool ok, VisibleRow(tx, who, l.table, l.permission, **l.id));
    if (!ok) f.Error(l.field, "not_found", std::string("No such ") + l.table + " record.");
  }
  return Status::Ok();
}

// Lead scoring counts engagement (done activities): a lead whose activities changed is rescored.
Status RescoreLinkedLead(store::Tx& tx, int64_t company_id, const std::optional<int64_t>& lead_id) {
  return lead_id ? RescoreLead(tx, company_id, *lead_id) : Status::Ok();
}

// The row of an activity the caller may read (and, for `update`, change).
Result<store::Record> Load(store::Tx& tx, const security::Access& who, int64_t id, bool update) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kColumns) + "WHERE t.id = ?", id));
  if (!row) return NotFound("activity");
  security::Ownership owner{row->Int("company_id"), row->OptInt("owner_user_id"),
                            row->OptInt("department_id")};
  RETURN_IF_ERROR(who.CheckRecord("crm.activity.read", owner, "activity"));
  if (update) RETURN_IF_ERROR(who.CheckRecord("crm.activity.update", owner, "activity"));
  return std::move(*row);
}

json AuditView(json row) {
  row.erase("version");
  row.erase("updated_at");
  return row;
}

Result<std::string> CompanyZone(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT time_zone FROM companies WHERE id = ?", company_id));
  if (!row) return NotFound("company");
  return row->Text(0);
}

// NotFound unless the caller's crm.activity.read scope reaches activities owned by `user`.
Status CheckUserInScope(store::Tx& tx, const security::Access& who, int64_t user) {
  if (user == who.user_id()) return Status::Ok();
  ASSIGN_OR_RETURN(auto member, tx.One("SELECT department_id FROM company_members WHERE "
                                       "company_id = ? AND user_id = ?",
                                       who.company_id(), user));
  security::Scope scope = who.ScopeOf("crm.activity.read");
  bool ok = member && (scope == security::Scope::kCompany ||
                       (scope == security::Scope::kDepartment && who.department_id() != 0 &&
                        member->OptInt(0) == who.department_id()));
  if (!ok) {
    security::LogDenied(who.user_id(), "crm.activity.read", "agenda of another user");
    return NotFound("user");
  }
  return Status::Ok();
}

Result<json> Query(store::Tx& tx, const security::Access& who, const std::string& where,
                   std::vector<store::Value> extra, const std::string& tail) {
  security::SqlFilter v = who.Visible("crm.activity.read", {}, "t.");
  std::vector<store::Value> params = v.params;
  for (auto& p : extra) params.push_back(std::move(p));
  ASSIGN_OR_RETURN(auto rows,
                   tx.RowsV(std::string(kColumns) + "WHERE " + v.sql + where + " " + tail, params));
  json items = json::array();
  for (const auto& r : rows) items.push_back(ActivityJson(r));
  return items;
}

Result<Date> ParseDay(const std::optional<std::string>& text, Date fallback, const char* field) {
  if (!text) return fallback;
  auto d = Date::Parse(*text);
  if (!d.ok())
    return InvalidField(field, d.status().message_id(),
                        std::string(field) +
                            " is a date "
                            "(YYYY-MM-DD).");
  return *d;
}

ical::Item FeedItem(const store::Record& r) {
  auto time = [&](const char* col) -> std::optional<Timestamp> {
    auto text = r.OptText(col);
    if (!text) return std::nullopt;
    auto t = Timestamp::ParseIso(*text);
    return t.ok() ? std::optional<Timestamp>(*t) : std::nullopt;
  };
  return {r.Int("id"),
          r.Text("kind"),
          r.Text("subject"),
          r.Text("description"),
          r.OptText("location").value_or(""),
          time("due_at"),
          time("ends_at"),
          time("done_at"),
          time("created_at").value_or(Timestamp()),
          time("updated_at").value_or(Timestamp())};
}

}  // namespace

Result<json> Activities::List(store::Tx& tx, const security::Access& who,
                              const ActivityFilter& filter, int64_t limit, int64_t after) const {
  std::string where = " AND t.id > ?";
  std::vector<store::Value> params = {after};
  auto add = [&](const char* cond, store::Value v) {
    where += cond;
    params.push_back(std::move(v));
  };
  if (filter.party_id) add(" AND t.party_id = ?", *filter.party_id);
  if (filter.lead_id) add(" AND t.lead_id = ?", *filter.lead_id);
  if (filter.opportunity_id) add(" AND t.opportunity_id = ?", *filter.opportunity_id);
  if (filter.owner_user_id) add(" AND t.owner_user_id = ?", *filter.owner_user_id);
  if (!filter.kind.empty()) add(" AND t.kind = ?", filter.kind);
  if (filter.done) where += *filter.done ? " AND t.done_at IS NOT NULL" : " AND t.done_at IS NULL";
  if (filter.due_before) add(" AND t.due_at < ?", filter.due_before->ToIso());
  if (filter.due_after) add(" AND t.due_at >= ?", filter.due_after->ToIso());
  params.emplace_back(limit + 1);
  return Query(tx, who, where, std::move(params), "ORDER BY t.id LIMIT ?");
}

Result<json> Activities::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, false));
  return ActivityJson(row);
}

Result<json> Activities::Create(store::Tx& tx, const security::Access& who,
                                const json& body) const {
  Fields f(body);
  Draft d;
  ReadDraft(f, d, true);
  auto owner_id = f.Int("owner_user_id");
  CheckShape(f, d);
  RETURN_IF_ERROR(CheckLinks(tx, who, parties_, f, d, true));
  party::Owner owner;
  auto resolved = party::ResolveOwner(tx, who, "crm.activity.create", owner_id);
  if (resolved.ok()) owner = *resolved;
  RETURN_IF_ERROR(Collect(f, resolved.status()));
  RETURN_IF_ERROR(f.Finish());
  std::string now = clock_.Now().ToIso();
  if (d.kind == "note") d.done_at = now;
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO activities (company_id, kind, subject, description, location, "
                "party_id, contact_id, lead_id, opportunity_id, ref_type, ref_id, due_at, ends_at, "
                "done_at, owner_user_id, department_id, created_at, updated_at) VALUES (?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                who.company_id(), d.kind, d.subject, d.description, d.location, d.party_id,
                d.contact_id, d.lead_id, d.opportunity_id, d.ref_type, d.ref_id, d.due_at,
                d.ends_at, d.done_at, owner.user_id, owner.department_id, now, now));
  if (d.done_at) RETURN_IF_ERROR(RescoreLinkedLead(tx, who.company_id(), d.lead_id));
  ASSIGN_OR_RETURN(json out, Get(tx, who, id));
  tx.Audit({"activity", id, "create", store::Changes(json::object(), AuditView(out))});
  tx.Emit({"activity.created", "activity", id, out});
  return out;
}

Result<json> Activities::Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const json& body, const party::VersionCheck& check) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, true));
  json before = ActivityJson(row);
  RETURN_IF_ERROR(check(row.Int("version")));
  Draft d = FromRow(row);
  Fields f(body);
  f.Ignore("version");
  ReadDraft(f, d, false);
  if (f.Has("kind") && (d.kind == "note") != (before["kind"] == "note")) {
    f.Error("kind", "note_fixed", "An activity cannot become a note, nor a note something else.");
  }
  CheckShape(f, d);
  RETURN_IF_ERROR(CheckLinks(tx, who, parties_, f, d, false));
  party::Owner owner{row.OptInt("owner_user_id"), row.OptInt("department_id")};
  if (f.Has("owner_user_id")) {
    auto requested = f.Int("owner_user_id", true);
    auto resolved = party::ResolveOwner(tx, who, "crm.activity.update", requested);
    if (requested && resolved.ok()) owner = *resolved;
    if (requested) RETURN_IF_ERROR(Collect(f, resolved.status()));
  }
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE activities SET kind = ?, subject = ?, description = ?, location = ?, "
              "party_id = ?, contact_id = ?, lead_id = ?, opportunity_id = ?, ref_type = ?, "
              "ref_id = ?, due_at = ?, ends_at = ?, owner_user_id = ?, department_id = ?, "
              "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
              d.kind, d.subject, d.description, d.location, d.party_id, d.contact_id, d.lead_id,
              d.opportunity_id, d.ref_type, d.ref_id, d.due_at, d.ends_at, owner.user_id,
              owner.department_id, clock_.Now().ToIso(), id, row.Int("version")));
  if (n != 1)
    return Status(Code::kStaleVersion, "version.stale", "The activity changed concurrently.");
  if (d.done_at && d.lead_id != row.OptInt("lead_id")) {
    RETURN_IF_ERROR(RescoreLinkedLead(tx, who.company_id(), row.OptInt("lead_id")));
    RETURN_IF_ERROR(RescoreLinkedLead(tx, who.company_id(), d.lead_id));
  }
  ASSIGN_OR_RETURN(json after, Get(tx, who, id));
  tx.Audit({"activity", id, "update", store::Changes(AuditView(before), AuditView(after))});
  tx.Emit({"activity.updated", "activity", id, after});
  return after;
}

Result<json> Activities::MarkDone(store::Tx& tx, const security::Access& who, int64_t id) const {
  return Change(tx, who, id, true);
}

Result<json> Activities::Reopen(store::Tx& tx, const security::Access& who, int64_t id) const {
  return Change(tx, who, id, false);
}

Result<json> Activities::Change(store::Tx& tx, const security::Access& who, int64_t id,
                                bool done) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, true));
  json before = ActivityJson(row);
  if (!done && before["kind"] == "note") {
    return FailedPrecondition("activity.note_reopen",
                              "A note is a record of the past; it cannot "
                              "be reopened.");
  }
  if (before["done"] == done) {
    return done ? Conflict("activity.already_done", "The activity is done already.")
                : Conflict("activity.not_done", "The activity is not done.");
  }
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE activities SET done_at = ?, version = version + 1, "
                                      "updated_at = ? WHERE id = ? AND version = ?",
                                      done ? store::Value(now) : store::Value(nullptr), now, id,
                                      row.Int("version")));
  if (n != 1)
    return Status(Code::kStaleVersion, "version.stale", "The activity changed concurrently.");
  RETURN_IF_ERROR(RescoreLinkedLead(tx, who.company_id(), row.OptInt("lead_id")));
  ASSIGN_OR_RETURN(json after, Get(tx, who, id));
  tx.Audit({"activity", id, done ? "done" : "reopen",
            store::Changes(AuditView(before), AuditView(after))});
  tx.Emit({done ? "activity.done" : "activity.reopened", "activity", id, after});
  return after;
}

Result<json> Activities::Agenda(store::Tx& tx, const security::Access& who,
                                const AgendaQuery& query) const {
  int64_t user = query.user_id.value_or(who.user_id());
  RETURN_IF_ERROR(CheckUserInScope(tx, who, user));
  ASSIGN_OR_RETURN(std::string zone, CompanyZone(tx, who.company_id()));
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(Date today, BusinessDate(now, zone));
  ASSIGN_OR_RETURN(Date from, ParseDay(query.from, today, "from"));
  ASSIGN_OR_RETURN(Date to, ParseDay(query.to, from.AddDays(6), "to"));
  if (to < from) return InvalidField("to", "before_from", "to must not be before from.");
  if (from.DaysUntil(to) > 366)
    return InvalidField("to", "range", "The agenda spans a year at most.");
  ASSIGN_OR_RETURN(Timestamp start, StartOfDay(from, zone));
  ASSIGN_OR_RETURN(Timestamp end, StartOfDay(to.AddDays(1), zone));
  const std::string open = " AND t.owner_user_id = ? AND t.done_at IS NULL AND t.kind <> 'note'";
  ASSIGN_OR_RETURN(json items,
                   Query(tx, who, open + " AND t.due_at >= ? AND t.due_at < ?",
                         {user, start.ToIso(), end.ToIso()}, "ORDER BY t.due_at, t.id LIMIT 1000"));
  ASSIGN_OR_RETURN(json overdue, Query(tx, who, open + " AND t.due_at < ?", {user, now.ToIso()},
                                       "ORDER BY t.due_at, t.id LIMIT 1000"));
  return json{{"user_id", user},
              {"time_zone", zone},
              {"from", from.ToString()},
              {"to", to.ToString()},
              {"starts_at", start.ToIso()},
              {"ends_at", end.ToIso()},
              {"items", std::move(items)},
              {"overdue", std::move(overdue)}};
}

Result<json> Activities::Overdue(store::Tx& tx, const security::Access& who,
                                 std::optional<int64_t> owner_user_id, int64_t limit) const {
  std::string where = " AND t.done_at IS NULL AND t.kind <> 'note' AND t.due_at < ?";
  std::vector<store::Value> params = {clock_.Now().ToIso()};
  if (owner_user_id) {
    where += " AND t.owner_user_id = ?";
    params.emplace_back(*owner_user_id);
  }
  params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(json items,
                   Query(tx, who, where, std::move(params), "ORDER BY t.due_at, t.id LIMIT ?"));
  bool truncated = static_cast<int64_t>(items.size()) > limit;
  if (truncated) items.erase(items.begin() + limit, items.end());
  return json{{"items", std::move(items)}, {"truncated", truncated}};
}

Result<std::string> Activities::RotateFeed(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(RevokeFeed(tx, who));
  std::string token = security::RandomToken(32);
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO calendar_feeds (company_id, user_id, "
                                         "token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                                         who.company_id(), who.user_id(),
                                         security::Sha256Hex(token), clock_.Now().ToIso()));
  tx.Audit({"calendar_feed", id, "create", {{"user_id", {nullptr, who.user_id()}}}});
  tx.Emit({"calendar_feed.created", "calendar_feed", id, {{"id", id}, {"user_id", who.user_id()}}});
  return token;
}

Status Activities::RevokeFeed(store::Tx& tx, const security::Access& who) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id FROM calendar_feeds WHERE company_id = ? AND "
                                      "user_id = ? AND revoked_at IS NULL",
                                      who.company_id(), who.user_id()));
  std::string now = clock_.Now().ToIso();
  for (const auto& r : rows) {
    int64_t id = r.Int(0);
    RETURN_IF_ERROR(
        tx.Exec("UPDATE calendar_feeds SET revoked_at = ? WHERE id = ?", now, id).status());
    tx.Audit({"calendar_feed", id, "revoke", {{"revoked_at", {nullptr, now}}}});
    tx.Emit(
        {"calendar_feed.revoked", "calendar_feed", id, {{"id", id}, {"user_id", who.user_id()}}});
  }
  return Status::Ok();
}

Result<std::string> Activities::FeedCalendar(store::Tx& tx, std::string_view token) const {
  if (token.empty() || token.size() > 128) return NotFound("calendar feed");
  ASSIGN_OR_RETURN(
      auto feed,
      tx.One("SELECT f.company_id, f.user_id, u.display_name FROM calendar_feeds f JOIN users u "
             "ON u.id = f.user_id JOIN company_members m ON m.company_id = f.company_id AND "
             "m.user_id = f.user_id WHERE f.token_hash = ? AND f.revoked_at IS NULL AND "
             "u.active = 1",
             security::Sha256Hex(token)));
  if (!feed) return NotFound("calendar feed");
  Timestamp since = clock_.Now() - std::chrono::hours(24 * kFeedDoneDays);
  ASSIGN_OR_RETURN(auto rows,
                   tx.Rows(std::string(kColumns) +
                               "WHERE t.company_id = ? AND t.owner_user_id = ? AND t.kind <> "
                               "'note' AND (t.done_at IS NULL OR t.done_at >= ?) ORDER BY t.id "
                               "DESC LIMIT ?",
                           feed->Int(0), feed->Int(1), since.ToIso(), kFeedMaxItems));
  std::vector<ical::Item> items;
  items.reserve(rows.size());
  for (const auto& r : rows) items.push_back(FeedItem(r));
  return ical::Calendar(items, feed->Text(2) + " (concord)");
}

}  // namespace concord::crm
