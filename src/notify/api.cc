// Routes of the caller's notifications, their preferences, and the company's mail queue.
#include <algorithm>

#include "http/schema.h"
#include "notify/notify.h"
#include "security/api.h"

namespace concord::notify {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::RouteDoc;
using http::TxKind;
using nlohmann::json;
using security::ListOf;
using security::Ref;
namespace sc = http::schema;

void Schemas(http::Api& api) {
  const json opt_int = sc::Nullable(sc::kInt);
  api.AddSchema("Notification", sc::Obj({{"id", sc::kInt},
                                         {"user_id", sc::kInt},
                                         {"kind", sc::kStr},
                                         {"title", sc::kStr},
                                         {"text", sc::kStr},
                                         {"entity", sc::kStr},
                                         {"entity_id", opt_int},
                                         {"read", sc::kBool},
                                         {"created_at", sc::kTime},
                                         {"read_at", sc::Nullable(sc::kTime)}}));
  api.AddSchema("NotificationCount", sc::Obj({{"unread", sc::kInt}, {"marked", sc::kInt}}));
  json pref = {{"kind", sc::kStr}, {"in_app", sc::kBool}, {"email", sc::kBool}};
  api.AddSchema("NotificationPreferencesInput",
                sc::Obj({{"items", sc::ArrayOf(sc::Obj(pref, {"kind"}))}}, {"items"}));
  pref["description"] = sc::kStr;
  api.AddSchema("NotificationPreferences",
                sc::Obj({{"items", sc::ArrayOf(sc::Obj(pref))}, {"mail_enabled", sc::kBool}}));
  api.AddSchema("Mail", sc::Obj({{"id", sc::kInt},
                                 {"user_id", opt_int},
                                 {"notification_id", opt_int},
                                 {"to_address", sc::kStr},
                                 {"subject", sc::kStr},
                                 {"state", sc::Enum({"queued", "sent", "failed"})},
                                 {"attempts", sc::kInt},
                                 {"last_error", sc::Nullable(sc::kStr)},
                                 {"next_attempt_at", sc::kTime},
                                 {"created_at", sc::kTime},
                                 {"sent_at", sc::Nullable(sc::kTime)}}));
}

Result<std::optional<bool>> QueryBool(Ctx& c, const std::string& name) {
  auto v = c.req().Query(name);
  if (!v) return std::optional<bool>();
  if (*v != "true" && *v != "false") return InvalidField(name, "type", name + " is true or false.");
  return std::optional<bool>(*v == "true");
}

std::vector<http::QueryParamDoc> PageParams() {
  return {{"limit", "integer", "Page size, 1..500 (default 50)"},
          {"cursor", "string", "next_cursor of the previous page"}};
}

}  // namespace

void RegisterRoutes(http::Api& api, const Notifier& notifier) {
  Schemas(api);
  const Notifier* n = &notifier;
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 http::ApiHandler fn) {
    AuthKind auth = perm.empty() ? AuthKind::kAuthenticated : AuthKind::kPermission;
    api.Add({std::move(method), std::move(path), auth, std::move(perm), TxKind::kDefault,
             std::move(doc), std::move(fn)});
  };
  auto params = PageParams();
  params.push_back({"unread", "boolean", "true: only unread ones"});
  add("GET", "/api/v1/notifications", "",
      {"The caller's in-app notifications, oldest first", "notify", nullptr,
       ListOf("Notification"), 200, params},
      [n](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto page, c.Paging());
        ASSIGN_OR_RETURN(auto unread, QueryBool(c, "unread"));
        ASSIGN_OR_RETURN(auto items,
                         n->List(c.tx(), c.access(), unread.value_or(false), page.limit, page.after));
        return Response::Json(200, http::ListBody(std::move(items), page.limit));
      });
  add("GET", "/api/v1/notifications/unread-count", "",
      {"How many of the caller's notifications are unread", "notify", nullptr,
       Ref("NotificationCount")},
      [n](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t count, n->UnreadCount(c.tx(), c.access()));
        return Response::Json(200, {{"unread", count}});
      });
  add("POST", "/api/v1/notifications/{id}/read", "",
      {"Mark one of the caller's notifications read", "notify", nullptr, Ref("Notification")},
      [n](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, c.PathId());
        ASSIGN_OR_RETURN(auto out, n->MarkRead(c.tx(), c.access(), id));
        return Response::Json(200, out);
      });
  add("POST", "/api/v1/notifications/read-all", "",
      {"Mark all the caller's notifications read", "notify", nullptr, Ref("NotificationCount")},
      [n](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(int64_t marked, n->MarkAllRead(c.tx(), c.access()));
        return Response::Json(200, {{"marked", marked}, {"unread", 0}});
      });
  add("GET", "/api/v1/notification-preferences", "",
      {"The caller's notification preferences per kind", "notify", nullptr,
       Ref("NotificationPreferences")},
      [n](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto out, n->Preferences(c.tx(), c.access()));
        return Response::Json(200, out);
      });
  add("PUT", "/api/v1/notification-preferences", "",
      {"Set some of the caller's notification preferences", "notify",
       Ref("NotificationPreferencesInput"), Ref("NotificationPreferences")},
      [n](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto body, c.Body());
        ASSIGN_OR_RETURN(auto out, n->SetPreferences(c.tx(), c.access(), body));
        return Response::Json(200, out);
      });
  auto mail_params = PageParams();
  mail_params.push_back({"state", "string", "queued | sent | failed"});
  add("GET", "/api/v1/mail-queue", "notify.mail.read",
      {"The company's outgoing e-mails (without bodies), oldest first", "notify", nullptr,
       ListOf("Mail"), 200, mail_params},
      [](Ctx& c) -> Result<Response> {
        ASSIGN_OR_RETURN(auto page, c.Paging());
        std::string state = c.req().Query("state").value_or("");
        if (!state.empty() && state != "queued" && state != "sent" && state != "failed") {
          return InvalidField("state", "enum", "state is queued, sent or failed.");
        }
        ASSIGN_OR_RETURN(auto items, ListMail(c.tx(), c.access(), state, page.limit, page.after));
        return Response::Json(200, http::ListBody(std::move(items), page.limit));
      });
}

}  // namespace concord::notify
