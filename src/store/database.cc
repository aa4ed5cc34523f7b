#include "store/database.h"

#include <spdlog/spdlog.h>

#include <random>
#include <thread>

#include "core/time.h"

namespace concord::store {

// A blocking pool of connections. Broken connections are replaced on release.
class Database::Pool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;
  Pool(Factory factory, int size) : factory_(std::move(factory)), size_(size) {}

  Status Fill() {
    for (int i = 0; i < size_; ++i) {
      ASSIGN_OR_RETURN(auto conn, factory_());
      idle_.push_back(std::move(conn));
    }
    return Status::Ok();
  }

  Result<std::unique_ptr<Connection>> Acquire(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_until(lock, deadline, [&] { return closed_ || !idle_.empty(); })) {
      return Status(Code::kDeadlineExceeded, "db.pool_timeout",
                    "Timed out waiting for a database connection.");
    }
    if (closed_) return Status(Code::kUnavailable, "db.closed", "The database is closed.");
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }

  void Release(std::unique_ptr<Connection> conn) {
    if (!conn->Healthy()) {
      auto fresh = factory_();
      if (fresh.ok()) {
        conn = std::move(fresh).value();
      } else {
        spdlog::error("db: cannot replace broken connection: {}", fresh.status().ToString());
        std::lock_guard lock(mu_);
        --size_;
        cv_.notify_one();
        return;
      }
    }
    {
      std::lock_guard lock(mu_);
      if (closed_) return;  // dropped (closed) outside the lock
      idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }

  void Close() {
    std::vector<std::unique_ptr<Connection>> doomed;
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      doomed.swap(idle_);
    }
    cv_.notify_all();
  }

  int size() const { return size_; }

 private:
  Factory factory_;
  int size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  bool closed_ = false;
};

Database::Database(DatabaseOptions options, Dialect dialect)
    : options_(std::move(options)), dialect_(dialect) {}

Database::~Database() { Close(); }

namespace {
constexpr int kMaxBatch = 64;            // transactions per group commit
constexpr int kCheckpointEvery = 32;     // commits between background checkpoints
// PostgreSQL: after a serialization failure, writes run alone this long (Database comment).
constexpr auto kContendedFor = std::chrono::seconds(2);
// Session advisory lock keys of the company writer locks: kAloneLockBase + company id.
constexpr int64_t kAloneLockBase = int64_t{7231002} << 32;
constexpr auto kCheckpointIdle = std::chrono::seconds(1);
}  // namespace

Result<std::unique_ptr<Connection>> Database::Connect(Role role) const {
  if (dialect_ == Dialect::kPostgres) return OpenPostgres(target_);
  SqliteOptions opt;
  opt.synchronous_full = options_.sqlite_synchronous_full;
  opt.busy_timeout_ms = options_.busy_timeout_ms;
  opt.read_only = role == Role::kReader;
  // The checkpointer thread checkpoints; commits never do.
  opt.wal_autocheckpoint = role == Role::kWriter ? 0 : 1000;
  return OpenSqlite(target_, opt);
}

Result<std::unique_ptr<Connection>> Database::AcquireWriter(
    std::chrono::steady_clock::time_point deadline) {
  auto start = std::chrono::steady_clock::now();
  auto conn = writers_->Acquire(deadline);
  if (pool_wait_) {
    pool_wait_->ObserveMicros(std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - start)
                                  .count());
  }
  return conn;
}

Status Database::StartSqliteWriter() {
  GroupCommit::Hooks hooks;
  hooks.acquire = [this] { return AcquireWriter(std::chrono::steady_clock::time_point::max()); };
  hooks.release = [this](std::unique_ptr<Connection> c) { writers_->Release(std::move(c)); };
  hooks.now_iso = [this] { return clock().Now().ToIso(); };
  hooks.committed = [this](int n) { Committed(n); };
  group_ = std::make_unique<GroupCommit>(std::move(hooks), kMaxBatch);
  ASSIGN_OR_RETURN(auto conn, Connect(Role::kCheckpointer));
  checkpointer_ = std::thread([this, c = std::move(conn)]() mutable {
    CheckpointLoop(std::move(c));
  });
  return Status::Ok();
}

