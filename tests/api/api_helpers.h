// Helpers shared by the API scenario tests: problem+json assertions, URL encoding, demo logins,
// list lookups, metric parsing and a raw socket for what the blocking client cannot do
// (server-sent events, requests the server rejects before reading them).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/http_client.h"
#include "support/test_server.h"

namespace concord::testing {

inline constexpr const char* kDemoPassword = "concord-demo-2026";

using Headers = std::map<std::string, std::string>;
using nlohmann::json;

// Status, content type and stable code of a problem+json answer.
inline ::testing::AssertionResult IsProblem(const HttpResult& r, int status,
                                            const std::string& code) {
  if (r.status != status) {
    return ::testing::AssertionFailure()
           << "status " << r.status << " (want " << status << "): " << r.body;
  }
  if (r.header("content-type") != "application/problem+json") {
    return ::testing::AssertionFailure()
           << "content-type " << r.header("content-type") << ": " << r.body;
  }
  json j = r.json();
  if (!j.is_object() || j.value("status", 0) != status) {
    return ::testing::AssertionFailure() << "body status differs from " << status << ": " << r.body;
  }
  if (!code.empty() && j.value("code", "") != code) {
    return ::testing::AssertionFailure()
           << "code " << j.value("code", "") << " (want " << code << "): " << r.body;
  }
  return ::testing::AssertionSuccess();
}

// The set of (field, code) pairs of a problem's "errors".
inline std::set<std::pair<std::string, std::string>> FieldErrors(const HttpResult& r) {
  std::set<std::pair<std::string, std::string>> out;
  json j = r.json();
  if (!j.is_object() || !j.contains("errors")) return out;
  for (const auto& e : j["errors"]) out.emplace(e.value("field", ""), e.value("code", ""));
  return out;
}

// Percent-encodes everything but RFC 3986 unreserved characters.
inline std::string Url(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

inline Headers IfMatch(const std::string& etag) { return {{"If-Match", etag}}; }

// The items of a list answer (a copy: never iterate over a temporary's member).
inline json Items(const HttpResult& r) {
  json j = r.json();
  return j.is_object() && j.contains("items") ? j["items"] : json::array();
}

// The ids of a list answer's items.
inline std::vector<int64_t> Ids(const HttpResult& r) {
  std::vector<int64_t> out;
  for (const auto& item : Items(r)) out.push_back(item["id"].get<int64_t>());
  return out;
}

inline bool Contains(const std::vector<int64_t>& ids, int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The id of the item of the list answer at `path` whose `field` is `value`; when there is none,
// a test failure ("no <what> <value>: <body>") and 0.
inline int64_t FindId(HttpClient& admin, const std::string& path, const std::string& field,
                      const std::string& value, const std::string& what) {
  auto r = admin.Get(path);
  for (const auto& item : Items(r)) {
    if (item[field] == value) return item["id"].get<int64_t>();
  }
  ADD_FAILURE() << "no " << what << " " << value << ": " << r.body;
  return 0;
}

// The id of the user with this login, looked up by a client that may see every user.
inline int64_t UserId(HttpClient& admin, const std::string& login) {
  return FindId(admin, "/api/v1/users?limit=500&q=" + Url(login), "login", login, "user");
}

inline int64_t DepartmentId(HttpClient& admin, const std::string& name) {
  return FindId(admin, "/api/v1/departments?limit=500", "name", name, "department");
}

inline int64_t RoleId(HttpClient& admin, const std::string& name) {
  return FindId(admin, "/api/v1/roles?limit=500", "name", name, "role");
}

// Creates a user (as an administrator) and returns its id; fails the test otherwise.
inline int64_t CreateUser(HttpClient& admin, const std::string& login,
                          const std::vector<int64_t>& roles,
                          const std::string& password = kDemoPassword) {
  auto r = admin.Post("/api/v1/users", {{"login", login},
                                        {"display_name", "User " + login},
                                        {"password", password},
                                        {"role_ids", roles}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
}

// Creates a role (as an administrator) with company-wide grants and returns its id.
inline int64_t CreateRole(HttpClient& admin, const std::string& name,
                          const std::vector<std::string>& permissions) {
  json grants = json::array();
  for (const auto& p : permissions) grants.push_back({{"permission", p}, {"scope", "company"}});
  auto r = admin.Post("/api/v1/roles", {{"name", name}, {"permissions", grants}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
}

// The number of rows of `table` (all companies), read directly from the database; -1 and a
// test failure if the query fails.
inline int64_t CountRows(app::App& app, const std::string& table) {
  int64_t n = -1;
  Status st = app.db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT COUNT(*) FROM " + table));
    n = row->Int(0);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return n;
}

// The Set-Cookie value that sets the cookie `name`, "" if none.
inline std::string SetCookie(const HttpResult& r, const std::string& name) {
  for (const auto& c : r.set_cookies) {
    if (c.rfind(name + "=", 0) == 0) return c;
  }
  return {};
}

// Logs in and returns the full login answer (token, csrf_token, cookie ...).
inline HttpResult Login(TestServer& server, const std::string& login, const std::string& password,
                        json extra = json::object()) {
  extra["login"] = login;
  extra["password"] = password;
  return server.Client()->Post("/api/v1/auth/login", extra);
}

// The value of one exposition line "<series> <value>" of /metrics; nullopt if absent.
inline std::optional<double> MetricValue(const std::string& text, const std::string& series) {
  size_t pos = 0;
  while ((pos = text.find(series + " ", pos)) != std::string::npos) {
    if (pos == 0 || text[pos - 1] == '\n') {
      size_t start = pos + series.size() + 1;
      return std::stod(text.substr(start, text.find('\n', start) - start));
    }
    pos += series.size();
  }
  return std::nullopt;
}

// A plain TCP connection with read timeouts, for event streams and malformed requests.
class RawSocket {
 public:
  explicit RawSocket(uint16_t port) : socket_(ioc_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }

  // Writes everything; errors (the server may close early) are ignored.
  void Write(std::string_view data) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(data.data(), data.size()), ec);
  }

  // Reads until `needle` has been received (true), or the timeout or end of stream (false).
  bool ReadUntil(std::string_view needle, std::chrono::milliseconds timeout) {
    return ReadUntil([needle](const std::string& r) { return r.find(needle) != std::string::npos; },
                     timeout);
  }

  // Reads until done(everything received so far) holds (true), or the timeout or end of stream.
  bool ReadUntil(const std::function<bool(const std::string&)>& done,
                 std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(received_)) {
      auto left = deadline - std::chrono::steady_clock::now();
      if (closed_ || left <= std::chrono::steady_clock::duration::zero()) return false;
      ReadSome(std::chrono::duration_cast<std::chrono::milliseconds>(left));
    }
    return true;
  }

  // Reads until the peer closes or the timeout; returns everything received.
  const std::string& ReadAll(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_) {
      auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero()) break;
      ReadSome(std::chrono::duration_cast<std::chrono::milliseconds>(left));
    }
    return received_;
  }

  const std::string& received() const { return received_; }
  bool closed() const { return closed_; }

 private:
  void ReadSome(std::chrono::milliseconds timeout) {
    bool done = false;
    socket_.async_read_some(boost::asio::buffer(buf_), [&](boost::system::error_code ec, size_t n) {
      done = true;
      received_.append(buf_, n);
      if (ec && ec != boost::asio::error::operation_aborted) closed_ = true;
    });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!done) {
      boost::system::error_code ignored;
      socket_.cancel(ignored);
      ioc_.restart();
      ioc_.run();
    }
  }

  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
  char buf_[8192];
  std::string received_;
  bool closed_ = false;
};

// A GET /healthz whose 20 KiB header exceeds the server's header limit (answered with 431).
inline std::string OversizedHeaderRequest() {
  return "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + std::string(20 << 10, 'a') +
         "\r\n\r\n";
}

// The status code of a raw HTTP response ("HTTP/1.1 413 ..."), 0 if none.
inline int RawStatus(const std::string& response) {
  if (response.size() < 12 || response.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::atoi(response.substr(9, 3).c_str());
}

// A raw response's header value (case-insensitive name), "" if absent.
inline std::string RawHeader(const std::string& response, std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t end = response.find("\r\n\r\n");
  size_t pos = response.find("\r\n");
  while (pos != std::string::npos && pos < end) {
    size_t next = response.find("\r\n", pos + 2);
    std::string line = response.substr(pos + 2, next - pos - 2);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string key = line.substr(0, colon);
      for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (key == name) {
        size_t v = line.find_first_not_of(' ', colon + 1);
        return v == std::string::npos ? std::string() : line.substr(v);
      }
    }
    pos = next;
  }
  return {};
}

}  // namespace concord::testing
