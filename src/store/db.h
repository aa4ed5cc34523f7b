// The database interface: one Connection abstraction with two adapters (SQLite, PostgreSQL).
//
// SQL in concord is written once, with positional `?` parameters; the PostgreSQL adapter
// rewrites them to $1..$n (outside string literals). Values are NULL, 64-bit integers or text:
// money and quantities are integers in minor units / fixed scale, timestamps are fixed-width
// UTC text ("2026-11-22T19:23:47.123456Z") that sorts chronologically, booleans are 0/1.
//
// Thread-safety: a Connection is used by one thread at a time (the Pool hands it out).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace concord::store {

enum class Dialect { kSqlite, kPostgres };

using Value = std::variant<std::nullptr_t, int64_t, std::string>;

// A row during a Query callback. string_views are valid only inside the callback.
class Row {
 public:
  virtual ~Row() = default;
  virtual int size() const = 0;
  virtual std::string_view ColumnName(int i) const = 0;
  virtual bool IsNull(int i) const = 0;
  virtual int64_t Int(int i) const = 0;            // NULL reads as 0; text is parsed
  virtual std::string_view Text(int i) const = 0;  // NULL reads as ""
  // True when the value is an integer (SQLite storage class INTEGER; PostgreSQL int2/4/8).
  virtual bool IsInteger(int i) const = 0;
};

using RowCallback = std::function<Status(const Row&)>;

enum class TxMode {
  kRead,   // snapshot read (SQLite: BEGIN DEFERRED on a reader; PG: REPEATABLE READ READ ONLY)
  kWrite,  // SQLite: BEGIN IMMEDIATE on the writer; PG: SERIALIZABLE
};

// Database errors are mapped to Status codes by the adapters:
//   unique / foreign key / check violation  -> kConflict   (message id "db.unique_violation",
//                                               "db.foreign_key_violation", "db.check_violation")
//   serialization failure, deadlock          -> kAborted    (the whole transaction is retried)
//   SQLITE_BUSY after the busy timeout       -> kUnavailable
//   everything else                          -> kInternal
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement; calls on_row for each result row (may be null for statements without
  // results). Prepared statements are cached per connection, keyed by the SQL text.
  virtual Status Query(std::string_view sql, std::span<const Value> params,
                       const RowCallback& on_row) = 0;
  // Runs one statement and returns the number of rows changed.
  virtual Result<int64_t> Exec(std::string_view sql, std::span<const Value> params) = 0;
  // Runs several ';'-separated statements without parameters (migrations, pragmas).
  virtual Status ExecScript(std::string_view sql) = 0;

  virtual Status Begin(TxMode mode) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // False once the connection is known to be broken; the pool then replaces it.
  virtual bool Healthy() const = 0;
  // True when a statement of the current transaction failed with a serialization failure or
  // deadlock (PostgreSQL), even if the caller turned that error into another one: the
  // transaction is retried whatever it returned.
  virtual bool ConflictSeen() const { return false; }
};

// Opens connections for one database URL: "sqlite:PATH" or "postgresql://..." / "postgres://...".
struct DbUrl {
  Dialect dialect;
  std::string target;  // the file path for SQLite, the libpq conninfo/URI for PostgreSQL
};
Result<DbUrl> ParseDbUrl(std::string_view url);

// Rewrites `?` placeholders to `$1..$n`, leaving string literals, quoted identifiers and
// comments alone. Exposed for tests.
std::string RewritePlaceholders(std::string_view sql);

// Adapter factories.
struct SqliteOptions {
  bool synchronous_full = true;  // FULL: an acknowledged commit survives power loss
  int busy_timeout_ms = 5000;
  bool read_only = false;
  // Pages of WAL after which a commit checkpoints; 0 = never (someone else checkpoints).
  int wal_autocheckpoint = 1000;
};
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, const SqliteOptions& opt);
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo);

}  // namespace concord::store
