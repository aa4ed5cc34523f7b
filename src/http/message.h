// Transport-independent HTTP request and response, as seen by the router and handlers.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace concord::http {

struct Request {
  std::string method;                                      // upper case: GET, POST, ...
  std::string target;                                      // as received: path?query
  std::string path;                                        // percent-decoded path
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string> headers;              // lower-case names
  std::string body;
  std::string remote_ip;
  std::string request_id;
  std::chrono::steady_clock::time_point received = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();

  // Filled by the router.
  std::map<std::string, std::string> path_params;

  std::string Header(const std::string& lower_name) const;
  std::optional<std::string> Query(const std::string& name) const;
  std::string Cookie(const std::string& name) const;
};

// A server-sent-event stream: the server calls Next on a worker thread with the id of the
// last event sent; it returns the text of zero or more events ("id: ...\ndata: ...\n\n") and
// the new last id. Between empty polls the server waits for a Notifier tick or a timeout.
// `last_id` may advance without text (events the subscriber may not see were skipped);
// `more`: the batch was cut short, the server asks again at once.
struct SseBatch {
  std::string text;
  int64_t last_id = 0;
  bool more = false;
};
struct SseStream {
  int64_t last_id = 0;
  std::function<Result<SseBatch>(int64_t last_id)> next;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<SseStream> sse;  // set for event streams; body is then unused
  bool keep_alive = true;

  static Response Json(int status, const nlohmann::json& body);
  static Response NoContent();
  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  std::string HeaderValue(std::string_view name) const;
};

// Generates a request id: 16 hex characters, unique within the process.
std::string NewRequestId();
// Accepts a caller-supplied X-Request-Id if it is 1..64 characters of [A-Za-z0-9._-].
bool ValidRequestId(std::string_view id);

// Percent-decoding for paths and query strings ('+' is a space only in queries).
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);
// Splits "path?query" into the decoded path and query pairs; fails on bad escapes.
Status ParseTarget(std::string_view target, Request& req);

}  // namespace concord::http
