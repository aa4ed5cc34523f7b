// Migrations: numbered schema steps per business area, recorded in `schema_migrations`,
// applied in dependency order (an area's migrations run after those of the areas it depends
// on), each in its own transaction together with its version row.
//
// SQL is written once for both databases, with these substitutions:
//   ${pk}    an auto-increment 64-bit primary key (never reused)
//   ${blob}  binary data
//   ${ctext} text compared and ordered bytewise ("C" collation), for prefix range scans
// A step may instead give separate `sqlite` and `postgres` texts when the dialects differ.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/database.h"

namespace concord::store {

struct Migration {
  std::string area;
  int version = 0;  // 1, 2, 3 ... within the area, no gaps
  std::string name;
  std::string sql;       // both dialects (with substitutions), or:
  std::string sqlite;    // SQLite only
  std::string postgres;  // PostgreSQL only
};

struct AreaMigrations {
  std::string area;
  std::vector<std::string> depends_on;
  std::vector<Migration> steps;
};

class MigrationSet {
 public:
  void Add(AreaMigrations area) { areas_.push_back(std::move(area)); }
  // Areas sorted so that dependencies come first; fails on unknown dependencies or cycles,
  // and on version numbers that are not 1..n.
  Result<std::vector<const AreaMigrations*>> Ordered() const;

 private:
  std::vector<AreaMigrations> areas_;
};

// Latest version per area recorded in the database (empty for a new database).
Result<std::map<std::string, int>> AppliedVersions(Database& db);

struct MigrateResult {
  int applied = 0;
  std::vector<std::string> steps;  // "area/0002 name"
};

// Applies pending migrations. `targets` limits areas to a version (used by the upgrade test
// to build an old database); areas not in the map go to their latest version.
Result<MigrateResult> Migrate(Database& db, const MigrationSet& set,
                              const std::map<std::string, int>& targets = {});

// Substitutes ${pk} etc. for the dialect. Exposed for tests.
std::string DialectSql(const Migration& m, Dialect dialect);

}  // namespace concord::store
