// Imports as background jobs: the request is checked and its job row written at once; the
// import then runs on a worker thread in ONE write transaction with the caller's access as it
// was at submit time, all or nothing as the synchronous routes (party/import.h).
//
// The job row (table import_jobs) holds the state: queued -> running -> done | failed. "done"
// is written in the import's own transaction, so a job reads done exactly when its records were
// committed; "running" and "failed" are written in short transactions of their own. Progress is
// kept in memory only (no database write per row). A process that stops leaves its unfinished
// jobs queued or running; FailInterrupted, run at startup, marks them failed (their import
// never committed). At most one import per company runs at a time, the others queue, so that a
// burst of imports cannot hold every writer.
//
// Thread-safety: Submit, Progress and Stop may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/time.h"
#include "party/import.h"
#include "security/access.h"
#include "store/database.h"

namespace concord::party {

inline constexpr const char* kInterruptedCode = "import.interrupted";

class BackgroundImports {
 public:
  // `threads` workers run imports (of different companies) at the same time.
  BackgroundImports(store::Database& db, const Clock& clock, int threads = 2);
  ~BackgroundImports();
  BackgroundImports(const BackgroundImports&) = delete;
  BackgroundImports& operator=(const BackgroundImports&) = delete;

  // Writes the queued job row in `tx` (the submitting request's transaction) and queues the
  // job once `tx` commits. Returns the job as GET shows it.
  Result<nlohmann::json> Submit(store::Tx& tx, const security::Access& who, const std::string& kind,
                                ImportJob job);
  // The job `id` of the caller's company (NotFound otherwise), with its live progress; the
  // row's user and kind for the caller's visibility check are in the answer.
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;

  // Starts the workers; Stop interrupts the running imports (rolled back, left for
  // FailInterrupted at the next start) and joins the workers. Jobs submitted after Stop stay
  // queued.
  void Start();
  void Stop();

  // Marks every queued or running job failed with import.interrupted; returns how many.
  static Result<int64_t> FailInterrupted(store::Database& db, const Clock& clock);

 private:
  struct Pending {
    int64_t id = 0;
    security::Access who;
    store::Actor actor;
    ImportJob job;
  };
  void Work();
  std::shared_ptr<Pending> Next();  // blocks; nullptr when stopping
  void Run(Pending& p);
  bool Report(int64_t id, int64_t done);  // records progress; false when stopping

  store::Database& db_;
  const Clock& clock_;
  int threads_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Pending>> queue_;
  std::set<int64_t> busy_;  // companies with a running import
  std::map<int64_t, int64_t> progress_;  // job id -> items processed, while queued or running
  bool stop_ = false;  // guarded by mu_
  bool started_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace concord::party
