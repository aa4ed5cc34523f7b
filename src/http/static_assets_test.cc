#include "http/static_assets.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "security/crypto.h"

namespace concord::http {
namespace {

const std::string kIndexHtml =
    "<!doctype html><html><head><title>concord</title></head><body>"
    "<main id=\"app\"></main><script src=\"/app.js\" defer></script></body></html>";

std::string Repeated(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

std::string Gunzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[4096];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

Request Get(std::string path, std::map<std::string, std::string> headers = {}) {
  Request req;
  req.method = "GET";
  req.target = path;
  req.path = std::move(path);
  req.headers = std::move(headers);
  return req;
}

class StaticAssetsTest : public ::testing::Test {
 protected:
  const std::string app_js_ = Repeated("console.log('concord says hello');\n", 200);
  StaticAssets assets_{std::vector<AssetFile>{
      {"/index.html", kIndexHtml},
      {"/app.js", app_js_},
      {"/app.css", "body { margin: 0; }"},
      {"/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"},
      {"/favicon.ico", std::string("\x00\x00\x01\x00", 4)},
      {"/x.png", "\x89PNG"},
      {"/data.json", "{}"},
      {"/f.woff2", "wOF2"},
      {"/robots.txt", "User-agent: *"},
      {"/app.js.map", "{}"},
      {"/mod.MJS", "export {};"},
      {"/blob.bin", "??"},
  }};
};

TEST_F(StaticAssetsTest, ServesFileWithContentTypeAndCaching) {
  Response r = assets_.Serve(Get("/app.js"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, app_js_);
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(r.HeaderValue("Cache-Control"), "public, max-age=3600");
  EXPECT_EQ(r.HeaderValue("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.HeaderValue("Content-Encoding"), "");
  EXPECT_EQ(r.HeaderValue("Content-Security-Policy"), "");
}

TEST_F(StaticAssetsTest, ContentTypesByExtension) {
  const std::pair<const char*, const char*> cases[] = {
      {"/index.html", "text/html; charset=utf-8"},
      {"/app.css", "text/css; charset=utf-8"},
      {"/img/logo.svg", "image/svg+xml"},
      {"/favicon.ico", "image/x-icon"},
      {"/x.png", "image/png"},
      {"/data.json", "application/json"},
      {"/f.woff2", "font/woff2"},
      {"/robots.txt", "text/plain; charset=utf-8"},
      {"/app.js.map", "application/json"},
      {"/mod.MJS", "text/javascript; charset=utf-8"},
      {"/blob.bin", "application/octet-stream"},
  };
  for (const auto& [path, type] : cases) {
    Response r = assets_.Serve(Get(path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.content_type, type) << path;
  }
}

TEST_F(StaticAssetsTest, RootServesIndexWithSecurityHeaders) {
  for (const char* path : {"", "/"}) {
    Response r = assets_.Serve(Get(path));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, kIndexHtml);
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(r.HeaderValue("Cache-Control"), "no-cache");
    EXPECT_EQ(r.HeaderValue("Content-Security-Policy"),
              "default-src 'self'; style-src 'self' 'unsafe-inline'");
    EXPECT_EQ(r.HeaderValue("X-Frame-Options"), "DENY");
    EXPECT_EQ(r.HeaderValue("Referrer-Policy"), "same-origin");
    EXPECT_EQ(r.HeaderValue("X-Content-Type-Options"), "nosniff");
  }
}

TEST_F(StaticAssetsTest, EtagIsQuotedSha256PrefixAndRevalidates) {
  Response first = assets_.Serve(Get("/app.js"));
  std::string etag = first.HeaderValue("ETag");
  EXPECT_EQ(etag, "\"" + security::Sha256Hex(app_js_).substr(0, 16) + "\"");

  for (std::string inm : {etag, "\"other\", " + etag, "W/" + etag, std::string("*")}) {
    Response r = assets_.Serve(Get("/app.js", {{"if-none-match", inm}}));
    EXPECT_EQ(r.status, 304) << inm;
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.HeaderValue("ETag"), etag);
    EXPECT_EQ(r.HeaderValue("Cache-Control"), "public, max-age=3600");
  }
  Response stale = assets_.Serve(Get("/app.js", {{"if-none-match", "\"0123456789abcdef\""}}));
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, app_js_);
  EXPECT_NE(assets_.Serve(Get("/app.css")).HeaderValue("ETag"), etag);
}

TEST_F(StaticAssetsTest, GzipWhenAcceptedAndDecompressesToOriginal) {
  Response r = assets_.Serve(Get("/app.js", {{"accept-encoding", "deflate, gzip;q=0.8, br"}}));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.HeaderValue("Content-Encoding"), "gzip");
  EXPECT_EQ(r.HeaderValue("Vary"), "Accept-Encoding");
  EXPECT_LT(r.body.size(), app_js_.size());
  EXPECT_EQ(Gunzip(r.body), app_js_);

  Response plain = assets_.Serve(Get("/app.js", {{"accept-encoding", "br"}}));
  EXPECT_EQ(plain.HeaderValue("Content-Encoding"), "");
  EXPECT_EQ(plain.HeaderValue("Vary"), "Accept-Encoding");
  EXPECT_EQ(plain.body, app_js_);

  Response refused = assets_.Serve(Get("/app.js", {{"accept-encoding", "gzip;q=0"}}));
  EXPECT_EQ(refused.HeaderValue("Content-Encoding"), "");
  EXPECT_EQ(refused.body, app_js_);
}

TEST_F(StaticAssetsTest, TinyFilesAreNotCompressed) {
  Response r = assets_.Serve(Get("/data.json", {{"accept-encoding", "gzip"}}));
  EXPECT_EQ(r.HeaderValue("Content-Encoding"), "");
  EXPECT_EQ(r.HeaderValue("Vary"), "");
  EXPECT_EQ(r.body, "{}");
}

TEST_F(StaticAssetsTest, ClientRoutesFallBackToIndex) {
  for (const char* path : {"/login", "/sales/orders/42", "/customers/"}) {
    Response r = assets_.Serve(Get(path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, kIndexHtml) << path;
    EXPECT_EQ(r.HeaderValue("Cache-Control"), "no-cache") << path;
    EXPECT_EQ(r.HeaderValue("Content-Security-Policy").empty(), false) << path;
  }
}

TEST_F(StaticAssetsTest, MissingFileWithExtensionIsProblem404) {
  for (const char* path : {"/missing.js", "/img/nope.png", "/api/v1/unknown", "/api"}) {
    Response r = assets_.Serve(Get(path));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/problem+json") << path;
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["type"], "about:blank");
    EXPECT_EQ(body["title"], "not_found");
    EXPECT_EQ(body["status"], 404);
    EXPECT_TRUE(body["detail"].is_string());
  }
}

TEST_F(StaticAssetsTest, TraversalIsRejected) {
  for (const char* path : {"/../etc/passwd", "/img/../app.js", "/..", "/a/..", "..\\app.js",
                           "/img\\..\\app.js", "app.js"}) {
    EXPECT_EQ(assets_.Serve(Get(path)).status, 404) << path;
  }
  std::string with_nul("/app.js\0.html", 13);
  EXPECT_EQ(assets_.Serve(Get(with_nul)).status, 404);
}

TEST(StaticAssetsEmptyTest, NoIndexMeans404Everywhere) {
  StaticAssets empty{std::vector<AssetFile>{}};
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.Serve(Get("/")).status, 404);
  EXPECT_EQ(empty.Serve(Get("/some/route")).status, 404);
}

TEST(StaticAssetsEmbeddedTest, EmbeddedUiHasIndexAndScriptsInFiles) {
  StaticAssets embedded;
  ASSERT_TRUE(embedded.Contains("/index.html"));
  Response r = embedded.Serve(Get("/"));
  EXPECT_EQ(r.status, 200);
  // The CSP forbids inline scripts, so every <script> must reference a file.
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  std::smatch script;
  ASSERT_TRUE(std::regex_search(r.body, script, std::regex(R"re(<script[^>]* src="(/assets/[^"]+)")re")))
      << r.body;
  // The script Vite named is embedded too, and cached for good.
  Response js = embedded.Serve(Get(script[1].str()));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.HeaderValue("Cache-Control"), "public, max-age=31536000, immutable");
}

TEST(StaticAssetsDirectoryTest, ADirectoryIsServedWithoutItsHiddenFiles) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("concord-web-" + std::to_string(::getpid()));
  fs::create_directories(dir / "assets");
  fs::create_directories(dir / ".vite");
  std::ofstream(dir / "index.html") << kIndexHtml;
  std::ofstream(dir / "assets" / "app-1.js") << "console.log(1);";
  std::ofstream(dir / ".vite" / "manifest.json") << "{}";
  auto assets = LoadStaticAssets(dir.string());
  ASSERT_TRUE(assets.ok()) << assets.status().message();
  EXPECT_EQ((*assets)->size(), 2u);
  EXPECT_EQ((*assets)->Serve(Get("/assets/app-1.js")).body, "console.log(1);");
  EXPECT_EQ((*assets)->Serve(Get("/.vite/manifest.json")).status, 404);
  fs::remove_all(dir);

  EXPECT_FALSE(LoadStaticAssets(dir.string()).ok());  // gone: the server must not start
  EXPECT_TRUE(LoadStaticAssets("").ok());              // the built-in copy
}

}  // namespace
}  // namespace concord::http
