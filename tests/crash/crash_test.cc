// Crash test: a real `concord serve` process on SQLite is SIGKILLed while writers create
// departments as fast as they can, then restarted, over and over. Afterwards the database file
// is checked directly with libsqlite3: no acknowledged write is lost, nothing is half-written
// (a department has exactly its audit row and its outbox event), and the file is intact.
//
// CONCORD_BINARY names the `concord` binary; otherwise it is looked for beside this test.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <thread>

#include "support/http_client.h"

extern char** environ;

namespace concord::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 20;
constexpr const char* kPassword = "crash-test-admin-password";

std::string ConcordBinary() {
  if (const char* env = std::getenv("CONCORD_BINARY"); env && *env) return env;
  fs::path dir = fs::read_symlink("/proc/self/exe").parent_path();
  for (const fs::path& p : {dir / "concord", dir / ".." / "concord"}) {
    if (fs::exists(p)) return p.string();
  }
  return (dir / ".." / "concord").string();
}

// Plain libsqlite3 access to the database file, as an outside observer.
class SqliteFile {
 public:
  explicit SqliteFile(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db_);
    }
    sqlite3_busy_timeout(db_, 10000);
  }
  ~SqliteFile() { sqlite3_close_v2(db_); }

  // All rows, every column as text ("NULL" for NULL).
  std::vector<std::vector<std::string>> Rows(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return out;
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      auto& row = out.emplace_back();
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const unsigned char* t = sqlite3_column_text(stmt, i);
        row.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
    }
    if (rc != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return out;
  }
  std::string One(const std::string& sql) {
    auto rows = Rows(sql);
    return rows.empty() || rows[0].empty() ? "<none>" : rows[0][0];
  }

 private:
  sqlite3* db_ = nullptr;
};

