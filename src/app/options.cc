#include "app/options.h"

#include <cstdlib>

namespace concord::app {
namespace {

// One setting: a flag (booleans take no value), an environment variable, and the config file's
// value as the default.
template <class T>
CLI::Option* AddOption(CLI::App& cmd, const std::map<std::string, std::string>& file,
                       const std::string& name, T& target, const std::string& env,
                       const std::string& help) {
  CLI::Option* o;
  if constexpr (std::is_same_v<T, bool>) {
    o = cmd.add_flag("--" + name, target, help)->envname(env);
  } else {
    o = cmd.add_option("--" + name, target, help)->envname(env);
  }
  if (auto it = file.find(name); it != file.end())
    o->default_str(it->second)->default_val(it->second);
  return o;
}

// Options shared by every subcommand. Each has a flag, an environment variable and a config
// file key; the config file's values become the defaults, so flags and environment win.
}  // namespace

void AddCommonOptions(CLI::App& cmd, Config& c, const std::map<std::string, std::string>& file) {
  cmd.add_option("--config", c.config_file,
                 "config file of key = value lines (also CONCORD_CONFIG)");
  auto opt = [&](const std::string& name, auto& target, const std::string& env,
                 const std::string& help) { return AddOption(cmd, file, name, target, env, help); };
  opt("db", c.db, "CONCORD_DB",
      "sqlite:PATH or postgresql://... (default sqlite:./concord-data/concord.db)");
  opt("readers", c.readers, "CONCORD_READERS", "SQLite reader connections");
  opt("pool-size", c.pool_size, "CONCORD_POOL_SIZE", "PostgreSQL connections");
  opt("sqlite-sync", c.sqlite_sync, "CONCORD_SQLITE_SYNC",
      "full (default: an acknowledged write survives power loss) or normal (faster; the last "
      "transactions may be lost on power loss, never on a process crash)");
  opt("log-level", c.log_level, "CONCORD_LOG_LEVEL", "trace, debug, info, warn, error");
}

void AddServeOptions(CLI::App& cmd, Config& c, const std::map<std::string, std::string>& file) {
  auto opt = [&](const std::string& name, auto& target, const std::string& env,
                 const std::string& help) { return AddOption(cmd, file, name, target, env, help); };
  opt("listen", c.listen, "CONCORD_LISTEN", "HOST:PORT to listen on (default 127.0.0.1:8080)");
  opt("workers", c.workers, "CONCORD_WORKERS", "handler threads (default: database connections)");
  opt("io-threads", c.io_threads, "CONCORD_IO_THREADS", "I/O threads");
  opt("body-limit", c.body_limit, "CONCORD_BODY_LIMIT", "maximum request body in bytes");
  opt("max-connections", c.max_connections, "CONCORD_MAX_CONNECTIONS", "maximum open connections");
  opt("request-timeout-ms", c.request_timeout_ms, "CONCORD_REQUEST_TIMEOUT_MS",
      "deadline per request");
  opt("access-log", c.access_log, "CONCORD_ACCESS_LOG", "stderr, off, or a file path");
  opt("session-idle-minutes", c.session_idle_minutes, "CONCORD_SESSION_IDLE_MINUTES",
      "idle session expiry");
  opt("session-absolute-minutes", c.session_absolute_minutes, "CONCORD_SESSION_ABSOLUTE_MINUTES",
      "absolute session expiry");
  opt("secure-cookie", c.secure_cookie, "CONCORD_SECURE_COOKIE",
      "mark the session cookie Secure (TLS)");
  opt("demo", c.demo, "CONCORD_DEMO", "load demo data on start");
  opt("web-dir", c.web_dir, "CONCORD_WEB_DIR",
      "serve the web UI from this directory (a Vite build) instead of the built-in copy");
  opt("sla-interval-seconds", c.sla_interval_seconds, "CONCORD_SLA_INTERVAL_SECONDS",
      "run the SLA breach/escalation job every N seconds (0: off; default 60)");
  opt("workflow-interval-seconds", c.workflow_interval_seconds,
      "CONCORD_WORKFLOW_INTERVAL_SECONDS",
      "check workflow deadlines every N seconds (0: off; default 60)");
  opt("mail-interval-seconds", c.mail_interval_seconds, "CONCORD_MAIL_INTERVAL_SECONDS",
      "send queued e-mails every N seconds (0: off; default 5)");
  opt("mail", c.mail, "CONCORD_MAIL",
      "e-mail transport: empty (off), file:DIR, smtp://[user:pass@]host[:port] or smtps://...");
  opt("mail-from", c.mail_from, "CONCORD_MAIL_FROM", "sender address of e-mails");
}

std::string ConfigPath(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--config") return argv[i + 1];
  }
  const char* env = std::getenv("CONCORD_CONFIG");
  return env ? env : "";
}

}  // namespace concord::app
