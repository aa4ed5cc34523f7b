// The HTTP/1.1 server: Boost.Beast on an Asio I/O context, keep-alive, limits on header size,
// body size and connections, a deadline per request, handlers run on a separate worker pool so
// that I/O threads never block, server-sent-event streams, and graceful shutdown.
//
// Thread-safety: Start/Run/Stop may be called from different threads; the handler is called
// concurrently from worker threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.h"

namespace concord::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = an ephemeral port (tests)
  int io_threads = 1;
  int worker_threads = 4;
  // Threads for requests that are not GET or HEAD; 0 = they share worker_threads. Writers
  // mostly wait for the database's single writer, so more of them queue up for one group
  // commit without taking CPU from readers.
  int write_worker_threads = 0;
  size_t body_limit = 1 << 20;     // bytes
  size_t header_limit = 16 << 10;  // bytes
  int max_connections = 1024;
  std::chrono::milliseconds request_timeout{30000};  // reading a request, running it, writing it
  std::chrono::milliseconds idle_timeout{60000};     // keep-alive wait for the next request
  std::chrono::milliseconds shutdown_grace{10000};   // in-flight requests get this long
  std::chrono::milliseconds sse_poll{250};           // SSE wake-up interval
};

using Handler = std::function<Response(Request&)>;
// Called after each response is written (access log, metrics). Runs on an I/O thread.
using CompletionHook = std::function<void(const Request&, const Response&, int64_t micros)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler, CompletionHook on_complete);
  ~Server();

  // Binds and listens; after this port() is the bound port.
  Status Start();
  uint16_t port() const;
  // Runs the I/O threads; returns after Stop() has drained the connections.
  void Run();
  // Graceful: stop accepting, let in-flight requests finish (up to shutdown_grace), close idle
  // keep-alive connections and event streams. Safe to call from a signal-handling thread.
  void Stop();
  // Wakes event streams so they poll for new events now (called after commits).
  void NotifyEvents();
  bool stopping() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace concord::http
