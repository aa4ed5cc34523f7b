// Benchmark of issue 4's figures: the trial balance and the profit and loss over 10,000,000
// journal lines, target < 1 s; the posting throughput of 5-line entries. Both through the
// services (accounting::Reports inside Database::Read, accounting::Ledger::Post inside
// Database::Write, as a request runs them, minus HTTP).
//
// The entries (2,000,000 of 5 lines over the fiscal years 2024-2026, see ledger_load.h) are
// bulk-loaded with direct SQL, ledger_daily summed from the loaded lines. The trial balance
// from the reports is checked once against a direct SUM over the lines. Posting runs for a few
// seconds on a fresh database and on the loaded one (dated 2027, removed afterwards).
//
//   concord_ledger_bench [--lines N] [--db postgresql://...] [--reuse PATH.db] [--runs N]
//                        [--post-seconds S] [--threads K] [--no-post-loaded]
//                        [--sqlite-sync full|normal]
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "accounting/reports.h"
#include "app/app.h"
#include "core/money.h"
#include "ledger_load.h"

namespace concord::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Wall time (what a caller waits, inflated when other processes compete for the 2 cores) and
// this thread's CPU time (the work itself; on PostgreSQL the server's share is not in it).
class Timer {
 public:
  Timer() : wall_(SteadyClock::now()), cpu_(ThreadCpuMs()) {}
  double WallMs() const { return MillisSince(wall_); }
  double CpuMs() const { return ThreadCpuMs() - cpu_; }

 private:
  static double ThreadCpuMs() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  }
  SteadyClock::time_point wall_;
  double cpu_;
};

struct Figures {
  size_t count = 0;
  double p50 = 0, p99 = 0, max = 0, cpu_p50 = 0, cpu_p99 = 0;
};

double Percentile(std::vector<double>& v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

Figures Summarize(std::vector<double> wall, std::vector<double> cpu) {
  Figures f;
  f.count = wall.size();
  if (wall.empty()) return f;
  f.p50 = Percentile(wall, 0.50);
  f.p99 = Percentile(wall, 0.99);
  f.max = wall.back();
  f.cpu_p50 = Percentile(cpu, 0.50);
  f.cpu_p99 = Percentile(cpu, 0.99);
  return f;
}

void PrintFigures(const std::string& name, const Figures& f) {
  std::printf("  %-28s n=%-5zu p50 %8.2f  p99 %8.2f  max %8.2f | cpu p50 %8.2f  p99 %8.2f\n",
              name.c_str(), f.count, f.p50, f.p99, f.max, f.cpu_p50, f.cpu_p99);
  std::fflush(stdout);
}

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

// ---------------------------------------------------------------------------------------------
// Opening and loading

struct Options {
  int64_t lines = 10000000;
  std::string db;     // postgresql://... ; empty: SQLite
  std::string reuse;  // SQLite file kept between runs
  int runs = 50;
  double post_seconds = 10;
  int threads = 1;
  bool post_loaded = true;
  std::string sqlite_sync = "full";  // the server's default
  int64_t entries() const { return lines / kLinesPerEntry; }
};

std::unique_ptr<app::App> OpenApp(const std::string& url, const std::string& sqlite_sync) {
  app::Config config;  // the server's defaults
  config.db = url;
  config.sqlite_sync = sqlite_sync;
  auto app = app::App::Open(config);
  if (!app.ok()) Die("opening " + url, app.status());
  auto admin = (*app)->EnsureAdmin();
  if (!admin.ok()) Die("bootstrap", admin.status());
  return std::move(*app);
}

void RemoveSqlite(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

World WorldOf(store::Database& db, int customers = 3000, int suppliers = 1000) {
  SystemClock clock;
  auto w = PrepareWorld(db, clock, customers, suppliers);
  if (!w.ok()) Die("preparing parties, departments and fiscal years", w.status());
  return *w;
}

int64_t CountEntries(store::Database& db) {
  int64_t n = 0;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT COUNT(*) FROM journal_entries"));
    n = row->Int(0);
    return Status::Ok();
  });
  if (!st.ok()) Die("counting entries", st);
  return n;
}

