// The command line end to end: the real `concord` binary is run as an operator would run it
// (version, migrate, serve, user, backup, restore, configuration precedence), each test in its
// own temporary directory with its own SQLite database. Output (stdout + stderr) and exit codes
// are checked, and what the commands did is checked through the HTTP API of a started server.
//
// CONCORD_BINARY names the `concord` binary; otherwise it is looked for beside this test.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <thread>

#include "support/http_client.h"

extern char** environ;

namespace concord::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Args = std::vector<std::string>;
using Env = std::vector<std::string>;  // "NAME=value" entries added to one child's environment

constexpr const char* kAdminPassword = "cli-test-admin-password";
const Env kAdminEnv = {std::string("CONCORD_ADMIN_PASSWORD=") + kAdminPassword};

std::string ConcordBinary() {
  if (const char* env = std::getenv("CONCORD_BINARY"); env && *env) return env;
  fs::path dir = fs::read_symlink("/proc/self/exe").parent_path();
  for (const fs::path& p : {dir / "concord", dir / ".." / "concord"}) {
    if (fs::exists(p)) return p.string();
  }
  return (dir / "concord").string();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Done {
  int code;         // exit code, or 128 + signal
  std::string out;  // stdout and stderr, interleaved
};
struct Server {
  pid_t pid = -1;
  uint16_t port = 0;  // 0: it did not start
  std::string log, out;
};

// The HTTP status of a login attempt; on success `token` receives the session token.
int Login(uint16_t port, const std::string& login, const std::string& password,
          std::string* token = nullptr) {
  HttpResult r = HttpClient("127.0.0.1", port)
                     .Post("/api/v1/auth/login", {{"login", login}, {"password", password}});
  if (r.status == 200 && token) *token = r.json()["token"].get<std::string>();
  return r.status;
}

// Creates the department `create` if given, then returns the names of all departments.
std::set<std::string> Departments(uint16_t port, const std::string& create = "") {
  std::string token;
  EXPECT_EQ(Login(port, "admin", kAdminPassword, &token), 200);
  HttpClient client("127.0.0.1", port);
  client.set_bearer(token);
  if (!create.empty()) {
    EXPECT_EQ(client.Post("/api/v1/departments", {{"name", create}}).status, 201) << create;
  }
  HttpResult r = client.Get("/api/v1/departments?limit=100");
  EXPECT_EQ(r.status, 200) << r.body;
  std::set<std::string> names;
  nlohmann::json body = r.json();
  for (const auto& d : body["items"]) names.insert(d["name"].get<std::string>());
  return names;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/concord-cli-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    db_path_ = dir_ + "/c.db";
    db_ = "sqlite:" + db_path_;
    binary_ = ConcordBinary();
    ASSERT_TRUE(fs::exists(binary_)) << binary_ << " not found (set CONCORD_BINARY)";
  }

  void TearDown() override {
    for (pid_t pid : children_) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    std::error_code ec;
    if (!HasFailure())
      fs::remove_all(dir_, ec);
    else
      std::cerr << "cli test: files and logs kept in " << dir_ << "\n";
  }

  // Starts the binary; stdin is /dev/null, stdout and stderr go to `log`, and the environment
  // is this process's without any CONCORD_* variable, plus `env`.
  pid_t Spawn(Args args, const Env& env, const std::string& log) {
    args.insert(args.begin(), binary_);
    Env full = env;
    for (char** e = environ; *e; ++e) {
      if (!std::string_view(*e).starts_with("CONCORD_")) full.emplace_back(*e);
    }
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    for (auto& e : full) envp.push_back(e.data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid == 0) {                        // only async-signal-safe calls from here on
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
      if (::getppid() != parent) _exit(127);
      ::dup2(in, STDIN_FILENO);
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
      ::execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
    ::close(out);
    ::close(in);
    EXPECT_GT(pid, 0) << "fork failed";
    children_.push_back(pid);
    return pid;
  }

  // Waits for the child to exit, killing it after `timeout`; its exit code or 128 + signal.
  int Wait(pid_t pid, std::chrono::milliseconds timeout) {
    int status = 0;
    for (auto until = Clock::now() + timeout; ::waitpid(pid, &status, WNOHANG) == 0;) {
      if (Clock::now() > until) {
        ADD_FAILURE() << "process " << pid << " still running after " << timeout.count() << " ms";
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    std::erase(children_, pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  Done Run(const Args& args, const Env& env = {}) {
    std::string log = dir_ + "/run-" + std::to_string(++logs_) + ".log";
    int code = Wait(Spawn(args, env, log), 30s);
    return {code, ReadFile(log)};
  }

  Args ServeArgs() const {
    return {"serve", "--db", db_, "--listen", "127.0.0.1:0", "--access-log", "off"};
  }

  // Starts a server and waits until it prints its URL and answers /healthz (port 0 if not).
  Server Serve(const Env& env = kAdminEnv, const Args& args = {}) {
    Server s;
    s.log = dir_ + "/serve-" + std::to_string(++logs_) + ".log";
    s.pid = Spawn(args.empty() ? ServeArgs() : args, env, s.log);
    static const std::regex kUrl(R"(is running at http://127\.0\.0\.1:(\d+)/)");
    std::smatch m;
    for (auto until = Clock::now() + 20s; !std::regex_search(s.out = ReadFile(s.log), m, kUrl);) {
      if (Clock::now() > until || ::waitpid(s.pid, nullptr, WNOHANG) != 0) {
        ADD_FAILURE() << "server did not start:\n" << ReadFile(s.log);
        Wait(s.pid, 0ms);  // reaps it (already gone, or killed now)
        return s;
      }
      std::this_thread::sleep_for(20ms);
    }
    s.port = static_cast<uint16_t>(std::stoi(m[1].str()));
    for (auto until = Clock::now() + 10s; Clock::now() < until;) {
      try {
        if (HttpClient("127.0.0.1", s.port).Get("/healthz").status == 200) {
          s.out = ReadFile(s.log);
          return s;
        }
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "/healthz never answered";
    s.port = 0;
    return s;
  }

  int Stop(Server& s) {  // SIGTERM; the exit code, which must come within 5 s
    ::kill(s.pid, SIGTERM);
    int code = Wait(s.pid, 5s);
    s.out = ReadFile(s.log);
    return code;
  }

  std::string dir_, db_path_, db_, binary_;
  std::vector<pid_t> children_;
  int logs_ = 0;
};

TEST_F(CliTest, VersionAndUsageErrors) {
  Done v = Run({"version"});
  EXPECT_EQ(v.code, 0) << v.out;
  EXPECT_EQ(v.out, std::string("concord ") + CONCORD_VERSION + "\n");
  EXPECT_TRUE(Contains(v.out, "concord 0.1.0"));
  Done none = Run({});
  EXPECT_NE(none.code, 0);
  EXPECT_TRUE(Contains(none.out, "subcommand is required")) << none.out;
  Done bogus = Run({"bogus"});
  EXPECT_NE(bogus.code, 0);
  EXPECT_TRUE(Contains(bogus.out, "subcommand")) << bogus.out;
}

TEST_F(CliTest, MigrateCreatesTheSchemaAndIsRepeatable) {
  for (int i = 0; i < 2; ++i) {
    Done m = Run({"migrate", "--db", db_});
    EXPECT_EQ(m.code, 0) << m.out;
    EXPECT_TRUE(Contains(m.out, "schema is up to date")) << m.out;
  }
  EXPECT_TRUE(fs::exists(db_path_));
}

TEST_F(CliTest, ServeWithGivenAdminPasswordLocksTheDatabaseAndStopsOnSigterm) {
  Server s = Serve(kAdminEnv);
  ASSERT_NE(s.port, 0);
  EXPECT_TRUE(Contains(s.out, "administrator login: admin")) << s.out;
  EXPECT_FALSE(Contains(s.out, kAdminPassword)) << "the given password is echoed";
  EXPECT_EQ(Login(s.port, "admin", kAdminPassword), 200);
  EXPECT_NE(Login(s.port, "admin", "not-the-admin-password"), 200);

  Done second = Run(ServeArgs(), kAdminEnv);
  EXPECT_NE(second.code, 0);
  EXPECT_TRUE(Contains(second.out, "in use")) << second.out;
  EXPECT_EQ(Login(s.port, "admin", kAdminPassword), 200) << "the first server is disturbed";

  EXPECT_EQ(Stop(s), 0) << s.out;  // within 5 s
  EXPECT_TRUE(Contains(s.out, "stopped")) << s.out;
}

TEST_F(CliTest, GeneratedAdminPasswordIsShownOnlyOnce) {
  Server s = Serve({});
  ASSERT_NE(s.port, 0);
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(s.out, m, std::regex(R"(administrator login: admin +password: (\S+))")))
      << s.out;
  std::string generated = m[1].str();
  EXPECT_GE(generated.size(), 12u);
  EXPECT_EQ(Login(s.port, "admin", generated), 200);
  EXPECT_EQ(Stop(s), 0);

  Server again = Serve({});
  ASSERT_NE(again.port, 0);
  EXPECT_FALSE(Contains(again.out, "password: ")) << again.out;
  EXPECT_FALSE(Contains(again.out, generated)) << again.out;
  EXPECT_TRUE(Contains(again.out, "set before")) << again.out;
  EXPECT_EQ(Login(again.port, "admin", generated), 200);
}

TEST_F(CliTest, UserCommandsWhileTheServerRunsAndWhileStopped) {
  const Env one = {"CONCORD_USER_PASSWORD=bob-password-one"};
  const Env two = {"CONCORD_USER_PASSWORD=bob-password-two"};
  Done early = Run({"user", "add", "bob", "--db", db_}, one);
  EXPECT_NE(early.code, 0) << "no company before the first start";
  EXPECT_TRUE(Contains(early.out, "Start the server once first")) << early.out;

  Server s = Serve();
  ASSERT_NE(s.port, 0);
  Done add = Run({"user", "add", "bob", "--name", "Bob", "--db", db_}, one);
  ASSERT_EQ(add.code, 0) << add.out;
  Done list = Run({"user", "list", "--db", db_});
  EXPECT_EQ(list.code, 0) << list.out;
  EXPECT_TRUE(Contains(list.out, "\tbob\tBob\tactive")) << list.out;
  EXPECT_EQ(Login(s.port, "bob", "bob-password-one"), 200);

  Done passwd = Run({"user", "passwd", "bob", "--db", db_}, two);
  EXPECT_EQ(passwd.code, 0) << passwd.out;
  EXPECT_EQ(Login(s.port, "bob", "bob-password-one"), 401);
  EXPECT_EQ(Login(s.port, "bob", "bob-password-two"), 200);

  Done short_password = Run({"user", "add", "carol", "--db", db_}, {"CONCORD_USER_PASSWORD=short"});
  EXPECT_NE(short_password.code, 0);
  EXPECT_TRUE(Contains(short_password.out, "at least 12 characters")) << short_password.out;
  Done taken = Run({"user", "add", "bob", "--db", db_}, one);
  EXPECT_NE(taken.code, 0);
  EXPECT_TRUE(Contains(taken.out, "already in use")) << taken.out;
  EXPECT_EQ(Stop(s), 0);

  Done disable = Run({"user", "disable", "bob", "--db", db_});
  EXPECT_EQ(disable.code, 0) << disable.out;
  list = Run({"user", "list", "--db", db_});
  EXPECT_TRUE(Contains(list.out, "\tbob\tBob\tdisabled")) << list.out;
  EXPECT_FALSE(Contains(list.out, "carol")) << list.out;
  // The command line keeps the API's rules: the only administrator cannot be disabled.
  Done last_admin = Run({"user", "disable", "admin", "--db", db_});
  EXPECT_NE(last_admin.code, 0) << last_admin.out;
  EXPECT_TRUE(Contains(last_admin.out, "without an administrator")) << last_admin.out;
  Server again = Serve();
  ASSERT_NE(again.port, 0);
  EXPECT_NE(Login(again.port, "bob", "bob-password-two"), 200);
  EXPECT_EQ(Login(again.port, "admin", kAdminPassword), 200);
}

TEST_F(CliTest, BackupWhileRunningThenVerifiedRestore) {
  std::string backup = dir_ + "/backup.db";
  Server s = Serve();
  ASSERT_NE(s.port, 0);
  Departments(s.port, "Before One");
  Departments(s.port, "Before Two");
  Done b = Run({"backup", backup, "--db", db_});
  ASSERT_EQ(b.code, 0) << b.out;
  EXPECT_TRUE(Contains(b.out, "backup written and verified")) << b.out;
  Done again = Run({"backup", backup, "--db", db_});
  EXPECT_NE(again.code, 0);
  EXPECT_TRUE(Contains(again.out, "exists")) << again.out;
  Departments(s.port, "After");
  Done busy = Run({"restore", backup, "--db", db_});
  EXPECT_NE(busy.code, 0);
  EXPECT_TRUE(Contains(busy.out, "in use")) << busy.out;
  EXPECT_EQ(Departments(s.port), (std::set<std::string>{"Before One", "Before Two", "After"}));
  ASSERT_EQ(Stop(s), 0);

  // Corrupt backups are refused before anything is touched.
  std::string before = ReadFile(db_path_);
  ASSERT_FALSE(before.empty());
  std::string garbage = dir_ + "/garbage.db", truncated = dir_ + "/truncated.db";
  std::ofstream(garbage, std::ios::binary) << std::string(8192, '\x5a') << "not a database";
  std::string good = ReadFile(backup);
  std::ofstream(truncated, std::ios::binary) << good.substr(0, good.size() / 2);
  for (const std::string& bad : {garbage, truncated}) {
    Done r = Run({"restore", bad, "--db", db_});
    EXPECT_NE(r.code, 0) << bad << ": " << r.out;
    EXPECT_TRUE(Contains(r.out, bad)) << r.out;
    EXPECT_TRUE(ReadFile(db_path_) == before) << "restore of " << bad << " changed the database";
    EXPECT_FALSE(fs::exists(db_path_ + ".restore-tmp"));
  }

  Done restore = Run({"restore", backup, "--db", db_});
  ASSERT_EQ(restore.code, 0) << restore.out;
  Server restored = Serve();
  ASSERT_NE(restored.port, 0);
  EXPECT_EQ(Departments(restored.port), (std::set<std::string>{"Before One", "Before Two"}));
}

TEST_F(CliTest, BackupAndRestoreOnPostgresPointToPgDump) {
  for (const char* command : {"backup", "restore"}) {
    Done r = Run({command, dir_ + "/pg.bak", "--db", "postgresql://x/y"});
    EXPECT_NE(r.code, 0) << command;
    EXPECT_TRUE(Contains(r.out, "pg_dump")) << command << ": " << r.out;
    EXPECT_FALSE(fs::exists(dir_ + "/pg.bak"));
  }
}

TEST_F(CliTest, FlagBeatsEnvironmentBeatsConfigFile) {
  std::string config = dir_ + "/concord.conf";
  std::ofstream(config) << "# test configuration\nlisten = 127.0.0.1:0\ndb = sqlite:" << dir_
                        << "/from-file.db\naccess-log = off\n";
  Server file = Serve(kAdminEnv, {"--config", config, "serve"});
  ASSERT_NE(file.port, 0);  // the file's port 0, not the default 8080
  EXPECT_TRUE(fs::exists(dir_ + "/from-file.db"));
  EXPECT_EQ(Stop(file), 0);

  Env env = kAdminEnv;
  env.push_back("CONCORD_DB=sqlite:" + dir_ + "/from-env.db");
  Server from_env = Serve(env, {"--config", config, "serve"});
  ASSERT_NE(from_env.port, 0);
  EXPECT_TRUE(fs::exists(dir_ + "/from-env.db"));
  EXPECT_EQ(Stop(from_env), 0);

  Server flag =
      Serve(env, {"--config", config, "serve", "--db", "sqlite:" + dir_ + "/from-flag.db"});
  ASSERT_NE(flag.port, 0);
  EXPECT_TRUE(fs::exists(dir_ + "/from-flag.db")) << "CONCORD_DB overrode --db";
  EXPECT_EQ(Stop(flag), 0);

  // The same without a config file, and for another common option.
  Done m = Run({"migrate", "--db", "sqlite:" + dir_ + "/flag-only.db", "--log-level", "info"},
               {"CONCORD_DB=sqlite:" + dir_ + "/env-only.db", "CONCORD_LOG_LEVEL=error"});
  EXPECT_EQ(m.code, 0) << m.out;
  EXPECT_TRUE(fs::exists(dir_ + "/flag-only.db")) << "CONCORD_DB overrode --db";
  EXPECT_FALSE(fs::exists(dir_ + "/env-only.db")) << "CONCORD_DB overrode --db";
  EXPECT_TRUE(Contains(m.out, "[info] migrated")) << "CONCORD_LOG_LEVEL overrode --log-level";

  std::string other = dir_ + "/other.conf";
  std::ofstream(other) << "db = sqlite:" << dir_ << "/from-config-env.db\n";
  m = Run({"migrate"}, {"CONCORD_CONFIG=" + other});
  EXPECT_EQ(m.code, 0) << m.out;
  EXPECT_TRUE(fs::exists(dir_ + "/from-config-env.db"));
}

// README: "config file (`--config FILE` ...)"; the file is read wherever --config appears.
TEST_F(CliTest, ConfigFlagAfterTheSubcommand) {
  std::string config = dir_ + "/concord.conf";
  std::ofstream(config) << "db = sqlite:" << dir_ << "/after.db\n";
  Done m = Run({"migrate", "--config", config});
  EXPECT_EQ(m.code, 0) << m.out;
  EXPECT_TRUE(fs::exists(dir_ + "/after.db"));
}

}  // namespace
}  // namespace concord::testing
