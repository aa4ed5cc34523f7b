// Database: the pool of connections to one database and the only way to run transactions.
//
// SQLite: one writer connection and `readers` reader connections (WAL snapshots). Writes are
// serialized in-process and committed in groups (store/group_commit.h); a background thread
// checkpoints the WAL, so that no request pays for it. PostgreSQL: `pool_size` connections used for
// both; write transactions are SERIALIZABLE and retried whole on serialization failure or
// deadlock. Under contention (every posting touches a few hot rows: document sequences, daily
// ledger totals) optimism stops paying: a retried write, and every write of the company for
// kContendedFor after a conflict, runs alone — one at a time per company, in this process
// (a timed mutex) and across processes (a session advisory lock taken before BEGIN, so that its
// snapshot already sees the previous writer's commit). Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics.h"
#include "core/time.h"
#include "store/db.h"
#include "store/group_commit.h"
#include "store/tx.h"

namespace concord::store {

struct DatabaseOptions {
  std::string url;    // "sqlite:PATH" or "postgresql://..."
  int readers = 4;    // SQLite reader connections
  int pool_size = 8;  // PostgreSQL connections
  bool sqlite_synchronous_full = true;
  int busy_timeout_ms = 5000;
  int max_retries = 10;          // PostgreSQL serialization-failure retries
  const Clock* clock = nullptr;  // stamps audit rows and events; null = the system clock
};

struct TxOptions {
  Actor actor;
  // Waiting for a connection past this point fails with kDeadlineExceeded.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

using TxFn = std::function<Status(Tx&)>;

class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options,
                                                metrics::Registry* registry = nullptr);
  ~Database();

  Dialect dialect() const { return dialect_; }
  const Clock& clock() const { return options_.clock ? *options_.clock : system_clock_; }
  const DatabaseOptions& options() const { return options_; }
  // Number of requests that can hold a connection at once (sizes the worker pool).
  int Concurrency() const;

  // Runs fn in a write transaction and commits if it returns OK (rolls back otherwise).
  // Buffered audit rows / events are written just before COMMIT. A kAborted status (on
  // PostgreSQL a serialization failure or deadlock) re-runs fn from the start, up to
  // max_retries times. On SQLite fn may share its transaction with other callers' (group
  // commit, store/group_commit.h); it still sees and commits all or nothing of its own writes.
  Status Write(const TxFn& fn, const TxOptions& options = {});
  // Runs fn in a read-only snapshot transaction.
  Status Read(const TxFn& fn, const TxOptions& options = {});

  // Runs fn with a connection outside any transaction (migrations, backup, maintenance).
  Status WithWriter(const std::function<Status(Connection&)>& fn);

  // Closes all connections; further calls fail with kUnavailable.
  void Close();

  // Incremented after every committed write transaction of this process: a cache of data read
  // before a write is stale once the epoch moved.
  uint64_t write_epoch() const { return write_epoch_.load(std::memory_order_acquire); }

 private:
  class Pool;
  enum class Role { kWriter, kReader, kCheckpointer };
  Database(DatabaseOptions options, Dialect dialect);
  Result<std::unique_ptr<Connection>> Connect(Role role) const;
  Status RunOnce(Connection& conn, TxMode mode, const TxFn& fn, const TxOptions& options);
  Status WriteOnce(const TxFn& fn, const TxOptions& options);
  // PostgreSQL: WriteOnce while holding the company's writer lock (see the class comment).
  Status WriteAlone(const TxFn& fn, const TxOptions& options);
  std::timed_mutex& CompanyWriterLock(int64_t company_id);
  bool Contended() const;
  void MarkContended();
  Result<std::unique_ptr<Connection>> AcquireWriter(std::chrono::steady_clock::time_point deadline);
  Status StartSqliteWriter();
  void Committed(int transactions);
  void CheckpointLoop(std::unique_ptr<Connection> conn);

  DatabaseOptions options_;
  SystemClock system_clock_;
  Dialect dialect_;
  std::string target_;
  std::unique_ptr<Pool> writers_;  // SQLite: exactly one; PostgreSQL: the shared pool
  std::unique_ptr<Pool> readers_;  // SQLite only
  std::unique_ptr<GroupCommit> group_;  // SQLite only
  std::thread checkpointer_;           // SQLite only
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  int checkpoint_pending_ = 0;  // commits since the last checkpoint
  bool checkpoint_stop_ = false;
  std::atomic<uint64_t> write_epoch_{0};
  metrics::Histogram* pool_wait_ = nullptr;
  metrics::Counter* retries_ = nullptr;
  metrics::Counter* alone_ = nullptr;
  std::mutex alone_mu_;  // guards alone_locks_
  std::map<int64_t, std::unique_ptr<std::timed_mutex>> alone_locks_;
  std::atomic<int64_t> contended_until_{0};  // steady_clock ticks
};

}  // namespace concord::store