struct Ack {
  std::string name;
  int64_t id;
};

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937_64 seed(std::random_device{}());
    dir_ = fs::temp_directory_path() / ("concord-crash-" + std::to_string(seed() % 1000000000));
    fs::create_directories(dir_);
    db_path_ = dir_ + "/c.db";
    binary_ = ConcordBinary();
    ASSERT_TRUE(fs::exists(binary_))
        << "concord binary not found: " << binary_ << " (set CONCORD_BINARY)";
  }

  void TearDown() override {
    KillServer();
    if (!HasFailure()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    } else {
      std::cerr << "crash test: database and server logs kept in " << dir_ << "\n";
    }
  }

  // Starts `concord serve` and returns its port (0 on failure, with a gtest failure added).
  uint16_t StartServer(int round) {
    std::vector<std::string> args = {
        binary_,    "serve",       "--db",         "sqlite:" + db_path_,
        "--listen", "127.0.0.1:0", "--access-log", "off"};
    std::vector<std::string> env = {std::string("CONCORD_ADMIN_PASSWORD=") + kPassword};
    for (char** e = environ; *e; ++e) {
      if (std::string_view(*e).starts_with("CONCORD_")) continue;  // hermetic
      env.emplace_back(*e);
    }
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string log = dir_ + "/server-" + std::to_string(round) + ".log";
    int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int out[2];
    if (err < 0 || ::pipe2(out, O_CLOEXEC) != 0) {
      ADD_FAILURE() << "pipe/open failed";
      return 0;
    }
    pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {                     // only async-signal-safe calls from here on
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
      if (getppid() != parent) _exit(127);
      dup2(out[1], STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
    ::close(out[1]);
    ::close(err);
    if (pid_ < 0) {
      ::close(out[0]);
      ADD_FAILURE() << "fork failed";
      return 0;
    }
    out_fd_ = out[0];
    uint16_t port = ReadPort(Clock::now() + std::chrono::seconds(20));
    if (port == 0)
      ADD_FAILURE() << "server did not start; stdout:\n" << stdout_ << "\nlog: " << log;
    // Keep draining stdout so that the server never blocks on (or dies of) a full pipe.
    drain_ = std::thread([fd = out_fd_] {
      char buf[4096];
      while (::read(fd, buf, sizeof buf) > 0) {
      }
    });
    return port;
  }

  uint16_t ReadPort(Clock::time_point deadline) {
    static const std::regex kUrl(R"(is running at http://127\.0\.0\.1:(\d+)/)");
    std::smatch m;
    while (!std::regex_search(stdout_, m, kUrl)) {
      int left = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
      if (left <= 0) return 0;
      pollfd p{out_fd_, POLLIN, 0};
      if (::poll(&p, 1, left) <= 0) return 0;
      char buf[4096];
      ssize_t n = ::read(out_fd_, buf, sizeof buf);
      if (n <= 0) return 0;  // the server exited
      stdout_.append(buf, static_cast<size_t>(n));
    }
    return static_cast<uint16_t>(std::stoi(m[1].str()));
  }

  void KillServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    if (drain_.joinable()) drain_.join();  // EOF once the server is gone
    if (out_fd_ >= 0) ::close(out_fd_);
    out_fd_ = -1;
    stdout_.clear();
  }

  static bool WaitHealthy(uint16_t port) {
    for (auto until = Clock::now() + std::chrono::seconds(10); Clock::now() < until;) {
      try {
        if (HttpClient("127.0.0.1", port).Get("/healthz").status == 200) return true;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // Creates departments until the server dies; returns the acknowledged ones.
  static void Write(uint16_t port, std::string token, int round, int thread, std::vector<Ack>* acks,
                    std::map<int, int>* other_statuses) {
    HttpClient client("127.0.0.1", port);
    client.set_bearer(std::move(token));
    for (int seq = 0;; ++seq) {
      std::string name =
          "r" + std::to_string(round) + "-t" + std::to_string(thread) + "-" + std::to_string(seq);
      HttpResult r;
      try {
        r = client.Post("/api/v1/departments", {{"name", name}});
      } catch (const std::exception&) {
        return;  // the server was killed
      }
      if (r.status != 201) {
        ++(*other_statuses)[r.status];  // e.g. 409 when the client resent after a reset
        continue;
      }
      nlohmann::json id = r.json()["id"];
      if (!id.is_number_integer()) {
        ADD_FAILURE() << "201 without an id: " << r.body;
        return;
      }
      acks->push_back({name, id.get<int64_t>()});
    }
  }

  std::string dir_, db_path_, binary_, stdout_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::thread drain_;
};

TEST_F(CrashTest, KilledServerLosesNoAcknowledgedWriteAndLeavesNothingHalfWritten) {
  auto start = Clock::now();
  std::mt19937 rng(std::random_device{}());
  std::vector<Ack> acked;
  std::map<int, int> other_statuses;
  int64_t last_max_outbox = 0;
  for (int round = 0; round < kRounds; ++round) {
    uint16_t port = StartServer(round);
    ASSERT_NE(port, 0);
    ASSERT_TRUE(WaitHealthy(port)) << "round " << round << ": /healthz never answered";
    if (round > 0) {
      // After each crash recovery: the file is intact and nothing acknowledged is lost.
      SqliteFile file(db_path_);
      ASSERT_EQ(file.One("PRAGMA integrity_check"), "ok") << "after kill " << round;
      std::string present = file.One("SELECT COUNT(*) FROM departments");
      ASSERT_GE(std::stoll(present), static_cast<int64_t>(acked.size())) << "after kill " << round;
      int64_t max_outbox = std::stoll(file.One("SELECT COALESCE(MAX(id), 0) FROM outbox"));
      ASSERT_GE(max_outbox, last_max_outbox) << "committed events vanished after kill " << round;
      last_max_outbox = max_outbox;
    }
    HttpClient login("127.0.0.1", port);
    HttpResult r = login.Post("/api/v1/auth/login", {{"login", "admin"}, {"password", kPassword}});
    ASSERT_EQ(r.status, 200) << r.body;
    std::string token = r.json()["token"].get<std::string>();

    int writers = 2 + static_cast<int>(rng() % 3);
    std::vector<std::vector<Ack>> acks(writers);
    std::vector<std::map<int, int>> others(writers);
    std::vector<std::thread> threads;
    for (int t = 0; t < writers; ++t) {
      threads.emplace_back(Write, port, token, round, t, &acks[t], &others[t]);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 351));
    KillServer();
    for (auto& t : threads) t.join();
    for (int t = 0; t < writers; ++t) {
      acked.insert(acked.end(), acks[t].begin(), acks[t].end());
      for (auto [status, n] : others[t]) other_statuses[status] += n;
    }
  }

  // Final check, after the last kill, on the file as the crash left it (WAL included).
  SqliteFile file(db_path_);
  ASSERT_EQ(file.One("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(file.One("PRAGMA foreign_key_check"), "<none>");
  std::map<std::string, int64_t> departments;
  for (const auto& row : file.Rows("SELECT name, id FROM departments")) {
    departments[row[0]] = std::stoll(row[1]);
  }
  int missing = 0;
  for (const Ack& a : acked) {
    auto it = departments.find(a.name);
    if (it == departments.end() || it->second != a.id) {
      if (++missing <= 5) {
        ADD_FAILURE() << "acknowledged department lost: " << a.name << " #" << a.id;
      }
    }
  }
  EXPECT_EQ(missing, 0) << "of " << acked.size() << " acknowledged writes";
  EXPECT_GT(acked.size(), static_cast<size_t>(kRounds)) << "the writers hardly got anything done";

  // Each department has exactly one audit row and one event; no audit row or event is orphaned.
  auto not_once = file.Rows(
      "SELECT d.id, (SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'department' AND "
      "a.entity_id = d.id AND a.action = 'create'), (SELECT COUNT(*) FROM outbox o WHERE "
      "o.entity = 'department' AND o.entity_id = d.id AND o.type = 'department.created') "
      "FROM departments d");
  int half_written = 0;
  for (const auto& row : not_once) {
    if (row[1] != "1" || row[2] != "1") {
      if (++half_written <= 5) {
        ADD_FAILURE() << "department " << row[0] << ": " << row[1] << " audit rows, " << row[2]
                      << " events";
      }
    }
  }
  EXPECT_EQ(half_written, 0);
  EXPECT_EQ(
      file.One("SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'department' AND NOT EXISTS "
               "(SELECT 1 FROM departments d WHERE d.id = a.entity_id)"),
      "0");
  EXPECT_EQ(file.One("SELECT COUNT(*) FROM outbox o WHERE o.entity = 'department' AND NOT EXISTS "
                     "(SELECT 1 FROM departments d WHERE d.id = o.entity_id)"),
            "0");

  // Outbox ids: unique, never reused after a crash, and in commit order (the single SQLite writer
  // creates departments and their events in the same order).
  EXPECT_EQ(file.One("SELECT COUNT(*) - COUNT(DISTINCT id) FROM outbox"), "0");
  EXPECT_EQ(file.One("SELECT COUNT(*) FROM outbox WHERE id > (SELECT seq FROM sqlite_sequence "
                     "WHERE name = 'outbox')"),
            "0");
  auto events =
      file.Rows("SELECT id, entity_id FROM outbox WHERE type = 'department.created' ORDER BY id");
  for (size_t i = 1; i < events.size(); ++i) {
    ASSERT_LT(std::stoll(events[i - 1][0]), std::stoll(events[i][0]));
    ASSERT_LT(std::stoll(events[i - 1][1]), std::stoll(events[i][1]))
        << "event " << events[i][0] << " is out of commit order";
  }
  EXPECT_EQ(events.size(), departments.size());

  auto seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::string others;
  for (auto [status, n] : other_statuses) {
    others += " " + std::to_string(status) + "x" + std::to_string(n);
  }
  std::cout << "crash test: " << kRounds << " kills, " << acked.size() << " acknowledged writes, "
            << departments.size() << " departments, "
            << (missing == 0 ? "all present" : "LOST SOME") << ", integrity ok, " << seconds << " s"
            << (others.empty() ? "" : ", other responses:" + others) << "\n";
  EXPECT_LT(seconds, 90.0);
}

}  // namespace
}  // namespace concord::testing
