// What operators and clients rely on besides the business API: health, metrics, request ids,
// the embedded web UI with caching and compression, and an OpenAPI document that tells the truth
// about the route table.
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <functional>
#include <regex>

#include "api_helpers.h"

namespace concord::testing {
namespace {

std::string Gunzip(const std::string& data) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return {};
  std::string out(data.size() * 20 + 1024, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string("<gunzip failed>");
}

TEST(Platform, HealthzAnswersOk) {
  TestServer server;
  auto r = server.Client()->Get("/healthz");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.json()["status"], "ok");
  EXPECT_FALSE(r.json().value("version", "").empty());
}

TEST(Platform, MetricsCountRequestsPerRouteAndStatusClass) {
  TestServer server;
  auto client = server.Client();
  const std::string kHealthOk =
      "concord_http_requests_total{route=\"GET /healthz\",status=\"2xx\"}";
  const std::string kUsersDenied =
      "concord_http_requests_total{route=\"GET /api/v1/users\",status=\"4xx\"}";
  ASSERT_EQ(client->Get("/healthz").status, 200);
  auto first = client->Get("/metrics");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.header("content-type").rfind("text/plain", 0), 0u)
      << first.header("content-type");
  auto health_before = MetricValue(first.body, kHealthOk);
  auto denied_before = MetricValue(first.body, kUsersDenied);
  ASSERT_TRUE(health_before.has_value()) << first.body;
  ASSERT_TRUE(denied_before.has_value()) << first.body;
  EXPECT_GE(*health_before, 1);
  EXPECT_NE(first.body.find("# TYPE concord_http_requests_total counter"), std::string::npos);
  EXPECT_NE(first.body.find("concord_db_pool_wait_seconds_bucket{le=\""), std::string::npos)
      << first.body;
  EXPECT_NE(first.body.find("concord_db_pool_wait_seconds_bucket{le=\"+Inf\"}"), std::string::npos);

  ASSERT_EQ(client->Get("/healthz").status, 200);
  ASSERT_EQ(client->Get("/healthz").status, 200);
  ASSERT_EQ(client->Get("/api/v1/users").status, 401);
  auto second = client->Get("/metrics");
  EXPECT_EQ(MetricValue(second.body, kHealthOk), *health_before + 2);
  EXPECT_EQ(MetricValue(second.body, kUsersDenied), *denied_before + 1);
}

TEST(Platform, EveryResponseCarriesARequestId) {
  TestServer server;
  auto admin = server.Admin();
  auto anonymous = server.Client();
  std::vector<std::pair<std::string, HttpResult>> answers = {
      {"healthz", anonymous->Get("/healthz")},
      {"ui", anonymous->Get("/")},
      {"metrics", anonymous->Get("/metrics")},
      {"openapi", anonymous->Get("/api/v1/openapi.json")},
      {"login",
       anonymous->Post("/api/v1/auth/login", {{"login", "admin"}, {"password", kAdminPassword}})},
      {"401", anonymous->Get("/api/v1/users")},
      {"404", admin->Get("/api/v1/users/999")},
      {"405", admin->Delete("/api/v1/users")},
      {"422", admin->Post("/api/v1/departments", json::object())},
      {"400", admin->Send("POST", "/api/v1/departments", "{")},
      {"201", admin->Post("/api/v1/departments", {{"name", "Sales"}})},
      {"204", admin->Send("POST", "/api/v1/auth/logout")},
  };
  std::set<std::string> seen;
  const std::regex kGenerated("[0-9a-f]{16}");
  for (const auto& [what, r] : answers) {
    std::string id = r.header("x-request-id");
    EXPECT_TRUE(std::regex_match(id, kGenerated)) << what << ": '" << id << "'";
    EXPECT_TRUE(seen.insert(id).second) << what << ": duplicate request id " << id;
    if (r.header("content-type") == "application/problem+json") {
      EXPECT_EQ(r.json()["request_id"], id) << what << ": " << r.body;
    }
  }

  auto traced = anonymous->Get("/healthz", {{"X-Request-Id", "edge-proxy.7f3a_01"}});
  EXPECT_EQ(traced.header("x-request-id"), "edge-proxy.7f3a_01");
  for (std::string bad : {std::string("has space"), std::string(65, 'a'), std::string("<script>"),
                          std::string("a\"b")}) {
    auto r = anonymous->Get("/api/v1/users", {{"X-Request-Id", bad}});
    EXPECT_TRUE(std::regex_match(r.header("x-request-id"), kGenerated))
        << bad << " -> " << r.header("x-request-id");
    EXPECT_EQ(r.json()["request_id"], r.header("x-request-id"));
  }
}

