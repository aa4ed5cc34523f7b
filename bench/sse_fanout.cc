// Benchmark: fan-out of one outbox event to many server-sent-event subscribers. A server in
// this process (fresh SQLite file, or an empty PostgreSQL database with --db) gets N
// subscribers on GET /api/v1/boards/opportunities/stream (plain non-blocking sockets, one
// epoll loop); then, several times, one opportunity is created over HTTP and the time until
// the LAST subscriber has received its event is measured, from the moment the request was
// sent and from the moment its answer (after the commit) arrived. Prints p50 and max over the
// rounds, and how many outbox reads the event hub made. See bench/README.md.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "app/app.h"
#include "support/http_client.h"

namespace concord::bench {
namespace {

using json = nlohmann::json;
using Steady = std::chrono::steady_clock;
constexpr const char* kPassword = "sse-bench-password";
constexpr const char* kNeedle = "event: opportunity.created";

struct Options {
  std::string db;
  int subscribers = 1000;
  int rounds = 10;
};

[[noreturn]] void Fail(const std::string& what, const std::string& why) {
  std::fprintf(stderr, "sse_fanout: %s: %s\n", what.c_str(), why.c_str());
  std::exit(1);
}

struct Sub {
  int fd = -1;
  std::string buf;
  size_t scanned = 0;
  int seen = 0;  // events received
  Steady::time_point last_at;
};

void RaiseFileLimit(int need) {
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rlim_t want = static_cast<rlim_t>(need) + 256;
  if (rl.rlim_cur < want) {
    rl.rlim_cur = std::min(want, rl.rlim_max);
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

int Connect(uint16_t port, const std::string& request) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Fail("socket", std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0)
    Fail("connect", std::strerror(errno));
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size()))
    Fail("write", std::strerror(errno));
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// Reads what is available on every ready socket; counts new events.
void Pump(int ep, std::vector<Sub>& subs, int timeout_ms) {
  epoll_event evs[256];
  int n = epoll_wait(ep, evs, 256, timeout_ms);
  auto now = Steady::now();
  char chunk[8192];
  for (int i = 0; i < n; ++i) {
    Sub& s = subs[evs[i].data.u32];
    for (;;) {
      ssize_t got = read(s.fd, chunk, sizeof(chunk));
      if (got <= 0) break;
      s.buf.append(chunk, static_cast<size_t>(got));
    }
    size_t pos;
    while ((pos = s.buf.find(kNeedle, s.scanned)) != std::string::npos) {
      ++s.seen;
      s.last_at = now;
      s.scanned = pos + 1;
    }
    if (s.buf.size() > 1 << 16) {  // keep the buffer small
      s.buf.erase(0, s.scanned);
      s.scanned = 0;
    }
  }
}

double Ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

std::vector<Sub> Subscribe(uint16_t port, const std::string& token, int n, int ep) {
  std::string req =
      "GET /api/v1/boards/opportunities/stream HTTP/1.1\r\nHost: localhost\r\n"
      "Authorization: Bearer " +
      token + "\r\n\r\n";
  std::vector<Sub> subs(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    subs[i].fd = Connect(port, req);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<uint32_t>(i);
    epoll_ctl(ep, EPOLL_CTL_ADD, subs[i].fd, &ev);
  }
  auto deadline = Steady::now() + std::chrono::seconds(60);
  for (;;) {
    Pump(ep, subs, 50);
    int ready = 0;
    for (const auto& s : subs) ready += s.buf.find("retry: 2000") != std::string::npos;
    if (ready == n) break;
    if (Steady::now() > deadline) Fail("subscribing", std::to_string(ready) + " streams open");
  }
  return subs;
}

int Run(const Options& o) {
  RaiseFileLimit(o.subscribers);
  std::string path = "/tmp/concord-sse-" + std::to_string(getpid()) + ".db";
  std::string url = o.db.empty() ? "sqlite:" + path : o.db;
  setenv("CONCORD_ADMIN_PASSWORD", kPassword, 1);
  app::Config config;
  config.db = url;
  config.listen = "127.0.0.1:0";
  config.access_log = "off";
  config.log_level = "warn";
  config.max_connections = o.subscribers + 64;
  auto opened = app::App::Open(config);
  if (!opened.ok()) Fail("opening " + url, opened.status().message());
  auto app = std::move(*opened);
  if (!app->EnsureAdmin().ok()) Fail("admin", "");
  if (Status st = app->StartInBackground(); !st.ok()) Fail("starting", st.message());
  testing::HttpClient client("127.0.0.1", app->port());
  auto login = client.Post("/api/v1/auth/login", {{"login", "admin"}, {"password", kPassword}});
  if (login.status != 200) Fail("login", login.body);
  std::string token = login.json()["token"].get<std::string>();
  client.set_bearer(token);
  auto party = client.Post("/api/v1/parties",
                           {{"kind", "organization"}, {"name", "Bench"}, {"roles", {"customer"}}});
  if (party.status != 201) Fail("party", party.body);
  int ep = epoll_create1(0);
  auto t_sub = Steady::now();
  std::vector<Sub> subs = Subscribe(app->port(), token, o.subscribers, ep);
  std::printf("SSE fan-out on %s: %d subscribers open in %.0f ms, %u cores\n",
              o.db.empty() ? "SQLite" : "PostgreSQL", o.subscribers, Ms(Steady::now() - t_sub),
              std::thread::hardware_concurrency());
  std::vector<double> from_send, from_commit;
  for (int round = 1; round <= o.rounds; ++round) {
    Steady::time_point sent, answered;
    std::thread writer([&] {
      sent = Steady::now();
      auto r = client.Post("/api/v1/opportunities", {{"name", "Deal " + std::to_string(round)},
                                                     {"party_id", party.json()["id"]},
                                                     {"amount", "100.00"}});
      answered = Steady::now();
      if (r.status != 201) Fail("opportunity", r.body);
    });
    auto deadline = Steady::now() + std::chrono::seconds(30);
    for (;;) {
      Pump(ep, subs, 20);
      bool all =
          std::all_of(subs.begin(), subs.end(), [&](const Sub& s) { return s.seen >= round; });
      if (all) break;
      if (Steady::now() > deadline) Fail("round " + std::to_string(round), "timed out");
    }
    writer.join();
    Steady::time_point last = sent;
    for (const auto& s : subs) last = std::max(last, s.last_at);
    from_send.push_back(Ms(last - sent));
    from_commit.push_back(std::max(0.0, Ms(last - answered)));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::printf("time to the last of %d subscribers, over %d events:\n", o.subscribers, o.rounds);
  std::printf("  from the request sent:         p50 %.1f ms, max %.1f ms\n",
              Percentile(from_send, 0.5), Percentile(from_send, 1.0));
  std::printf("  from the committed answer:     p50 %.1f ms, max %.1f ms\n",
              Percentile(from_commit, 0.5), Percentile(from_commit, 1.0));
  for (auto& s : subs) close(s.fd);
  close(ep);
  app->Stop();
  app.reset();
  if (o.db.empty()) {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  }
  return 0;
}

}  // namespace
}  // namespace concord::bench

int main(int argc, char** argv) {
  concord::bench::Options o;
  CLI::App cli{"concord SSE fan-out benchmark"};
  cli.add_option("--db", o.db, "an empty PostgreSQL database URL (default: a fresh SQLite file)");
  cli.add_option("--subscribers", o.subscribers, "SSE connections")->check(CLI::Range(1, 20000));
  cli.add_option("--rounds", o.rounds, "events measured")->check(CLI::Range(1, 1000));
  CLI11_PARSE(cli, argc, argv);
  return concord::bench::Run(o);
}