void LoadOrDie(store::Database& db, const World& w, int64_t entries) {
  std::printf("loading %lld entries of %d lines ...\n", static_cast<long long>(entries),
              kLinesPerEntry);
  auto start = SteadyClock::now();
  Status st = Load(db, w, entries);
  if (!st.ok()) Die("loading", st);
  double s = MillisSince(start) / 1000;
  std::printf("loaded %lld lines in %.1f s (%.0f lines/s)\n",
              static_cast<long long>(entries * kLinesPerEntry), s,
              static_cast<double>(entries * kLinesPerEntry) / s);
}

// Opens the database with the entries loaded: reused when valid, else loaded (SQLite: into
// PATH.loading, renamed into place when complete, so a cache file is whole or absent).
std::unique_ptr<app::App> Prepared(const Options& o, const std::string& path, World* w) {
  bool pg = !o.db.empty();
  std::string url = pg ? o.db : "sqlite:" + path;
  auto app = OpenApp(url, o.sqlite_sync);
  // What an interrupted posting run may have left.
  if (Status st = RemovePostedFrom(app->db(), D(kLastYear + 1, 1, 1)); !st.ok()) Die("clean", st);
  *w = WorldOf(app->db());
  auto valid = Validate(app->db(), *w, o.entries());
  if (!valid.ok()) Die("validating the database", valid.status());
  if (*valid) {
    std::printf("reusing the entries loaded in %s\n", url.c_str());
    return app;
  }
  if (CountEntries(app->db()) > 0 && (pg || o.reuse.empty())) {
    Die("loading", FailedPrecondition("bench.not_empty", "the database has other entries"));
  }
  if (pg) {
    LoadOrDie(app->db(), *w, o.entries());
    return app;
  }
  app.reset();
  std::string loading = path + ".loading";
  RemoveSqlite(loading);
  app = OpenApp("sqlite:" + loading, o.sqlite_sync);
  LoadOrDie(app->db(), WorldOf(app->db()), o.entries());
  app.reset();
  RemoveSqlite(path);
  std::filesystem::rename(loading, path);
  app = OpenApp(url, o.sqlite_sync);
  *w = WorldOf(app->db());
  return app;
}

std::string DbSize(store::Database& db, const std::string& path) {
  int64_t bytes = 0;
  if (db.dialect() == store::Dialect::kPostgres) {
    Status st = db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.One("SELECT pg_database_size(current_database())"));
      bytes = row->Int(0);
      return Status::Ok();
    });
    if (!st.ok()) return "?";
  } else {
    std::error_code ec;
    for (const char* suffix : {"", "-wal"}) {
      auto size = std::filesystem::file_size(path + suffix, ec);
      if (!ec) bytes += static_cast<int64_t>(size);
    }
  }
  char out[32];
  std::snprintf(out, sizeof out, "%.0f MB", static_cast<double>(bytes) / 1e6);
  return out;
}

security::Access CompanyAdmin(app::App& app) {
  std::map<std::string, security::Scope> grants;
  for (const auto& p : app.security().catalog.All()) grants[p.name] = security::Scope::kCompany;
  return security::Access(kBenchUser, "admin", kCompany, 0, grants);
}

// ---------------------------------------------------------------------------------------------
// Reports

