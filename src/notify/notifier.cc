// Notifications: sending (in app and queued e-mail, by preference), reading, preferences.
#include "notify/notifier.h"

#include "core/json_input.h"
#include "store/row_json.h"

namespace concord::notify {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "id, company_id, user_id, kind, title, text, entity, entity_id, is_read, created_at, read_at";

json NotificationJson(const store::Record& r) {
  json out = store::RowJson(r);
  out.erase("company_id");
  out.erase("is_read");
  out["read"] = r.Int("is_read") == 1;
  return out;
}

struct Preference {
  bool in_app = true;
  bool email = true;
};

Result<Preference> PreferenceOf(store::Tx& tx, int64_t company_id, int64_t user_id,
                                const std::string& kind) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT in_app, email FROM notification_preferences WHERE "
                                    "company_id = ? AND user_id = ? AND kind = ?",
                                    company_id, user_id, kind));
  if (!row) return Preference{};
  return Preference{row->Int("in_app") == 1, row->Int("email") == 1};
}

// The member's e-mail address ("" when none); NotFound when not a member of the company.
Result<std::string> MemberEmail(store::Tx& tx, int64_t company_id, int64_t user_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT u.email FROM users u JOIN company_members m ON "
                                    "m.user_id = u.id WHERE u.id = ? AND m.company_id = ?",
                                    user_id, company_id));
  if (!row) return NotFound("user");
  return row->IsNull("email") ? std::string() : row->Text("email");
}

Status QueueMail(store::Tx& tx, const Message& m, int64_t notification_id,
                 const std::string& to, const std::string& now) {
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO mail_queue (company_id, user_id, "
                                         "notification_id, to_address, subject, body, "
                                         "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, "
                                         "?, ?) RETURNING id",
                                         m.company_id, m.user_id,
                                         notification_id ? std::optional<int64_t>(notification_id)
                                                         : std::nullopt,
                                         to, m.title, m.text, now, now));
  json mail = {{"id", id}, {"user_id", m.user_id}, {"kind", m.kind}, {"subject", m.title}};
  tx.Audit({"mail", id, "queue", store::Changes(json::object(), mail), m.company_id});
  tx.Emit({"mail.queued", "mail", id, mail, m.company_id});
  return Status::Ok();
}

}  // namespace

const std::vector<Kind>& Kinds() {
  static const std::vector<Kind> kinds = {
      {"assignment", "A document or task was assigned to you"},
      {"approval_due", "An approval waits for your decision"},
      {"sla_breach", "A ticket missed its response or resolution deadline"},
      {"escalation", "Something was escalated to you"},
      {"decision", "A decision was made on a request of yours"},
  };
  return kinds;
}

bool KnownKind(const std::string& key) {
  for (const auto& k : Kinds()) {
    if (k.key == key) return true;
  }
  return false;
}

Result<int64_t> Notifier::Send(store::Tx& tx, const Message& m) const {
  if (!KnownKind(m.kind)) {
    return Status(Code::kInvalidArgument, "notify.unknown_kind", "Unknown notification kind: " + m.kind);
  }
  ASSIGN_OR_RETURN(std::string email, MemberEmail(tx, m.company_id, m.user_id));
  ASSIGN_OR_RETURN(Preference pref, PreferenceOf(tx, m.company_id, m.user_id, m.kind));
  std::string now = clock_.Now().ToIso();
  int64_t id = 0;
  if (pref.in_app) {
    ASSIGN_OR_RETURN(id, tx.Insert("INSERT INTO notifications (company_id, user_id, kind, title, "
                                   "text, entity, entity_id, created_at) VALUES (?, ?, ?, ?, ?, "
                                   "?, ?, ?) RETURNING id",
                                   m.company_id, m.user_id, m.kind, m.title, m.text, m.entity,
                                   m.entity_id, now));
    json n = {{"id", id},         {"user_id", m.user_id}, {"kind", m.kind},
              {"title", m.title}, {"text", m.text},       {"entity", m.entity},
              {"entity_id", m.entity_id ? json(*m.entity_id) : json(nullptr)},
              {"read", false},    {"created_at", now}};
    tx.Audit({"notification", id, "create", store::Changes(json::object(), n), m.company_id});
    tx.Emit({"notification.created", "notification", id, n, m.company_id});
  }
  if (mail_enabled_ && pref.email && !email.empty()) {
    RETURN_IF_ERROR(QueueMail(tx, m, id, email, now));
  }
  return id;
}

Result<json> Notifier::List(store::Tx& tx, const security::Access& who, bool unread_only,
                            int64_t limit, int64_t after) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string("SELECT ") + kColumns +
                                          " FROM notifications WHERE company_id = ? AND user_id = "
                                          "? AND id > ? AND (? = 0 OR is_read = 0) ORDER BY id "
                                          "LIMIT ?",
                                      who.company_id(), who.user_id(), after, unread_only,
                                      limit + 1));
  json items = json::array();
  for (const auto& r : rows) items.push_back(NotificationJson(r));
  return items;
}

