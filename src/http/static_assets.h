// The embedded web UI: the files Vite builds from web/ (scripts/web-build.sh), compiled into the binary by tools/embed.cmake,
// served with content types, strong ETags, precompressed gzip variants and security headers.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "http/message.h"

namespace concord::http {

// One embedded file. `path` is absolute with a leading slash ("/index.html"); `data` points to
// `size` bytes with static storage duration.
struct EmbeddedFile {
  const char* path;
  const unsigned char* data;
  size_t size;
};

// Defined in the generated web_assets.cc. When the UI build is empty the array holds one
// placeholder element and the count is 0.
extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;

// A file to serve, owned; `path` as in EmbeddedFile.
struct AssetFile {
  std::string path;
  std::string data;
};

// Immutable after construction; Serve may be called concurrently from any thread.
// Construction hashes and gzips every file once, so build one instance at start-up.
class StaticAssets {
 public:
  // Serves the table embedded into the binary.
  StaticAssets();
  // Serves `files` (for tests and for serving a directory during UI development).
  explicit StaticAssets(const std::vector<AssetFile>& files);

  // Answers a GET or HEAD for req.path (already percent-decoded):
  //  - "" and "/" mean "/index.html";
  //  - an unknown path whose last segment has no extension is a client-side route and gets
  //    index.html (SPA fallback), except under "/api/";
  //  - an unknown path with an extension, a path with a ".." segment, a backslash or a NUL,
  //    gets a 404 application/problem+json;
  //  - If-None-Match listing the ETag (or "*") gets a 304 with an empty body;
  //  - Accept-Encoding allowing gzip gets the gzip variant when one is smaller.
  Response Serve(const Request& req) const;

  bool Contains(std::string_view path) const { return assets_.count(std::string(path)) != 0; }
  size_t size() const { return assets_.size(); }

  // "text/html; charset=utf-8" for ".html", ...; "application/octet-stream" when unknown.
  static std::string ContentTypeFor(std::string_view path);

 private:
  struct Asset {
    std::string data;
    std::string gzip;  // empty when compression did not make the file smaller
    std::string content_type;
    std::string etag;  // strong: quoted first 16 hex chars of the SHA-256 of `data`
    bool html = false;
  };

  void Add(std::string path, std::string data);
  Response Send(const Request& req, const std::string& path, const Asset& asset) const;

  std::unordered_map<std::string, Asset> assets_;
};

// The built-in UI when `dir` is empty; otherwise every file under `dir` (a Vite build, for UI
// development), read once. A missing or empty directory is an error (the server does not start).
Result<std::unique_ptr<StaticAssets>> LoadStaticAssets(const std::string& dir);

}  // namespace concord::http
