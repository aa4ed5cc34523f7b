#include "http/static_assets.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "security/crypto.h"

namespace concord::http {
namespace {

constexpr std::string_view kIndex = "/index.html";
// Inline styles stay allowed for now; scripts must come from our own files.
constexpr std::string_view kHtmlCsp = "default-src 'self'; style-src 'self' 'unsafe-inline'";

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls fn(item) for each trimmed, non-empty item of a comma-separated header value.
template <typename Fn>
void ForEachListItem(std::string_view value, Fn fn) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = Trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    if (!item.empty()) fn(item);
  }
}

// The extension of the last path segment, lower case, without the dot; "" when none.
std::string ExtensionOf(std::string_view path) {
  std::string_view segment = path.substr(path.rfind('/') + 1);
  size_t dot = segment.rfind('.');
  return dot == std::string_view::npos ? std::string() : Lower(segment.substr(dot + 1));
}

bool HasExtension(std::string_view path) {
  return path.substr(path.rfind('/') + 1).find('.') != std::string_view::npos;
}

bool IsUnsafePath(std::string_view path) {
  if (path.empty() || path.front() != '/') return true;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return true;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (path.substr(start, end - start) == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

// RFC 9110 12.5.3: "gzip" (or "x-gzip") listed with a non-zero q value.
bool AcceptsGzip(std::string_view accept_encoding) {
  bool accepted = false;
  ForEachListItem(accept_encoding, [&](std::string_view item) {
    size_t semi = item.find(';');
    std::string coding = Lower(Trim(item.substr(0, semi)));
    if (coding != "gzip" && coding != "x-gzip") return;
    double q = 1.0;
    if (semi != std::string_view::npos) {
      std::string params = Lower(item.substr(semi + 1));
      size_t at = params.find("q=");
      if (at != std::string::npos) q = std::strtod(params.c_str() + at + 2, nullptr);
    }
    accepted = q > 0.0;
  });
  return accepted;
}

// If-None-Match uses the weak comparison (RFC 9110 13.1.2), so W/"x" matches "x".
bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  bool match = false;
  ForEachListItem(if_none_match, [&](std::string_view item) {
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == "*" || item == etag) match = true;
  });
  return match;
}

// gzip (not raw deflate or zlib) at level 9; "" if zlib fails.
std::string Gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

Response NotFound(const Request& req) {
  nlohmann::json body = {
      {"type", "about:blank"},
      {"title", "not_found"},
      {"status", 404},
      {"code", "static.not_found"},
      {"detail", "No such file: " + req.path.substr(0, 200)},
  };
  if (!req.request_id.empty()) body["request_id"] = req.request_id;
  Response r = Response::Json(404, body);
  r.content_type = "application/problem+json";
  r.Header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

StaticAssets::StaticAssets() {
  for (size_t i = 0; i < kEmbeddedFileCount; ++i) {
    const EmbeddedFile& f = kEmbeddedFiles[i];
    Add(f.path, std::string(reinterpret_cast<const char*>(f.data), f.size));
  }
}

StaticAssets::StaticAssets(const std::vector<AssetFile>& files) {
  for (const AssetFile& f : files) Add(f.path, f.data);
}

void StaticAssets::Add(std::string path, std::string data) {
  Asset a;
  a.content_type = ContentTypeFor(path);
  a.html = a.content_type.starts_with("text/html");
  a.etag = "\"" + security::Sha256Hex(data).substr(0, 16) + "\"";
  a.gzip = Gzip(data);
  if (a.gzip.size() >= data.size()) a.gzip.clear();
  a.data = std::move(data);
  assets_[std::move(path)] = std::move(a);
}

std::string StaticAssets::ContentTypeFor(std::string_view path) {
  static const std::unordered_map<std::string, std::string> kTypes = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"json", "application/json"},
      {"woff2", "font/woff2"},
      {"txt", "text/plain; charset=utf-8"},
      {"map", "application/json"},
  };
  auto it = kTypes.find(ExtensionOf(path));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Response StaticAssets::Serve(const Request& req) const {
  std::string path = req.path.empty() || req.path == "/" ? std::string(kIndex) : req.path;
  if (IsUnsafePath(path)) return NotFound(req);
  auto it = assets_.find(path);
  if (it == assets_.end()) {
    // A path without an extension is a client-side route: the UI's router resolves it.
    if (HasExtension(path) || path.starts_with("/api/") || path == "/api") return NotFound(req);
    path = kIndex;
    it = assets_.find(path);
    if (it == assets_.end()) return NotFound(req);
  }
  return Send(req, path, it->second);
}

Response StaticAssets::Send(const Request& req, const std::string& path, const Asset& a) const {
  Response r;
  r.content_type = a.content_type;
  r.Header("ETag", a.etag);
  // HTML names the hashed assets, so it must be revalidated on every load.
  // Vite names files under /assets/ by their content hash: they never change under one name.
  const char* cache = a.html || path == kIndex      ? "no-cache"
                      : path.starts_with("/assets/") ? "public, max-age=31536000, immutable"
                                                     : "public, max-age=3600";
  r.Header("Cache-Control", cache);
  if (!a.gzip.empty()) r.Header("Vary", "Accept-Encoding");
  r.Header("X-Content-Type-Options", "nosniff");
  if (a.html) {
    r.Header("Content-Security-Policy", std::string(kHtmlCsp));
    r.Header("X-Frame-Options", "DENY");
    r.Header("Referrer-Policy", "same-origin");
  }
  std::string if_none_match = req.Header("if-none-match");
  if (!if_none_match.empty() && EtagMatches(if_none_match, a.etag)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  if (!a.gzip.empty() && AcceptsGzip(req.Header("accept-encoding"))) {
    r.Header("Content-Encoding", "gzip");
    r.body = a.gzip;
  } else {
    r.body = a.data;
  }
  return r;
}

}  // namespace concord::http

namespace concord::http {

Result<std::unique_ptr<StaticAssets>> LoadStaticAssets(const std::string& dir) {
  if (dir.empty()) return std::make_unique<StaticAssets>();
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return InvalidArgument("config.web_dir", "--web-dir is not a directory: " + dir);
  }
  std::vector<AssetFile> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string rel = fs::relative(it->path(), dir).generic_string();
    if (!it->is_regular_file() || rel.starts_with('.') || rel.find("/.") != std::string::npos) {
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    files.push_back({"/" + rel, std::string(std::istreambuf_iterator<char>(in), {})});
  }
  if (ec || files.empty()) {
    return InvalidArgument("config.web_dir", "--web-dir holds no files: " + dir);
  }
  return std::make_unique<StaticAssets>(files);
}

}  // namespace concord::http
