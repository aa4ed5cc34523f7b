// The access layer: the ONE place that decides what a caller may see and do.
//
// An Access is built once per request from the caller's session (user, current company,
// department, roles) and is immutable. Permissions are named `area.resource.action`; each grant
// carries a record scope (own records, own department, whole company). Every route declares its
// permission and the router checks it before the handler runs; reads of business rows go
// through Visible() (SQL filter) or CheckRecord() (one row) so that record rules and company
// isolation are applied the same way on lists, single reads, searches, reports, exports and
// event streams. A row of another company always looks like "not found".
//
// Thread-safety: immutable after construction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace concord::security {

enum class Scope { kNone = 0, kOwn = 1, kDepartment = 2, kCompany = 3 };
const char* ScopeName(Scope scope);
std::optional<Scope> ParseScope(std::string_view name);

// Column names of a table's ownership fields; empty means the table lacks that notion.
struct RecordColumns {
  std::string company = "company_id";
  std::string owner = "owner_user_id";
  std::string department = "department_id";
};

// The ownership of one row, for CheckRecord.
struct Ownership {
  int64_t company_id = 0;
  std::optional<int64_t> owner_user_id;
  std::optional<int64_t> department_id;
};

struct SqlFilter {
  std::string sql;  // e.g. "(t.company_id = ? AND t.owner_user_id = ?)"
  std::vector<store::Value> params;
};

class Access {
 public:
  Access(int64_t user_id, std::string login, int64_t company_id, int64_t department_id,
         std::map<std::string, Scope> grants);

  int64_t user_id() const { return user_id_; }
  const std::string& login() const { return login_; }
  int64_t company_id() const { return company_id_; }
  int64_t department_id() const { return department_id_; }
  const std::map<std::string, Scope>& grants() const { return grants_; }

  Scope ScopeOf(std::string_view permission) const;
  bool Has(std::string_view permission) const { return ScopeOf(permission) != Scope::kNone; }
  // PermissionDenied (logged) unless the permission is granted at some scope.
  Status Require(std::string_view permission) const;

  // The SQL condition limiting a query to the rows this caller may see under `permission`.
  // `alias` prefixes the columns ("t." ...). Never empty: always at least the company.
  SqlFilter Visible(std::string_view permission, const RecordColumns& cols = {},
                    std::string_view alias = "") const;
  // NotFound if the row is in another company or outside the caller's scope (so probing ids
  // reveals nothing), PermissionDenied if the permission is missing altogether.
  Status CheckRecord(std::string_view permission, const Ownership& row,
                     std::string_view entity) const;

 private:
  int64_t user_id_;
  std::string login_;
  int64_t company_id_;
  int64_t department_id_;
  std::map<std::string, Scope, std::less<>> grants_compat_;
  std::map<std::string, Scope> grants_;
};

// Logs a denied access (user, permission, what) at warning level and counts it.
void LogDenied(int64_t user_id, std::string_view permission, std::string_view what);
uint64_t DeniedCount();

}  // namespace concord::security
