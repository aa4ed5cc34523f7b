#include "support/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace concord::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

struct HttpClient::Conn {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool open = false;
};

nlohmann::json HttpResult::json() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  return j.is_discarded() ? nlohmann::json() : j;
}

std::string HttpResult::header(const std::string& lower) const {
  auto it = headers.find(lower);
  return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(std::string host, uint16_t port)
    : host_(std::move(host)), port_(port), conn_(std::make_unique<Conn>()) {}
HttpClient::~HttpClient() = default;

HttpResult HttpClient::Send(const std::string& method, const std::string& target,
                            const std::string& body,
                            const std::map<std::string, std::string>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    beast::error_code ec;
    if (!conn_->open) {
      conn_ = std::make_unique<Conn>();
      conn_->stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address(host_), port_), ec);
      if (ec) throw std::runtime_error("connect: " + ec.message());
      conn_->open = true;
    }
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, host_);
    if (!bearer_.empty()) req.set(bhttp::field::authorization, "Bearer " + bearer_);
    if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(conn_->stream, req, ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    if (!ec) bhttp::read(conn_->stream, conn_->buffer, parser, ec);
    if (ec) {
      conn_->open = false;
      if (attempt == 0) continue;
      throw std::runtime_error("http " + method + " " + target + ": " + ec.message());
    }
    auto res = parser.release();
    HttpResult out;
    out.status = res.result_int();
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(f.value());
      if (name == "set-cookie") out.set_cookies.emplace_back(f.value());
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) conn_->open = false;
    return out;
  }
  throw std::runtime_error("unreachable");
}

HttpResult HttpClient::Get(const std::string& target, const std::map<std::string, std::string>& h) {
  return Send("GET", target, "", h);
}
HttpResult HttpClient::Post(const std::string& target, const nlohmann::json& body,
                            const std::map<std::string, std::string>& h) {
  return Send("POST", target, body.dump(), h);
}
HttpResult HttpClient::Patch(const std::string& target, const nlohmann::json& body,
                             const std::map<std::string, std::string>& h) {
  return Send("PATCH", target, body.dump(), h);
}
HttpResult HttpClient::Put(const std::string& target, const nlohmann::json& body,
                           const std::map<std::string, std::string>& h) {
  return Send("PUT", target, body.dump(), h);
}
HttpResult HttpClient::Delete(const std::string& target,
                              const std::map<std::string, std::string>& h) {
  return Send("DELETE", target, "", h);
}

}  // namespace concord::testing
