// The API pipeline: routing with path parameters, authentication, CSRF, the permission check of
// every route, one transaction per request (read snapshot for GET, write transaction for
// mutations, retried whole on serialization failure), idempotent POST, problem+json errors,
// per-route metrics, and the OpenAPI document generated from the same route table.
//
// A route cannot be registered without saying who may call it: public, any authenticated user,
// or a named permission. Record rules inside a route go through security::Access.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics.h"
#include "core/time.h"
#include "http/list_sort.h"
#include "http/message.h"
#include "security/access.h"
#include "store/database.h"

namespace concord::http {

enum class AuthKind { kPublic, kAuthenticated, kPermission };
enum class TxKind { kDefault, kNone, kRead, kWrite };  // kDefault: GET/HEAD read, others write

struct QueryParamDoc {
  std::string name;
  std::string type = "string";  // JSON schema type
  std::string description;
  std::vector<std::string> values;  // the allowed values (a JSON schema enum), if any
};

// The documentation of ?sort= for a list that sorts by `spec`.
QueryParamDoc SortParam(const SortSpec& spec);

struct RouteDoc {
  std::string summary;
  std::string tag;
  nlohmann::json request;   // JSON schema of the body, or null
  nlohmann::json response;  // JSON schema of the success body, or null (no body)
  int success = 200;
  std::vector<QueryParamDoc> query;
  std::string response_type = "application/json";
};

class Ctx;
using ApiHandler = std::function<Result<Response>(Ctx&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/users/{id}"; a last segment "{*rest}" matches the remainder
  AuthKind auth = AuthKind::kPermission;
  std::string permission;  // for kPermission
  TxKind tx = TxKind::kDefault;
  RouteDoc doc;
  ApiHandler handler;
};

// What the authenticator found out about the caller.
struct AuthInfo {
  std::shared_ptr<const security::Access> access;
  bool via_cookie = false;
  std::string csrf_hash;   // SHA-256 of the session's CSRF token (cookie sessions)
  int64_t session_id = 0;  // 0 for API tokens
  int64_t api_token_id = 0;
  bool touch = false;  // the session's idle timer should be refreshed after the request
};

// Implemented by the security area; called inside the request's transaction.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Unauthenticated if there is no valid session/token.
  virtual Result<AuthInfo> Authenticate(const Request& req, store::Tx& tx) = 0;
  // After the request: e.g. refresh the session's idle timer (rate-limited).
  virtual void AfterRequest(const AuthInfo& info) = 0;
};

// The context a handler runs in.
class Ctx {
 public:
  Ctx(Request& req, store::Tx* tx, const AuthInfo* auth) : req_(req), tx_(tx), auth_(auth) {}

  Request& req() { return req_; }
  store::Tx& tx() { return *tx_; }
  bool has_tx() const { return tx_ != nullptr; }
  // The caller's access; only on authenticated routes.
  const security::Access& access() const { return *auth_->access; }
  const AuthInfo* auth() const { return auth_; }

  // The body as a JSON object; BadRequest for invalid JSON or a non-object.
  Result<nlohmann::json> Body() const;
  // A positive integer path parameter; NotFound for anything else (ids are not guessable
  // input errors, and "abc" as an id is simply not found).
  Result<int64_t> PathId(const std::string& name = "id") const;
  // Optimistic concurrency: the If-Match header ("\"7\"") or the body's "version" must equal
  // the current version. Missing both -> 428; different -> 412.
  Status CheckVersion(int64_t current, const nlohmann::json* body = nullptr) const;
  // Keyset pagination: ?limit= (1..500, default 50) and ?cursor= (the last id of the previous
  // page). InvalidArgument for anything else.
  struct Page {
    int64_t limit = 50;
    int64_t after = 0;
  };
  Result<Page> Paging() const;
  // Keyset pagination of a list that sorts by `spec` (http/list_sort.h): ?limit= as above,
  // ?sort= one of SortValues(spec), ?cursor= next_cursor of the previous page of the same sort.
  // InvalidArgument naming "sort" or "cursor" for anything else. Needs the request's transaction.
  Result<ListPage> SortedPaging(const SortSpec& spec) const;
  // Optional positive integer query parameter; InvalidArgument if present but malformed.
  Result<std::optional<int64_t>> QueryId(const std::string& name) const;
  // Optional date query parameter (YYYY-MM-DD); InvalidArgument if present but malformed.
  Result<std::optional<Date>> QueryDate(const std::string& name) const;

 private:
  Request& req_;
  store::Tx* tx_;
  const AuthInfo* auth_;
};

// {"items": items, "next_cursor": "<last id>" or null}; `items` holds at most limit + 1 rows,
// the extra one only signalling that there is a next page.
nlohmann::json ListBody(nlohmann::json items, int64_t limit);

// The ETag of a versioned resource.
std::string VersionTag(int64_t version);

struct ApiOptions {
  std::string title = "concord API";
  std::string version = "0.1.0";
};

// The clock is the database's (Database::clock), so that every timestamp of a request agrees.

class Api {
 public:
  Api(store::Database& db, Authenticator& auth, metrics::Registry& registry, ApiOptions options);
  ~Api();

  // Registration happens before serving; the table is immutable afterwards.
  void Add(Route route);
  // A named schema under components/schemas, referenced as {"$ref": "#/components/schemas/N"}.
  void AddSchema(const std::string& name, nlohmann::json schema);

  // Handles one request (on a worker thread).
  Response Handle(Request& req);

  // Called after every committed write transaction that emitted events.
  void SetOnEvents(std::function<void()> fn) { on_events_ = std::move(fn); }

  const std::vector<Route>& routes() const;
  nlohmann::json OpenApi() const;

 private:
  struct Compiled;
  const Compiled* Match(Request& req, std::vector<std::string>* allowed) const;
  Result<Response> Run(const Compiled& route, Request& req);
  Result<Response> RunInTx(const Compiled& route, Request& req, store::Tx& tx, AuthInfo& auth);
  Result<Response> Idempotent(const Compiled& route, Request& req, store::Tx& tx, Ctx& ctx);

  store::Database& db_;
  const Clock& clock_;
  Authenticator& auth_;
  metrics::Registry& registry_;
  ApiOptions options_;
  std::vector<std::unique_ptr<Compiled>> compiled_;
  std::vector<Route> routes_;
  nlohmann::json schemas_ = nlohmann::json::object();
  std::function<void()> on_events_;
  metrics::Counter* unmatched_ = nullptr;
};

}  // namespace concord::http
