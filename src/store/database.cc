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

Result<std::unique_ptr<Connection>> Database::Connect(bool reader) const {
  if (dialect_ == Dialect::kPostgres) return OpenPostgres(target_);
  SqliteOptions opt;
  opt.synchronous_full = options_.sqlite_synchronous_full;
  opt.busy_timeout_ms = options_.busy_timeout_ms;
  opt.read_only = reader;
  return OpenSqlite(target_, opt);
}

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options,
                                                 metrics::Registry* registry) {
  ASSIGN_OR_RETURN(DbUrl url, ParseDbUrl(options.url));
  std::unique_ptr<Database> db(new Database(options, url.dialect));
  db->target_ = url.target;
  bool sqlite = url.dialect == Dialect::kSqlite;
  Database* self = db.get();
  db->writers_ = std::make_unique<Pool>([self] { return self->Connect(false); },
                                        sqlite ? 1 : std::max(1, options.pool_size));
  // The writer opens first so that it creates the file and switches it to WAL.
  RETURN_IF_ERROR(db->writers_->Fill());
  if (sqlite) {
    db->readers_ = std::make_unique<Pool>([self] { return self->Connect(true); },
                                          std::max(1, options.readers));
    RETURN_IF_ERROR(db->readers_->Fill());
  }
  if (registry) {
    db->pool_wait_ = &registry->AddHistogram("concord_db_pool_wait_seconds", "",
                                             "Time spent waiting for a database connection.");
    db->retries_ =
        &registry->AddCounter("concord_db_tx_retries_total", "",
                              "Write transactions retried after a serialization failure.");
  }
  return db;
}

int Database::Concurrency() const { return writers_->size() + (readers_ ? readers_->size() : 0); }

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
    return st;
  }
  st = conn.Commit();
  if (!st.ok()) {
    (void)conn.Rollback();
    return st;
  }
  for (auto& hook : tx.TakeOnCommit()) hook();
  return Status::Ok();
}

Status Database::Write(const TxFn& fn, const TxOptions& options) {
  std::mt19937 rng(std::random_device{}());
  for (int attempt = 0;; ++attempt) {
    auto start = std::chrono::steady_clock::now();
    ASSIGN_OR_RETURN(auto conn, writers_->Acquire(options.deadline));
    if (pool_wait_) {
      pool_wait_->ObserveMicros(std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - start)
                                    .count());
    }
    Status st = RunOnce(*conn, TxMode::kWrite, fn, options);
    writers_->Release(std::move(conn));
    if (st.ok()) write_epoch_.fetch_add(1, std::memory_order_acq_rel);
    if (st.code() != Code::kAborted || attempt >= options_.max_retries) return st;
    if (retries_) retries_->Inc();
    // Randomized back-off so that the conflicting transactions do not collide again.
    std::uniform_int_distribution<int> jitter(0, 1 << std::min(attempt, 6));
    std::this_thread::sleep_for(std::chrono::milliseconds(1 + jitter(rng)));
  }
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
  return st;
}

void Database::Close() {
  if (readers_) readers_->Close();
  if (writers_) writers_->Close();
}

}  // namespace concord::store