// The trial balance of all time must equal a direct SUM over the lines, account by account.
// Returns how long that SUM took: what a ledger without daily sums pays for every report.
double CheckTrialBalance(store::Database& db, const security::Access& who) {
  accounting::Reports reports;
  nlohmann::json tb;
  std::map<int64_t, std::pair<int64_t, int64_t>> direct;
  double direct_ms = 0;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(tb, reports.TrialBalance(tx, who, {std::nullopt, D(kLastYear, 12, 31)}));
    auto start = SteadyClock::now();
    ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT account_id, SUM(debit), SUM(credit) FROM "
                                        "journal_lines WHERE company_id = ? AND posted = 1 AND "
                                        "date <= ? GROUP BY account_id",
                                        kCompany, D(kLastYear, 12, 31).ToString()));
    direct_ms = MillisSince(start);
    for (const auto& r : rows) direct[r.Int(0)] = {r.Int(1), r.Int(2)};
    return Status::Ok();
  });
  if (!st.ok()) Die("trial balance check", st);
  Currency cny = *Currency::FromCode("CNY");
  auto amount = [&](int64_t minor) { return Money::FromMinor(minor, cny).ToString(); };
  size_t matched = 0;
  for (const auto& row : tb["accounts"]) {
    auto it = direct.find(row["id"].get<int64_t>());
    bool same = it != direct.end() && row["debit"] == amount(it->second.first) &&
                row["credit"] == amount(it->second.second);
    if (!same) {
      Die("trial balance check", Internal("account " + row["code"].get<std::string>() +
                                          " differs from the direct SUM: " + row.dump()));
    }
    ++matched;
  }
  if (matched != direct.size() || !tb["balanced"].get<bool>()) {
    Die("trial balance check", Internal("accounts missing or not balanced"));
  }
  std::printf(
      "trial balance = direct SUM over the lines for all %zu accounts (debit total %s); "
      "the direct SUM took %.0f ms\n",
      matched, tb["totals"]["debit"].get<std::string>().c_str(), direct_ms);
  return direct_ms;
}

using Report = std::function<Result<nlohmann::json>(store::Tx&)>;

// `runs` calls, each in its own read transaction as a request runs it, after 5 untimed ones.
Figures RunReport(store::Database& db, const Report& report, int runs) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs + 5; ++i) {
    Timer t;
    Status st = db.Read([&](store::Tx& tx) { return report(tx).status(); });
    if (!st.ok()) Die("report", st);
    if (i >= 5) {
      wall.push_back(t.WallMs());
      cpu.push_back(t.CpuMs());
    }
  }
  return Summarize(std::move(wall), std::move(cpu));
}

