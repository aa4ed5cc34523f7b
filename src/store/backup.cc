#include "store/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

namespace concord::store {
namespace {

struct Handle {
  sqlite3* db = nullptr;
  ~Handle() { sqlite3_close_v2(db); }
};

Status Open(const std::string& path, int flags, Handle& h) {
  int rc = sqlite3_open_v2(path.c_str(), &h.db, flags, nullptr);
  if (rc != SQLITE_OK) {
    return Status(
        Code::kUnavailable, "backup.open_failed",
        "Cannot open " + path + ": " + (h.db ? sqlite3_errmsg(h.db) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(h.db, 10000);
  return Status::Ok();
}

Status Copy(sqlite3* from, sqlite3* to) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) return Internal(std::string("backup init failed: ") + sqlite3_errmsg(to));
  int rc;
  // All pages in one step, inside one read transaction: copying in small steps restarts
  // whenever another connection commits, so under a steady write load it would never finish.
  // In WAL mode the read transaction does not block the writer.
  do {
    rc = sqlite3_backup_step(b, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return Internal(std::string("backup failed: ") + sqlite3_errstr(rc));
  return Status::Ok();
}

}  // namespace

Status BackupSqlite(const std::string& db_path, const std::string& out_path) {
  if (std::filesystem::exists(out_path)) {
    return Status(Code::kConflict, "backup.exists", out_path + " exists; choose a new file.");
  }
  // Written under a temporary name and renamed when complete: a failed backup leaves nothing.
  std::string tmp = out_path + ".partial";
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  Status st;
  {
    Handle src, dst;
    st = Open(db_path, SQLITE_OPEN_READONLY, src);
    if (st.ok()) st = Open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, dst);
    if (st.ok()) st = Copy(src.db, dst.db);
    // A backup is one self-contained file: no WAL beside it.
    if (st.ok()) sqlite3_exec(dst.db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
  }
  if (st.ok()) std::filesystem::rename(tmp, out_path, ec);
  if (!st.ok() || ec) {
    std::filesystem::remove(tmp, ec);
    std::filesystem::remove(tmp + "-journal", ec);
    return st.ok() ? Internal("cannot write " + out_path) : st;
  }
  return Status::Ok();
}

Status VerifySqliteBackup(const std::string& path, const MigrationSet& set) {
  if (!std::filesystem::is_regular_file(path)) return NotFound("backup file " + path);
  Handle h;
  RETURN_IF_ERROR(Open(path, SQLITE_OPEN_READONLY, h));
  std::string result;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(h.db, "PRAGMA integrity_check", -1, &stmt, nullptr) != SQLITE_OK) {
    return Status(Code::kInvalidArgument, "backup.not_sqlite", path + " is not a SQLite database.");
  }
  if (sqlite3_step(stmt) == SQLITE_ROW)
    result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  if (result != "ok") {
    return Status(Code::kInvalidArgument, "backup.corrupt",
                  path + " fails integrity_check: " + result);
  }
  ASSIGN_OR_RETURN(auto ordered, set.Ordered());
  std::map<std::string, int> latest;
  for (const auto* a : ordered) latest[a->area] = static_cast<int>(a->steps.size());
  if (sqlite3_prepare_v2(h.db, "SELECT area, MAX(version) FROM schema_migrations GROUP BY area", -1,
                         &stmt, nullptr) != SQLITE_OK) {
    return Status(Code::kInvalidArgument, "backup.not_concord",
                  path + " is not a concord database.");
  }
  Status st;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string area = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    int version = sqlite3_column_int(stmt, 1);
    if (!latest.count(area) || version > latest[area]) {
      st = Status(Code::kFailedPrecondition, "backup.schema_too_new",
                  "The backup has " + area + " schema version " + std::to_string(version) +
                      ", which this program does not know.");
    }
  }
  sqlite3_finalize(stmt);
  return st;
}

Status RestoreSqlite(const std::string& backup_path, const std::string& db_path,
                     const MigrationSet& set) {
  RETURN_IF_ERROR(VerifySqliteBackup(backup_path, set));
  ASSIGN_OR_RETURN(auto lock, DbLock::Acquire(db_path));
  std::string tmp = db_path + ".restore-tmp";
  std::filesystem::remove(tmp);
  {
    Handle src, dst;
    RETURN_IF_ERROR(Open(backup_path, SQLITE_OPEN_READONLY, src));
    RETURN_IF_ERROR(Open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, dst));
    RETURN_IF_ERROR(Copy(src.db, dst.db));
    sqlite3_exec(dst.db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
  }
  Status verified = VerifySqliteBackup(tmp, set);
  if (!verified.ok()) {
    std::filesystem::remove(tmp);
    return verified;
  }
  std::error_code ec;
  std::filesystem::remove(db_path + "-wal", ec);
  std::filesystem::remove(db_path + "-shm", ec);
  std::filesystem::rename(tmp, db_path, ec);
  if (ec) return Internal("cannot replace " + db_path + ": " + ec.message());
  return Status::Ok();
}

Result<std::unique_ptr<DbLock>> DbLock::Acquire(const std::string& db_path) {
  std::string path = db_path + ".lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Internal("cannot open lock file " + path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Status(Code::kFailedPrecondition, "db.in_use",
                  "The database is in use by a running concord server; stop it first.");
  }
  return std::unique_ptr<DbLock>(new DbLock(fd));
}

DbLock::~DbLock() { ::close(fd_); }

}  // namespace concord::store
