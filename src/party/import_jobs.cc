// Background imports: the job table, the queue and the workers (see import_jobs.h).
#include "party/import_jobs.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "http/problem.h"

namespace concord::party {
namespace {

using nlohmann::json;

constexpr const char* kJobColumns =
    "id, company_id, user_id, kind, state, dry_run, total, done, report, error, created_at, "
    "started_at, finished_at";

json TextJson(const store::Record& row, const char* column) {
  auto text = row.OptText(column);
  if (!text) return nullptr;
  json j = json::parse(*text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

json JobJson(const store::Record& row) {
  auto opt = [&](const char* column) {
    auto v = row.OptText(column);
    return v ? json(*v) : json(nullptr);
  };
  return {{"id", row.Int("id")},
          {"kind", row.Text("kind")},
          {"state", row.Text("state")},
          {"done", row.Int("done")},
          {"total", row.Int("total")},
          {"dry_run", row.Int("dry_run") != 0},
          {"user_id", row.Int("user_id")},
          {"report", TextJson(row, "report")},
          {"error", TextJson(row, "error")},
          {"created_at", row.Text("created_at")},
          {"started_at", opt("started_at")},
          {"finished_at", opt("finished_at")}};
}

// The problem+json body an HTTP request failing with `st` would have answered.
json ProblemJson(const Status& st, const std::string& request_id) {
  json j = json::parse(http::Problem(st, request_id).body, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

// Writes the job's final state (in the caller's transaction).
Status WriteFinal(store::Tx& tx, int64_t id, const std::string& state, int64_t done,
                  const json& report, const json& error, const std::string& now) {
  auto dump = [](const json& j) {
    return j.is_null() ? store::Value(nullptr) : store::Value(j.dump());
  };
  return tx
      .Exec("UPDATE import_jobs SET state = ?, done = ?, report = ?, error = ?, finished_at = ? "
            "WHERE id = ?",
            state, done, dump(report), dump(error), now, id)
      .status();
}

}  // namespace

BackgroundImports::BackgroundImports(store::Database& db, const Clock& clock, int threads)
    : db_(db), clock_(clock), threads_(std::max(1, threads)) {}

BackgroundImports::~BackgroundImports() { Stop(); }

Result<json> BackgroundImports::Submit(store::Tx& tx, const security::Access& who,
                                       const std::string& kind, ImportJob job) {
  const auto total = static_cast<int64_t>(job.items.size());
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO import_jobs (company_id, user_id, kind, state, dry_run, "
                             "total, done, created_at) VALUES (?, ?, ?, 'queued', ?, ?, 0, ?) "
                             "RETURNING id",
                             who.company_id(), who.user_id(), kind, job.dry_run, total,
                             clock_.Now().ToIso()));
  auto pending = std::make_shared<Pending>(Pending{id, who, tx.actor(), std::move(job)});
  // Queued only once the row is committed: a rolled-back request leaves no job behind.
  tx.OnCommit([this, pending] {
    {
      std::lock_guard lock(mu_);
      progress_[pending->id] = 0;
      queue_.push_back(pending);
    }
    cv_.notify_all();
  });
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kJobColumns +
                                        " FROM import_jobs WHERE id = ?",
                                    id));
  return JobJson(*row);
}

Result<json> BackgroundImports::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kJobColumns +
                                        " FROM import_jobs WHERE id = ? AND company_id = ?",
                                    id, who.company_id()));
  if (!row) return NotFound("import job");
  json j = JobJson(*row);
  std::lock_guard lock(mu_);
  if (auto it = progress_.find(id); it != progress_.end()) {
    j["done"] = std::max(j["done"].get<int64_t>(), it->second);
  }
  return j;
}

void BackgroundImports::Start() {
  std::lock_guard lock(mu_);
  if (started_ || stop_) return;
  started_ = true;
  for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { Work(); });
}

void BackgroundImports::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& w : workers_) {
    if (w.joinable()) w.join();
  }
}

std::shared_ptr<BackgroundImports::Pending> BackgroundImports::Next() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (stop_) return nullptr;
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      int64_t company = (*it)->who.company_id();
      if (busy_.count(company)) continue;
      auto p = *it;
      queue_.erase(it);
      busy_.insert(company);
      return p;
    }
    cv_.wait(lock);
  }
}

void BackgroundImports::Work() {
  while (auto p = Next()) {
    Run(*p);
    {
      std::lock_guard lock(mu_);
      busy_.erase(p->who.company_id());
      progress_.erase(p->id);
    }
    cv_.notify_all();
  }
}

bool BackgroundImports::Report(int64_t id, int64_t done) {
  std::lock_guard lock(mu_);
  // A retried transaction (PostgreSQL) counts again from zero; what was shown never goes back.
  int64_t& shown = progress_[id];
  shown = std::max(shown, done);
  return !stop_;
}

void BackgroundImports::Run(Pending& p) {
  const store::TxOptions options{p.actor};
  Status st = db_.Write(
      [&](store::Tx& tx) {
        return tx
            .Exec("UPDATE import_jobs SET state = 'running', started_at = ? WHERE id = ?",
                  clock_.Now().ToIso(), p.id)
            .status();
      },
      options);
  if (st.ok()) {
    p.job.progress = [this, id = p.id](int64_t done) { return Report(id, done); };
    st = db_.Write(
        [&](store::Tx& tx) -> Status {
          ASSIGN_OR_RETURN(ImportReport report, RunImport(tx, p.who, p.job));
          ASSIGN_OR_RETURN(ImportAnswer answer, AnswerOf(p.job, report));
          return WriteFinal(tx, p.id, "done", static_cast<int64_t>(p.job.items.size()),
                            answer.body, nullptr, clock_.Now().ToIso());
        },
        options);
  }
  if (st.ok()) return;
  int64_t done = 0;
  {
    std::lock_guard lock(mu_);
    // Stopped mid-import: left running for FailInterrupted at the next start.
    if (stop_ && st.message_id() == kInterruptedCode) return;
    done = progress_[p.id];
  }
  json error = ProblemJson(st, p.actor.request_id);
  Status failed = db_.Write(
      [&](store::Tx& tx) {
        return WriteFinal(tx, p.id, "failed", done, nullptr, error, clock_.Now().ToIso());
      },
      options);
  if (!failed.ok()) {
    spdlog::error("import job {}: recording its failure failed: {}", p.id, failed.ToString());
  }
}

Result<int64_t> BackgroundImports::FailInterrupted(store::Database& db, const Clock& clock) {
  json error = ProblemJson(Status(Code::kUnavailable, kInterruptedCode,
                                  "The import was interrupted by a restart; nothing was imported."),
                           "");
  int64_t failed = 0;
  RETURN_IF_ERROR(db.Write([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(failed, tx.Exec("UPDATE import_jobs SET state = 'failed', error = ?, "
                                     "finished_at = ? WHERE state IN ('queued', 'running')",
                                     error.dump(), clock.Now().ToIso()));
    return Status::Ok();
  }));
  return failed;
}

}  // namespace concord::party