void Database::Committed(int transactions) {
  write_epoch_.fetch_add(transactions, std::memory_order_acq_rel);
  if (!checkpointer_.joinable()) return;
  std::lock_guard lock(checkpoint_mu_);
  if (++checkpoint_pending_ >= kCheckpointEvery) checkpoint_cv_.notify_one();
}

// PASSIVE checkpoints copy committed WAL frames into the database file without blocking the
// writer or the readers; SQLite restarts the WAL from its beginning once it is fully copied.
void Database::CheckpointLoop(std::unique_ptr<Connection> conn) {
  std::unique_lock lock(checkpoint_mu_);
  while (!checkpoint_stop_) {
    checkpoint_cv_.wait_for(lock, kCheckpointIdle, [&] {
      return checkpoint_stop_ || checkpoint_pending_ >= kCheckpointEvery;
    });
    if (checkpoint_stop_ || checkpoint_pending_ == 0) continue;
    checkpoint_pending_ = 0;
    lock.unlock();
    Status st = conn->ExecScript("PRAGMA wal_checkpoint(PASSIVE)");
    if (!st.ok()) spdlog::warn("db: checkpoint failed: {}", st.ToString());
    lock.lock();
  }
}

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options,
                                                 metrics::Registry* registry) {
  ASSIGN_OR_RETURN(DbUrl url, ParseDbUrl(options.url));
  std::unique_ptr<Database> db(new Database(options, url.dialect));
  db->target_ = url.target;
  bool sqlite = url.dialect == Dialect::kSqlite;
  Database* self = db.get();
  db->writers_ = std::make_unique<Pool>([self] { return self->Connect(Role::kWriter); },
                                        sqlite ? 1 : std::max(1, options.pool_size));
  // The writer opens first so that it creates the file and switches it to WAL.
  RETURN_IF_ERROR(db->writers_->Fill());
  if (sqlite) {
    db->readers_ = std::make_unique<Pool>([self] { return self->Connect(Role::kReader); },
                                          std::max(1, options.readers));
    RETURN_IF_ERROR(db->readers_->Fill());
    RETURN_IF_ERROR(db->StartSqliteWriter());
  }
  if (registry) {
    db->pool_wait_ = &registry->AddHistogram("concord_db_pool_wait_seconds", "",
                                             "Time spent waiting for a database connection.");
    db->retries_ =
        &registry->AddCounter("concord_db_tx_retries_total", "",
                              "Write transactions retried after a serialization failure.");
    db->alone_ = &registry->AddCounter(
        "concord_db_tx_alone_total", "",
        "PostgreSQL write transactions run alone (one per company) because of contention.");
  }
  return db;
}

int Database::Concurrency() const { return writers_->size() + (readers_ ? readers_->size() : 0); }

namespace {
// A serialization failure that a service turned into another error (e.g. a lookup's failure
// reported as "no such party") is still a conflict: the transaction is retried.
Status AsConflict(const Connection& conn, Status st) {
  if (st.code() == Code::kAborted || !conn.ConflictSeen()) return st;
  return Status(Code::kAborted, "db.retry", "serialization failure (" + st.message() + ")");
}
}  // namespace

Status Database::RunOnce(Connection& conn, TxMode mode, const TxFn& fn, const TxOptions& options) {
  RETURN_IF_ERROR(conn.Begin(mode));
  Tx tx(conn, mode, options.actor);
  Status st;
  // A throwing handler (a bug) must not leak the open transaction or the connection.
  try {
    st = fn(tx);
  } catch (const std::exception& e) {
    spdlog::error("db: transaction aborted by an exception: {}", e.what());
    st = Internal(std::string("exception: ") + e.what());
  }
  if (st.ok() && tx.HasJournal()) st = tx.FlushJournal(clock().Now().ToIso());
  if (!st.ok()) {
    Status rb = conn.Rollback();
    if (!rb.ok()) spdlog::warn("db: rollback failed: {}", rb.ToString());
    return AsConflict(conn, st);
  }
  st = conn.Commit();
  if (!st.ok()) {
    (void)conn.Rollback();
    return AsConflict(conn, st);
  }
  for (auto& hook : tx.TakeOnCommit()) hook();
  return Status::Ok();
}