// Requests the server refuses before routing them still get the problem+json shape and a
// request id, so that a client can report them like any other error.
TEST(Platform, RequestsRefusedBeforeRoutingAreProblemsWithARequestId) {
  TestServer server;
  RawSocket big_header(server.port());
  big_header.Write(OversizedHeaderRequest());
  const std::string& r431 = big_header.ReadAll(std::chrono::seconds(5));
  EXPECT_EQ(RawStatus(r431), 431) << r431.substr(0, 300);
  RawSocket big_body(server.port());
  big_body.Write(
      "POST /api/v1/departments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string((1 << 20) + 1) + "\r\n\r\n");
  const std::string& r413 = big_body.ReadAll(std::chrono::seconds(5));
  EXPECT_EQ(RawStatus(r413), 413) << r413.substr(0, 300);
  for (const std::string* r : {&r431, &r413}) {
    EXPECT_FALSE(RawHeader(*r, "x-request-id").empty()) << r->substr(0, 400);
    json body =
        json::parse(r->substr(std::min(r->size(), r->find("\r\n\r\n") + 4)), nullptr, false);
    EXPECT_TRUE(body.is_object() && body.contains("code") && body.contains("request_id")) << *r;
  }
}

TEST(Platform, WebUiIsServedWithETagRevalidationAndGzip) {
  TestServer server;
  auto browser = server.Client();
  auto page = browser->Get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.body.rfind("<!doctype html>", 0), 0u) << page.body.substr(0, 100);
  std::string etag = page.header("etag");
  EXPECT_TRUE(std::regex_match(etag, std::regex("\"[0-9a-f]{16}\""))) << etag;
  EXPECT_EQ(page.header("x-frame-options"), "DENY");
  EXPECT_FALSE(page.header("content-security-policy").empty());

  auto revalidated = browser->Get("/", {{"If-None-Match", etag}});
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_TRUE(revalidated.body.empty());
  EXPECT_EQ(revalidated.header("etag"), etag);
  EXPECT_EQ(browser->Get("/", {{"If-None-Match", "\"0000000000000000\""}}).status, 200);

  auto gz = browser->Get("/", {{"Accept-Encoding", "br, gzip;q=0.8"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_EQ(gz.header("vary"), "Accept-Encoding");
  EXPECT_LT(gz.body.size(), page.body.size());
  EXPECT_EQ(Gunzip(gz.body), page.body);
  EXPECT_EQ(browser->Get("/", {{"Accept-Encoding", "gzip;q=0"}}).header("content-encoding"), "");

  // Client-side routes get the application; files and traversal attempts do not.
  auto route = browser->Get("/customers/42");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.header("etag"), etag);
  // The page names its content-hashed script, which is cached for good and sent gzipped.
  std::smatch script;
  ASSERT_TRUE(std::regex_search(page.body, script, std::regex("src=\"(/assets/[^\"]+\\.js)\"")))
      << page.body;
  auto js = browser->Get(script[1].str(), {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js.header("content-encoding"), "gzip");
  EXPECT_EQ(browser->Get("/missing.js").status, 404);
  EXPECT_EQ(browser->Get("/%2e%2e/%2e%2e/etc/passwd").status, 404);
}

// Calls fn(value) for every "$ref" anywhere in the document.
void ForEachRef(const json& j, const std::function<void(const std::string&)>& fn) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "$ref" && it->is_string()) fn(it->get<std::string>());
      ForEachRef(*it, fn);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) ForEachRef(v, fn);
  }
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, DocumentMatchesTheRouteTable) {
  TestServer server;
  auto r = server.Client()->Get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  json doc = json::parse(r.body, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << "not JSON";
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_FALSE(doc["info"].value("title", "").empty());
  const json& paths = doc["paths"];
  const json& schemas = doc["components"]["schemas"];

  std::set<std::pair<std::string, std::string>> routes;
  for (const auto& route : server.app().api().routes()) {
    std::string path = route.pattern;
    if (auto star = path.find("{*"); star != std::string::npos) path.erase(star + 1, 1);
    std::string method = Lower(route.method);
    routes.emplace(path, method);
    ASSERT_TRUE(paths.contains(path) && paths[path].contains(method))
        << route.method << " " << path;
    const json& op = paths[path][method];
    EXPECT_FALSE(op.value("summary", "").empty()) << route.method << " " << path;
    ASSERT_TRUE(op.contains("responses") && !op["responses"].empty())
        << route.method << " " << path;
    EXPECT_TRUE(op["responses"].contains(std::to_string(route.doc.success)))
        << route.method << " " << path;
    if (route.auth != http::AuthKind::kPublic) {
      EXPECT_TRUE(op["responses"].contains("401")) << path;
    }
    if (route.auth == http::AuthKind::kPermission) {
      EXPECT_EQ(op["x-permission"], route.permission) << path;
    }
  }
  for (auto p = paths.begin(); p != paths.end(); ++p) {
    std::set<std::string> declared_in_path;
    std::regex param("\\{([^}]+)\\}");
    for (std::sregex_iterator m(p.key().begin(), p.key().end(), param), end; m != end; ++m) {
      declared_in_path.insert((*m)[1]);
    }
    for (auto op = p->begin(); op != p->end(); ++op) {
      EXPECT_TRUE(routes.count({p.key(), op.key()}))
          << "documented but not routed: " << op.key() << " " << p.key();
      std::set<std::string> in_path;
      for (const auto& prm : op->value("parameters", json::array())) {
        if (prm["in"] == "path") {
          EXPECT_EQ(prm["required"], true) << p.key();
          in_path.insert(prm["name"].get<std::string>());
        }
      }
      EXPECT_EQ(in_path, declared_in_path) << op.key() << " " << p.key();
    }
  }

  int refs = 0;
  ForEachRef(doc, [&](const std::string& ref) {
    ++refs;
    const std::string kPrefix = "#/components/schemas/";
    ASSERT_EQ(ref.rfind(kPrefix, 0), 0u) << ref;
    EXPECT_TRUE(schemas.contains(ref.substr(kPrefix.size()))) << "dangling " << ref;
  });
  EXPECT_GT(refs, 20);
}

TEST(OpenApi, EveryRoutePermissionIsInTheCatalog) {
  TestServer server;
  auto admin = server.Admin();
  auto catalog = admin->Get("/api/v1/permissions");
  ASSERT_EQ(catalog.status, 200) << catalog.body;
  std::set<std::string> names;
  for (const auto& p : Items(catalog)) {
    names.insert(p["name"].get<std::string>());
    EXPECT_FALSE(p.value("description", "").empty()) << p.dump();
  }
  int checked = 0;
  for (const auto& route : server.app().api().routes()) {
    if (route.auth != http::AuthKind::kPermission) {
      EXPECT_TRUE(route.permission.empty()) << route.method << " " << route.pattern;
      continue;
    }
    EXPECT_TRUE(names.count(route.permission))
        << route.method << " " << route.pattern << ": " << route.permission;
    ++checked;
  }
  EXPECT_GE(checked, 25);
}

TEST(Platform, HeadAnswersHaveNoBody) {
  TestServer server;
  RawSocket raw(server.port());
  // HEAD, then GET on the same connection: the GET's answer must follow the HEAD's headers.
  raw.Write(
      "HEAD /healthz HTTP/1.1\r\nHost: localhost\r\n\r\nGET /healthz HTTP/1.1\r\nHost: "
      "localhost\r\n"
      "Connection: close\r\n\r\n");
  const std::string& received = raw.ReadAll(std::chrono::seconds(5));
  size_t head_end = received.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << received;
  EXPECT_EQ(RawStatus(received), 200) << received;
  EXPECT_EQ(received.substr(head_end + 4, 9), "HTTP/1.1 ") << received;
  EXPECT_EQ(received.rfind("{\"status\":\"ok\""), received.find("{\"status\":\"ok\"")) << received;
}

}  // namespace
}  // namespace concord::testing
