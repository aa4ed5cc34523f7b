// Configuration of the concord binary. Every setting can come from a command-line flag, an
// environment variable or a config file, in that order of precedence (flag wins), falling back
// to the built-in default. The config file is "key = value" lines (# comments), named by
// --config or CONCORD_CONFIG; keys are the long flag names without dashes (e.g. "listen").
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/status.h"

namespace concord::app {

struct Config {
  std::string db = "sqlite:./concord-data/concord.db";
  std::string listen = "127.0.0.1:8080";
  int workers = 0;  // 0: sized to the database connections
  int io_threads = 1;
  int readers = 0;                   // SQLite reader connections; 0 = one per core, at least 2
  int pool_size = 8;                 // PostgreSQL connections
  std::string sqlite_sync = "full";  // full | normal
  size_t body_limit = 1 << 20;
  int max_connections = 1024;
  int request_timeout_ms = 30000;
  std::string access_log = "stderr";  // stderr | off | PATH
  std::string log_level = "info";
  int session_idle_minutes = 120;
  int session_absolute_minutes = 7 * 24 * 60;
  bool secure_cookie = false;
  bool demo = false;        // load demo data on start
  // Background jobs; -1: the default (on with the system clock, off with an injected test
  // clock), 0: off, n: every n seconds.
  int sla_interval_seconds = -1;       // the SLA breach and escalation job (default 60)
  int workflow_interval_seconds = -1;  // workflow deadlines and escalations (default 60)
  int mail_interval_seconds = -1;      // sending queued e-mails (default 5)
  std::string mail;                    // "" (off) | file:DIR | smtp://host[:port] | smtps://...
  std::string mail_from = "concord@localhost";
  std::string web_dir;  // "" = the UI built into the binary; DIR = serve DIR (UI development)
  std::string config_file;  // --config (read before parsing; kept for --help)
};

// Reads "key = value" lines; InvalidArgument with the line number on malformed lines.
Result<std::map<std::string, std::string>> ReadConfigFile(const std::string& path);

// Splits "host:port" (IPv6 as "[::1]:8080").
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen);

}  // namespace concord::app
