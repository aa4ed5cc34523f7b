// A small blocking HTTP/1.1 client over one keep-alive connection, for tests.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace concord::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names (last value wins)
  std::vector<std::string> set_cookies;
  std::string body;
  nlohmann::json json() const;
  std::string header(const std::string& lower) const;
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port);
  ~HttpClient();

  // Sends one request; reconnects once if the kept-alive connection was closed.
  HttpResult Send(const std::string& method, const std::string& target,
                  const std::string& body = "",
                  const std::map<std::string, std::string>& headers = {});
  HttpResult Get(const std::string& target, const std::map<std::string, std::string>& headers = {});
  HttpResult Post(const std::string& target, const nlohmann::json& body,
                  const std::map<std::string, std::string>& headers = {});
  HttpResult Patch(const std::string& target, const nlohmann::json& body,
                   const std::map<std::string, std::string>& headers = {});
  HttpResult Put(const std::string& target, const nlohmann::json& body,
                 const std::map<std::string, std::string>& headers = {});
  HttpResult Delete(const std::string& target,
                    const std::map<std::string, std::string>& headers = {});

  // Adds "Authorization: Bearer <token>" to every request (empty: none).
  void set_bearer(std::string token) { bearer_ = std::move(token); }

 private:
  struct Conn;
  std::string host_;
  uint16_t port_;
  std::string bearer_;
  std::unique_ptr<Conn> conn_;
};

}  // namespace concord::testing
