// Routes for the audit trail, the event outbox (list and server-sent events) and API tokens.
#include <charconv>

#include "security/api.h"
#include "security/crypto.h"

namespace concord::security {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::RouteDoc;
using http::TxKind;

Result<Response> ListAudit(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto id, c.QueryId("id"));
  std::string entity = c.req().Query("entity").value_or("");
  if (entity.size() > 64)
    return InvalidField("entity", "too_long", "entity is at most 64 characters.");
  if (id && entity.empty()) return InvalidField("entity", "required", "id needs entity.");
  ASSIGN_OR_RETURN(auto items,
                   s.journal.Audit(c.tx(), c.access(), entity, id, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> ListEvents(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto after, c.QueryId("after"));
  ASSIGN_OR_RETURN(auto items, s.journal.Events(c.tx(), c.access(), after.value_or(0), page.limit));
  bool more = static_cast<int64_t>(items.size()) > page.limit;
  if (more) items.erase(items.begin() + page.limit, items.end());
  int64_t last = items.empty() ? after.value_or(0) : items.back()["id"].get<int64_t>();
  return Response::Json(200, {{"items", items}, {"last_id", last}, {"more", more}});
}

Result<Response> StreamEvents(Services& s, Ctx& c) {
  int64_t after = 0;
  std::string last = c.req().Header("last-event-id");
  if (last.empty()) last = c.req().Query("after").value_or("");
  if (!last.empty()) {
    auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), after);
    if (ec != std::errc() || end != last.data() + last.size() || after < 0) {
      return InvalidField("after", "malformed", "after / Last-Event-ID must be an event id.");
    }
  }
  // Each poll re-authenticates with the original credentials, so a revoked session or a
  // removed permission stops the stream.
  auto sse = std::make_shared<http::SseStream>();
  sse->last_id = after;
  http::Request original = c.req();
  Services* services = &s;
  sse->next = [services, original](int64_t last_id) -> Result<http::SseBatch> {
    std::shared_ptr<const Access> who;
    Status st = services->db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto info, services->auth.Authenticate(original, tx));
      RETURN_IF_ERROR(info.access->Require("security.event.read"));
      who = info.access;
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return services->journal.StreamBatch(services->db, *who, last_id);
  };
  Response r;
  r.sse = sse;
  return r;
}

nlohmann::json TokenJson(const store::Record& r) {
  auto opt = [&](const char* col) {
    return r.IsNull(col) ? nlohmann::json() : nlohmann::json(r.Text(col));
  };
  return {{"id", r.Int("id")},
          {"name", r.Text("name")},
          {"user_id", r.Int("user_id")},
          {"created_at", r.Text("created_at")},
          {"expires_at", opt("expires_at")},
          {"last_used_at", opt("last_used_at")},
          {"revoked_at", opt("revoked_at")}};
}

Result<Response> ListTokens(Services&, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  SqlFilter f = c.access().Visible("security.api-token.read", {"company_id", "user_id", ""});
  std::vector<store::Value> params = f.params;
  params.emplace_back(page.after);
  params.emplace_back(page.limit + 1);
  ASSIGN_OR_RETURN(auto rows, c.tx().RowsV("SELECT id, name, user_id, created_at, expires_at, "
                                           "last_used_at, revoked_at FROM api_tokens WHERE " +
                                               f.sql + " AND id > ? ORDER BY id LIMIT ?",
                                           params));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back(TokenJson(r));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> CreateToken(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  auto name = f.Text("name", {.required = true, .max_chars = 100});
  auto expires = f.Text("expires_at", {.max_chars = 40});
  std::optional<Timestamp> expires_at;
  if (expires) {
    auto t = Timestamp::ParseIso(*expires);
    if (!t.ok())
      f.Error("expires_at", "time.malformed", "expires_at is an RFC 3339 timestamp.");
    else if (t->unix_micros() <= s.auth.clock().Now().unix_micros())
      f.Error("expires_at", "past", "expires_at is in the past.");
    else
      expires_at = *t;
  }
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto created, s.auth.CreateApiToken(c.tx(), c.access(), *name, expires_at));
  ASSIGN_OR_RETURN(auto row, c.tx().One("SELECT id, name, user_id, created_at, expires_at, "
                                        "last_used_at, revoked_at FROM api_tokens WHERE id = ?",
                                        created.first));
  nlohmann::json out = TokenJson(*row);
  c.tx().Audit({"api_token", created.first, "create", {{"name", {nullptr, *name}}}, std::nullopt});
  c.tx().Emit({"api_token.created", "api_token", created.first, out, std::nullopt});
  out["token"] = created.second;
  Response r = Response::Json(201, out);
  r.Header("Cache-Control", "no-store");
  return r;
}

