#include "http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "http/problem.h"

namespace concord::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(use_awaitable);

namespace {

// Error codes nobody reads (closing sockets that may already be closed).
beast::error_code& Ignored() {
  static thread_local beast::error_code ec;
  return ec;
}

// One live connection; Stop() closes those that are idle.
struct Conn {
  explicit Conn(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  bool busy = false;  // a request is being handled or written (guarded by the registry mutex)
};

Request ToRequest(bhttp::request<bhttp::string_body>&& msg, const std::string& remote) {
  Request req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  for (const auto& field : msg) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers[name] = std::string(field.value());
  }
  req.body = std::move(msg.body());
  req.remote_ip = remote;
  return req;
}

bhttp::response<bhttp::string_body> ToBeast(const Response& res, int version, bool keep_alive) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, "concord");
  if (!res.content_type.empty()) out.set(bhttp::field::content_type, res.content_type);
  for (const auto& [k, v] : res.headers) out.insert(k, v);
  out.body() = res.body;
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

// The timer an event stream waits on; shared so that a wake-up posted by NotifyEvents keeps
// it alive until it runs.
class WaitTimer : public asio::steady_timer, public std::enable_shared_from_this<WaitTimer> {
 public:
  using asio::steady_timer::steady_timer;
};

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler handler, CompletionHook hook)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        hook_(std::move(hook)),
        workers_(std::max(1, options_.worker_threads)),
        write_workers_(options_.write_worker_threads > 0
                           ? std::make_unique<asio::thread_pool>(options_.write_worker_threads)
                           : nullptr),
        acceptor_(ioc_) {}

  Status Start() {
    beast::error_code ec;
    auto address = asio::ip::make_address(options_.host, ec);
    if (ec)
      return InvalidArgument("listen.bad_address", "Cannot parse listen address " + options_.host);
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status(Code::kUnavailable, "listen.failed",
                    "Cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                        ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(ioc_, Accept(), asio::detached);
    return Status::Ok();
  }

  void Run() {
    std::vector<std::thread> extra;
    for (int i = 1; i < options_.io_threads; ++i) extra.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : extra) t.join();
    workers_.join();
    if (write_workers_) write_workers_->join();
  }

  void Stop() {
    if (stopping_.exchange(true)) return;
    asio::post(ioc_, [this] {
      beast::error_code ec;
      acceptor_.close(ec);
      CloseIdle();
      drain_deadline_ = std::chrono::steady_clock::now() + options_.shutdown_grace;
      asio::co_spawn(ioc_, Drain(), asio::detached);
    });
  }

  uint16_t port() const { return port_; }
  bool stopping() const { return stopping_.load(); }
  // Bumps the generation, then wakes every stream waiting for events. A stream reads the
  // generation and starts its wait without yielding in between, on its own strand, so a
  // notification either changes the generation it reads or cancels the wait it started.
  void NotifyEvents() {
    event_generation_.fetch_add(1);
    std::lock_guard lock(waiters_mu_);
    for (const auto& [timer, ex] : waiters_) {
      asio::post(ex, [t = timer->shared_from_this()] { t->cancel(); });
    }
  }

 private:
  void CloseIdle() {
    std::lock_guard lock(conns_mu_);
    for (auto* c : conns_) {
      if (!c->busy) c->stream.socket().shutdown(tcp::socket::shutdown_receive, Ignored());
    }
  }

  // Waits for connections to finish, force-closes them after the grace period, then stops.
  awaitable<void> Drain() {
    asio::steady_timer timer(ioc_);
    for (;;) {
      {
        std::lock_guard lock(conns_mu_);
        if (conns_.empty()) break;
        if (std::chrono::steady_clock::now() > drain_deadline_) {
          for (auto* c : conns_) c->stream.socket().close(Ignored());
        }
      }
      CloseIdle();
      timer.expires_after(std::chrono::milliseconds(20));
      co_await timer.async_wait(kTuple);
    }
    ioc_.stop();
  }

  awaitable<void> Accept() {
    for (;;) {
      auto result = co_await acceptor_.async_accept(kTuple);
      if (std::get<0>(result)) {
        if (stopping_) co_return;
        continue;
      }
      tcp::socket socket = std::move(std::get<1>(result));
      socket.set_option(tcp::no_delay(true), Ignored());
      // Each connection runs on its own strand so that NotifyEvents can cancel a stream's
      // wait from another thread safely.
      asio::co_spawn(asio::make_strand(ioc_), Session(std::move(socket)), asio::detached);
    }
  }

  // Runs the handler on the worker pool and resumes on the I/O executor with the response.
  awaitable<Response> RunOnWorker(Request& req) {
    return asio::async_initiate<decltype(use_awaitable), void(Response)>(
        [this, &req](auto completion) {
          bool read = req.method == "GET" || req.method == "HEAD";
          auto& pool = write_workers_ && !read ? *write_workers_ : workers_;
          asio::post(pool, [this, &req, completion = std::move(completion)]() mutable {
            Response res = Invoke(req);
            auto ex = asio::get_associated_executor(completion);
            asio::post(ex, [completion = std::move(completion), res = std::move(res)]() mutable {
              std::move(completion)(std::move(res));
            });
          });
        },
        use_awaitable);
  }

  Response Invoke(Request& req) {
    if (std::chrono::steady_clock::now() > req.deadline) {
      return Problem(Status(Code::kDeadlineExceeded, "http.deadline",
                            "The server was too busy to start the request in time."),
                     req.request_id);
    }
    try {
      return handler_(req);
    } catch (const std::exception& e) {
      spdlog::error("[{}] unhandled exception: {}", req.request_id, e.what());
      return Problem(Internal(e.what()), req.request_id);
    }
  }

  awaitable<Result<SseBatch>> PollOnWorker(std::shared_ptr<SseStream> sse, int64_t last_id) {
    return asio::async_initiate<decltype(use_awaitable), void(Result<SseBatch>)>(
        [this, sse, last_id](auto completion) {
          asio::post(workers_, [sse, last_id, completion = std::move(completion)]() mutable {
            Result<SseBatch> batch = sse->next(last_id);
            auto ex = asio::get_associated_executor(completion);
            asio::post(ex,
                       [completion = std::move(completion), batch = std::move(batch)]() mutable {
                         std::move(completion)(std::move(batch));
                       });
          });
        },
        use_awaitable);
  }

  awaitable<void> Session(tcp::socket socket) {
    std::string remote;
    {
      beast::error_code ec;
      auto ep = socket.remote_endpoint(ec);
      if (!ec) remote = ep.address().to_string();
    }
    Conn conn(std::move(socket));
    if (!Register(&conn)) {
      co_await WriteSimple(conn, 503, "Too many connections.", 11);
      co_return;
    }
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(options_.header_limit));
      parser.body_limit(options_.body_limit);
      conn.stream.expires_after(options_.idle_timeout);
      auto read = co_await bhttp::async_read_header(conn.stream, buffer, parser, kTuple);
      beast::error_code ec = std::get<0>(read);
      if (!ec) {
        SetBusy(&conn, true);
        conn.stream.expires_after(options_.request_timeout);
        auto body = co_await bhttp::async_read(conn.stream, buffer, parser, kTuple);
        ec = std::get<0>(body);
      }
      if (ec) {
        if (ec == bhttp::error::body_limit) {
          co_await WriteSimple(conn, 413, "The request body is larger than the limit.", 11);
        } else if (ec == bhttp::error::header_limit) {
          co_await WriteSimple(conn, 431, "The request headers are larger than the limit.", 11);
        } else if (ec != bhttp::error::end_of_stream && ec != asio::error::operation_aborted &&
                   ec != beast::error::timeout && ec != asio::error::eof &&
                   ec != asio::error::connection_reset && ec != asio::error::not_connected) {
          co_await WriteSimple(conn, 400, "The request is not valid HTTP/1.1.", 11);
        }
        break;
      }
      auto msg = parser.release();
      int version = msg.version();
      bool keep_alive = msg.keep_alive();
      Request req = ToRequest(std::move(msg), remote);
      req.received = std::chrono::steady_clock::now();
      req.deadline = req.received + options_.request_timeout;
      Response res = co_await RunOnWorker(req);
      if (res.sse) {
        co_await StreamEvents(conn, req, res);
        break;
      }
      keep_alive = keep_alive && res.keep_alive && !stopping_;
      auto out = ToBeast(res, version, keep_alive);
      if (req.method == "HEAD") {
        out.body().clear();
        out.content_length(res.body.size());
      }
      auto written = co_await bhttp::async_write(conn.stream, out, kTuple);
      int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(
                           std::chrono::steady_clock::now() - req.received)
                           .count();
      if (hook_) hook_(req, res, micros);
      SetBusy(&conn, false);
      if (std::get<0>(written) || !keep_alive) break;
    }
    conn.stream.socket().shutdown(tcp::socket::shutdown_send, Ignored());
    Unregister(&conn);
  }

  awaitable<void> StreamEvents(Conn& conn, Request& req, Response& res) {
    conn.stream.expires_never();
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
        "Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n";
    for (const auto& [k, v] : res.headers) head += k + ": " + v + "\r\n";
    head += "\r\nretry: 2000\n\n";
    auto w = co_await asio::async_write(conn.stream, asio::buffer(head), kTuple);
    if (hook_) hook_(req, res, 0);
    SetBusy(&conn, false);  // an open stream is idle from the server's point of view
    std::shared_ptr<SseStream> sse = res.sse;
    int64_t last_id = sse->last_id;
    uint64_t seen_generation = ~0ull;
    bool more = false;
    auto last_write = std::chrono::steady_clock::now();
    auto last_poll = last_write - std::chrono::hours(1);
    auto timer = std::make_shared<WaitTimer>(co_await asio::this_coro::executor);
    AddWaiter(timer.get());
    while (!std::get<0>(w) && !stopping_) {
      auto now = std::chrono::steady_clock::now();
      uint64_t gen = event_generation_.load();
      // Poll on a local commit, and every 2 s for commits made by other processes.
      if (more || gen != seen_generation || now - last_poll > std::chrono::seconds(2)) {
        seen_generation = gen;
        last_poll = now;
        Result<SseBatch> batch = co_await PollOnWorker(sse, last_id);
        if (!batch.ok()) break;
        more = batch->more;
        if (batch->last_id > last_id) last_id = batch->last_id;
        if (!batch->text.empty()) {
          w = co_await asio::async_write(conn.stream, asio::buffer(batch->text), kTuple);
          last_write = std::chrono::steady_clock::now();
        }
        continue;
      }
      if (now - last_write > std::chrono::seconds(15)) {
        static const std::string kPing = ": keep-alive\n\n";
        w = co_await asio::async_write(conn.stream, asio::buffer(kPing), kTuple);
        last_write = now;
        continue;
      }
      // NotifyEvents cancels this wait; sse_poll bounds it for shutdown and the 2 s poll.
      timer->expires_after(options_.sse_poll);
      co_await timer->async_wait(kTuple);
    }
    RemoveWaiter(timer.get());
  }

  // A problem+json answer to a request refused before it reached the router.
  awaitable<void> WriteSimple(Conn& conn, int status, const std::string& detail, int version) {
    static const std::map<int, std::string> kCodes = {{400, "http.malformed_request"},
                                                      {413, "http.body_too_large"},
                                                      {431, "http.headers_too_large"},
                                                      {503, "http.too_many_connections"}};
    std::string request_id = NewRequestId();
    std::string code = kCodes.count(status) ? kCodes.at(status) : "http.refused";
    nlohmann::json body = {{"type", "https://concord.dev/problems/" + code},
                           {"title", code},
                           {"status", status},
                           {"code", code},
                           {"detail", detail},
                           {"request_id", request_id}};
    Response res = Response::Json(status, body);
    res.content_type = "application/problem+json";
    res.Header("X-Request-Id", request_id);
    auto out = ToBeast(res, version, false);
    conn.stream.expires_after(std::chrono::seconds(5));
    co_await bhttp::async_write(conn.stream, out, kTuple);
  }

  bool Register(Conn* c) {
    std::lock_guard lock(conns_mu_);
    if (static_cast<int>(conns_.size()) >= options_.max_connections || stopping_) {
      conns_.insert(c);  // still tracked until it is closed
      return false;
    }
    conns_.insert(c);
    return true;
  }
  void AddWaiter(WaitTimer* t) {
    std::lock_guard lock(waiters_mu_);
    waiters_.emplace(t, t->get_executor());
  }
  void RemoveWaiter(WaitTimer* t) {
    std::lock_guard lock(waiters_mu_);
    waiters_.erase(t);
  }
  void Unregister(Conn* c) {
    std::lock_guard lock(conns_mu_);
    conns_.erase(c);
  }
  void SetBusy(Conn* c, bool busy) {
    std::lock_guard lock(conns_mu_);
    c->busy = busy;
  }

  ServerOptions options_;
  Handler handler_;
  CompletionHook hook_;
  asio::io_context ioc_;
  asio::thread_pool workers_;
  std::unique_ptr<asio::thread_pool> write_workers_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> event_generation_{0};
  std::mutex conns_mu_;
  std::set<Conn*> conns_;
  std::mutex waiters_mu_;
  std::map<WaitTimer*, asio::any_io_executor> waiters_;  // streams waiting for events
  std::chrono::steady_clock::time_point drain_deadline_;
};

Server::Server(ServerOptions options, Handler handler, CompletionHook on_complete)
    : impl_(
          std::make_unique<Impl>(std::move(options), std::move(handler), std::move(on_complete))) {}
Server::~Server() = default;
Status Server::Start() { return impl_->Start(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }
void Server::NotifyEvents() { impl_->NotifyEvents(); }
bool Server::stopping() const { return impl_->stopping(); }

}  // namespace concord::http
