// Consistent online backups of a SQLite database and verified restores.
//
// Backup uses SQLite's online-backup API, so the server may keep running. Restore first
// verifies the backup (integrity_check, a schema this program knows), copies it next to the
// target, verifies the copy, and only then atomically renames it over the target; it refuses
// while a server holds the database's lock file.
#pragma once

#include <string>

#include "store/migrate.h"

namespace concord::store {

Status BackupSqlite(const std::string& db_path, const std::string& out_path);
// OK if the file is a SQLite database that passes integrity_check and whose schema versions
// are all known to `set` (not newer than this program).
Status VerifySqliteBackup(const std::string& path, const MigrationSet& set);
Status RestoreSqlite(const std::string& backup_path, const std::string& db_path,
                     const MigrationSet& set);

// An exclusive advisory lock on "<db>.lock", held by a running server.
class DbLock {
 public:
  static Result<std::unique_ptr<DbLock>> Acquire(const std::string& db_path);
  ~DbLock();

 private:
  explicit DbLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace concord::store
