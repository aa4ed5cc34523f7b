// SQLite adapter: WAL, foreign keys on, synchronous FULL by default, BEGIN IMMEDIATE for writes,
// prepared statements cached per connection.
#include <sqlite3.h>

#include <string>
#include <unordered_map>

#include "store/db.h"

namespace concord::store {
namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return Status(Code::kConflict, "db.unique_violation", msg);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Status(Code::kConflict, "db.foreign_key_violation", msg);
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL: return Status(Code::kConflict, "db.check_violation", msg);
    default: break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status(Code::kUnavailable, "db.busy", msg);
    default: return Status(Code::kInternal, "db.error", msg);
  }
}

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  int size() const override { return sqlite3_column_count(stmt_); }
  std::string_view ColumnName(int i) const override { return sqlite3_column_name(stmt_, i); }
  bool IsNull(int i) const override { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  int64_t Int(int i) const override { return sqlite3_column_int64(stmt_, i); }
  bool IsInteger(int i) const override { return sqlite3_column_type(stmt_, i) == SQLITE_INTEGER; }
  std::string_view Text(int i) const override {
    const unsigned char* p = sqlite3_column_text(stmt_, i);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, i))};
  }

 private:
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  bool Healthy() const override { return true; }

  Status Query(std::string_view sql, std::span<const Value> params,
               const RowCallback& on_row) override {
    sqlite3_stmt* stmt = nullptr;
    RETURN_IF_ERROR(Prepare(sql, &stmt));
    RETURN_IF_ERROR(Bind(stmt, params));
    SqliteRow row(stmt);
    Status result;
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        if (on_row) {
          result = on_row(row);
          if (!result.ok()) break;
        }
        continue;
      }
      if (rc != SQLITE_DONE) result = SqliteError(db_, rc, "step");
      break;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return result;
  }

  Result<int64_t> Exec(std::string_view sql, std::span<const Value> params) override {
    RETURN_IF_ERROR(Query(sql, params, nullptr));
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Status ExecScript(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      Status st = SqliteError(db_, rc, "script");
      sqlite3_free(err);
      return st;
    }
    return Status::Ok();
  }

  Status Begin(TxMode mode) override {
    return ExecScript(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  }
  Status Commit() override { return ExecScript("COMMIT"); }
  Status Rollback() override {
    if (sqlite3_get_autocommit(db_)) return Status::Ok();  // nothing open
    return ExecScript("ROLLBACK");
  }

 private:
  Status Prepare(std::string_view sql, sqlite3_stmt** out) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      *out = it->second;
      return Status::Ok();
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare");
    cache_.emplace(std::string(sql), stmt);
    *out = stmt;
    return Status::Ok();
  }

  Status Bind(sqlite3_stmt* stmt, std::span<const Value> params) {
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return Internal("parameter count mismatch: statement wants " +
                      std::to_string(sqlite3_bind_parameter_count(stmt)) + ", got " +
                      std::to_string(params.size()));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(params[i])) {
        rc = sqlite3_bind_null(stmt, idx);
      } else if (const auto* n = std::get_if<int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, idx, *n);
      } else {
        const auto& s = std::get<std::string>(params[i]);
        rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
    }
    return Status::Ok();
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, const SqliteOptions& opt) {
  sqlite3* db = nullptr;
  // Readers open read-write (WAL readers need the -shm file) but are switched to query_only.
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_READWRITE |
              (opt.read_only ? 0 : SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st(Code::kUnavailable, "db.open_failed",
              "cannot open SQLite database " + path + ": " +
                  (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close_v2(db);
    return st;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, opt.busy_timeout_ms);
  auto conn = std::make_unique<SqliteConnection>(db);
  // Pages are read through a memory map shared by all connections (the operating system's page
  // cache) instead of a read() per page into each connection's 2 MB cache: a search that
  // touches a few hundred index pages of a large database costs microseconds, not milliseconds.
  std::string pragmas =
      "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 2147418112;"
      "PRAGMA cache_size = -16384;";
  if (opt.read_only) {
    pragmas += "PRAGMA query_only = ON;";
  } else {
    pragmas += "PRAGMA journal_mode = WAL;";
    pragmas += opt.synchronous_full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
    pragmas += "PRAGMA wal_autocheckpoint = " + std::to_string(opt.wal_autocheckpoint) + ";";
  }
  RETURN_IF_ERROR(conn->ExecScript(pragmas));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace concord::store
