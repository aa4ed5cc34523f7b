#include "http/api.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <random>

#include "core/time.h"
#include "http/problem.h"
#include "security/crypto.h"

namespace concord::http {

struct Api::Compiled {
  Route route;
  std::vector<std::string> segments;
  bool wildcard = false;
  std::array<metrics::Counter*, 5> by_class{};  // 1xx..5xx
  metrics::Histogram* latency = nullptr;
};

namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 1;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  return out;
}

bool IsMutating(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

nlohmann::json ListBody(nlohmann::json items, int64_t limit) {
  nlohmann::json next = nullptr;
  if (static_cast<int64_t>(items.size()) > limit) {
    items.erase(items.begin() + limit, items.end());
    next = std::to_string(items.back().at("id").get<int64_t>());
  }
  return {{"items", std::move(items)}, {"next_cursor", next}};
}

namespace {
std::optional<int64_t> ParsePositive(const std::string& s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

Result<int64_t> PageLimit(const Request& req) {
  auto limit = req.Query("limit");
  if (!limit) return int64_t{50};
  auto v = ParsePositive(*limit);
  if (!v || *v < 1 || *v > 500) return InvalidField("limit", "range", "limit must be 1..500.");
  return *v;
}
}  // namespace

Result<Ctx::Page> Ctx::Paging() const {
  Page page;
  ASSIGN_OR_RETURN(page.limit, PageLimit(req_));
  if (auto cursor = req_.Query("cursor")) {
    auto v = ParsePositive(*cursor);
    if (!v) return InvalidField("cursor", "malformed", "cursor is not valid.");
    page.after = *v;
  }
  return page;
}

Result<ListPage> Ctx::SortedPaging(const SortSpec& spec) const {
  std::string sort = req_.Query("sort").value_or("");
  if (sort.empty() || sort == "id") {
    ASSIGN_OR_RETURN(Page page, Paging());
    return ListPage::ById(spec, page.limit, page.after);
  }
  ASSIGN_OR_RETURN(int64_t limit, PageLimit(req_));
  return ListPage::ByKey(spec, limit, sort, req_.Query("cursor").value_or(""), tx_->dialect());
}

QueryParamDoc SortParam(const SortSpec& spec) {
  std::vector<std::string> values = SortValues(spec);
  std::string list;
  for (const auto& v : values) list += (list.empty() ? "" : " | ") + v;
  return {"sort", "string", "Order: " + list + " (\"-\" descending; ties by id; default id)",
          std::move(values)};
}

Result<std::optional<Date>> Ctx::QueryDate(const std::string& name) const {
  auto text = req_.Query(name);
  if (!text) return std::optional<Date>();
  auto d = Date::Parse(*text);
  if (!d.ok()) return InvalidField(name, d.status().message_id(), name + " is YYYY-MM-DD.");
  return std::optional<Date>(*d);
}

Result<std::optional<int64_t>> Ctx::QueryId(const std::string& name) const {
  auto q = req_.Query(name);
  if (!q) return std::optional<int64_t>();
  auto v = ParsePositive(*q);
  if (!v) return InvalidField(name, "malformed", name + " must be a non-negative integer.");
  return std::optional<int64_t>(*v);
}

std::string VersionTag(int64_t version) { return fmt::format("\"{}\"", version); }

Result<nlohmann::json> Ctx::Body() const {
  std::string type = req_.Header("content-type");
  if (!req_.body.empty() && !type.empty() && type.find("json") == std::string::npos) {
    return BadRequest("body.content_type",
                      "The body must be JSON (Content-Type: application/json).");
  }
  if (req_.body.empty()) return BadRequest("body.missing", "A JSON object body is required.");
  nlohmann::json body = nlohmann::json::parse(req_.body, nullptr, false);
  if (body.is_discarded()) return BadRequest("body.malformed_json", "The body is not valid JSON.");
  if (!body.is_object()) return BadRequest("body.not_object", "The body must be a JSON object.");
  return body;
}

Result<int64_t> Ctx::PathId(const std::string& name) const {
  auto it = req_.path_params.find(name);
  if (it == req_.path_params.end()) return Internal("route has no parameter " + name);
  int64_t id = 0;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || end != s.data() + s.size() || id <= 0) return NotFound("resource");
  return id;
}

Status Ctx::CheckVersion(int64_t current, const nlohmann::json* body) const {
  std::string if_match = req_.Header("if-match");
  std::optional<int64_t> wanted;
  if (!if_match.empty()) {
    std::string_view v = if_match;
    if (v.starts_with("W/")) v.remove_prefix(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    int64_t n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size()) {
      return Status(Code::kStaleVersion, "version.stale",
                    "If-Match does not match the current version of the resource.");
    }
    wanted = n;
  } else if (body && body->contains("version")) {
    if (!(*body)["version"].is_number_integer()) {
      return InvalidField("version", "type", "version must be an integer.");
    }
    wanted = (*body)["version"].get<int64_t>();
  }
  if (!wanted) {
    return Status(Code::kFailedPrecondition, "version.required",
                  "Send If-Match with the resource's ETag (or \"version\" in the body) so that "
                  "a concurrent change is not overwritten.");
  }
  if (*wanted != current) {
    return Status(Code::kStaleVersion, "version.stale",
                  fmt::format("The resource was changed by someone else (your version {}, "
                              "current {}). Reload it and apply your change again.",
                              *wanted, current));
  }
  return Status::Ok();
}

Api::Api(store::Database& db, Authenticator& auth, metrics::Registry& registry, ApiOptions options)
    : db_(db), clock_(db.clock()), auth_(auth), registry_(registry), options_(std::move(options)) {
  unmatched_ =
      &registry_.AddCounter("concord_http_unmatched_total", "", "Requests that matched no route.");
}

Api::~Api() = default;

void Api::Add(Route route) {
  auto c = std::make_unique<Compiled>();
  c->segments = Split(route.pattern);
  c->wildcard = !c->segments.empty() && c->segments.back().starts_with("{*");
  std::string label = fmt::format("route=\"{} {}\"", route.method, route.pattern);
  for (int i = 0; i < 5; ++i) {
    c->by_class[i] = &registry_.AddCounter("concord_http_requests_total",
                                           label + fmt::format(",status=\"{}xx\"", i + 1),
                                           "HTTP requests by route and status class.");
  }
  c->latency = &registry_.AddHistogram("concord_http_request_duration_seconds", label,
                                       "Time from request received to response ready.");
  c->route = route;
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
}

void Api::AddSchema(const std::string& name, nlohmann::json schema) {
  schemas_[name] = std::move(schema);
}

const std::vector<Route>& Api::routes() const { return routes_; }

const Api::Compiled* Api::Match(Request& req, std::vector<std::string>* allowed) const {
  auto parts = Split(req.path);
  for (int pass = 0; pass < 2; ++pass) {  // exact patterns first, then wildcards
    for (const auto& c : compiled_) {
      if (c->wildcard != (pass == 1)) continue;
      size_t fixed = c->wildcard ? c->segments.size() - 1 : c->segments.size();
      if (c->wildcard ? parts.size() < fixed : parts.size() != fixed) continue;
      std::map<std::string, std::string> params;
      bool ok = true;
      for (size_t i = 0; i < fixed && ok; ++i) {
        const std::string& seg = c->segments[i];
        if (seg.size() > 2 && seg.front() == '{') {
          if (parts[i].empty()) ok = false;
          params[seg.substr(1, seg.size() - 2)] = parts[i];
        } else {
          ok = seg == parts[i];
        }
      }
      if (!ok) continue;
      if (c->route.method != req.method && !(req.method == "HEAD" && c->route.method == "GET")) {
        // A catch-all (the web UI) does not make every path a resource with methods.
        if (!c->wildcard) allowed->push_back(c->route.method);
        continue;
      }
      if (c->wildcard) {
        std::string rest;
        for (size_t i = fixed; i < parts.size(); ++i) rest += (i > fixed ? "/" : "") + parts[i];
        const std::string& seg = c->segments.back();
        params[seg.substr(2, seg.size() - 3)] = rest;
      }
      req.path_params = std::move(params);
      return c.get();
    }
    if (!allowed->empty()) return nullptr;
  }
  return nullptr;
}

Response Api::Handle(Request& req) {
  std::string incoming = req.Header("x-request-id");
  req.request_id = ValidRequestId(incoming) ? incoming : NewRequestId();
  Response res;
  const Compiled* route = nullptr;
  Status parsed = ParseTarget(req.target, req);
  if (!parsed.ok()) {
    res = Problem(parsed, req.request_id);
  } else {
    std::vector<std::string> allowed;
    route = Match(req, &allowed);
    if (!route && !allowed.empty()) {
      res = Problem(Status(Code::kMethodNotAllowed, "http.method_not_allowed",
                           "This resource does not support " + req.method + "."),
                    req.request_id);
      std::string allow;
      for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
      res.Header("Allow", allow);
    } else if (!route) {
      unmatched_->Inc();
      res = Problem(NotFound("resource " + req.path), req.request_id);
    } else {
      Result<Response> r = Run(*route, req);
      res = r.ok() ? std::move(r).value() : Problem(r.status(), req.request_id);
    }
  }
  res.Header("X-Request-Id", req.request_id);
  if (route) {
    int cls = std::clamp(res.status / 100, 1, 5);
    route->by_class[cls - 1]->Inc();
    route->latency->ObserveMicros(std::chrono::duration_cast<std::chrono::microseconds>(
                                      std::chrono::steady_clock::now() - req.received)
                                      .count());
  }
  if (res.status >= 500)
    spdlog::error("[{}] {} {} -> {}", req.request_id, req.method, req.path, res.body);
  return res;
}

Result<Response> Api::Run(const Compiled& c, Request& req) {
  TxKind kind = c.route.tx;
  if (kind == TxKind::kDefault) kind = IsMutating(req.method) ? TxKind::kWrite : TxKind::kRead;
  if (kind == TxKind::kNone) {
    if (c.route.auth != AuthKind::kPublic) return Internal("authenticated route without tx");
    Ctx ctx(req, nullptr, nullptr);
    return c.route.handler(ctx);
  }
  store::TxOptions opts;
  opts.deadline = req.deadline;
  opts.actor.request_id = req.request_id;
  std::optional<Response> out;
  AuthInfo auth;
  bool emitted = false;
  auto fn = [&](store::Tx& tx) -> Status {
    auth = AuthInfo();
    Result<Response> r = RunInTx(c, req, tx, auth);
    if (!r.ok()) return r.status();
    emitted = tx.HasJournal();
    out = std::move(r).value();
    return Status::Ok();
  };
  Status st = kind == TxKind::kWrite ? db_.Write(fn, opts) : db_.Read(fn, opts);
  if (auth.access) auth_.AfterRequest(auth);
  if (!st.ok()) return st;
  if (emitted && on_events_) on_events_();
  return std::move(*out);
}

Result<Response> Api::RunInTx(const Compiled& c, Request& req, store::Tx& tx, AuthInfo& auth) {
  if (c.route.auth != AuthKind::kPublic) {
    ASSIGN_OR_RETURN(auth, auth_.Authenticate(req, tx));
    if (auth.via_cookie && IsMutating(req.method)) {
      std::string csrf = req.Header("x-csrf-token");
      if (csrf.empty() ||
          !security::ConstantTimeEquals(security::Sha256Hex(csrf), auth.csrf_hash)) {
        security::LogDenied(auth.access->user_id(), "csrf", req.method + " " + req.path);
        return PermissionDenied("Missing or wrong X-CSRF-Token header for a cookie session.");
      }
    }
    if (c.route.auth == AuthKind::kPermission)
      RETURN_IF_ERROR(auth.access->Require(c.route.permission));
    tx.set_actor({auth.access->user_id(), auth.access->company_id(), req.request_id});
  }
  Ctx ctx(req, &tx, auth.access ? &auth : nullptr);
  if (req.method == "POST" && auth.access && !req.Header("idempotency-key").empty()) {
    return Idempotent(c, req, tx, ctx);
  }
  return c.route.handler(ctx);
}

Result<Response> Api::Idempotent(const Compiled& c, Request& req, store::Tx& tx, Ctx& ctx) {
  std::string key = req.Header("idempotency-key");
  if (key.size() > 255)
    return InvalidField("Idempotency-Key", "too_long", "At most 255 characters.");
  int64_t user = ctx.access().user_id();
  int64_t company = ctx.access().company_id();
  std::string hash = security::Sha256Hex(req.method + " " + req.path + "\n" + req.body);
  ASSIGN_OR_RETURN(auto prior, tx.One("SELECT request_hash, status, content_type, etag, location, "
                                      "body FROM idempotency_keys WHERE user_id = ? AND "
                                      "company_id = ? AND idem_key = ?",
                                      user, company, key));
  if (prior) {
    if (prior->Text(0) != hash) {
      return Conflict("idempotency.key_reused",
                      "This Idempotency-Key was used for a different request.");
    }
    Response r;
    r.status = static_cast<int>(prior->Int(1));
    r.content_type = prior->Text(2);
    r.body = prior->Text(5);
    if (!prior->Text(3).empty()) r.Header("ETag", prior->Text(3));
    if (!prior->Text(4).empty()) r.Header("Location", prior->Text(4));
    r.Header("Idempotent-Replayed", "true");
    return r;
  }
  ASSIGN_OR_RETURN(Response res, c.route.handler(ctx));
  if (res.status < 200 || res.status >= 300) return res;
  // A response that carries a secret shown once (Cache-Control: no-store, e.g. a new API token)
  // is not kept: a retry learns that the first request succeeded, not the secret.
  Response stored = res;
  if (res.HeaderValue("Cache-Control") == "no-store") {
    stored = Problem(Conflict("idempotency.not_replayable",
                              "The first request with this key succeeded; its response held a "
                              "secret that is shown only once."),
                     req.request_id);
  }
  auto ins = tx.Exec(
      "INSERT INTO idempotency_keys (user_id, company_id, idem_key, method, path, "
      "request_hash, status, content_type, etag, location, body, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      user, company, key, req.method, req.path, hash, stored.status, stored.content_type,
      res.HeaderValue("ETag"), res.HeaderValue("Location"), stored.body, clock_.Now().ToIso());
  // A concurrent request with the same key committed first: retry and replay its response.
  if (!ins.ok() && ins.status().message_id() == "db.unique_violation") {
    return Status(Code::kAborted, "idempotency.race", "concurrent request with the same key");
  }
  if (!ins.ok()) return ins.status();
  return res;
}

}  // namespace concord::http