Result<Response> RevokeToken(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto row, c.tx().One("SELECT company_id, user_id, revoked_at FROM api_tokens "
                                        "WHERE id = ?",
                                        id));
  if (!row) return NotFound("api token");
  RETURN_IF_ERROR(c.access().CheckRecord("security.api-token.delete",
                                         {row->Int(0), row->Int(1), std::nullopt}, "api token"));
  if (row->IsNull(2)) {
    std::string now = s.auth.clock().Now().ToIso();
    RETURN_IF_ERROR(
        c.tx().Exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", now, id).status());
    c.tx().Audit({"api_token", id, "revoke", {{"revoked_at", {nullptr, now}}}, std::nullopt});
    c.tx().Emit({"api_token.revoked", "api_token", id, {{"id", id}}, std::nullopt});
  }
  return Response::NoContent();
}

}  // namespace

void RegisterJournalRoutes(http::Api& api, Services& s) {
  auto bind = [&s](Result<Response> (*fn)(Services&, Ctx&)) {
    return [&s, fn](Ctx& c) { return fn(s, c); };
  };
  auto add = [&](std::string method, std::string path, std::string perm, TxKind tx, RouteDoc doc,
                 Result<Response> (*fn)(Services&, Ctx&)) {
    api.Add({std::move(method), std::move(path), AuthKind::kPermission, std::move(perm), tx,
             std::move(doc), bind(fn)});
  };
  add("GET", "/api/v1/audit", "security.audit.read", TxKind::kDefault,
      {"The audit trail, newest first",
       "journal",
       nullptr,
       ListOf("AuditEntry"),
       200,
       {{"entity", "string", "Entity name, e.g. user"},
        {"id", "integer", "Entity id (needs entity)"},
        {"limit", "integer", "1..500"},
        {"cursor", "string", "next_cursor of the previous page"}}},
      ListAudit);
  add("GET", "/api/v1/events", "security.event.read", TxKind::kDefault,
      {"Outbox events after an id, oldest first",
       "journal",
       nullptr,
       {{"type", "object"},
        {"properties",
         {{"items", {{"type", "array"}, {"items", Ref("Event")}}},
          {"last_id", {{"type", "integer"}}},
          {"more", {{"type", "boolean"}}}}}},
       200,
       {{"after", "integer", "Last event id seen"}, {"limit", "integer", "1..500"}}},
      ListEvents);
  add("GET", "/api/v1/events/stream", "security.event.read", TxKind::kRead,
      {"Server-sent event stream of outbox events (Last-Event-ID resumes)",
       "journal",
       nullptr,
       {{"type", "string"}},
       200,
       {{"after", "integer", "Last event id seen"}},
       "text/event-stream"},
      StreamEvents);
  add("GET", "/api/v1/api-tokens", "security.api-token.read", TxKind::kDefault,
      {"List API tokens (never their secret)",
       "admin",
       nullptr,
       ListOf("ApiToken"),
       200,
       {{"limit", "integer", "1..500"}, {"cursor", "string", "next_cursor"}}},
      ListTokens);
  add("POST", "/api/v1/api-tokens", "security.api-token.create", TxKind::kDefault,
      {"Create a named API token acting as the caller; the token is shown once",
       "admin",
       {{"type", "object"},
        {"properties", {{"name", {{"type", "string"}}}, {"expires_at", {{"type", "string"}}}}}},
       Ref("ApiToken"),
       201},
      CreateToken);
  add("POST", "/api/v1/api-tokens/{id}/revoke", "security.api-token.delete", TxKind::kDefault,
      {"Revoke an API token", "admin", nullptr, nullptr, 204}, RevokeToken);
}

}  // namespace concord::security