Result<json> Notifier::MarkRead(store::Tx& tx, const security::Access& who, int64_t id) const {
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM notifications WHERE id = ? AND company_id = ? AND user_id = ?";
  ASSIGN_OR_RETURN(auto row, tx.One(sql, id, who.company_id(), who.user_id()));
  if (!row) return NotFound("notification");
  if (row->Int("is_read") == 1) return NotificationJson(*row);
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(
      tx.Exec("UPDATE notifications SET is_read = 1, read_at = ? WHERE id = ?", now, id).status());
  ASSIGN_OR_RETURN(auto after, tx.One(sql, id, who.company_id(), who.user_id()));
  json out = NotificationJson(*after);
  tx.Audit({"notification", id, "read", {{"read", {false, true}}}});
  tx.Emit({"notification.read", "notification", id, out});
  return out;
}

Result<int64_t> Notifier::MarkAllRead(store::Tx& tx, const security::Access& who) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id FROM notifications WHERE company_id = ? AND "
                                      "user_id = ? AND is_read = 0 ORDER BY id",
                                      who.company_id(), who.user_id()));
  std::string now = clock_.Now().ToIso();
  for (const auto& r : rows) {
    int64_t id = r.Int("id");
    RETURN_IF_ERROR(
        tx.Exec("UPDATE notifications SET is_read = 1, read_at = ? WHERE id = ?", now, id).status());
    tx.Audit({"notification", id, "read", {{"read", {false, true}}}});
    tx.Emit({"notification.read", "notification", id, {{"id", id}, {"read", true}}});
  }
  return static_cast<int64_t>(rows.size());
}

Result<int64_t> Notifier::UnreadCount(store::Tx& tx, const security::Access& who) const {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT COUNT(*) AS n FROM notifications WHERE company_id = "
                                    "? AND user_id = ? AND is_read = 0",
                                    who.company_id(), who.user_id()));
  return row ? row->Int("n") : 0;
}

Result<json> Notifier::Preferences(store::Tx& tx, const security::Access& who) const {
  json items = json::array();
  for (const auto& k : Kinds()) {
    ASSIGN_OR_RETURN(Preference p, PreferenceOf(tx, who.company_id(), who.user_id(), k.key));
    items.push_back({{"kind", k.key},
                     {"description", k.description},
                     {"in_app", p.in_app},
                     {"email", p.email}});
  }
  return json{{"items", items}, {"mail_enabled", mail_enabled_}};
}

Result<json> Notifier::SetPreferences(store::Tx& tx, const security::Access& who,
                                      const json& body) const {
  Fields top(body);
  const json* raw = top.Raw("items");
  if (!raw || !raw->is_array() || raw->empty() || raw->size() > Kinds().size()) {
    top.Error("items", "invalid", "A list of 1 to " + std::to_string(Kinds().size()) +
                                      " preferences {kind, in_app?, email?}.");
  }
  RETURN_IF_ERROR(top.Finish());
  struct Row {
    std::string kind;
    std::optional<bool> in_app, email;
  };
  std::vector<Row> rows;
  Status errors(Code::kInvalidArgument, "validation.failed", "The request has invalid fields.");
  bool failed = false;
  for (size_t i = 0; i < raw->size(); ++i) {
    const json& item = (*raw)[i];
    std::string at = "items[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      errors.AddFieldError(at, "invalid", "Must be an object.");
      failed = true;
      continue;
    }
    Fields f(item);
    auto kind = f.Text("kind", {.required = true, .max_chars = 40});
    Row r{kind.value_or(""), f.Bool("in_app"), f.Bool("email")};
    if (kind && !KnownKind(*kind)) f.Error("kind", "unknown", "Unknown notification kind.");
    Status st = f.Finish();
    if (!st.ok()) {
      for (const auto& e : st.field_errors()) errors.AddFieldError(at + "." + e.field, e.code, e.message);
      failed = true;
      continue;
    }
    rows.push_back(r);
  }
  if (failed) return errors;
  std::string now = clock_.Now().ToIso();
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(Preference old, PreferenceOf(tx, who.company_id(), who.user_id(), r.kind));
    Preference next{r.in_app.value_or(old.in_app), r.email.value_or(old.email)};
    RETURN_IF_ERROR(tx.Exec("DELETE FROM notification_preferences WHERE company_id = ? AND "
                            "user_id = ? AND kind = ?",
                            who.company_id(), who.user_id(), r.kind)
                        .status());
    RETURN_IF_ERROR(tx.Exec("INSERT INTO notification_preferences (company_id, user_id, kind, "
                            "in_app, email, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                            who.company_id(), who.user_id(), r.kind, next.in_app, next.email, now)
                        .status());
    json before = {{"in_app", old.in_app}, {"email", old.email}};
    json after = {{"in_app", next.in_app}, {"email", next.email}};
    json payload = {{"user_id", who.user_id()}, {"kind", r.kind}, {"in_app", next.in_app},
                    {"email", next.email}};
    tx.Audit({"notification_preference", who.user_id(), "update", store::Changes(before, after)});
    tx.Emit({"notification_preference.updated", "notification_preference", who.user_id(), payload});
  }
  return Preferences(tx, who);
}

}  // namespace concord::notify