Status Database::Write(const TxFn& fn, const TxOptions& options) {
  for (int attempt = 0;; ++attempt) {
    Status st;
    if (group_) {
      st = group_->Run(fn, options.actor, options.deadline);
    } else if (attempt > 0 || Contended()) {
      st = WriteAlone(fn, options);
    } else {
      st = WriteOnce(fn, options);
    }
    if (st.code() != Code::kAborted || attempt >= options_.max_retries) return st;
    if (!group_) MarkContended();
    if (retries_) retries_->Inc();
    // Randomized back-off so that the conflicting transactions do not collide again.
    thread_local std::mt19937 rng(std::random_device{}());
    std::uniform_int_distribution<int> jitter(0, 1 << std::min(attempt, 6));
    std::this_thread::sleep_for(std::chrono::milliseconds(1 + jitter(rng)));
  }
}

Status Database::WriteOnce(const TxFn& fn, const TxOptions& options) {
  ASSIGN_OR_RETURN(auto conn, AcquireWriter(options.deadline));
  Status st = RunOnce(*conn, TxMode::kWrite, fn, options);
  writers_->Release(std::move(conn));
  if (st.ok()) write_epoch_.fetch_add(1, std::memory_order_acq_rel);
  return st;
}

bool Database::Contended() const {
  return std::chrono::steady_clock::now().time_since_epoch().count() <
         contended_until_.load(std::memory_order_relaxed);
}

void Database::MarkContended() {
  auto until = std::chrono::steady_clock::now() + kContendedFor;
  contended_until_.store(until.time_since_epoch().count(), std::memory_order_relaxed);
}

std::timed_mutex& Database::CompanyWriterLock(int64_t company_id) {
  std::lock_guard lock(alone_mu_);
  auto& slot = alone_locks_[company_id];
  if (!slot) slot = std::make_unique<std::timed_mutex>();
  return *slot;
}

Status Database::WriteAlone(const TxFn& fn, const TxOptions& options) {
  std::unique_lock alone(CompanyWriterLock(options.actor.company_id), std::defer_lock);
  if (options.deadline == std::chrono::steady_clock::time_point::max()) {
    alone.lock();
  } else if (!alone.try_lock_until(options.deadline)) {
    return Status(Code::kDeadlineExceeded, "db.busy", "the database is busy; try again");
  }
  if (alone_) alone_->Inc();
  ASSIGN_OR_RETURN(auto conn, AcquireWriter(options.deadline));
  std::string key = std::to_string(kAloneLockBase + options.actor.company_id);
  Status st = conn->ExecScript("SELECT pg_advisory_lock(" + key + ")");
  if (st.ok()) {
    st = RunOnce(*conn, TxMode::kWrite, fn, options);
    Status unlock = conn->ExecScript("SELECT pg_advisory_unlock(" + key + ")");
    if (!unlock.ok()) spdlog::warn("db: advisory unlock failed: {}", unlock.ToString());
  }
  writers_->Release(std::move(conn));
  if (st.ok()) write_epoch_.fetch_add(1, std::memory_order_acq_rel);
  return st;
}

Status Database::Read(const TxFn& fn, const TxOptions& options) {
  Pool& pool = readers_ ? *readers_ : *writers_;
  auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(auto conn, pool.Acquire(options.deadline));
  if (pool_wait_) {
    pool_wait_->ObserveMicros(std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - start)
                                  .count());
  }
  Status st = RunOnce(*conn, TxMode::kRead, fn, options);
  pool.Release(std::move(conn));
  return st;
}

Status Database::WithWriter(const std::function<Status(Connection&)>& fn) {
  ASSIGN_OR_RETURN(auto conn, writers_->Acquire(std::chrono::steady_clock::time_point::max()));
  Status st = fn(*conn);
  writers_->Release(std::move(conn));
  if (checkpointer_.joinable()) Committed(0);
  return st;
}

void Database::Close() {
  if (checkpointer_.joinable()) {
    {
      std::lock_guard lock(checkpoint_mu_);
      checkpoint_stop_ = true;
    }
    checkpoint_cv_.notify_all();
    checkpointer_.join();
  }
  if (readers_) readers_->Close();
  if (writers_) writers_->Close();
}

}  // namespace concord::store
