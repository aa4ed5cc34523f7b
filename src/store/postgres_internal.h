// Private to the PostgreSQL adapter (store/postgres.cc) and its tests.
#pragma once

#include <string_view>

#include "core/status.h"

namespace concord::store::pg {

// The parts of a server error that may be shown: never the DETAIL field, which repeats the
// offending values (e.g. "Key (email)=(a@b.c) already exists.").
struct PgError {
  std::string_view sqlstate;    // five characters, e.g. "23505"; empty for client-side errors
  std::string_view message;     // the primary message
  std::string_view constraint;  // the violated constraint, if any
  bool connection_ok = true;    // PQstatus(conn) == CONNECTION_OK after the failure
};

// Maps a server error to a Status (contract in store/db.h):
//   23505 -> kConflict "db.unique_violation"; 23503 -> "db.foreign_key_violation";
//   23514, 23502 -> "db.check_violation" (NOT NULL too, as the SQLite adapter does);
//   40001, 40P01 -> kAborted "db.retry";
//   a lost connection, class 08 (except 08P01, a protocol misuse), 57P01-57P03
//     -> kUnavailable "db.unavailable";
//   anything else -> kInternal "db.error".
// Messages of class 22 (data exceptions) are cut at ": " because the tail quotes the value.
Status PgErrorToStatus(const PgError& error);

}  // namespace concord::store::pg