std::vector<std::pair<std::string, Figures>> MeasureReports(store::Database& db,
                                                            const security::Access& who,
                                                            const World& w, int runs) {
  accounting::Reports r;
  const int y = kLastYear;
  accounting::ProfitAndLossParams year{D(y, 1, 1), D(y, 12, 31), D(y - 1, 1, 1), D(y - 1, 12, 31),
                                       std::nullopt};
  accounting::ProfitAndLossParams dept = year;
  dept.department_id = w.departments[0];
  std::vector<std::pair<std::string, Report>> sets = {
      {"trial balance, year",
       [&](store::Tx& tx) {
         return r.TrialBalance(tx, who, {D(y, 1, 1), D(y, 12, 31)});
       }},
      {"trial balance, all time",
       [&](store::Tx& tx) {
         return r.TrialBalance(tx, who, {std::nullopt, D(y, 12, 31)});
       }},
      {"P&L year vs previous year", [&](store::Tx& tx) { return r.ProfitAndLoss(tx, who, year); }},
      {"P&L month",
       [&](store::Tx& tx) {
         return r.ProfitAndLoss(tx, who, {D(y, 6, 1), D(y, 6, 30), {}, {}, std::nullopt});
       }},
      {"P&L year vs prev, 1 dept", [&](store::Tx& tx) { return r.ProfitAndLoss(tx, who, dept); }},
  };
  std::printf(
      "reports (company-wide administrator, each call in its own read transaction), "
      "ms:\n");
  std::vector<std::pair<std::string, Figures>> out;
  for (const auto& [name, report] : sets) {
    out.emplace_back(name, RunReport(db, report, runs));
    PrintFigures(name, out.back().second);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Posting

struct Throughput {
  int64_t entries = 0;
  double seconds = 0;
  Figures latency;
  int64_t failed = 0;   // aborted after the last serialization retry (PostgreSQL)
  int64_t retries = 0;  // serialization retries (concord_db_tx_retries_total)
};

// A counter of the app's metrics, from its text rendering.
int64_t MetricValue(app::App& app, const std::string& name) {
  std::string text = app.metrics().Render();
  size_t at = text.find("\n" + name + " ");
  return at == std::string::npos ? 0 : std::atoll(text.c_str() + at + name.size() + 2);
}

// `threads` writers post generated 5-line entries dated in January of kLastYear + 1, one
// Database::Write each, for `seconds` (after one untimed second).
Throughput MeasurePosting(app::App& app, const World& w, double seconds, int threads) {
  store::Database& db = app.db();
  int64_t retries = MetricValue(app, "concord_db_tx_retries_total");
  SystemClock clock;
  accounting::Ledger ledger(clock);
  store::TxOptions opts;
  opts.actor = {kBenchUser, kCompany, "bench"};
  std::mutex mu;
  std::vector<double> wall, cpu;
  std::atomic<int64_t> next{0}, timed{0}, failed{0};
  auto start = SteadyClock::now();
  double warm_ms = 1000, end_ms = 1000 + seconds * 1000;
  auto writer = [&] {
    std::vector<double> my_wall, my_cpu;
    for (;;) {
      int64_t i = next++;
      GenEntry g = Generate(1000000000 + i, D(kLastYear + 1, 1, 1 + static_cast<int>(i % 28)), w);
      accounting::PostingEntry e = ToPosting(g, w);
      double at = MillisSince(start);
      if (at > end_ms) break;
      Timer t;
      Status st =
          db.Write([&](store::Tx& tx) { return ledger.Post(tx, e, kBenchUser).status(); }, opts);
      if (st.code() == Code::kAborted) ++failed;
      if (!st.ok() && st.code() != Code::kAborted) Die("posting", st);
      if (at >= warm_ms && MillisSince(start) <= end_ms) {
        if (!st.ok()) continue;
        my_wall.push_back(t.WallMs());
        my_cpu.push_back(t.CpuMs());
        ++timed;
      }
    }
    std::lock_guard lock(mu);
    wall.insert(wall.end(), my_wall.begin(), my_wall.end());
    cpu.insert(cpu.end(), my_cpu.begin(), my_cpu.end());
  };
  std::vector<std::thread> pool;
  for (int k = 0; k < threads; ++k) pool.emplace_back(writer);
  for (auto& t : pool) t.join();
  return {timed.load(), seconds, Summarize(std::move(wall), std::move(cpu)), failed.load(),
          MetricValue(app, "concord_db_tx_retries_total") - retries};
}

void PrintThroughput(const std::string& what, const Throughput& t) {
  double eps = static_cast<double>(t.entries) / t.seconds;
  std::printf(
      "  %-34s %7.0f entries/s (%7.0f lines/s), latency p50 %.2f ms, p99 %.2f ms, max "
      "%.2f ms (cpu p50 %.2f ms)\n",
      what.c_str(), eps, eps * kLinesPerEntry, t.latency.p50, t.latency.p99, t.latency.max,
      t.latency.cpu_p50);
  if (t.failed || t.retries) {
    std::printf("  %-34s %lld serialization retries, %lld posts failed after the last retry\n", "",
                static_cast<long long>(t.retries), static_cast<long long>(t.failed));
  }
  std::fflush(stdout);
}

// A fresh SQLite database (the server's settings), with a few parties and departments.
Throughput PostOnFreshSqlite(const Options& o) {
  char tmpl[] = "/tmp/concord-ledger-post-XXXXXX";
  if (!mkdtemp(tmpl)) Die("mkdtemp", Internal("cannot create a temporary directory"));
  std::string dir = tmpl;
  Throughput t;
  {
    auto app = OpenApp("sqlite:" + dir + "/post.db", o.sqlite_sync);
    World w = WorldOf(app->db(), 300, 100);
    t = MeasurePosting(*app, w, o.post_seconds, o.threads);
  }
  std::filesystem::remove_all(dir);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Main

struct Results {
  double direct_ms = 0;
  std::vector<std::pair<std::string, Figures>> reports;
  std::optional<Throughput> fresh, loaded;
};

Results Measure(app::App& app, const Options& o, const World& w) {
  bool pg = !o.db.empty();
  security::Access who = CompanyAdmin(app);
  Results r;
  r.direct_ms = CheckTrialBalance(app.db(), who);
  r.reports = MeasureReports(app.db(), who, w, o.runs);
  std::printf(
      "posting 5-line entries through Ledger::Post, one write transaction each, %d "
      "thread(s), %s:\n",
      o.threads, pg ? "PostgreSQL" : ("SQLite synchronous=" + o.sqlite_sync).c_str());
  if (!pg) {
    r.fresh = PostOnFreshSqlite(o);
    PrintThroughput("fresh database", *r.fresh);
  }
  if (o.post_loaded) {
    r.loaded = MeasurePosting(app, w, o.post_seconds, o.threads);
    PrintThroughput("the loaded database", *r.loaded);
    Status st = RemovePostedFrom(app.db(), D(kLastYear + 1, 1, 1));
    if (!st.ok()) Die("removing the posted entries", st);
  }
  return r;
}

void PrintSummary(const Results& r, const std::string& what) {
  double worst = 0;
  std::printf("\nledger reports over %s:\n", what.c_str());
  for (const auto& [name, f] : r.reports) {
    std::printf("  %-28s p50 %7.2f ms, p99 %7.2f ms\n", name.c_str(), f.p50, f.p99);
    worst = std::max(worst, f.p99);
  }
  std::printf("  worst p99 %.2f ms, target < 1000 ms: %s\n", worst, worst < 1000 ? "PASS" : "FAIL");
  std::printf("  (the direct SUM over the lines that the daily sums replace took %.0f ms)\n",
              r.direct_ms);
  for (const auto& [name, t] :
       {std::make_pair("fresh database", r.fresh), std::make_pair("loaded database", r.loaded)}) {
    if (!t) continue;
    double eps = static_cast<double>(t->entries) / t->seconds;
    std::printf("posting, %s: %.0f entries/s = %.0f lines/s (p50 %.2f ms, p99 %.2f ms)", name, eps,
                eps * kLinesPerEntry, t->latency.p50, t->latency.p99);
    if (t->failed) std::printf(", %lld failed", static_cast<long long>(t->failed));
    std::printf("\n");
  }
}

int Run(const Options& o) {
  bool pg = !o.db.empty();
  std::string path = pg ? "" : o.reuse;
  std::string temp_dir;
  if (!pg && path.empty()) {
    char tmpl[] = "/tmp/concord-ledger-bench-XXXXXX";
    if (!mkdtemp(tmpl)) Die("mkdtemp", Internal("cannot create a temporary directory"));
    temp_dir = tmpl;
    path = temp_dir + "/bench.db";
  }
  World w;
  auto app = Prepared(o, path, &w);
  char what[160];
  std::snprintf(what, sizeof what, "%lld journal lines (%s, %u cores)",
                static_cast<long long>(o.entries() * kLinesPerEntry), pg ? "PostgreSQL" : "SQLite",
                std::thread::hardware_concurrency());
  std::printf("database: %s, %s\n", what, DbSize(app->db(), path).c_str());
  Results r = Measure(*app, o, w);
  PrintSummary(r, what);
  app.reset();
  if (!temp_dir.empty()) std::filesystem::remove_all(temp_dir);
  return 0;
}

}  // namespace
}  // namespace concord::bench

int main(int argc, char** argv) {
  concord::bench::Options o;
  bool no_post_loaded = false;
  CLI::App cli{"concord ledger benchmark: trial balance, P&L and posting throughput"};
  cli.add_option("--lines", o.lines, "journal lines to load (5 per entry)")
      ->check(CLI::Range(int64_t{1000}, int64_t{1000000000}));
  cli.add_option("--db", o.db, "postgresql://... (default: a temporary SQLite database)");
  cli.add_option("--reuse", o.reuse, "SQLite file kept between runs (loaded when missing)");
  cli.add_option("--runs", o.runs, "timed calls per report")->check(CLI::Range(1, 100000));
  cli.add_option("--post-seconds", o.post_seconds, "duration of each posting run")
      ->check(CLI::Range(1.0, 3600.0));
  cli.add_option("--threads", o.threads, "concurrent posting threads")->check(CLI::Range(1, 64));
  cli.add_flag("--no-post-loaded", no_post_loaded, "do not post into the loaded database");
  cli.add_option("--sqlite-sync", o.sqlite_sync, "SQLite synchronous mode (server default: full)")
      ->check(CLI::IsMember({"full", "normal"}));
  CLI11_PARSE(cli, argc, argv);
  o.post_loaded = !no_post_loaded;
  spdlog::set_level(spdlog::level::warn);
  return concord::bench::Run(o);
}
